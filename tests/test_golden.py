"""Golden test: the committed reports/musk-china-2023.{md,json,html} equal a fresh run's reports.

The run happens in a temporary copy of the repository layout (sources/, rules.yaml) with
``--report-dir reports``, so the relative links in the Markdown are the same as in the committed
report. A failure here means either a regression or a stale committed report (regenerate it with
``checker check sources/musk-china-2023`` from the repository root after checking the diff).
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, REPO_ROOT, invoke


@pytest.fixture(scope="module")
def fresh_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("golden")
    shutil.copytree(REPO_ROOT / "sources", work / "sources")
    shutil.copy(REPO_ROOT / "rules.yaml", work / "rules.yaml")
    result = invoke(["check", f"sources/{EXAMPLE}", "--report-dir", "reports", "--no-cache", "-q"], work)
    assert result.exit_code == 0, result.output
    return work / "reports"


def diff(expected: str, actual: str, name: str) -> str:
    lines = difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"committed {name}", f"fresh {name}",
                                 lineterm="", n=1)
    return "\n".join(list(lines)[:60])


@pytest.mark.parametrize("suffix", ["md", "json", "html"])
def test_committed_report_matches_a_fresh_run(fresh_reports: Path, suffix: str) -> None:
    name = f"reports/{EXAMPLE}.{suffix}"
    committed = (REPO_ROOT / name).read_text(encoding="utf-8")
    fresh = (fresh_reports / f"{EXAMPLE}.{suffix}").read_text(encoding="utf-8")
    assert fresh == committed, "stale or regressed report:\n" + diff(committed, fresh, name)
