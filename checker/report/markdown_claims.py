"""Claim-level parts of the Markdown report: single-source claims by source, agreements by claim,
and the source × claim matrix.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable

from checker.model import Article, Finding, StoryResult
from checker.report.markdown_table import anchor, cell, line_link, short, table
from checker.report.outline import by_claim, by_source, plural, said

MAX_ONLY_IN = 25  # single-source rows per source
MAX_MATRIX = 25  # claims in the source × claim matrix
MAX_WHERE = 4  # links per agreement row
MATRIX_CATEGORIES = ("discrepancy", "unconfirmed", "agreement")

Origins = Callable[[list[Finding]], int]


def origins_of(result: StoryResult) -> Origins:
    """How many independent origins back a group of findings, from the claims table.

    Articles that credit the same origin count once, and so do two articles of one outlet (as the
    corroboration rule counts). Without a claims table, every outlet counts as its own origin.
    """
    table_ = result.assertions
    outlets = {a.id: a.outlet for a in result.articles}
    columns = {"source", "start", "claim", "claim_key", "origin", "outlet"}

    if table_ is None or not len(table_) or not columns <= set(table_.columns):
        return lambda findings: len({outlets.get(s, s) for f in findings for s in f.sources})
    # Index the table once; each agreement then costs a few lookups, not a scan of every row.
    at_place: dict[tuple[str, int], list[tuple[str, str]]] = {}
    by_key: dict[str, list[tuple[str, str]]] = {}
    for source, start, claim, key, origin, outlet in zip(table_["source"], table_["start"], table_["claim"],
                                                         table_["claim_key"], table_["origin"], table_["outlet"]):
        at_place.setdefault((source, int(start)), []).append((claim, key))
        by_key.setdefault(key, []).append((outlet, origin))

    def count(findings: list[Finding]) -> int:
        fallback = len({outlets.get(s, s) for f in findings for s in f.sources})
        claims = {f.claim for f in findings}
        keys = {key for f in findings for e in f.evidence for claim, key in at_place.get((e.source, e.start), [])
                if claim in claims}
        rows = [row for key in sorted(keys) for row in by_key[key]]
        if not rows:
            return fallback
        first_origin: dict[str, str] = {}
        for outlet, origin in rows:
            first_origin.setdefault(outlet, origin)
        return min(len(set(first_origin.values())), len(first_origin))

    return count


def single_sources(findings: list[Finding], articles: dict[str, Article], names: dict[str, str],
                   report_dir: str) -> list[str]:
    """One table per source of the claims only that source carries."""
    lines: list[str] = []
    for source, chosen in by_source(findings):
        rows = []
        for finding in chosen[:MAX_ONLY_IN]:
            evidence = finding.evidence[0] if finding.evidence else None
            where = line_link(articles[evidence.source].path, evidence.line, report_dir) if evidence else ""
            rows.append([anchor(finding) + short(finding.claim or finding.message), f"`{finding.severity}`",
                         cell(evidence.quote) if evidence else "", where])
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
        seen: dict[str, str] = {}
        for evidence in sorted((e for f in group for e in f.evidence), key=lambda e: (e.source, e.line)):
            seen.setdefault(evidence.source, line_link(articles[evidence.source].path, evidence.line, report_dir))
        where = list(seen.values())
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
