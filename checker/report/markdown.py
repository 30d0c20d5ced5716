"""Markdown report of one story, for people: what the sources agree on, where they differ, and why.

Sections, in order (each ``##`` heading is always there, with "None." when it has nothing):

* a verdict line and **Summary**: sources, assertions, entities, findings, baselined and
  suppressed counts, and findings by category and severity;
* **Findings**: one row per finding, most severe first (severity, rule, claim, values per
  source, sources, id linking to the finding's place below);
* **Discrepancies**, **Unconfirmed claims**, **Naming differences**: one block per finding with a
  side-by-side table (outlet, published, value, quote with the compared words in bold, a
  ``path:line`` link that opens the article at the quoted line);
* **Single-source claims** grouped by source, **Agreements** grouped by claim with the number of
  sources and of independent origins;
* **Sources × claims**: agrees / differs / unconfirmed / silent for every source and every
  disputed, unconfirmed or agreed claim;
* **Entities** with their surface forms and merge reasons, **Sources**, and the baselined and
  suppressed findings in a collapsed ``<details>`` block.

Long reports are capped (quotes per finding, rows per table) with "…and N more"; the JSON
report has everything. The output is deterministic: same findings, same bytes. Links are
relative to the report's folder (``report_dir``).
"""

from __future__ import annotations

import re
from collections import Counter

from checker.model import Article, Finding, StoryResult, Waiver
from checker.report.markdown_claims import agreements, matrix, single_sources
from checker.report.markdown_table import anchor, bold, cell, finding_link, line_link, short, table, target
from checker.report.outline import (OVERVIEW, SECTIONS, SEVERITIES, category_counts, finding_order, origins_of,
                                    outlet_names, overview, plural, verdict)

MAX_EVIDENCE = 6
MAX_FINDING_ROWS = 100


def source_names(articles: tuple[Article, ...]) -> dict[str, str]:
    """Article id → outlet name as a table cell, or ``outlet (id)`` when two articles share an outlet."""
    return {source: cell(name) for source, name in outlet_names(articles).items()}


def _verdict(result: StoryResult) -> list[str]:
    headline, counts = verdict(result)
    return [f"**Verdict: {headline}.** {counts}", ""]


def _summary(result: StoryResult) -> list[str]:
    numbers = table(list(OVERVIEW), [[str(n) for n in overview(result)]], "r" * len(OVERVIEW))
    rows = [[title, *(str(n) for n in row), str(sum(row))] for title, row in category_counts(result)]
    by_severity = table(["category", *SEVERITIES, "total"], rows, "lrrrr")
    return ["## Summary", ""] + numbers + [""] + by_severity + [""]


def _values(finding: Finding, names: dict[str, str]) -> str:
    # Corroboration values repeat the claim ("X met Y; time: Tuesday"): show only what follows it.
    repeats = finding.category in ("single_source", "agreement")
    prefix = f"{finding.claim}; "
    parts = []
    for source, value in sorted(finding.values.items()):
        shown = value[len(prefix):] if repeats and value.startswith(prefix) else value
        if shown and not (repeats and shown == finding.claim):
            parts.append(f"{names.get(source, cell(source))}: {short(shown, 60)}")
    return "; ".join(parts)


def _findings_table(result: StoryResult, names: dict[str, str], anchored: set[str]) -> list[str]:
    chosen = sorted(result.findings, key=finding_order)
    if not chosen:
        return ["## Findings", "", "None.", ""]
    # A finding past a section's cap has no place below to link to.
    rows = [[f"`{f.severity}`", f"`{f.rule}`", short(f.claim or f.message), _values(f, names),
             ", ".join(names.get(s, cell(s)) for s in f.sources),
             finding_link(f) if anchor(f) in anchored else f"`{f.id}`"]
            for f in chosen[:MAX_FINDING_ROWS]]
    lines = ["## Findings", ""] + table(["severity", "rule", "claim", "values per source", "sources", "id"], rows)
    if len(chosen) > MAX_FINDING_ROWS:
        lines += ["", f"…and {len(chosen) - MAX_FINDING_ROWS} more findings (all of them are in the JSON report)."]
    return lines + [""]


def _finding_block(finding: Finding, articles: dict[str, Article], report_dir: str) -> list[str]:
    lines = [f"### {cell(finding.message)}", "",
             f"{anchor(finding)}`{finding.severity}` · rule `{finding.rule}` · id `{finding.id}`", ""]
    rows = []
    for evidence in finding.evidence[:MAX_EVIDENCE]:
        article = articles[evidence.source]
        value = finding.values.get(evidence.source, "")
        published = article.published.isoformat() if article.published else "unknown"
        others = tuple(v for s, v in finding.values.items() if s != evidence.source and v != value)
        rows.append([cell(article.outlet), published, cell(value), bold(evidence.quote, value, others),
                     line_link(article.path, evidence.line, report_dir)])
    lines += table(["source", "published", "value", "quote", "where"], rows)
    if len(finding.evidence) > MAX_EVIDENCE:
        lines += ["", f"…and {plural(len(finding.evidence) - MAX_EVIDENCE, 'more quote')}."]
    return lines + [""]


def _entities(result: StoryResult) -> list[str]:
    rows = []
    for entity in result.entities:
        forms = "; ".join(f"{src}: {', '.join(v)}" for src, v in entity.surface_forms.items())
        reasons = "; ".join(f"{form} → {reason}" for form, _into, reason, _field in entity.merges)
        rows.append([cell(entity.name), entity.type, cell(forms), cell(reasons)])
    if not rows:
        return ["## Entities", "", "None.", ""]
    return ["## Entities", ""] + table(["entity", "type", "surface forms per source", "merged because"], rows) + [""]


def _sources(result: StoryResult, report_dir: str) -> list[str]:
    rows = []
    for article in result.articles:
        published = article.published.isoformat() if article.published else "unknown (relative dates unresolved)"
        url = f"<{article.url}>" if article.url else ""
        path = f"[{cell(article.path)}]({target(article.path, report_dir).replace(' ', '%20')})"
        rows.append([cell(article.id), cell(article.outlet), published, path, url])
    return ["## Sources", ""] + table(["id", "outlet", "published", "path", "url"], rows) + [""]


def _waived(waived: tuple[Waiver, ...], report_dir: str) -> list[str]:
    lines = ["## Baselined and suppressed", ""]
    if not waived:
        return lines + ["None.", ""]
    kinds = Counter(w.kind for w in waived)
    ordered = sorted(waived, key=lambda w: (w.kind, finding_order(w.finding)))
    rows = [[w.kind, f"`{w.finding.severity}`", f"`{w.finding.rule}`", cell(w.finding.message),
             cell(w.reason) or "(no reason given)", line_link(w.path, w.line, report_dir), f"`{w.finding.id}`"]
            for w in ordered]
    summary = f"{plural(kinds['baselined'], 'baselined finding')}, {plural(kinds['suppressed'], 'suppressed finding')}"
    return lines + ["<details>", f"<summary>{summary}</summary>", ""] + table(
        ["status", "severity", "rule", "finding", "reason", "where", "id"], rows) + ["", "</details>", ""]


def render_markdown(result: StoryResult, report_dir: str = "") -> str:
    """The Markdown report of one story (deterministic: same input, same bytes)."""
    articles = {a.id: a for a in result.articles}
    names = source_names(result.articles)
    sections: list[str] = []
    for category, title in SECTIONS:
        chosen = [f for f in result.findings if f.category == category]
        sections += [f"## {title}", ""]
        if not chosen:
            sections += ["None.", ""]
        elif category == "single_source":
            sections += single_sources(chosen, articles, names, report_dir)
        elif category == "agreement":
            sections += agreements(chosen, articles, names, report_dir, origins_of(result))
        else:
            for finding in chosen:
                sections += _finding_block(finding, articles, report_dir)
    anchored = set(re.findall(r'<a id="[^"]+"></a>', "\n".join(sections)))
    lines = [f"# {cell(result.story)}: cross-source check", ""]
    lines += _verdict(result) + _summary(result) + _findings_table(result, names, anchored) + sections
    lines += matrix(result.findings, result.articles, names)
    lines += _entities(result) + _sources(result, report_dir) + _waived(result.waived, report_dir)
    return "\n".join(lines).rstrip() + "\n"
