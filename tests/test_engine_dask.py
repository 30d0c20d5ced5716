"""Dask engine: on a two-worker local cluster, the reports are byte-identical to the local engine's."""

from __future__ import annotations

import pytest

from checker.pipeline import Options, run
from checker.report.json_report import render_json
from checker.report.markdown import render_markdown
from checker.compare.rules.config import load_rules
from conftest import EXAMPLE_DIR, STORIES_DIR

distributed = pytest.importorskip("distributed")

STORIES = [EXAMPLE_DIR, STORIES_DIR / "choi-washington-visit", STORIES_DIR / "tarrow-drone-ban-veto"]


@pytest.mark.dask
def test_dask_engine_reports_are_byte_identical_to_local() -> None:
    rules = load_rules(None)
    local = run(STORIES, rules, Options(cache_dir=None, jobs=1))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = run(STORIES, rules, Options(cache_dir=None, engine="dask", scheduler=cluster.scheduler_address))
    assert [r.story for r in remote] == [r.story for r in local]
    for mine, theirs in zip(remote, local):
        assert render_markdown(mine, "reports") == render_markdown(theirs, "reports")
        assert render_json([mine]) == render_json([theirs])


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    from checker.errors import CheckerError

    with pytest.raises(CheckerError, match="cannot reach the dask scheduler"):
        run([EXAMPLE_DIR], load_rules(None), Options(cache_dir=None, engine="dask", scheduler="tcp://127.0.0.1:9"))
