"""Triage on hand-made results: inline suppressions, --select/--ignore, the baseline file (no spaCy)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from checker.baseline import Baseline, BaselineEntry, load_baseline, render_baseline
from checker.errors import CheckerError
from checker.model import ASSERTION_COLUMNS, RESOLVED_COLUMNS, Article, Evidence, Finding, StoryResult
from checker.triage import select_rules, suppressions_in, triage

RULES = {"time-consistency", "role-consistency", "corroboration"}
TODAY = dt.date(2024, 6, 1)


def article(source: str, body: str, front: str = "---\noutlet: Wire\n---\n") -> Article:
    raw = front + body
    starts = (0, *(i + 1 for i, c in enumerate(raw) if c == "\n"))
    return Article(id=source, story="vale-visit", path=f"sources/vale-visit/{source}.md", outlet=source.title(),
                   published=dt.date(2024, 5, 1), url=None, title=None, author=None, role=None, text=body,
                   body_start=len(front), line_starts=starts)


def finding(fid: str, rule: str, *where: tuple[str, int], category: str = "discrepancy",
            severity: str = "warning") -> Finding:
    evidence = tuple(Evidence(source, f"quote on line {line}", line, 0, 1) for source, line in where)
    return Finding(id=fid, rule=rule, category=category, severity=severity, entities=("Ada Vale",), field=None,
                   values={}, sources=tuple(sorted({s for s, _ in where})), evidence=evidence,
                   message=f"{rule} finding {fid}")


def story(articles: tuple[Article, ...], *findings: Finding, name: str = "vale-visit") -> StoryResult:
    table = pd.DataFrame(columns=list(ASSERTION_COLUMNS + RESOLVED_COLUMNS))
    return StoryResult(story=name, articles=articles, entities=(), assertions=table, findings=findings)


# Lines of the file: 1-3 front matter, then the body below from line 4 on.
BODY = """Ada Vale arrived on Tuesday.

<!-- checker: ignore time-consistency the wire corrected the date later -->
Mayor Ada Vale arrived on Wednesday,
said an aide.

<!-- checker: ignore role-consistency -->
<!-- checker: ignore corroboration only we were there -->

Ada Vale, the party chair, spoke.

<!-- checker: ignore no-such-rule because -->
The end.
"""


def test_suppression_comments_cover_the_paragraph_below() -> None:
    found = suppressions_in(article("wire", BODY))
    assert [(s.rule, s.reason, s.line, s.first_line, s.last_line) for s in found] == [
        ("time-consistency", "the wire corrected the date later", 6, 7, 8),
        ("role-consistency", "", 10, 13, 13),
        ("corroboration", "only we were there", 11, 13, 13),
        ("no-such-rule", "because", 15, 16, 16),
    ]


def test_a_suppression_takes_only_its_rule_in_its_paragraph_of_its_file() -> None:
    wire = article("wire", BODY)
    herald = article("herald", "Ada Vale arrived on Thursday.\n")
    findings = (finding("a", "time-consistency", ("wire", 8), ("herald", 4)),  # line 8: in the paragraph
                finding("b", "time-consistency", ("wire", 4)),  # before the comment: kept
                finding("c", "role-consistency", ("herald", 7)),  # other file: kept
                finding("d", "role-consistency", ("wire", 13)))
    (result,), notices = triage([story((wire, herald), *findings)], RULES, today=TODAY)
    assert [f.id for f in result.findings] == ["b", "c"]
    assert [(w.finding.id, w.kind, w.reason, w.line) for w in result.waived] == [
        ("a", "suppressed", "the wire corrected the date later", 6), ("d", "suppressed", "", 10)]
    assert [n.render() for n in notices] == [
        "sources/vale-visit/wire.md:11: unused suppression: no corroboration finding in line 13; remove the comment",
        "sources/vale-visit/wire.md:15: suppression of unknown rule 'no-such-rule'",
    ]


def test_a_suppressed_rule_that_did_not_run_is_not_unused() -> None:
    wire = article("wire", BODY)
    _, notices = triage([story((wire,))], {"time-consistency"}, today=TODAY, known=RULES | {"no-such-rule"})
    assert [n.line for n in notices] == [6]


def test_select_and_ignore_keep_whole_rules() -> None:
    result = story((article("wire", "x\n"),), finding("a", "time-consistency", ("wire", 4)),
                   finding("b", "role-consistency", ("wire", 4)), finding("c", "corroboration", ("wire", 4)))
    assert [f.id for f in select_rules([result], RULES, select=("time-consistency", "corroboration"))[0].findings] \
        == ["a", "c"]
    assert [f.id for f in select_rules([result], RULES, ignore=("corroboration",))[0].findings] == ["a", "b"]
    assert select_rules([result], RULES) == [result]
    with pytest.raises(CheckerError, match="unknown rule id 'nope'; the rules are corroboration, "):
        select_rules([result], RULES, select=("nope",))


def baseline(*entries: tuple[str, str, str, dt.date | None]) -> Baseline:
    return Baseline("checker-baseline.yaml", tuple(
        BaselineEntry(fid, rule, story_name, "summary", "known", expires, line)
        for line, (fid, rule, story_name, expires) in enumerate(entries, start=5)))


def test_baselined_findings_leave_the_count_and_stale_and_expired_entries_are_reported() -> None:
    wire = article("wire", "x\n")
    result = story((wire,), finding("a", "time-consistency", ("wire", 4)), finding("b", "role-consistency", ("wire", 4)),
                   finding("c", "corroboration", ("wire", 4)), finding("d", "corroboration", ("wire", 4)))
    other = story((wire,), finding("a", "time-consistency", ("wire", 4)), name="other-story")
    entries = baseline(("a", "time-consistency", "vale-visit", None),
                       ("b", "role-consistency", "vale-visit", dt.date(2024, 5, 31)),  # expired: counts again
                       ("c", "corroboration", "vale-visit", dt.date(2024, 6, 1)),  # expires today: still holds
                       ("gone", "corroboration", "vale-visit", None),  # stale
                       ("zzz", "corroboration", "unchecked-story", None))  # another story: not stale
    (first, second), notices = triage([result, other], RULES, entries, today=TODAY)
    assert [f.id for f in first.findings] == ["b", "d"]
    assert [(w.finding.id, w.kind, w.reason, w.path, w.line) for w in first.waived] == [
        ("a", "baselined", "known", "checker-baseline.yaml", 5), ("c", "baselined", "known", "checker-baseline.yaml", 7)]
    assert [f.id for f in second.findings] == ["a"]  # same fingerprint, other story: not baselined
    assert [n.render() for n in notices] == [
        "checker-baseline.yaml:6: baseline entry b (role-consistency) expired on 2024-05-31; its finding counts again",
        "checker-baseline.yaml:8: stale baseline entry gone (corroboration): no such finding any more; "
        "remove it or run `checker baseline`",
    ]


def test_an_entry_of_a_rule_that_did_not_run_is_not_stale() -> None:
    result = story((article("wire", "x\n"),))
    _, notices = triage([result], {"time-consistency"}, baseline(("gone", "corroboration", "vale-visit", None)),
                        today=TODAY)
    assert notices == []


def test_baseline_file_round_trip_keeps_reasons_and_skips_agreements(tmp_path: Path) -> None:
    findings = [("vale-visit", finding("0123456789012345", "time-consistency", ("wire", 4))),
                ("vale-visit", finding("b1", "role-consistency", ("wire", 4))),
                ("vale-visit", finding("ag", "corroboration", ("wire", 4), category="agreement"))]
    path = tmp_path / "checker-baseline.yaml"
    path.write_text(render_baseline(findings), encoding="utf-8")
    first = load_baseline(path)
    assert [(e.fingerprint, e.rule, e.story, e.reason) for e in first.entries] == [
        ("b1", "role-consistency", "vale-visit", ""), ("0123456789012345", "time-consistency", "vale-visit", "")]
    text = path.read_text(encoding="utf-8").replace('reason: ""', 'reason: "checked with the desk"\n    '
                                                     'expires: 2025-01-31', 1)
    path.write_text(text, encoding="utf-8")
    edited = load_baseline(path)
    assert edited.entries[0].reason == "checked with the desk"
    assert edited.entries[0].expires == dt.date(2025, 1, 31)
    assert edited.entries[0].line == text.splitlines().index('  - fingerprint: "b1"') + 1
    again = render_baseline(findings[:1] + findings[1:], edited)
    assert again == text  # regenerating keeps reason and expiry date, byte for byte


@pytest.mark.parametrize("text, message, line", [
    ("version: 1\nfindings:\n  - rule: x\n", "findings[0]: each entry needs a fingerprint", None),
    ("version: 1\nfindings:\n  - fingerprint: ab\n    color: red\n", "unknown key 'color'", 3),
    ("version: 1\nfindings:\n  - fingerprint: ab\n    expires: soon\n", "expires: 'soon' is not a date", 3),
    ("version: 2\nfindings: []\n", "version 2 is not supported", None),
    ("findings: [\n", "fix the YAML", 2),
    ("- a\n- b\n", "a baseline is a mapping", None),
])
def test_a_broken_baseline_is_one_clear_error(tmp_path: Path, text: str, message: str, line: int | None) -> None:
    path = tmp_path / "checker-baseline.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CheckerError) as caught:
        load_baseline(path, "checker-baseline.yaml")
    assert message in caught.value.message
    assert caught.value.path == "checker-baseline.yaml"
    assert caught.value.line == line
