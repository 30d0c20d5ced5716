"""Pieces of the Markdown report: table cells, links to article lines, bold compared words, anchors.

Everything here returns GitHub-flavoured Markdown that stays inside one table cell: no line
breaks, ``|`` escaped. Links are relative to the folder the report is written to.
"""

from __future__ import annotations

import re

from checker.model import Finding
from checker.report.outline import STOPWORDS, anchor_id, target

#: Longest value shown in a table cell before it is cut with "…".
MAX_VALUE = 90


def cell(text: object) -> str:
    """One table cell: whitespace folded to single spaces, ``|`` escaped."""
    return re.sub(r"\s+", " ", str(text)).replace("|", "\\|").strip()


def short(text: str, limit: int = MAX_VALUE) -> str:
    """``text`` as a cell, cut at a word boundary with "…" when longer than ``limit``."""
    text = cell(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    # A trailing backslash would escape the ellipsis' neighbour; keep escapes whole.
    return cut.rstrip("\\") + "…"


def table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A GFM table; ``align`` has one character per column (``r`` right, anything else left)."""
    rules = ["---:" if align[i:i + 1] == "r" else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(rules) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def line_link(path: str, line: int, report_dir: str) -> str:
    """``[path:line](relative/path#Lline)``: opens the file at the line on GitHub and in local viewers."""
    return f"[{cell(path)}:{line}]({target(path, report_dir).replace(' ', '%20')}#L{line})"


def anchor(finding: Finding) -> str:
    """An empty ``<a id>`` that the findings table links to."""
    return f'<a id="{anchor_id(finding)}"></a>'


def finding_link(finding: Finding) -> str:
    """A link to the finding's place in the report, labelled with its id."""
    return f"[`{finding.id}`](#{anchor_id(finding)})"


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text) if len(w) > 2 or w.isupper()} - STOPWORDS


def bold(quote: str, value: str, others: tuple[str, ...] = ()) -> str:
    """The quote as a cell with the compared words in bold (first match of each).

    Each part of the value (split at ``;``, ``,`` and brackets) is bolded where the quote has it
    word for word; when no part is there, the words of the value that the ``others`` (the values
    of the other sources) lack are bolded instead: "CEO" against "chairman".
    """
    out = cell(quote)
    parts = {w.strip() for w in re.split(r"[;,()]+", value) if len(w.strip()) > 2}
    for part in sorted(parts, key=lambda w: (-len(w), w)):
        pattern = re.compile(rf"(?<![\w*]){re.escape(cell(part))}(?![\w*])", re.IGNORECASE)
        out = pattern.sub(lambda m: f"**{m.group(0)}**", out, count=1)
    if "**" in out or not others:
        return out
    distinctive = _words(value) - set().union(*(_words(o) for o in others))
    for word in sorted(distinctive):
        pattern = re.compile(rf"(?<![\w*]){re.escape(word)}(?![\w*])", re.IGNORECASE)
        out = pattern.sub(lambda m: f"**{m.group(0)}**", out, count=1)
    return out

