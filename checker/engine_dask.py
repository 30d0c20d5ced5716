"""Dask engine: extraction as a Dask bag over articles, comparison per story, on any cluster.

The bag has one partition per story (extraction needs the story's name list), so a story's
articles are parsed together on one worker; each partition's extraction then feeds that
story's resolve and compare task. Results come back in story order and are the same records
as the local engine's, so the reports are byte-identical.

``--scheduler tcp://HOST:8786`` uses a running cluster (``dask scheduler`` on one machine,
``dask worker tcp://HOST:8786`` on each of the others, every one with ``pip install
'newschecker[dask]'`` and the same spaCy model). Without it a ``LocalCluster`` with one
single-threaded worker process per CPU is started and closed with the run. Workers read the
articles from the records sent to them, not from disk; the extraction cache path is the one
given to the run, so on a cluster without a shared folder run with ``--no-cache``.
"""

from __future__ import annotations

import os
from typing import Any, Iterator

from checker.errors import CheckerError
from checker.model import Article, StoryResult


def _extract_partition(articles: list[Article], job: Any) -> list[tuple[list[Article], Any]]:
    articles = list(articles)
    return [(articles, job.extract(articles))] if articles else []


def _compare(item: tuple[list[Article], Any], job: Any) -> tuple[StoryResult, dict[str, float]]:
    articles, extracted = item
    return job.compare(articles[0].story, articles, extracted)


def _client(scheduler: str | None) -> tuple[Any, Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise CheckerError("--engine dask", "dask is not installed; run: pip install 'newschecker[dask]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="5s"), None
        except OSError as error:
            raise CheckerError(scheduler, f"cannot reach the dask scheduler: {error}") from None
    cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def run_stories(job: Any, stories: list[tuple[str, list[Article]]],
                scheduler: str | None = None) -> Iterator[tuple[StoryResult, dict[str, float]]]:
    """Check the stories on a Dask cluster; yields ``(result, seconds per stage)`` in story order.

    ``scheduler``: the address of a running scheduler; None starts a local cluster for the run.
    """
    if not stories:
        return
    client, cluster = _client(scheduler)
    try:
        import dask
        import dask.bag as db

        [shared] = client.scatter([job], broadcast=True)
        partitions = [dask.delayed(articles, traverse=False) for _, articles in stories]
        bag = db.from_delayed(partitions)
        results = bag.map_partitions(_extract_partition, shared).map(_compare, shared)
        futures = client.compute(results.to_delayed())
        for future in futures:
            yield from future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
