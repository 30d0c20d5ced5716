"""Text output for the terminal and CI logs: one line per finding, then a summary.

A finding is always one line: line breaks in a message (a quote can hold one) become spaces, so
``grep`` and editors' problem matchers see every finding whole. Baselined and suppressed findings follow, one line each, with ``baselined`` or ``suppressed``
where a counted finding has its severity (``file:line: baselined warning rule-id message``).
"""

from __future__ import annotations

from collections import Counter

from checker.model import StoryResult
from checker.report.positions import one_line


def render_text(results: list[StoryResult]) -> str:
    """``file:line: severity rule-id message`` per finding, then counts by category."""
    lines = []
    totals: Counter[str] = Counter()
    for result in results:
        paths = {a.id: a.path for a in result.articles}
        for finding in result.findings:
            evidence = finding.evidence[0] if finding.evidence else None
            where = f"{paths[evidence.source]}:{evidence.line}" if evidence else result.story
            lines.append(f"{where}: {finding.severity} {finding.rule} {one_line(finding.message)}")
            totals[finding.category] += 1
    for result in results:
        paths = {a.id: a.path for a in result.articles}
        for waiver in result.waived:
            finding = waiver.finding
            evidence = finding.evidence[0] if finding.evidence else None
            where = f"{paths[evidence.source]}:{evidence.line}" if evidence else result.story
            lines.append(f"{where}: {waiver.kind} {finding.severity} {finding.rule} {one_line(finding.message)}")
            totals[waiver.kind] += 1
    stories = len(results)
    parts = ", ".join(f"{totals[c]} {c}" for c in ("discrepancy", "unconfirmed", "naming", "single_source", "agreement"))
    waived = "".join(f", {totals[k]} {k}" for k in ("baselined", "suppressed") if totals[k])
    lines.append(f"{stories} stor{'y' if stories == 1 else 'ies'} checked: {parts}{waived}")
    return "\n".join(lines) + "\n"
