"""Markdown report of one story: verdict, summary, findings with side-by-side quotes, entities, sources.

GitHub-flavoured Markdown. Quotes link to ``path#Lline`` relative to the report's folder, so
the links open the article at the line on GitHub and in a local viewer.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from pathlib import PurePosixPath

from checker.model import Article, Finding, StoryResult

SECTIONS = (("discrepancy", "Discrepancies"), ("unconfirmed", "Unconfirmed claims"), ("naming", "Naming differences"),
            ("single_source", "Single-source claims"), ("agreement", "Agreements"))
SEVERITIES = ("error", "warning", "info")
MAX_EVIDENCE = 6


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).replace("|", "\\|").strip()


def _link(article: Article, line: int, report_dir: str) -> str:
    target = os.path.relpath(article.path, report_dir) if report_dir else article.path
    target = PurePosixPath(*PurePosixPath(target.replace(os.sep, "/")).parts).as_posix()
    return f"[{article.path}:{line}]({target}#L{line})"


def _bold(quote: str, value: str) -> str:
    words = [w for w in re.split(r"[;,()]+", value) if len(w.strip()) > 2]
    out = _cell(quote)
    for word in sorted({w.strip() for w in words}, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w*]){re.escape(word)}(?![\w*])", re.IGNORECASE)
        out = pattern.sub(lambda m: f"**{m.group(0)}**", out, count=1)
    return out


def _finding_block(finding: Finding, articles: dict[str, Article], report_dir: str) -> list[str]:
    lines = [f"### {_cell(finding.message)}", "",
             f"`{finding.severity}` · rule `{finding.rule}` · id `{finding.id}`", ""]
    lines += ["| source | published | value | quote | where |", "|---|---|---|---|---|"]
    shown = 0
    for evidence in finding.evidence:
        if shown == MAX_EVIDENCE:
            break
        article = articles[evidence.source]
        value = finding.values.get(evidence.source, "")
        published = article.published.isoformat() if article.published else "unknown"
        lines.append(f"| {_cell(article.outlet)} | {published} | {_cell(value)} | {_bold(evidence.quote, value)} | "
                     f"{_link(article, evidence.line, report_dir)} |")
        shown += 1
    if len(finding.evidence) > MAX_EVIDENCE:
        lines.append(f"\n…and {len(finding.evidence) - MAX_EVIDENCE} more quotes.")
    return lines + [""]


def _summary(result: StoryResult) -> list[str]:
    counts = Counter((f.category, f.severity) for f in result.findings)
    lines = ["| category | " + " | ".join(SEVERITIES) + " | total |", "|---|" + "---:|" * (len(SEVERITIES) + 1)]
    for category, title in SECTIONS:
        row = [counts.get((category, s), 0) for s in SEVERITIES]
        lines.append(f"| {title} | " + " | ".join(str(n) for n in row) + f" | {sum(row)} |")
    return lines


def _verdict(result: StoryResult) -> str:
    by = Counter(f.category for f in result.findings)
    worst = next((s for s in SEVERITIES if any(f.severity == s for f in result.findings)), "none")
    return (f"**Verdict:** {by.get('discrepancy', 0)} discrepancies, {by.get('unconfirmed', 0)} unconfirmed claims, "
            f"{by.get('naming', 0)} naming differences, {by.get('single_source', 0)} single-source claims and "
            f"{by.get('agreement', 0)} agreements across {len(result.articles)} sources "
            f"(highest severity: {worst}).")


def _single_sources(findings: list[Finding], articles: dict[str, Article], report_dir: str) -> list[str]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.sources[0] if finding.sources else ""].append(finding)
    lines: list[str] = []
    for source in sorted(grouped):
        article = articles.get(source)
        lines += [f"#### Only in {article.outlet if article else source}", "", "| claim | quote | where |", "|---|---|---|"]
        for finding in grouped[source]:
            evidence = finding.evidence[0] if finding.evidence else None
            where = _link(articles[evidence.source], evidence.line, report_dir) if evidence else ""
            lines.append(f"| {_cell(finding.claim)} | {_cell(evidence.quote if evidence else '')} | {where} |")
        lines.append("")
    return lines


def _entities(result: StoryResult) -> list[str]:
    lines = ["| entity | type | surface forms per source | merged because |", "|---|---|---|---|"]
    for entity in result.entities:
        forms = "; ".join(f"{src}: {', '.join(v)}" for src, v in entity.surface_forms.items())
        reasons = "; ".join(f"{f} → {reason}" for f, _into, reason, _fld in entity.merges)
        lines.append(f"| {_cell(entity.name)} | {entity.type} | {_cell(forms)} | {_cell(reasons)} |")
    return lines


def render_markdown(result: StoryResult, report_dir: str = "") -> str:
    """The Markdown report of one story (deterministic: same input, same bytes)."""
    articles = {a.id: a for a in result.articles}
    lines = [f"# {result.story}: cross-source check", "", _verdict(result), "",
             f"{len(result.articles)} sources · {len(result.assertions)} assertions · "
             f"{len(result.entities)} entities · {len(result.findings)} findings", ""]
    lines += _summary(result) + [""]
    for category, title in SECTIONS:
        chosen = [f for f in result.findings if f.category == category]
        lines += [f"## {title}", ""]
        if not chosen:
            lines += ["None.", ""]
        elif category == "single_source":
            lines += _single_sources(chosen, articles, report_dir)
        else:
            for finding in chosen:
                lines += _finding_block(finding, articles, report_dir)
    lines += ["## Entities", ""] + _entities(result) + [""]
    lines += ["## Sources", "", "| id | outlet | published | path | url |", "|---|---|---|---|---|"]
    for article in result.articles:
        published = article.published.isoformat() if article.published else "unknown (relative dates unresolved)"
        lines.append(f"| {article.id} | {_cell(article.outlet)} | {published} | {article.path} | {article.url or ''} |")
    return "\n".join(lines).rstrip() + "\n"
