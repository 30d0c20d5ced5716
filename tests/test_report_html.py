"""The example report rendered to HTML and laid out by headless Chromium: layout, not pixels.

The example story is checked with one finding suppressed inline, so every part of the report is
there, the collapsed <details> block included. markdown-it-py renders it (GFM tables, raw HTML
on, as GitHub does); Chromium loads the page, a script measures the layout into the DOM, and
``--dump-dom`` hands it back; ``--screenshot`` must give a full, non-blank PNG. Skipped when no
Chromium binary is installed (``.ci/run`` installs Debian's ``chromium`` when it runs as root).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from conftest import EXAMPLE, REPO_ROOT, invoke

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars")
WIDTH, HEIGHT = 1280, 2400

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
    target = work / "reports" / f"{EXAMPLE}.html"
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
