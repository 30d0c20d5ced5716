"""What the reports for people show, before any markup: the order of sections and findings, the
verdict, the counts, outlet names, findings grouped by source and by claim, the independent
origins behind an agreement, and where links and anchors point.

The Markdown report (``checker.report.markdown``) and the HTML report (``checker.report.html``)
both format these, so the two never disagree on a count, a name or an order. Everything here is
plain text; each report escapes it for its own markup.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from pathlib import PurePosixPath
from typing import Callable

from checker.model import Article, Evidence, Finding, StoryResult

SECTIONS = (("discrepancy", "Discrepancies"), ("unconfirmed", "Unconfirmed claims"), ("naming", "Naming differences"),
            ("single_source", "Single-source claims"), ("agreement", "Agreements"))
SEVERITIES = ("error", "warning", "info")
CATEGORY_ORDER = {category: i for i, (category, _) in enumerate(SECTIONS)}
OVERVIEW = ("sources", "assertions", "entities", "findings", "baselined", "suppressed")
#: Words never marked on their own.
STOPWORDS = frozenset({"the", "and", "for", "from", "with", "was", "are", "has", "not", "its", "his", "her"})


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 claim``, ``2 claims``."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def finding_order(finding: Finding) -> tuple[int, int, str, str, str]:
    """Most severe first, then by section, rule, claim and id."""
    return (SEVERITIES.index(finding.severity) if finding.severity in SEVERITIES else len(SEVERITIES),
            CATEGORY_ORDER.get(finding.category, len(SECTIONS)), finding.rule, finding.claim, finding.id)


def verdict(result: StoryResult) -> tuple[str, str]:
    """The verdict's headline ("the sources contradict each other on 2 points") and its counts sentence."""
    by = Counter(f.category for f in result.findings)
    worst = next((s for s in SEVERITIES if any(f.severity == s for f in result.findings)), "none")
    if by["discrepancy"]:
        headline = f"the sources contradict each other on {plural(by['discrepancy'], 'point')}"
    elif by["unconfirmed"]:
        headline = f"no contradiction, but {plural(by['unconfirmed'], 'claim')} no source confirms"
    else:
        headline = "no contradiction and nothing left unconfirmed"
    counts = (f"{plural(by['discrepancy'], 'discrepancy', 'discrepancies')}, "
              f"{plural(by['unconfirmed'], 'unconfirmed claim')}, {plural(by['naming'], 'naming difference')}, "
              f"{plural(by['single_source'], 'single-source claim')} and {plural(by['agreement'], 'agreement')} "
              f"across {plural(len(result.articles), 'source')} (highest severity: {worst}).")
    return headline, counts


def overview(result: StoryResult) -> list[int]:
    """The numbers under ``OVERVIEW``: sources, assertions, entities, findings, baselined, suppressed."""
    waived = Counter(w.kind for w in result.waived)
    return [len(result.articles), len(result.assertions), len(result.entities), len(result.findings),
            waived["baselined"], waived["suppressed"]]


def category_counts(result: StoryResult) -> list[tuple[str, list[int]]]:
    """Per section title, its findings per severity (in ``SEVERITIES`` order)."""
    counts = Counter((f.category, f.severity) for f in result.findings)
    return [(title, [counts.get((category, s), 0) for s in SEVERITIES]) for category, title in SECTIONS]


def outlet_names(articles: tuple[Article, ...]) -> dict[str, str]:
    """Article id → outlet name, or ``outlet (id)`` when two articles share an outlet."""
    counts = Counter(a.outlet for a in articles)
    return {a.id: a.outlet if counts[a.outlet] == 1 else f"{a.outlet} ({a.id})" for a in articles}


def by_source(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Single-source findings grouped by their source, sources and claims in order."""
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.sources[0] if finding.sources else "", []).append(finding)
    return [(source, sorted(grouped[source], key=lambda f: (f.claim, f.id))) for source in sorted(grouped)]


def by_claim(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by claim (their message when they have none), claims in order."""
    groups: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (f.claim or f.message, f.rule, f.id)):
        groups.setdefault(finding.claim or finding.message, []).append(finding)
    return list(groups.items())



def first_quotes(group: list[Finding]) -> list[Evidence]:
    """The first quote (by line) of each source of a group of findings, sources in order."""
    first: dict[str, Evidence] = {}
    for evidence in sorted((e for f in group for e in f.evidence), key=lambda e: (e.source, e.line)):
        first.setdefault(evidence.source, evidence)
    return list(first.values())

def said(group: list[Finding]) -> dict[str, list[str]]:
    """Per source (in order), what it says about a group of agreeing findings beyond the claim itself.

    Corroboration values repeat the claim ("X met Y; time: Tuesday"): only what follows it is kept,
    and a detail that a source already gave under another label is kept once.
    """
    kept: dict[str, list[str]] = {}
    for finding in group:
        prefix = f"{finding.claim}; "
        for source, value in sorted(finding.values.items()):
            shown = value[len(prefix):] if value.startswith(prefix) else value
            known = [re.sub(r"^\w+: ", "", v.lower()) for v in kept.setdefault(source, [])]
            if shown and shown != finding.claim and re.sub(r"^\w+: ", "", shown.lower()) not in known:
                kept[source].append(shown)
    return {source: values for source, values in sorted(kept.items()) if values}


@functools.lru_cache(maxsize=4096)
def target(path: str, report_dir: str) -> str:
    """``path`` (relative to the working folder) as seen from the report's folder, ``/``-separated."""
    shown = os.path.relpath(path, report_dir) if report_dir else path
    return PurePosixPath(*PurePosixPath(shown.replace(os.sep, "/")).parts).as_posix()


def anchor_id(finding: Finding) -> str:
    """The HTML id of a finding's place in the report."""
    return f"finding-{finding.id}"


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
