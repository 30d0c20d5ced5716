"""Every Markdown report rendered with markdown-it-py (GFM tables on): headings, table shapes, links.

Reports checked: the committed example report, a fresh report of every annotated story under
tests/stories, and hand-made stories that exercise the caps ("…and N more"), the baselined and
suppressed block and empty sections.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from checker.model import ASSERTION_COLUMNS, RESOLVED_COLUMNS, Article, Evidence, Finding, StoryResult, Waiver
from checker.report.markdown import MAX_EVIDENCE, render_markdown
from checker.report.markdown_claims import MAX_MATRIX, MAX_ONLY_IN
from conftest import REPO_ROOT, STORIES_DIR, invoke

H2 = ["Summary", "Findings", "Discrepancies", "Unconfirmed claims", "Naming differences", "Single-source claims",
      "Agreements", "Sources × claims", "Entities", "Sources", "Baselined and suppressed"]
#: Sections whose blocks have ``###`` headings.
WITH_H3 = {"Discrepancies", "Unconfirmed claims", "Naming differences", "Single-source claims"}
#: Columns of the tables of each section (the matrix has one column per source after "claim").
COLUMNS = {"Summary": [6, 5], "Findings": [6], "Discrepancies": [5], "Unconfirmed claims": [5],
           "Naming differences": [5], "Single-source claims": [4], "Agreements": [5], "Entities": [4],
           "Sources": [5], "Baselined and suppressed": [7]}
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def walk(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(walk(token.children or []))
    return out


def tables(tokens: list[Token]) -> list[tuple[str, list[int]]]:
    """(section, cells per row) of every table, header row first."""
    found, section, rows, cells = [], "", None, 0
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            section = tokens[i + 1].content
        elif token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close" and rows is not None:
            rows.append(cells)
        elif token.type == "table_close" and rows is not None:
            found.append((section, rows))
            rows = None
    return found


def check_structure(markdown: str, report_dir: Path, sources: int) -> None:
    """What a reader relies on: the outline, tables that render as tables, links that lead somewhere."""
    md = parser()
    tokens = md.parse(markdown)
    html = md.render(markdown)
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0][0] == "h1" and headings[0][1].endswith(": cross-source check")
    assert [text for tag, text in headings if tag == "h2"] == H2
    assert [tag for tag, _ in headings].count("h1") == 1
    current = ""
    for tag, text in headings[1:]:
        if tag == "h2":
            current = text
        else:
            assert tag == "h3" and current in WITH_H3, (tag, text, current)

    for section, rows in tables(tokens):
        expected = COLUMNS.get(section, [1 + sources])
        assert rows[0] in expected, (section, rows[0])
        assert set(rows) == {rows[0]}, (section, rows)
    # markdown-it pads or cuts rows to the header's width: count the raw cells too.
    for line in markdown.splitlines():
        if line.startswith("|"):
            assert line.endswith("|") and not line.endswith("\\|"), line
    blocks = re.split(r"\n(?!\|)", markdown)
    for block in blocks:
        widths = {len(_CELL_SPLIT.split(line)) for line in block.splitlines() if line.startswith("|")}
        assert len(widths) <= 1, block[:200]
    assert "<p>|" not in html and "<p>| " not in html  # every table row rendered inside a table

    ids = set(re.findall(r'<a id="([^"]+)"></a>', html))
    links = [t.attrs["href"] for t in walk(tokens) if t.type == "link_open"]
    assert links
    for href in links:
        href = str(href)
        if href.startswith("#"):
            assert href[1:] in ids, href
        elif href.startswith(("http://", "https://")):
            continue
        else:
            path, _, fragment = href.partition("#")
            target = (report_dir / path.replace("%20", " ")).resolve()
            assert target.is_file(), href
            if fragment:
                line = int(fragment.removeprefix("L"))
                assert 1 <= line <= len(target.read_text(encoding="utf-8").splitlines()), href
    for anchor in ids:
        assert f'href="#{anchor}"' in html, anchor  # every finding is reachable from the findings table


def test_committed_example_report() -> None:
    report = REPO_ROOT / "reports" / "musk-china-2023.md"
    check_structure(report.read_text(encoding="utf-8"), report.parent, sources=2)


@pytest.fixture(scope="module")
def story_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("story-reports")
    result = invoke(["check", "tests/stories", "--report-dir", str(out), "--no-cache", "-q", "--fail-on", "never"],
                    REPO_ROOT)
    assert result.exit_code == 0, result.output
    return out


def story_names() -> list[str]:
    return sorted(p.name for p in STORIES_DIR.iterdir() if p.is_dir() and any(p.glob("*.md")))


@pytest.mark.parametrize("name", story_names())
def test_every_story_report(story_reports: Path, name: str) -> None:
    sources = len([p for p in (STORIES_DIR / name).glob("*.md") if p.stem.lower() != "readme"])
    check_structure((story_reports / f"{name}.md").read_text(encoding="utf-8"), story_reports, sources)


# --- hand-made stories: caps, waivers, empty sections ---------------------------------------------------------------

def article(source: str, outlet: str, lines: int = 80) -> Article:
    return Article(id=source, story="long-story", path=f"sources/long-story/{source}.md", outlet=outlet,
                   published=date(2024, 5, 1), url=f"https://example.org/{source}", title=None, author=None,
                   role=None, text="", body_start=0, line_starts=tuple(range(lines)))


def finding(fid: str, category: str, severity: str, claim: str, sources: list[str], quotes: int = 1,
            values: dict[str, str] | None = None, rule: str = "rule-x") -> Finding:
    evidence = tuple(Evidence(s, f"{claim} | said {s} ({n})", 2 + n, n * 10, n * 10 + 5)
                     for s in sources for n in range(quotes))
    return Finding(id=fid, rule=rule, category=category, severity=severity, entities=("Ada Vale",),
                   field="time" if category == "discrepancy" else None,
                   values=values or {s: f"value of {s}" for s in sources}, sources=tuple(sources),
                   evidence=evidence, message=f"{claim}: {category}", claim=claim)


def long_story(tmp: Path) -> StoryResult:
    arts = (article("wire", "Wire"), article("herald", "Herald"), article("post", "Wire"))
    for a in arts:
        path = tmp / a.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("line\n" * 80, encoding="utf-8")
    findings = [finding("d1", "discrepancy", "error", "Ada Vale arrived", ["wire", "herald", "post"], quotes=4,
                        values={"wire": "Tuesday", "herald": "Wednesday", "post": "Tuesday"})]
    findings += [finding(f"u{i:02}", "unconfirmed", "warning", f"Claim {i:02} nobody confirms", ["herald"])
                 for i in range(MAX_MATRIX)]
    findings += [finding(f"s{i:02}", "single_source", "info", f"Only-wire claim {i:02}", ["wire"])
                 for i in range(MAX_ONLY_IN + 3)]
    findings += [finding("a1", "agreement", "info", "Ada Vale is mayor", ["wire", "herald"], quotes=3),
                 finding("a2", "agreement", "info", "Ada Vale is mayor", ["herald", "post"], rule="rule-y")]
    table = pd.DataFrame(columns=list(ASSERTION_COLUMNS + RESOLVED_COLUMNS))
    waived = (Waiver(finding("w1", "naming", "warning", "Vale | Vail", ["wire"]), "baselined", "known | fine",
                     "checker-baseline.yaml", 7),
              Waiver(finding("w2", "discrepancy", "error", "Old claim", ["herald"]), "suppressed", "",
                     "sources/long-story/herald.md", 3))
    (tmp / "checker-baseline.yaml").write_text("x\n" * 10, encoding="utf-8")
    return StoryResult(story="long-story", articles=arts, entities=(), assertions=table, findings=tuple(findings),
                       waived=waived)


def test_a_long_report_is_capped_and_keeps_its_shape(tmp_path: Path) -> None:
    result = long_story(tmp_path)
    markdown = render_markdown(result, "reports")
    (tmp_path / "reports").mkdir()
    check_structure(markdown, tmp_path / "reports", sources=3)
    assert f"…and {3 * 4 - MAX_EVIDENCE} more quotes." in markdown
    assert "…and 3 more claims only this source carries." in markdown
    assert "…and 2 more claims." in markdown  # matrix: 1 + 25 + 1 claims, 25 shown
    assert "| claim | Wire (wire) | Herald | Wire (post) |" in markdown  # two articles of one outlet
    assert "| Ada Vale arrived (time) | agrees | differs | agrees |" in markdown  # the majority value agrees
    assert re.search(r"\| <a id=\"finding-a1\"></a><a id=\"finding-a2\"></a>Ada Vale is mayor \| 3 \| 2 \|", markdown)
    assert "<summary>1 baselined finding, 1 suppressed finding</summary>" in markdown
    assert "| baselined | `warning` | `rule-x` | Vale \\| Vail: naming | known \\| fine |" in markdown
    assert "[checker-baseline.yaml:7](../checker-baseline.yaml#L7)" in markdown
    assert render_markdown(result, "reports") == markdown  # deterministic


def test_an_empty_story_has_every_section(tmp_path: Path) -> None:
    result = replace(long_story(tmp_path), findings=(), waived=())
    markdown = render_markdown(result, "reports")
    (tmp_path / "reports").mkdir()
    check_structure(markdown, tmp_path / "reports", sources=3)
    assert markdown.count("None.") == 9
    assert "**Verdict: no contradiction and nothing left unconfirmed.**" in markdown
