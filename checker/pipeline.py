"""The only module that wires the stages: load → extract → resolve → compare (→ report).

``iter_results`` yields one ``StoryResult`` per story, in story order, as soon as it is ready,
so a run holds the parses of one story at a time, not of the whole corpus. Writing reports is
left to the caller (CLI, tests, benchmarks). Engines:

* ``local`` (default): stories run in this process, or, when ``jobs`` > 1 and at least two
  stories with ``PARALLEL_MIN_ARTICLES`` articles between them need parsing, in a pool of forked
  processes (``jobs`` of them, at most one per story) that each run whole stories (parse,
  extract, resolve, compare), so parses never cross processes.
* ``dask``: the same per-story work on a Dask cluster (``checker.engine_dask``).
"""

from __future__ import annotations

import os
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from checker.model import Article, StoryResult
from checker.sources import find_stories, load_story

#: Fewest articles to parse (in two stories or more) before worker processes pay back their start:
#: the model is loaded before the fork, so a pool costs little more than the fork itself.
PARALLEL_MIN_ARTICLES = 4
#: Most articles to parse among cached stories that one early-started worker takes (``_Warmer``).
WARM_MAX_ARTICLES = 40
#: Stage names, in order, as ``Timings`` reports them.
STAGES = ("load", "extract", "resolve", "compare")


def _default_jobs() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Options:
    """How to run: cache folder (None: no cache), processes, engine, and sentence gating."""

    cache_dir: Path | None = Path(".checker-cache")
    jobs: int = field(default_factory=_default_jobs)
    root: Path | None = None
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # dask scheduler address; None starts a local cluster
    gate: bool | None = None  # parse only sentences that can hold an assertion (checker.nlp);
    # None: the ``gate_sentences`` setting of rules.yaml (off by default)


class Timings(dict):  # type: ignore[type-arg]
    """Seconds per stage, summed over stories (and over worker processes when parallel)."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Add the time spent in the block to ``name``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self[name] = self.get(name, 0.0) + time.perf_counter() - start

    def add(self, other: dict[str, float]) -> None:
        """Add another run's seconds per stage (a worker's)."""
        for name, seconds in other.items():
            self[name] = self.get(name, 0.0) + seconds


@dataclass(frozen=True)
class StoryJob:
    """Everything a process needs to check stories: lexicons, rules, cache settings."""

    lex: dict[str, Any]
    ruleset: Any  # checker.compare.rules.config.RuleSet
    cache_dir: Path | None
    gate: bool = False

    def cache(self) -> Any:
        """The extraction cache, or None."""
        if self.cache_dir is None:
            return None
        from checker.extract import EXTRACTOR_VERSION
        from checker.extract.cache import ExtractionCache
        from checker.nlp import model_name

        return ExtractionCache(self.cache_dir, EXTRACTOR_VERSION, model_name(), gated=self.gate)

    def extract(self, articles: list[Article], stream: Any = None) -> tuple[Any, dict[str, float]]:
        """Extract stage of one story: ``(mentions, assertion table)`` and its seconds (``stream``:
        a ``checker.extract.ParseStream`` that parses it with other stories)."""
        from checker.extract import extract_story

        timings = Timings()
        with timings.stage("extract"):
            extracted = extract_story(articles, self.lex, _cache_of(self), gate=self.gate, stream=stream)
        return extracted, dict(timings)

    def extract_rows(self, articles: list[Article]) -> tuple[Any, dict[str, float]]:
        """Extract stage of one story without its table: ``(mentions, rows)`` and its seconds."""
        from checker.extract import extract_rows

        timings = Timings()
        with timings.stage("extract"):
            extracted = extract_rows(articles, self.lex, _cache_of(self), gate=self.gate)
        return extracted, dict(timings)

    def compare(self, name: str, articles: list[Article], extracted: tuple[Any, dict[str, float]]
                ) -> tuple[StoryResult, dict[str, float]]:
        """Resolve and compare stages of one extracted story; returns its result and seconds per stage."""
        from checker.compare.engine import compare
        from checker.resolve.entities import annotate, resolve_entities

        (mentions, assertions), spent = extracted
        timings = Timings(spent)
        with timings.stage("resolve"):
            ruleset = self.ruleset
            entities, mapping = resolve_entities(mentions, self.lex, ruleset.aliases, ruleset.distinct)
            resolved = annotate(assertions, mapping, entities, self.lex)
        with timings.stage("compare"):
            claims, findings = compare(name, articles, entities, resolved, ruleset)
        result = StoryResult(story=name, articles=tuple(articles), entities=tuple(entities),
                             assertions=claims, findings=tuple(findings))
        return result, dict(timings)

    def check(self, name: str, articles: list[Article], stream: Any = None) -> tuple[StoryResult, dict[str, float]]:
        """Extract, resolve and compare one story; returns its result and seconds per stage."""
        return self.compare(name, articles, self.extract(articles, stream))

    def check_all(self, stories: list[tuple[str, list[Article]]]) -> Iterator[tuple[StoryResult, dict[str, float]]]:
        """Check the stories in turn, in this process, their articles parsed in one stream."""
        from checker.extract import ParseStream

        cache = _cache_of(self)
        planned = [a for _, articles in stories for a in articles if cache is None or not cache.has_names(a, self.lex)]
        stream = ParseStream(planned, self.lex, self.gate) if len(planned) > 1 else None
        for name, articles in stories:
            yield self.check(name, articles, stream)


_CACHES: dict[int, Any] = {}


def _cache_of(job: StoryJob) -> Any:
    # One cache object per job and process, so its memoised lexicon fingerprint is reused.
    if id(job) not in _CACHES:
        _CACHES.clear()
        _CACHES[id(job)] = job.cache()
    return _CACHES[id(job)]


def load(paths: list[Path], root: Path | None = None) -> list[tuple[str, list[Article]]]:
    """Load stage: every story under ``paths``; bad input raises ``CheckerError`` before any output."""
    return [(name, load_story(name, files, root)) for name, files in find_stories(paths)]


def run(paths: list[Path], ruleset: Any, options: Options = Options(),
        progress: Callable[[str], None] | None = None, timings: Timings | None = None) -> list[StoryResult]:
    """Check every story under ``paths``; bad input raises ``CheckerError`` before any output."""
    return list(iter_results(paths, ruleset, options, progress, timings))


def iter_results(paths: list[Path], ruleset: Any, options: Options = Options(),
                 progress: Callable[[str], None] | None = None,
                 timings: Timings | None = None) -> Iterator[StoryResult]:
    """Yield the result of every story under ``paths`` in story order (see the module docstring)."""
    from checker.extract.lexicon import load_lexicons

    timings = Timings() if timings is None else timings
    with timings.stage("load"):
        gate = options.gate if options.gate is not None else bool(ruleset.settings.get("gate_sentences", False))
        job = StoryJob(load_lexicons(ruleset.lexicons), ruleset, options.cache_dir, gate)
    warmer = _Warmer.start(job) if _may_warm(options) else None
    try:
        with timings.stage("load"):
            stories = load(paths, options.root)
        stored = _story_cache(job, options)
        with timings.stage("load"):
            todo = [(name, articles) for name, articles in stories if not (stored and stored.has(name, articles))]
        fresh = _engine(job, todo, options, cached=len(stories) - len(todo), warmer=warmer)
    except BaseException:
        if warmer is not None:
            warmer.stop()
        raise
    waiting = deque(name for name, _ in todo)
    ready: dict[str, StoryResult | None] = {}
    if stored is not None and len(todo) < len(stories):
        with timings.stage("load"):  # while the engine (a worker process, when it has one) checks the rest
            checking = set(waiting)
            ready = {name: stored.get(name, articles) for name, articles in stories if name not in checking}
    for name, articles in stories:
        result: StoryResult | None = None
        spent: dict[str, float] = {}
        if waiting and waiting[0] == name:
            waiting.popleft()
            result, spent = next(fresh)
        else:
            result = ready.pop(name, None)
        if result is None:  # an entry that could not be read back
            result, spent = job.check(name, articles)
        if spent:
            timings.add(spent)
            if stored is not None:
                stored.put(name, articles, result)
        if progress:
            progress(f"{result.story}: {len(result.articles)} articles")
        yield result
    for _ in fresh:  # nothing is left; this ends the engine's worker processes now, not at exit
        pass


def _story_cache(job: StoryJob, options: Options) -> Any:
    if options.cache_dir is None:
        return None
    from checker.nlp import model_name
    from checker.story_cache import StoryCache

    return StoryCache(options.cache_dir, job.ruleset, job.gate, model_name())


def _engine(job: StoryJob, stories: list[tuple[str, list[Article]]], options: Options,
            cached: int = 0, warmer: _Warmer | None = None) -> Iterator[tuple[StoryResult, dict[str, float]]]:
    """The checked stories, in order, from the engine the options name (started at once).

    With ``cached`` stories coming from the story cache and more than one job, even a few stories
    go to one worker process (the ``warmer``, started before the stories were read), which loads
    the model and parses while this process reads the cache.
    """
    if warmer is not None and not (stories and cached and _to_parse(job, stories) < WARM_MAX_ARTICLES):
        warmer.stop()
        warmer = None
    if not stories:
        return iter(())
    if options.engine == "dask":
        from checker.engine_dask import run_stories

        return run_stories(job, stories, options.scheduler)
    if warmer is not None:
        return _overlapped(job, stories, warmer)
    if options.jobs > 1 and len(stories) > 1 and _to_parse(job, stories) >= PARALLEL_MIN_ARTICLES:
        return _parallel(job, stories, min(options.jobs, len(stories)))
    return job.check_all(stories)


def _may_warm(options: Options) -> bool:
    """A run that may find a few edited stories among many cached ones starts its worker at once."""
    return options.cache_dir is not None and options.jobs > 1 and options.engine == "local"


def _to_parse(job: StoryJob, stories: list[tuple[str, list[Article]]]) -> int:
    """How many articles have no cached parse results (all of them without a cache)."""
    cache = _cache_of(job)
    articles = [a for _, story in stories for a in story]
    if cache is None:
        return len(articles)
    return sum(1 for a in articles if not cache.has_names(a, job.lex))


_WORKER_JOB: StoryJob | None = None


def _init_worker(job: StoryJob) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job


def _check_in_worker(story: tuple[str, list[Article]]) -> tuple[StoryResult, dict[str, float]]:
    assert _WORKER_JOB is not None
    return _WORKER_JOB.check(*story)


def _parallel(job: StoryJob, stories: list[tuple[str, list[Article]]],
              jobs: int) -> Iterator[tuple[StoryResult, dict[str, float]]]:
    """Stories in a pool of forked processes, started now; the model is loaded once, before the fork."""
    from checker.nlp import load_nlp

    load_nlp()
    return _drain(*_pool(job, stories, jobs, _check_in_worker))


class _Warmer:
    """One forked worker process that loads the model as soon as the rules are read, before this
    process has read the stories and the cache, then extracts the stories it is sent.

    Loading spaCy and its model is most of a re-check after one article was edited; started this
    early, it overlaps reading the articles, hashing them and deciding what the cache lacks. When
    nothing (or too much) needs parsing, ``stop`` ends it at once.
    """

    def __init__(self, process: Any, conn: Any) -> None:
        self.process, self.conn = process, conn

    @classmethod
    def start(cls, job: StoryJob) -> _Warmer:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        here, there = context.Pipe()
        process = context.Process(target=_warm_worker, args=(job, there), daemon=True)
        process.start()
        there.close()
        return cls(process, here)

    def extract(self, stories: list[tuple[str, list[Article]]]) -> Iterator[tuple[Any, dict[str, float]]]:
        """Send the stories now; ``(mentions, rows)`` and seconds of each, in order, as the worker
        finishes them. The worker is ended with the last one."""
        try:
            self.conn.send(stories)
        except BaseException:
            self.stop()
            raise
        return self._results(len(stories))

    def _results(self, count: int) -> Iterator[tuple[Any, dict[str, float]]]:
        try:
            for index in range(count):
                try:
                    status, payload = self.conn.recv()
                except EOFError:
                    raise RuntimeError("the worker process that parses the edited stories ended early") from None
                if status == "error":
                    raise payload
                if index == count - 1:
                    self.stop()
                yield payload
        finally:
            self.stop()

    def stop(self) -> None:
        """End the worker, whatever it is doing."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.conn.close()


def _warm_worker(job: StoryJob, conn: Any) -> None:
    from checker.nlp import load_nlp

    load_nlp()
    try:
        stories = conn.recv()
    except EOFError:
        return
    for _name, articles in stories:
        try:
            conn.send(("ok", job.extract_rows(articles)))
        except Exception as exc:  # sent back and raised in the main process, as a pool would
            try:
                conn.send(("error", exc))
            except Exception:
                conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
            return


def _overlapped(job: StoryJob, stories: list[tuple[str, list[Article]]], warmer: _Warmer
                ) -> Iterator[tuple[StoryResult, dict[str, float]]]:
    """A few stories beside many cached ones: the warmer extracts them while this process reads
    the cache and loads pandas, then they are resolved and compared here."""
    extracted = warmer.extract(stories)
    import pandas  # noqa: F401 - needed for the tables: loaded while the worker parses
    return _compared(job, stories, extracted)


def _compared(job: StoryJob, stories: list[tuple[str, list[Article]]],
              extracted: Iterator[Any]) -> Iterator[tuple[StoryResult, dict[str, float]]]:
    from checker.extract import assertion_table

    for (name, articles), ((mentions, rows), spent) in zip(stories, extracted):
        yield job.compare(name, articles, ((mentions, assertion_table(rows)), spent))


def _pool(job: StoryJob, stories: list[tuple[str, list[Article]]], jobs: int,
          work: Callable[[tuple[str, list[Article]]], Any]) -> tuple[Any, Iterator[Any]]:
    import multiprocessing

    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_init_worker, initargs=(job,))
    try:
        return pool, pool.imap(work, stories, chunksize=1)
    except BaseException:
        pool.terminate()
        raise


def _drain(pool: Any, results: Iterator[Any]) -> Iterator[Any]:
    with pool:
        yield from results
