"""The command line end to end: exit codes, error lines, report files, determinism, no writes to sources/."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, REPO_ROOT, ExampleRun, invoke, tree_hashes

SECTIONS = ["Summary", "Findings", "Discrepancies", "Unconfirmed claims", "Naming differences", "Single-source claims",
            "Agreements", "Sources × claims", "Entities", "Sources", "Baselined and suppressed"]


def test_example_exits_0_and_writes_both_reports(example_run: ExampleRun) -> None:
    assert example_run.exit_code == 0
    assert example_run.stderr == ""  # -q: no progress lines
    assert sorted(p.name for p in example_run.report_dir.iterdir()) == [f"{EXAMPLE}.{s}" for s in ("html", "json", "md")]
    assert json.loads(example_run.json_file) == example_run.document  # one story: stdout JSON = the file


def test_sources_are_not_modified(example_run: ExampleRun) -> None:
    assert tree_hashes(REPO_ROOT / "sources") == example_run.sources_before


def test_markdown_has_every_section_in_order(example_run: ExampleRun) -> None:
    headings = re.findall(r"^## (.+)$", example_run.markdown, re.MULTILINE)
    assert headings == SECTIONS
    assert example_run.markdown.startswith(f"# {EXAMPLE}: cross-source check\n")
    assert "(highest severity: warning)" in example_run.markdown


def test_markdown_links_open_the_quoted_line(example_run: ExampleRun) -> None:
    links = re.findall(r"\[([^\]]+):(\d+)\]\(([^)#]+)#L(\d+)\)", example_run.markdown)
    assert len(links) > 20
    for shown, line, target, anchor in links:
        assert line == anchor
        path = (example_run.report_dir / target).resolve()
        assert path == (REPO_ROOT / shown).resolve(), (shown, target)
        assert 1 <= int(line) <= len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("fail_on, code", [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_sets_the_exit_code(tmp_path: Path, fail_on: str, code: int) -> None:
    result = invoke(["check", f"sources/{EXAMPLE}", "--report-dir", str(tmp_path), "--no-cache", "-q",
                     "--fail-on", fail_on], REPO_ROOT)
    assert result.exit_code == code, result.output


def test_default_fail_on_is_error(example_run: ExampleRun) -> None:
    severities = {f["severity"] for f in example_run.story["findings"]}
    assert "error" not in severities and "warning" in severities
    assert example_run.exit_code == 0


def test_text_format_has_one_line_per_finding(tmp_path: Path, example_run: ExampleRun) -> None:
    result = invoke(["check", f"sources/{EXAMPLE}", "--report-dir", str(tmp_path), "--no-cache", "-q",
                     "--format", "text"], REPO_ROOT)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    findings = example_run.story["findings"]
    assert len(lines) == len(findings) + 1
    assert re.match(rf"^sources/{EXAMPLE}/[\w-]+\.md:\d+: (error|warning|info) [a-z-]+ ", lines[0])
    assert lines[0].endswith(findings[0]["message"])
    assert lines[-1].startswith("1 story checked: ")


def test_progress_goes_to_stderr_without_quiet(tmp_path: Path) -> None:
    result = invoke(["check", f"sources/{EXAMPLE}", "--report-dir", str(tmp_path), "--no-cache",
                     "--format", "json"], REPO_ROOT)
    assert result.exit_code == 0
    assert f"checking {EXAMPLE}: 2 articles" in result.stderr
    assert json.loads(result.stdout)["schema_version"] == 1  # stdout stays machine-readable


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_bar_on_a_terminal_stays_off_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     quiet: bool) -> None:
    monkeypatch.setattr("checker.cli._stderr_is_terminal", lambda: True)
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich draws as on a terminal into the captured stderr
    monkeypatch.setenv("TERM", "xterm-256color")  # under TERM=dumb rich draws no bar at all
    result = invoke(["check", f"sources/{EXAMPLE}", "--report-dir", str(tmp_path), "--no-cache", "--format", "sarif"]
                    + (["-q"] if quiet else []), REPO_ROOT)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["version"] == "2.1.0"
    assert "checking " not in result.stderr  # the bar, not the plain lines
    assert (f"{EXAMPLE} · 2 articles" in result.stderr) is not quiet


def test_a_dumb_terminal_gets_plain_progress_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("checker.cli._stderr_isatty", lambda: True)
    monkeypatch.setenv("TERM", "dumb")  # Emacs shells, some CI consoles: a bar would print nothing
    result = invoke(["check", f"sources/{EXAMPLE}", "--report-dir", str(tmp_path), "--no-cache", "--format", "json"],
                    REPO_ROOT)
    assert result.exit_code == 0, result.output
    assert f"checking {EXAMPLE}: 2 articles" in result.stderr


# --- exit code 2: one line on stderr, naming the file (and the line when there is one) ------------------------

def one_error_line(result) -> str:  # noqa: ANN001 - click's Result
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("checker: ")
    return lines[0]


def test_missing_path(tmp_path: Path) -> None:
    line = one_error_line(invoke(["check", "no-such-story", "--report-dir", "out", "-q"], tmp_path))
    assert line.startswith("checker: no-such-story: no such file or folder")
    assert not (tmp_path / "out").exists()


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    line = one_error_line(invoke(["check", "empty", "--report-dir", "out", "-q"], tmp_path))
    assert line.startswith("checker: empty: no articles found")


@pytest.mark.parametrize("raw, line_no", [
    ("---\noutlet: Wire\npublished: 2024-05-31\nThe mayor opened the bridge.\n", 1),
    ("---\noutlet: Wire\npublished: 31/05/2023\n---\nThe mayor opened the bridge.\n", 3),
])
def test_story_with_broken_front_matter(tmp_path: Path, raw: str, line_no: int) -> None:
    story = tmp_path / "bridge"
    story.mkdir()
    (story / "good.md").write_text("---\noutlet: Herald\npublished: 2024-05-31\n---\nFine.\n", encoding="utf-8")
    (story / "wire.md").write_text(raw, encoding="utf-8")
    line = one_error_line(invoke(["check", "bridge", "--report-dir", "out", "--no-cache", "-q"], tmp_path))
    assert line.startswith(f"checker: bridge/wire.md:{line_no}: ")
    assert not (tmp_path / "out").exists()  # nothing written when the input is bad


def test_story_with_impossible_date(tmp_path: Path) -> None:
    story = tmp_path / "bridge"
    story.mkdir()
    (story / "wire.md").write_text("---\noutlet: Wire\npublished: 2023-13-45\n---\nText.\n", encoding="utf-8")
    line = one_error_line(invoke(["check", "bridge", "--report-dir", "out", "--no-cache", "-q"], tmp_path))
    assert line.startswith("checker: bridge/wire.md:3: ")


def test_invalid_rules_file(tmp_path: Path) -> None:
    (tmp_path / "strict.yaml").write_text('rules:\n  - id: r1\n    type: naming\n    severity: fatal\n'
                                          '    message: "x"\n', encoding="utf-8")
    line = one_error_line(invoke(["check", str(REPO_ROOT / "sources" / EXAMPLE), "--rules", "strict.yaml",
                                  "--report-dir", "out", "--no-cache", "-q"], tmp_path))
    assert line == "checker: strict.yaml:4:15: severity 'fatal' must be one of: error, warning, info"


def test_rules_yaml_above_the_checked_story_is_used(tmp_path: Path) -> None:
    # Found from the checked paths upwards, as ruff finds its config: a story copied under the working
    # folder gets the working folder's rules.yaml; the repository's story keeps the repository's.
    shutil.copytree(REPO_ROOT / "sources" / EXAMPLE, tmp_path / "sources" / EXAMPLE)
    (tmp_path / "rules.yaml").write_text("version: 1\nrulez: []\n", encoding="utf-8")
    line = one_error_line(invoke(["check", f"sources/{EXAMPLE}", "-q", "--no-cache"], tmp_path))
    assert line.startswith("checker: rules.yaml:2:1: unknown key 'rulez'")
    other = invoke(["check", str(REPO_ROOT / "sources" / EXAMPLE), "-q", "--no-cache", "--report-dir", "r"], tmp_path)
    assert other.exit_code == 0, other.output


def test_validate_command(tmp_path: Path) -> None:
    result = invoke(["validate", str(REPO_ROOT / "rules.yaml")], tmp_path)
    assert result.exit_code == 0
    assert re.search(r": \d+ rules, valid$", result.stdout.strip())
    (tmp_path / "bad.yaml").write_text("rules:\n  - id: r1\n    type: nope\n    severity: info\n"
                                       "    message: x\n", encoding="utf-8")
    line = one_error_line(invoke(["validate", "bad.yaml"], tmp_path))
    assert line.startswith("checker: bad.yaml:3:11: unknown rule type 'nope'")


# --- cache -----------------------------------------------------------------------------------------------------

def test_cache_is_written_only_without_no_cache_and_gives_the_same_report(tmp_path: Path,
                                                                         example_run: ExampleRun) -> None:
    shutil.copytree(REPO_ROOT / "sources", tmp_path / "sources")
    result = invoke(["check", f"sources/{EXAMPLE}", "--report-dir", "plain", "--no-cache", "-q"], tmp_path)
    assert result.exit_code == 0
    assert not (tmp_path / ".checker-cache").exists()
    for run in ("cold", "warm"):
        result = invoke(["check", f"sources/{EXAMPLE}", "--report-dir", run, "-q"], tmp_path)
        assert result.exit_code == 0
        assert any((tmp_path / ".checker-cache").glob("*/*.entry"))
    plain = (tmp_path / "plain" / f"{EXAMPLE}.json").read_text(encoding="utf-8")
    assert (tmp_path / "cold" / f"{EXAMPLE}.json").read_text(encoding="utf-8") == plain
    assert (tmp_path / "warm" / f"{EXAMPLE}.json").read_text(encoding="utf-8") == plain
    assert json.loads(plain) == example_run.document


# --- determinism across processes (different hash seeds) ---------------------------------------------------------

def checker_command() -> list[str]:
    script = Path(sys.executable).parent / "checker"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from checker.cli import main; main()"]


def test_two_runs_give_byte_identical_reports(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "4242"):
        report_dir = tmp_path / f"run-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(checker_command() + ["check", f"sources/{EXAMPLE}", "--report-dir", str(report_dir),
                                                   "--no-cache", "-q", "--format", "json"],
                              cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        outputs.append((done.stdout, (report_dir / f"{EXAMPLE}.md").read_bytes(),
                        (report_dir / f"{EXAMPLE}.json").read_bytes()))
    (stdout_a, md_a, json_a), (stdout_b, md_b, json_b) = outputs
    assert md_a == md_b
    assert json_a == json_b
    assert stdout_a == stdout_b
    assert json.loads(stdout_a)["schema_version"] == 1
