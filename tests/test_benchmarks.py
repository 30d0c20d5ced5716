"""Benchmarks: the corpus generator is deterministic and the smallest benchmark runs end to end."""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus import write_corpus
from benchmarks.run import benchmark, table


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def test_corpus_is_seeded_and_sized(tmp_path: Path) -> None:
    first, again, other = (write_corpus(tmp_path / name, 20, seed) for name, seed in (("a", 0), ("b", 0), ("c", 1)))
    assert _tree(first) == _tree(again)
    assert _tree(first) != _tree(other)
    texts = [t.decode("utf-8") for t in _tree(first).values()]
    assert len(texts) == 20
    assert 300 <= sum(len(t.split("---\n", 2)[2].split()) for t in texts) / len(texts) <= 700
    stories = {name.split("/")[0] for name in _tree(first)}
    assert all(len([n for n in _tree(first) if n.startswith(s + "/")]) >= 2 for s in stories)


def test_smallest_benchmark_runs(tmp_path: Path) -> None:
    result = benchmark(10, seed=0, jobs=1, dask=False, incremental=False, out=tmp_path)
    for gate in ("off", "on"):
        run = result[f"check_gate_{gate}"]
        assert run["findings"] > 0
        assert set(run["stages"]) == {"load", "extract", "resolve", "compare", "report"}
        assert run["words_per_s"] > 0 and run["peak_rss_mib"] > 0
    assert result["reference"]["wall"] > 0
    assert "| 10 |" in table([result])
