"""Text output for the terminal and CI logs: one line per finding, then a summary."""

from __future__ import annotations

from collections import Counter

from checker.model import StoryResult


def render_text(results: list[StoryResult]) -> str:
    """``file:line: severity rule-id message`` per finding, then counts by category."""
    lines = []
    totals: Counter[str] = Counter()
    for result in results:
        paths = {a.id: a.path for a in result.articles}
        for finding in result.findings:
            evidence = finding.evidence[0] if finding.evidence else None
            where = f"{paths[evidence.source]}:{evidence.line}" if evidence else result.story
            lines.append(f"{where}: {finding.severity} {finding.rule} {finding.message}")
            totals[finding.category] += 1
    stories = len(results)
    parts = ", ".join(f"{totals[c]} {c}" for c in ("discrepancy", "unconfirmed", "naming", "single_source", "agreement"))
    lines.append(f"{stories} stor{'y' if stories == 1 else 'ies'} checked: {parts}")
    return "\n".join(lines) + "\n"
