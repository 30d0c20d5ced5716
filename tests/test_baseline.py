"""Baseline, inline suppression, --select/--ignore and --statistics through the command line, on the example."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, REPO_ROOT, invoke

ARTICLE = f"sources/{EXAMPLE}/bloomberg.md"


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    """A copy of the example story and the rules in a temporary folder."""
    shutil.copytree(REPO_ROOT / "sources" / EXAMPLE, tmp_path / "sources" / EXAMPLE)
    shutil.copy(REPO_ROOT / "rules.yaml", tmp_path / "rules.yaml")
    return tmp_path


def check(work: Path, *args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    result = invoke(["check", f"sources/{EXAMPLE}", "--report-dir", "reports", "--no-cache", "-q",
                     "--format", "json", *args], work)
    assert result.exit_code in (0, 1), (result.output, result.exception)
    return result.exit_code, json.loads(result.stdout)["stories"][0], result.stderr


def test_only_new_findings_fail_after_a_baseline(work: Path) -> None:
    code, before, _ = check(work, "--fail-on", "warning")
    assert code == 1
    made = invoke(["baseline", f"sources/{EXAMPLE}", "--no-cache", "-q"], work)
    assert made.exit_code == 0, made.output
    entries = yaml.safe_load((work / "checker-baseline.yaml").read_text(encoding="utf-8"))["findings"]
    expected = sorted(f["id"] for f in before["findings"] if f["category"] != "agreement")
    assert sorted(e["fingerprint"] for e in entries) == expected
    assert made.stdout == f"checker-baseline.yaml: {len(expected)} findings baselined (agreements are never baselined)\n"

    code, same, stderr = check(work, "--fail-on", "warning")
    assert code == 0 and stderr == ""
    assert [f["category"] for f in same["findings"]] == ["agreement"] * len(same["findings"])
    assert sorted(f["id"] for f in same["baselined"]) == expected

    article = work / ARTICLE
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Musk arrived Tuesday in Beijing", "Musk arrived Thursday in Shanghai"),
                       encoding="utf-8")
    code, changed, stderr = check(work, "--fail-on", "warning")
    assert code == 1
    new = [f for f in changed["findings"] if f["severity"] in ("error", "warning")]
    assert new and {f["rule"] for f in new} <= {"time-consistency", "place-consistency"}
    assert all(f["id"] not in expected for f in new)
    assert {f["id"] for f in changed["baselined"]} <= set(expected)
    markdown = (work / "reports" / f"{EXAMPLE}.md").read_text(encoding="utf-8")
    assert f"<summary>{len(changed['baselined'])} baselined findings, 0 suppressed findings</summary>" in markdown


def test_expired_and_stale_entries(work: Path) -> None:
    assert invoke(["baseline", f"sources/{EXAMPLE}", "--no-cache", "-q"], work).exit_code == 0
    path = work / "checker-baseline.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    role = next(i for i, line in enumerate(lines) if line == '    rule: "role-consistency"')
    lines.insert(role + 4, "    expires: 2020-01-01")
    lines += ['  - fingerprint: "0000000000000000"', '    rule: "corroboration"', f'    story: "{EXAMPLE}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, story, stderr = check(work, "--fail-on", "warning")
    assert code == 1
    assert [f["rule"] for f in story["findings"] if f["severity"] == "warning"] == ["role-consistency"]
    fingerprint = lines[role - 1].split('"')[1]
    assert stderr.splitlines() == [
        f"checker: checker-baseline.yaml:{role}: baseline entry {fingerprint} (role-consistency) "
        "expired on 2020-01-01; its finding counts again",
        f"checker: checker-baseline.yaml:{len(lines) - 2}: stale baseline entry 0000000000000000 (corroboration): "
        "no such finding any more; remove it or run `checker baseline`",
    ]


def test_regenerating_keeps_reasons_and_another_file_can_be_named(work: Path) -> None:
    assert invoke(["baseline", f"sources/{EXAMPLE}", "-o", "ci/accepted.yaml", "--no-cache", "-q"],
                  work).exit_code == 0
    path = work / "ci" / "accepted.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('reason: ""', 'reason: "seen by the desk"', 1),
                    encoding="utf-8")
    assert invoke(["baseline", f"sources/{EXAMPLE}", "-o", "ci/accepted.yaml", "--no-cache", "-q"],
                  work).exit_code == 0
    assert path.read_text(encoding="utf-8").count('reason: "seen by the desk"') == 1
    assert not (work / "checker-baseline.yaml").exists()
    code, story, _ = check(work, "--fail-on", "warning", "--baseline", "ci/accepted.yaml")
    assert code == 0
    assert sum(1 for f in story["baselined"] if f["reason"] == "seen by the desk") == 1
    assert story["baselined"][0]["where"]["path"] == "ci/accepted.yaml"
    missing = invoke(["check", f"sources/{EXAMPLE}", "--baseline", "nope.yaml", "-q"], work)
    assert missing.exit_code == 2
    assert missing.stderr.startswith("checker: nope.yaml: no such baseline file")


def test_an_inline_comment_suppresses_one_rule_in_its_paragraph(work: Path) -> None:
    article = work / ARTICLE
    text = article.read_text(encoding="utf-8")
    marker = "The billionaire also met"
    comment = "<!-- checker: ignore role-consistency both titles are in use -->\n"
    article.write_text(text.replace(marker, comment + marker, 1) +
                       "\n<!-- checker: ignore time-consistency nothing to see -->\nThe end.\n", encoding="utf-8")
    code, story, stderr = check(work, "--fail-on", "warning")
    assert [f["rule"] for f in story["suppressed"]] == ["role-consistency"]
    assert story["suppressed"][0]["reason"] == "both titles are in use"
    line = text[:text.index(marker)].count("\n") + 1
    assert story["suppressed"][0]["where"] == {"path": ARTICLE, "line": line}
    assert "role-consistency" not in {f["rule"] for f in story["findings"] if f["severity"] == "warning"}
    assert code == 1  # the unconfirmed claims still fail at --fail-on warning
    assert stderr.splitlines()[-1].startswith(f"checker: {ARTICLE}:")
    assert "unused suppression: no time-consistency finding" in stderr


def test_select_ignore_and_statistics(work: Path) -> None:
    code, story, stderr = check(work, "--select", "role-consistency,entity-naming", "--fail-on", "warning",
                                "--statistics")
    assert {f["rule"] for f in story["findings"]} == {"role-consistency", "entity-naming"}
    lines = stderr.splitlines()
    assert lines[0].split() == ["rule", "error", "warning", "info", "baselined", "suppressed"]
    assert [line.split()[0] for line in lines[1:]] == ["entity-naming", "role-consistency", "total"]
    assert code == 1
    code, story, _ = check(work, "--ignore", "unconfirmed-claim", "--ignore", "entity-naming,role-consistency",
                           "--fail-on", "warning")
    assert code == 0 and {f["rule"] for f in story["findings"]} == {"corroboration"}
    bad = invoke(["check", f"sources/{EXAMPLE}", "--select", "no-such-rule", "-q"], work)
    assert bad.exit_code == 2
    assert bad.stderr.startswith("checker: --select/--ignore: unknown rule id 'no-such-rule'")
