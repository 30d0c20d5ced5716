"""The HTML reports: the Markdown report as GitHub shows it, and checker's own HTML report.

Layout, not pixels, in headless Chromium for both. The HTML report is also read with Python's
``html.parser`` (sections in order, everything escaped, quotes linked to their lines) and rendered
under several hash seeds (same bytes).

The Markdown part: the example report rendered to HTML and laid out by headless Chromium.

The example story is checked with one finding suppressed inline, so every part of the report is
there, the collapsed <details> block included. markdown-it-py renders it (GFM tables, raw HTML
on, as GitHub does); Chromium loads the page, a script measures the layout into the DOM, and
``--dump-dom`` hands it back; ``--screenshot`` must give a full, non-blank PNG. Skipped when no
Chromium binary is installed (``.ci/run`` installs Debian's ``chromium`` when it runs as root).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from checker.model import Article, Entity, Evidence, Finding, StoryResult
from checker.report.html import render_html
from conftest import EXAMPLE, REPO_ROOT, ExampleRun, invoke

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars")
WIDTH, HEIGHT = 1280, 2400
#: Invented stories that, with the example, give a page of at least 36 findings.
MANY_FINDINGS = ("corvane-monterrey-plant", "veltro-van-plant-expansion")

#: Measures what a reader sees and writes it, as JSON, into <pre id="layout">.
MEASURE = """
const box = (e) => e.getBoundingClientRect();
// Closed <details> hide their content with content-visibility, which only checkVisibility() sees.
const visible = (e) => { const b = box(e); return b.width > 0 && b.height > 0 && e.checkVisibility(); };
const tables = [...document.querySelectorAll("table")].map((t) => ({
  header: t.querySelectorAll("thead th").length,
  rows: [...t.querySelectorAll("tbody tr")].map((r) => r.children.length),
  visible: visible(t), inDetails: !!t.closest("details"),
  fits: box(t).right <= document.documentElement.clientWidth + 1,
}));
const links = [...document.querySelectorAll("a[href]")].map((a) => ({
  href: a.getAttribute("href"), visible: visible(a), inDetails: !!a.closest("details"),
  target: a.getAttribute("href").startsWith("#") ? !!document.getElementById(a.getAttribute("href").slice(1)) : null,
}));
const h2 = [...document.querySelectorAll("h2")].map((h) => ({text: h.textContent, top: box(h).top}));
const details = [...document.querySelectorAll("details")].map((d) => ({open: d.open,
  summary: d.querySelector("summary").textContent, summaryVisible: visible(d.querySelector("summary"))}));
document.getElementById("layout").textContent = JSON.stringify({tables, links, h2, details,
  pageWidth: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth});
"""

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font: 14px/1.5 sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px; }}
table {{ border-collapse: collapse; margin: 8px 0; display: block; max-width: 100%; overflow-x: auto; }}
th, td {{ border: 1px solid #d0d7de; padding: 4px 8px; vertical-align: top; overflow-wrap: anywhere; }}
code {{ background: #eff1f3; padding: 0 4px; }}
</style></head>
<body>
{body}
<pre id="layout"></pre>
<script>{script}</script>
</body></html>
"""


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium binary (apt-get install chromium)")


def run_browser(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [binary, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},{HEIGHT}", *args]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.skip("Chromium did not finish in 120 s")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The example report (one finding suppressed inline) as an HTML file next to sources/, and its Markdown."""
    work = tmp_path_factory.mktemp("html-report")
    shutil.copytree(REPO_ROOT / "sources" / EXAMPLE, work / "sources" / EXAMPLE)
    shutil.copy(REPO_ROOT / "rules.yaml", work / "rules.yaml")
    article = work / "sources" / EXAMPLE / "bloomberg.md"
    marker = "The billionaire also met"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace(marker, "<!-- checker: ignore role-consistency both are right -->\n" + marker),
                       encoding="utf-8")
    result = invoke(["check", f"sources/{EXAMPLE}", "--report-dir", "reports", "--no-cache", "-q"], work)
    assert result.exit_code == 0, result.output
    markdown = (work / "reports" / f"{EXAMPLE}.md").read_text(encoding="utf-8")
    assert "<details>" in markdown
    body = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    target = work / "reports" / f"{EXAMPLE}.md.html"  # beside checker's own reports/<story>.html
    target.write_text(PAGE.format(title=EXAMPLE, body=body, script=MEASURE), encoding="utf-8")
    return target, markdown


def test_chromium_lays_out_every_table_and_link(page: tuple[Path, str], tmp_path: Path) -> None:
    target, markdown = page
    done = run_browser(browser(), tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom", target.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="layout">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found and found.group(1), done.stdout[-2000:]
    layout: dict[str, Any] = json.loads(html.unescape(found.group(1)))

    tables = layout["tables"]
    assert len(tables) == sum(1 for line in markdown.splitlines() if re.fullmatch(r"\|(---:?\|)+", line))
    for table in tables:
        assert table["header"] >= 2 and set(table["rows"]) == {table["header"]}, table
        assert table["visible"] is not table["inDetails"], table  # shown, or folded away in <details>
        assert table["fits"], table
    assert layout["pageWidth"] <= layout["viewport"] + 1  # no sideways scrolling

    tops = [h["top"] for h in layout["h2"]]
    assert [h["text"] for h in layout["h2"]][:2] == ["Summary", "Findings"]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)

    links = layout["links"]
    assert sum(1 for link in links if link["href"].startswith("#finding-")) >= 20
    for link in links:
        if link["target"] is not None:
            assert link["target"], link  # every in-page link lands on a finding
        assert link["visible"] is not link["inDetails"], link
    files = {link["href"].split("#")[0] for link in links if not link["href"].startswith(("#", "http"))}
    assert files and all((target.parent / f).resolve().is_file() for f in files)

    assert layout["details"] == [{"open": False, "summary": "0 baselined findings, 1 suppressed finding",
                                  "summaryVisible": True}]


def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if kind == b"IDAT":
            chunks.append(data[offset + 8:offset + 8 + length])
        offset += 12 + length
    return width, height, zlib.decompress(b"".join(chunks))


def test_chromium_screenshot_is_a_full_page(page: tuple[Path, str], tmp_path: Path) -> None:
    target, _ = page
    shot = tmp_path / "report.png"
    done = run_browser(browser(), tmp_path / "profile", f"--screenshot={shot}", target.as_uri())
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(set(pixels)) > 16  # text, borders and code backgrounds, not a blank page


# --- checker's own HTML report (checker.report.html) ------------------------------------------

HTML_SECTIONS = ["Discrepancies", "Unconfirmed claims", "Naming differences", "Single-source claims", "Agreements",
                 "Entities", "Sources", "Baselined and suppressed"]


class Outline(HTMLParser):
    """What a reader of the page meets, in document order: headings, the verdict, marks, links, tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.open: list[tuple[str, dict[str, str]]] = []
        self.h2: list[str] = []
        self.order: list[str] = []  # "verdict", then each h2's text, as they come
        self.marks: list[str] = []
        self.links: list[dict[str, str]] = []
        self.ids: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if "id" in found:
            self.ids.append(found["id"])
        if tag == "a" and "href" in found:
            self.links.append({**found, "in": " ".join(t for t, _ in self.open)})
        if tag == "p" and "verdict" in found.get("class", "").split():
            self.order.append("verdict")
        if tag not in ("br", "col", "meta"):
            self.open.append((tag, found))
            self.text.append("")

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, _ = self.open.pop()
            text = self.text.pop()
            if self.text:
                self.text[-1] += text
            if name == "h2":
                self.h2.append(re.sub(r"\s*\(\d+\)$", "", text))
                self.order.append(self.h2[-1])
            if name == "mark":
                self.marks.append(text)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.text:
            self.text[-1] += data


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    parser.close()
    return parser


def desk_story() -> StoryResult:
    """An invented story whose outlet names, values and quotes are full of markup characters."""
    def article(source: str, outlet: str) -> Article:
        return Article(id=source, story="desk <story>", path=f"sources/desk story/{source}.md", outlet=outlet,
                       published=date(2024, 5, 2), url=f"https://example.org/{source}?a=1&b=<2>", title=None,
                       author=None, role=None, text="", body_start=0, line_starts=(0,))

    def finding(n: int, category: str, values: dict[str, str], quotes: dict[str, tuple[str, int]],
                message: str) -> Finding:
        evidence = tuple(Evidence(s, q, line, 0, len(q)) for s, (q, line) in quotes.items())
        return Finding(id=f"{n:016x}", rule="role-consistency" if category == "discrepancy" else "corroboration",
                       category=category, severity="warning" if category == "discrepancy" else "info",
                       entities=("Jane Roe",), field="role", values=values, sources=tuple(sorted(quotes)),
                       evidence=evidence, message=message, claim=message.split(":")[0])

    herald = 'Jane Roe, CEO of Acme <Holdings>, said <script>alert("x")</script> & left.'
    wire = "Acme <Holdings> chairman Jane Roe spoke on Friday."
    findings = (
        finding(1, "discrepancy", {"herald": "CEO of Acme <Holdings>", "wire": "chairman of Acme <Holdings>"},
                {"herald": (herald, 3), "wire": (wire, 5)}, "Jane Roe's role: <b>CEO</b> or chairman"),
        finding(2, "single_source", {"herald": "Jane Roe left"}, {"herald": (herald, 3)}, "Jane Roe left: only one"),
        finding(3, "agreement", {"herald": "time: Friday", "wire": "time: Friday"},
                {"herald": (herald, 3), "wire": (wire, 5)}, "Jane Roe spoke: two agree"),
    )
    entity = Entity("e1", "Jane Roe", "PERSON", {"herald": ("Jane Roe",), "wire": ("Jane Roe", "Roe")})
    return StoryResult(story="desk <story>", articles=(article("herald", "Herald & <Sons>"), article("wire", "Wire")),
                       entities=(entity,), assertions=pd.DataFrame(), findings=findings)


def test_html_escapes_everything_and_marks_the_differing_words() -> None:
    page = render_html([desk_story()], "reports")
    found = outline(page)
    assert "script" not in found.tags and "b" not in found.tags  # quotes and messages stay text
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert 'said <script>alert("x")</script> & left.' in text and "Herald & <Sons>" in text
    assert sorted(found.marks) == ["CEO", "CEO", "chairman", "chairman"]  # in each value and in its quote
    assert found.order == ["verdict", *HTML_SECTIONS]
    where = [link["href"] for link in found.links if link.get("class") == "where"]
    assert "../sources/desk%20story/herald.md#L3" in where and "../sources/desk%20story/wire.md#L5" in where
    assert {"finding-0000000000000001", "finding-0000000000000002", "finding-0000000000000003"} <= set(found.ids)
    assert len(found.ids) == len(set(found.ids))


def test_html_is_the_same_bytes_under_any_hash_seed() -> None:
    script = ("import sys; sys.path.insert(0, sys.argv[1]); import test_report_html as t; "
              "from checker.report.html import render_html; sys.stdout.write(render_html([t.desk_story()], 'r'))")
    pages = {subprocess.run([sys.executable, "-c", script, str(Path(__file__).parent)], capture_output=True,
                            text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
             for seed in ("1", "2", "3")}
    assert len(pages) == 1 and pages == {render_html([desk_story()], "r")}


def test_html_report_of_the_example(example_run: ExampleRun) -> None:
    page = (example_run.report_dir / f"{EXAMPLE}.html").read_text(encoding="utf-8")
    found = outline(page)
    assert found.order == ["verdict", *HTML_SECTIONS]
    assert not {"script", "link", "img", "iframe", "object"} & set(found.tags)  # nothing fetched, nothing run
    assert "url(" not in page and "@import" not in page and "src=" not in page
    assert {f"finding-{f['id']}" for f in example_run.story["findings"]} <= set(found.ids)
    hrefs = {link["href"] for link in found.links}
    for finding in example_run.story["findings"]:
        for evidence in finding["evidence"]:
            path = next(s["path"] for s in example_run.story["sources"] if s["id"] == evidence["source"])
            link = f"{os.path.relpath(REPO_ROOT / path, example_run.report_dir)}#L{evidence['line']}"
            assert link in hrefs, link  # every quote links to its line
    assert all((example_run.report_dir / h.split("#")[0]).is_file() for h in hrefs if not h.startswith(("#", "http")))
    single = [link for link in found.links if "details" in link["in"].split()]
    # one link per quote of each single-source finding (grouped remarks have several)
    assert len(single) == sum(len(f["evidence"]) for f in example_run.story["findings"] if f["category"] == "single_source")


def test_html_format_to_a_file_is_the_written_report(tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "sources" / EXAMPLE, tmp_path / "sources" / EXAMPLE)
    args = ["check", f"sources/{EXAMPLE}", "--no-cache", "-q", "--format", "html", "--output", "reports/all.html"]
    assert invoke(args, tmp_path).exit_code == 0
    assert (tmp_path / "reports" / "all.html").read_bytes() == (tmp_path / "reports" / f"{EXAMPLE}.html").read_bytes()


#: Opens every <details>, then measures what a reader of the HTML report sees.
MEASURE_REPORT = """
const box = (e) => e.getBoundingClientRect();
const verdict = box(document.querySelector(".verdict"));
const closedWidth = document.documentElement.scrollWidth;
document.querySelectorAll("details").forEach((d) => { d.open = true; });
const sides = [...document.querySelectorAll(".finding")].map((f) =>
  [...f.querySelectorAll(":scope > .sides > .side")].map((s) => ({left: box(s).left, top: box(s).top})));
const out = document.createElement("pre");
out.id = "layout";
out.textContent = JSON.stringify({verdictTop: verdict.top, verdictBottom: verdict.bottom,
  h2: [...document.querySelectorAll("h2")].map((h) => box(h).top), closedWidth,
  openWidth: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
  wide: [...document.querySelectorAll("table, .side, blockquote")].filter((e) => box(e).right > innerWidth + 1).length,
  marks: [...document.querySelectorAll("mark")].filter((m) => box(m).width > 0).length, sides});
document.body.appendChild(out);
"""


@pytest.fixture(scope="module")
def measured(example_run: ExampleRun, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An HTML report of at least 36 findings (the example and two invented stories on one page) laid
    out by Chromium at 1280 px, with its <details> opened."""
    binary = browser()
    work = tmp_path_factory.mktemp("html-many")
    stories = [REPO_ROOT / "sources" / EXAMPLE, *(REPO_ROOT / "tests" / "stories" / s for s in MANY_FINDINGS)]
    for story in stories:
        shutil.copytree(story, work / "sources" / story.name, ignore=shutil.ignore_patterns("expected.yaml"))
    args = ["check", *(f"sources/{s.name}" for s in stories), "--no-cache", "-q", "--format", "json"]
    result = invoke(args, work)
    assert sum(len(s["findings"]) for s in json.loads(result.stdout)["stories"]) >= 36
    assert invoke([*args[:-1], "html", "--output", "reports/all.html"], work).exit_code in (0, 1)
    # A sibling of the report folder, so the report's relative links still lead to the articles.
    folder = work / "html-layout"
    folder.mkdir()
    page = (work / "reports" / "all.html").read_text(encoding="utf-8")
    target = folder / "measured.html"
    target.write_text(page.replace("</body>", f"<script>{MEASURE_REPORT}</script>\n</body>"), encoding="utf-8")
    done = run_browser(binary, folder / "profile", "--virtual-time-budget=5000", "--dump-dom", target.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="layout">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found and found.group(1), done.stdout[-2000:]
    return dict(json.loads(html.unescape(found.group(1))))


def test_chromium_html_report_fits_1280_px_and_opens_with_the_verdict(measured: dict[str, Any]) -> None:
    assert measured["viewport"] == WIDTH
    assert measured["closedWidth"] <= WIDTH and measured["openWidth"] <= WIDTH  # no sideways scrolling
    assert measured["wide"] == 0
    assert measured["verdictTop"] < 150 and measured["verdictBottom"] < min(measured["h2"])
    assert measured["h2"] == sorted(measured["h2"])
    assert measured["marks"] >= 4
    pairs = [sides for sides in measured["sides"] if len(sides) >= 2]
    assert pairs and all(sides[0]["top"] == sides[1]["top"] and sides[0]["left"] < sides[1]["left"]
                         for sides in pairs)  # the quotes side by side


def test_chromium_screenshot_of_the_html_report(example_run: ExampleRun, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    target = (example_run.report_dir / f"{EXAMPLE}.html").as_uri()
    done = run_browser(browser(), tmp_path / "profile", f"--screenshot={shot}", target)
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT) and len(set(pixels)) > 16
