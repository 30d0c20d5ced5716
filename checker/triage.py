"""Triage, between compare and report: which findings count, which are baselined or suppressed.

Three filters, in this order:

1. ``--select`` / ``--ignore`` keep or drop whole rules (an unknown rule id is a usage error).
2. An inline comment in an article suppresses one rule's findings in the paragraph below it::

       <!-- checker: ignore role-consistency both titles are correct -->
       Ada Vale, the mayor and party chair, arrived on Tuesday.

   The paragraph is the block of non-blank lines after the comment (as Markdown reads it), so
   leave a blank line after the paragraph the comment is about. A finding is suppressed when any
   of its evidence quotes starts in that paragraph of that file. The words after the rule id are
   the reason. A comment that suppresses nothing is reported as unused.
3. Findings whose fingerprint is in the baseline (``checker.baseline``) are baselined, unless the
   entry has expired. Entries that match no finding of a checked story are reported as stale.

Suppressed and baselined findings move from ``StoryResult.findings`` to ``StoryResult.waived``,
so they leave the exit code and the machine formats but stay listed in the reports. Problems with
the comments or the baseline are ``Notice`` records for the CLI to print; they never fail a run.

:func:`fails` is the exit-code rule every output shares (the CLI's exit code, JUnit's failures):
a finding fails the run when its severity reaches ``--fail-on``, except agreements, which never do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from checker.baseline import Baseline
from checker.errors import CheckerError
from checker.model import Article, Finding, StoryResult, Waiver

_COMMENT = re.compile(r"<!--\s*checker:\s*ignore\s+(?P<rule>[\w.-]+)(?P<reason>.*?)-->", re.DOTALL)
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_ANY_COMMENT = re.compile(r"(?:\s*<!--.*?-->)*\s*", re.DOTALL)


@dataclass(frozen=True)
class Suppression:
    """One ``<!-- checker: ignore RULE reason -->`` comment and the lines of the paragraph it covers."""

    source: str  # article id
    path: str
    rule: str
    reason: str
    line: int  # line of the comment
    first_line: int
    last_line: int


@dataclass(frozen=True)
class Notice:
    """Something a user should fix that does not fail the run: an unused comment, a stale baseline entry."""

    path: str
    line: int
    message: str

    def render(self) -> str:
        """``path:line: message``."""
        return f"{self.path}:{self.line}: {self.message}"


def suppressions_in(article: Article) -> list[Suppression]:
    """Every suppression comment in an article's body, with the file lines of the paragraph below it."""
    found = []
    for match in _COMMENT.finditer(article.text):
        # Stacked comments ("ignore A", then "ignore B") all cover the paragraph after the last one.
        skipped = _ANY_COMMENT.match(article.text, match.end())
        start = skipped.end() if skipped else match.end()
        blank = _BLANK_LINE.search(article.text, start)
        end = blank.start() if blank else len(article.text.rstrip())
        first, last = article.line_of(start), article.line_of(max(start, end - 1))
        reason = " ".join(match.group("reason").split())
        found.append(Suppression(article.id, article.path, match.group("rule"), reason,
                                 article.line_of(match.start()), first, max(first, last)))
    return found


def select_rules(results: list[StoryResult], known: set[str], select: tuple[str, ...] = (),
                 ignore: tuple[str, ...] = ()) -> list[StoryResult]:
    """Keep the findings of the ``select``-ed rules (all when empty) minus the ``ignore``-d ones."""
    for rule in sorted(set(select) | set(ignore)):
        if rule not in known:
            raise CheckerError("--select/--ignore", f"unknown rule id {rule!r}; the rules are {', '.join(sorted(known))}")
    if not select and not ignore:
        return results

    def wanted(finding: Finding) -> bool:
        return (not select or finding.rule in select) and finding.rule not in ignore

    return [replace(r, findings=tuple(f for f in r.findings if wanted(f))) for r in results]


def _suppress(result: StoryResult, active: set[str], known: set[str], notices: list[Notice]) -> StoryResult:
    comments = [s for article in result.articles for s in suppressions_in(article)]
    used: set[Suppression] = set()
    kept, waived = [], list(result.waived)
    for finding in result.findings:
        hit = next((s for s in comments if s.rule == finding.rule and any(
            e.source == s.source and s.first_line <= e.line <= s.last_line for e in finding.evidence)), None)
        if hit is None:
            kept.append(finding)
            continue
        used.add(hit)
        waived.append(Waiver(finding, "suppressed", hit.reason, hit.path, hit.line))
    for comment in comments:
        if comment.rule not in known:
            notices.append(Notice(comment.path, comment.line, f"suppression of unknown rule {comment.rule!r}"))
        elif comment not in used and comment.rule in active:
            lines = (f"line {comment.first_line}" if comment.first_line == comment.last_line
                     else f"lines {comment.first_line}-{comment.last_line}")
            notices.append(Notice(comment.path, comment.line, f"unused suppression: no {comment.rule} finding "
                                  f"in {lines}; remove the comment"))
    return replace(result, findings=tuple(kept), waived=tuple(waived))


def _apply_baseline(result: StoryResult, baseline: Baseline, today: dt.date) -> StoryResult:
    entries = {e.fingerprint: e for e in baseline.entries if not (e.expires and e.expires < today)}
    kept, waived = [], list(result.waived)
    for finding in result.findings:
        entry = entries.get(finding.id)
        if entry is None or (entry.story and entry.story != result.story):
            kept.append(finding)
        else:
            waived.append(Waiver(finding, "baselined", entry.reason, baseline.path, entry.line))
    return replace(result, findings=tuple(kept), waived=tuple(waived))


def _baseline_notices(results: list[StoryResult], baseline: Baseline, rules: set[str],
                      today: dt.date) -> list[Notice]:
    stories = {r.story for r in results}
    found = {(r.story, f.id) for r in results for f in r.findings} | {
        (r.story, w.finding.id) for r in results for w in r.waived}
    notices = []
    for entry in baseline.entries:
        if entry.expires and entry.expires < today:
            notices.append(Notice(baseline.path, entry.line, f"baseline entry {entry.fingerprint} ({entry.rule}) "
                                  f"expired on {entry.expires.isoformat()}; its finding counts again"))
        elif (entry.story in stories or not entry.story) and (not entry.rule or entry.rule in rules) and not any(
                fid == entry.fingerprint and (not entry.story or story == entry.story) for story, fid in found):
            notices.append(Notice(baseline.path, entry.line, f"stale baseline entry {entry.fingerprint} "
                                  f"({entry.rule}): no such finding any more; remove it or run `checker baseline`"))
    return notices


def triage(results: list[StoryResult], active: set[str], baseline: Baseline | None = None,
           today: dt.date | None = None, known: set[str] | None = None) -> tuple[list[StoryResult], list[Notice]]:
    """Move suppressed, then baselined findings to ``waived``; return the results and the notices, sorted.

    ``active`` are the rules that ran (after ``--select``/``--ignore``), ``known`` every rule id of the
    rules file (default: ``active``): comments and entries for a rule that did not run are not unused.
    """
    today = today or dt.date.today()
    notices: list[Notice] = []
    triaged = [_suppress(result, active, known or active, notices) for result in results]
    if baseline is not None:
        triaged = [_apply_baseline(result, baseline, today) for result in triaged]
        notices += _baseline_notices(triaged, baseline, active, today)
    return triaged, sorted(notices, key=lambda n: (n.path, n.line, n.message))


#: ``--fail-on`` thresholds: a finding fails the run when its severity ranks at or above the threshold.
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
FAIL_ON = ("error", "warning", "info", "never")


def fails(finding: Finding, fail_on: str) -> bool:
    """Whether ``finding`` makes the exit code 1 under ``--fail-on``: agreements never do (they are good news)."""
    threshold = SEVERITY_RANK.get(fail_on)
    if threshold is None or finding.category == "agreement":
        return False
    return SEVERITY_RANK.get(finding.severity, 0) <= threshold


def run_fails(results: list[StoryResult], fail_on: str) -> bool:
    """Whether any counted finding of the run fails it (baselined and suppressed ones are already out)."""
    return any(fails(finding, fail_on) for result in results for finding in result.findings)
