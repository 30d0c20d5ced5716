"""Pipeline: the parallel path and sentence gating give the same findings as one process, full parse."""

from __future__ import annotations

from pathlib import Path

import checker.pipeline
from checker.pipeline import Options, Timings, run
from checker.report.json_report import render_json
from checker.compare.rules.config import load_rules
from conftest import EXAMPLE_DIR, STORIES_DIR

STORIES = [STORIES_DIR / "choi-washington-visit", STORIES_DIR / "corvane-monterrey-plant"]


def test_forked_workers_give_the_same_reports_as_one_process(monkeypatch) -> None:
    rules = load_rules(None)
    serial = run(STORIES, rules, Options(cache_dir=None, jobs=1))
    monkeypatch.setattr(checker.pipeline, "PARALLEL_MIN_ARTICLES", 1)
    timings = Timings()
    parallel = run(STORIES, rules, Options(cache_dir=None, jobs=2), timings=timings)
    assert [r.story for r in parallel] == [r.story for r in serial]
    assert render_json(parallel) == render_json(serial)
    assert set(timings) == {"load", "extract", "resolve", "compare"}


def test_gating_keeps_the_example_findings() -> None:
    rules = load_rules(None)
    [full] = run([EXAMPLE_DIR], rules, Options(cache_dir=None, jobs=1, gate=False))
    [gated] = run([EXAMPLE_DIR], rules, Options(cache_dir=None, jobs=1, gate=True))
    assert [(f.id, f.message) for f in gated.findings] == [(f.id, f.message) for f in full.findings]


def test_default_jobs_is_every_cpu() -> None:
    import os

    assert Options().jobs == (os.cpu_count() or 1)


def test_results_stream_in_story_order(tmp_path: Path) -> None:
    seen: list[str] = []
    results = run(STORIES, load_rules(None), Options(cache_dir=None, jobs=1), progress=seen.append)
    assert [r.story for r in results] == sorted(p.name for p in STORIES)
    assert len(seen) == len(STORIES)
