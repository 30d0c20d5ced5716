"""The rendered-report cache: unchanged stories are not rendered again, and never served stale."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.report.cache import ReportCache

ROOT = Path(__file__).resolve().parent.parent


def test_a_miss_renders_and_stores_a_hit_reads_back(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path, "fingerprint")
    calls: list[int] = []

    def render() -> str:
        calls.append(1)
        return "# report\n"

    assert cache.rendered("k1", ".md", render) == "# report\n"
    assert cache.rendered("k1", ".md", lambda: "other\n") == "# report\n"
    assert calls == [1]
    (tmp_path / "reports" / "k1.md").write_bytes(b"\xff\xfe not utf-8")
    assert cache.rendered("k1", ".md", render) == "# report\n"
    assert len(calls) == 2


def test_cached_reports_are_byte_identical_to_fresh_ones(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(ROOT / "sources" / "musk-china-2023", tmp_path / "sources" / "musk-china-2023")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    fresh = runner.invoke(main, ["check", "-q", "--no-cache", "--report-dir", "fresh"])
    assert fresh.exit_code == 0, fresh.output
    for _ in range(3):  # first run fills the caches, later runs read them
        cached = runner.invoke(main, ["check", "-q", "--report-dir", "cached"])
        assert cached.exit_code == 0, cached.output
        for suffix in (".md", ".json"):
            name = f"musk-china-2023{suffix}"
            assert (tmp_path / "cached" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()
    assert any((tmp_path / ".checker-cache" / "reports").iterdir())
