"""The rendered-report cache and what `checker check` writes: nothing stale, nothing unasked for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.report.cache import ReportCache
from conftest import EXAMPLE, REPO_ROOT, invoke, tree_hashes

CHECK = ["check", "-q", "--fail-on", "never"]


def test_a_miss_renders_and_stores_a_hit_reads_back(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path, "fingerprint")
    calls: list[int] = []

    def render() -> str:
        calls.append(1)
        return "# report\n"

    assert cache.rendered("k1", ".md", render) == "# report\n"
    assert cache.rendered("k1", ".md", lambda: "other\n") == "# report\n"
    assert calls == [1]
    [entry] = (tmp_path / "reports").glob("*.entry")
    entry.write_bytes(entry.read_bytes()[:-1] + b"\xff")
    assert cache.rendered("k1", ".md", render) == "# report\n"
    assert len(calls) == 2


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A folder with the example story, its fresh reports (no cache) and a warm cache."""
    work = tmp_path_factory.mktemp("project")
    shutil.copytree(REPO_ROOT / "sources" / EXAMPLE, work / "sources" / EXAMPLE)
    assert invoke([*CHECK, "--no-cache", "--report-dir", "fresh"], work).exit_code == 0
    assert invoke([*CHECK, "--report-dir", "cached"], work).exit_code == 0
    fresh = {p.name: p.read_bytes() for p in (work / "fresh").iterdir()}
    assert {p.name: p.read_bytes() for p in (work / "cached").iterdir()} == fresh
    return work, fresh


def _copy(project: tuple[Path, dict[str, bytes]], tmp_path: Path) -> Path:
    work = tmp_path / "work"
    shutil.copytree(project[0] / "sources", work / "sources")
    shutil.copytree(project[0] / ".checker-cache", work / ".checker-cache")
    return work


def test_cached_reports_are_byte_identical_to_fresh_ones(project: tuple[Path, dict[str, bytes]],
                                                         tmp_path: Path) -> None:
    work = _copy(project, tmp_path)
    for _ in range(2):
        assert invoke([*CHECK, "--report-dir", "reports"], work).exit_code == 0
        assert {p.name: p.read_bytes() for p in (work / "reports").iterdir()} == project[1]
    assert list((work / ".checker-cache" / "reports").glob("*.entry"))


@pytest.mark.parametrize("damage", ["truncate", "empty", "flip"])
def test_a_damaged_report_entry_is_rendered_again(project: tuple[Path, dict[str, bytes]], tmp_path: Path,
                                                  damage: str) -> None:
    work = _copy(project, tmp_path)
    for entry in (work / ".checker-cache" / "reports").glob("*.entry"):
        raw = entry.read_bytes()
        entry.write_bytes({"truncate": raw[:len(raw) // 2], "empty": b"",
                           "flip": raw[:-3] + bytes([raw[-3] ^ 0x40]) + raw[-2:]}[damage])
    for _ in range(2):  # the first run rewrites the entries, the second reads them
        shutil.rmtree(work / "reports", ignore_errors=True)
        assert invoke([*CHECK, "--report-dir", "reports"], work).exit_code == 0
        assert {p.name: p.read_bytes() for p in (work / "reports").iterdir()} == project[1]


def test_an_unchanged_report_is_not_rewritten(project: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    work = _copy(project, tmp_path)
    assert invoke([*CHECK, "--report-dir", "reports"], work).exit_code == 0
    report = work / "reports" / f"{EXAMPLE}.md"
    old = report.stat().st_mtime_ns - 10**9
    import os

    os.utime(report, ns=(old, old))
    assert invoke([*CHECK, "--report-dir", "reports"], work).exit_code == 0
    assert report.stat().st_mtime_ns == old


def test_no_reports_and_no_cache_write_nothing_but_stdout(project: tuple[Path, dict[str, bytes]],
                                                          tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(project[0] / "sources", work / "sources")
    before = tree_hashes(work)
    result = invoke([*CHECK, "--no-reports", "--no-cache", "--format", "sarif"], work)
    assert result.exit_code == 0 and '"version": "2.1.0"' in result.stdout
    assert tree_hashes(work) == before and sorted(p.name for p in work.iterdir()) == ["sources"]


def test_no_reports_keeps_the_cache_in_cache_dir(project: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(project[0] / "sources", work / "sources")
    result = invoke([*CHECK, "--no-reports", "--cache-dir", str(tmp_path / "ci-cache")], work)
    assert result.exit_code == 0
    assert sorted(p.name for p in work.iterdir()) == ["sources"]
    assert (tmp_path / "ci-cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    assert list((tmp_path / "ci-cache" / "stories").glob("*.entry"))
    cleared = invoke(["cache", "clear", "--cache-dir", str(tmp_path / "ci-cache")], work)
    assert cleared.exit_code == 0 and not list((tmp_path / "ci-cache").rglob("*.entry"))


def test_baseline_writes_no_report(project: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    work = _copy(project, tmp_path)
    (work / "reports").mkdir()
    committed = work / "reports" / f"{EXAMPLE}.md"
    committed.write_text("# the committed report\n", encoding="utf-8")
    result = invoke(["baseline", f"sources/{EXAMPLE}", "-q", "--cache-dir", str(tmp_path / "c")], work)
    assert result.exit_code == 0, result.output
    assert committed.read_text(encoding="utf-8") == "# the committed report\n"
    assert sorted(p.name for p in (work / "reports").iterdir()) == [f"{EXAMPLE}.md"]
    assert sorted(p.name for p in work.iterdir()) == [".checker-cache", "checker-baseline.yaml", "reports", "sources"]


def test_stale_temporaries_of_a_killed_run_are_removed(project: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    import os

    work = _copy(project, tmp_path)
    (work / "reports").mkdir()
    stale = [work / "reports" / f".{EXAMPLE}.md.abc123.tmp", work / ".checker-cache" / "stories" / ".x.entry.1.tmp"]
    fresh = work / "reports" / f".{EXAMPLE}.json.def456.tmp"  # another run may be writing it now
    for path in [*stale, fresh]:
        path.write_text("half a report", encoding="utf-8")
    for path in stale:
        os.utime(path, (0, 0))
    for entry in (work / ".checker-cache" / "stories").glob("*.entry"):
        entry.unlink()  # the story is checked again, so its entry is written
    assert invoke([*CHECK, "--report-dir", "reports"], work).exit_code == 0
    assert not any(path.exists() for path in stale) and fresh.exists()
    assert (work / "reports" / f"{EXAMPLE}.md").read_bytes() == project[1][f"{EXAMPLE}.md"]


def test_written_files_take_the_umask_mode(tmp_path: Path) -> None:
    import os

    from checker.files import write_atomic

    previous = os.umask(0o027)
    try:
        write_atomic(tmp_path / "report.md", "# report\n")
    finally:
        os.umask(previous)
    assert (tmp_path / "report.md").stat().st_mode & 0o777 == 0o640
