"""Claim-level parts of the Markdown report: single-source claims by source, agreements by claim,
and the source × claim matrix.
"""

from __future__ import annotations

from collections import Counter

from checker.model import Article, Finding
from checker.report.markdown_table import anchor, cell, line_link, short, table
from checker.report.outline import Origins, by_claim, by_source, first_quotes, plural, said

MAX_ONLY_IN = 25  # single-source rows per source
MAX_MATRIX = 25  # claims in the source × claim matrix
MAX_WHERE = 4  # links per agreement row
MAX_QUOTES = 6  # quotes per single-source row (a speaker's grouped remarks)
MATRIX_CATEGORIES = ("discrepancy", "unconfirmed", "agreement")

def single_sources(findings: list[Finding], articles: dict[str, Article], names: dict[str, str],
                   report_dir: str) -> list[str]:
    """One table per source of the claims only that source carries."""
    lines: list[str] = []
    for source, chosen in by_source(findings):
        rows = []
        for finding in chosen[:MAX_ONLY_IN]:
            # A finding that groups several remarks shows each quote with its line.
            shown = finding.evidence[:MAX_QUOTES]
            quotes = "<br>".join(cell(e.quote) for e in shown)
            where = "<br>".join(line_link(articles[e.source].path, e.line, report_dir) for e in shown)
            if len(finding.evidence) > MAX_QUOTES:
                quotes += f"<br>…and {plural(len(finding.evidence) - MAX_QUOTES, 'more quote')}"
            rows.append([anchor(finding) + short(finding.claim or finding.message), f"`{finding.severity}`",
                         quotes, where])
        lines += [f"### Only in {names.get(source, cell(source))}", ""]
        lines += table(["claim", "severity", "quote", "where"], rows)
        if len(chosen) > MAX_ONLY_IN:
            lines += ["", f"…and {plural(len(chosen) - MAX_ONLY_IN, 'more claim')} only this source carries."]
        lines.append("")
    return lines


def _said(group: list[Finding], names: dict[str, str]) -> str:
    return "; ".join(f"{names.get(s, cell(s))}: {short(' / '.join(v), 60)}" for s, v in said(group).items())


def agreements(findings: list[Finding], articles: dict[str, Article], names: dict[str, str], report_dir: str,
               origins: Origins) -> list[str]:
    """One row per agreed claim: how many sources and independent origins, what each says, where."""
    rows = []
    for claim, group in by_claim(findings):
        sources = sorted({s for f in group for s in f.sources})
        where = [line_link(articles[e.source].path, e.line, report_dir) for e in first_quotes(group)]
        shown = "<br>".join(where[:MAX_WHERE]) + (f" …and {len(where) - MAX_WHERE} more" if len(where) > MAX_WHERE else "")
        rows.append(["".join(anchor(f) for f in group) + short(claim), str(len(sources)), str(origins(group)),
                     _said(group, names), shown])
    return table(["claim", "sources", "independent origins", "as the sources put it", "where"], rows, "lrr") + [""]


def _cells(finding: Finding, sources: list[str]) -> dict[str, str]:
    if finding.category == "agreement":
        return {s: "agrees" for s in finding.sources}
    if finding.category == "unconfirmed":
        return {s: "unconfirmed" for s in finding.sources}
    values = {s: finding.values.get(s, "").lower() for s in sorted(set(finding.sources) | set(finding.values))}
    common = Counter(values.values()).most_common(2)
    majority = common[0][0] if len(common) == 1 or common[0][1] > common[1][1] else None
    return {s: "agrees" if v == majority else "differs" for s, v in values.items() if s in sources}


def matrix(findings: tuple[Finding, ...], articles: tuple[Article, ...], names: dict[str, str]) -> list[str]:
    """Sources × claims: for each disputed, unconfirmed and agreed claim, what each source does."""
    lines = ["## Sources × claims", ""]
    sources = [a.id for a in articles]
    rows: dict[str, dict[str, str]] = {}
    order = {category: i for i, category in enumerate(MATRIX_CATEGORIES)}
    chosen = sorted((f for f in findings if f.category in order),
                    key=lambda f: (order[f.category], f.claim or f.message, f.field or "", f.id))
    rank = {"differs": 0, "agrees": 1, "unconfirmed": 2}
    for finding in chosen:
        label = short(finding.claim or finding.message, 70)
        if finding.category == "discrepancy" and finding.field:
            label += f" ({cell(finding.field)})"
        row = rows.setdefault(label, {})
        for source, state in _cells(finding, sources).items():
            if source not in row or rank[state] < rank[row[source]]:
                row[source] = state
    if not rows:
        return lines + ["None.", ""]
    body = [[label, *(row.get(s, "silent") for s in sources)] for label, row in list(rows.items())[:MAX_MATRIX]]
    lines += table(["claim", *(names[s] for s in sources)], body)
    if len(rows) > MAX_MATRIX:
        lines += ["", f"…and {plural(len(rows) - MAX_MATRIX, 'more claim')}."]
    return lines + [""]
