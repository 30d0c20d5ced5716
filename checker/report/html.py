"""HTML report of one or more stories, for editors who read in a browser.

One self-contained page: inline CSS, no script, nothing fetched from the network. In order:

* the verdict and the counts (sources, assertions, entities, findings; findings by section and
  severity, each section linked);
* **Discrepancies**, **Unconfirmed claims**, **Naming differences**: one block per finding with
  the sources' quotes side by side; in a discrepancy or naming difference the words in which the
  values differ are marked (``<mark>``) in each value and where the quote has them;
* **Single-source claims**, one collapsed ``<details>`` per outlet; **Agreements** by claim;
* **Entities**, **Sources**, and the baselined and suppressed findings (collapsed).

Every quote links to its line (``path#L<line>``, relative to ``report_dir``, as the Markdown
report does). All text is escaped. Same input, same bytes. The content (order, verdict, counts,
names, groups) comes from ``checker.report.outline``, as the Markdown report's does.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from checker.model import Article, Finding, StoryResult, Waiver
from checker.report.html_parts import badge, differing, esc, href, in_quote, line_link, marked, table
from checker.report.html_style import CSS
from checker.report.outline import (OVERVIEW, SECTIONS, SEVERITIES, anchor_id, by_claim, by_source, category_counts,
                                    finding_order, first_quotes, origins_of, outlet_names, overview, plural, said,
                                    verdict)

#: Sections whose findings are shown as quotes side by side; the first two get their differing words marked.
SIDE_BY_SIDE = ("discrepancy", "naming", "unconfirmed")
MARKED = ("discrepancy", "naming")


class Story:
    """One story's result with what every part of its page needs: articles, outlet names, id prefix."""

    def __init__(self, result: StoryResult, report_dir: str, prefix: str) -> None:
        self.result = result
        self.report_dir = report_dir
        self.prefix = prefix
        self.articles = {a.id: a for a in result.articles}
        self.names = outlet_names(result.articles)

    def section_id(self, title: str) -> str:
        """The id of a section's element: its title in lower case, words joined by ``-``."""
        return self.prefix + "-".join(title.lower().split())

    def name(self, source: str) -> str:
        """The outlet name of a source, escaped."""
        return esc(self.names.get(source, source))

    def link(self, source: str, line: int) -> str:
        """A link to a line of a source's file."""
        return line_link(self.articles[source].path, line, self.report_dir)


def _header(story: Story) -> str:
    result = story.result
    headline, counts = verdict(result)
    tone = ("contradiction" if any(f.category == "discrepancy" for f in result.findings)
            else "unconfirmed" if any(f.category == "unconfirmed" for f in result.findings) else "clear")
    numbers = table(list(OVERVIEW), [[str(n) for n in overview(result)]], numeric="r" * len(OVERVIEW))
    rows = [[f'<a href="#{story.section_id(title)}">{esc(title)}</a>', *(str(n) for n in row), str(sum(row))]
            for title, row in category_counts(result)]
    by_severity = table(["category", *SEVERITIES, "total"], rows, numeric="lrrrr")
    return (f'<header>\n<h1>{esc(result.story)}: cross-source check</h1>\n'
            f'<p class="verdict {tone}"><strong>Verdict: {esc(headline)}.</strong> {esc(counts)}</p>\n'
            f'<div class="counts">{numbers}\n{by_severity}</div>\n</header>')


def _side(story: Story, finding: Finding, index: int) -> str:
    evidence = finding.evidence[index]
    article = story.articles[evidence.source]
    value = finding.values.get(evidence.source, "")
    others = tuple(v for s, v in sorted(finding.values.items()) if s != evidence.source)
    spans = differing(value, others) if finding.category in MARKED else []
    published = article.published.isoformat() if article.published else "date unknown"
    shown_value = f'<p class="value">{marked(value, spans)}</p>' if value else ""
    return (f'<div class="side"><p class="outlet"><strong>{story.name(evidence.source)}</strong> '
            f'<span class="muted">{esc(published)}</span></p>{shown_value}\n'
            f'<blockquote>{marked(evidence.quote, in_quote(evidence.quote, value, spans))}</blockquote>\n'
            f'<p class="muted">{story.link(evidence.source, evidence.line)}</p></div>')


def _finding_block(story: Story, finding: Finding) -> str:
    sides = "\n".join(_side(story, finding, i) for i in range(len(finding.evidence)))
    return (f'<section class="finding" id="{esc(anchor_id(finding))}">\n<h3>{esc(finding.message)}</h3>\n'
            f'<p class="muted">{badge(finding.severity)} rule <code>{esc(finding.rule)}</code> · '
            f'id <code>{esc(finding.id)}</code></p>\n<div class="sides">\n{sides}\n</div>\n</section>')


def _quotes(story: Story, finding: Finding) -> tuple[str, str]:
    """Every quote of a finding (grouped remarks have several) and the links to their lines."""
    quotes = "<br>".join(esc(e.quote) for e in finding.evidence)
    return quotes, "<br>".join(story.link(e.source, e.line) for e in finding.evidence)


def _single_sources(story: Story, findings: list[Finding]) -> str:
    blocks = []
    for source, chosen in by_source(findings):
        rows = []
        for finding in chosen:
            quote, where = _quotes(story, finding)
            claim = f'<span id="{esc(anchor_id(finding))}">{esc(finding.claim or finding.message)}</span>'
            rows.append([claim, badge(finding.severity), quote, where])
        count = plural(len(chosen), "claim")
        blocks.append(f'<details>\n<summary>Only in {story.name(source)} <span class="muted">({count})</span></summary>\n'
                      + table(["claim", "severity", "quote", "where"], rows, ("26%", "9%", "45%", "20%")) + "\n</details>")
    return "\n".join(blocks)


def _agreements(story: Story, findings: list[Finding]) -> str:
    origins = origins_of(story.result)
    rows = []
    for claim, group in by_claim(findings):
        sources = sorted({s for f in group for s in f.sources})
        places = [story.link(e.source, e.line) for e in first_quotes(group)]
        anchors = "".join(f'<span id="{esc(anchor_id(f))}"></span>' for f in group)
        put = "<br>".join(f"{story.name(s)}: {esc(' / '.join(v))}" for s, v in said(group).items())
        rows.append([anchors + esc(claim), str(len(sources)), str(origins(group)), put, "<br>".join(places)])
    return table(["claim", "sources", "independent origins", "as the sources put it", "where"], rows,
                 ("24%", "8%", "10%", "33%", "25%"), "lrr")


def _entities(story: Story) -> str:
    rows = []
    for entity in story.result.entities:
        forms = "<br>".join(f"{story.name(s)}: {esc(', '.join(v))}" for s, v in entity.surface_forms.items())
        reasons = "<br>".join(f"{esc(form)} → {esc(reason)}" for form, _into, reason, _field in entity.merges)
        rows.append([esc(entity.name), esc(entity.type), forms, reasons])
    return table(["entity", "type", "surface forms per source", "merged because"], rows, ("25%", "8%", "37%", "30%"))


def _source_row(article: Article, report_dir: str) -> list[str]:
    published = article.published.isoformat() if article.published else "unknown (relative dates unresolved)"
    url = f'<a href="{esc(article.url)}" rel="noreferrer">{esc(article.url)}</a>' if article.url else ""
    path = f'<a href="{href(article.path, report_dir)}">{esc(article.path)}</a>'
    return [esc(article.id), esc(article.outlet), esc(published), path, url]


def _waived(story: Story, waived: tuple[Waiver, ...]) -> str:
    kinds = Counter(w.kind for w in waived)
    rows = [[esc(w.kind), badge(w.finding.severity), f"<code>{esc(w.finding.rule)}</code>", esc(w.finding.message),
             esc(w.reason or "(no reason given)"), line_link(w.path, w.line, story.report_dir),
             f"<code>{esc(w.finding.id)}</code>"]
            for w in sorted(waived, key=lambda w: (w.kind, finding_order(w.finding)))]
    summary = f"{plural(kinds['baselined'], 'baselined finding')}, {plural(kinds['suppressed'], 'suppressed finding')}"
    return (f"<details>\n<summary>{esc(summary)}</summary>\n" + table(
        ["status", "severity", "rule", "finding", "reason", "where", "id"], rows,
        ("9%", "9%", "13%", "25%", "17%", "15%", "12%")) + "\n</details>")


def _section(story: Story, title: str, body: str, count: int | None = None) -> str:
    shown = f' <span class="muted">({count})</span>' if count is not None else ""
    return (f'<section id="{esc(story.section_id(title))}">\n<h2>{esc(title)}{shown}</h2>\n'
            f'{body or "<p>None.</p>"}\n</section>')


def _story(story: Story) -> Iterable[str]:
    result = story.result
    yield _header(story)
    for category, title in SECTIONS:
        chosen = [f for f in result.findings if f.category == category]
        if not chosen:
            body = ""
        elif category == "single_source":
            body = _single_sources(story, chosen)
        elif category == "agreement":
            body = _agreements(story, chosen)
        else:
            body = "\n".join(_finding_block(story, f) for f in chosen)
        yield _section(story, title, body, len(chosen))
    yield _section(story, "Entities", _entities(story) if result.entities else "", len(result.entities))
    sources = [_source_row(a, story.report_dir) for a in result.articles]
    yield _section(story, "Sources", table(["id", "outlet", "published", "file", "url"], sources,
                                           ("12%", "14%", "16%", "28%", "30%")) if sources else "")
    yield _section(story, "Baselined and suppressed", _waived(story, result.waived) if result.waived else "",
                   len(result.waived))


def render_html(results: list[StoryResult], report_dir: str = "") -> str:
    """One HTML page for the stories (ids prefixed by the story when there are several); deterministic."""
    several = len(results) > 1
    parts = []
    for result in results:
        story = Story(result, report_dir, f"{'-'.join(result.story.split())}-" if several else "")
        parts.append('<article class="story">\n' + "\n".join(_story(story)) + "\n</article>")
    title = f"{results[0].story if len(results) == 1 else plural(len(results), 'story', 'stories')}: cross-source check"
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(parts) + "\n</main>\n</body>\n</html>\n")
