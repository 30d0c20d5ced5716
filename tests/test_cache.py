"""Extraction cache: a warm run reuses entries, a corrupt entry is recomputed, ``cache clear`` empties it."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from checker.extract.cache import ExtractionCache
from checker.pipeline import Options, run
from checker.compare.rules.config import load_rules
from conftest import STORIES_DIR, invoke

STORY = STORIES_DIR / "choi-washington-visit"


def _findings(cache: Path) -> list[tuple[str, str]]:
    [result] = run([STORY], load_rules(None), Options(cache_dir=cache, jobs=1))
    return [(f.id, f.message) for f in result.findings]


def test_corrupt_entries_are_recomputed_and_rewritten(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh = _findings(cache)
    entries = sorted(p for p in cache.rglob("*") if p.is_file())
    assert {p.suffix for p in entries} == {".json", ".pickle"}  # articles' extractions, the story's result
    for entry in entries:  # a crash mid-write, a disk error, a stray edit
        entry.write_bytes(entry.read_bytes()[:20])
    assert _findings(cache) == fresh
    for entry in sorted(cache.glob("*.json")):
        json.loads(entry.read_text(encoding="utf-8"))
    for entry in sorted(cache.rglob("*.pickle")):
        assert pickle.loads(entry.read_bytes()).story == STORY.name


def test_a_warm_run_never_parses(tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    fresh = _findings(cache)
    for entry in (cache / "stories").glob("*.pickle"):
        entry.unlink()  # so the extraction entries are what the run reads
    import checker.nlp

    def no_parse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("a fully cached run loaded spaCy")

    monkeypatch.setattr(checker.nlp, "load_nlp", no_parse)
    assert _findings(cache) == fresh


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert _findings(blocked / "cache") == _findings(tmp_path / "cache")


def test_cache_clear_removes_every_entry(tmp_path: Path) -> None:
    folder = tmp_path / ".checker-cache"
    cache = ExtractionCache(folder, "1", "model")
    cache._write("a" * 64, "{}")
    (folder / "leftover.tmp").write_text("", encoding="utf-8")
    (folder / "stories").mkdir()
    (folder / "stories" / f"{'b' * 64}.pickle").write_bytes(b"")
    result = invoke(["cache", "clear"], tmp_path)
    assert result.exit_code == 0
    assert "removed 2 cache entries" in result.output
    assert not [p for p in folder.rglob("*") if p.is_file()]
