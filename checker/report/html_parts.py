"""Pieces of the HTML report: escaping, links to article lines, tables, and the marked words.

Every function takes plain text and returns HTML in which all of that text is escaped; only
the markup written here is raw. The differing words of a discrepancy come from ``difflib`` over
the tokens of the sources' values, so "CEO of X" against "chairman of X" marks "CEO" and
"chairman", and the same words are then marked where the quotes have them.
"""

from __future__ import annotations

import difflib
import html
import re
from urllib.parse import quote as url_quote

from checker.report.outline import STOPWORDS, target

#: A word or number: "2023-05-30", "one-third", "U.S" and "Ostrova's" stay one token.
TOKEN = re.compile(r"\w+(?:[-.:/'’]\w+)*")
Span = tuple[int, int]


def esc(text: object) -> str:
    """``text`` with ``& < > " '`` escaped, safe in element content and in quoted attributes."""
    return html.escape(str(text), quote=True)


def href(path: str, report_dir: str, line: int | None = None) -> str:
    """The escaped, percent-encoded link from the report's folder to ``path`` (at ``#L<line>``)."""
    link = url_quote(target(path, report_dir), safe="/")
    return esc(link + (f"#L{line}" if line is not None else ""))


def line_link(path: str, line: int, report_dir: str) -> str:
    """``<a href="relative/path#Lline">path:line</a>``, as the Markdown report links a quote."""
    return f'<a class="where" href="{href(path, report_dir, line)}">{esc(path)}:{line}</a>'


def badge(severity: str) -> str:
    """The severity as a small coloured label."""
    return f'<span class="badge {esc(severity)}">{esc(severity)}</span>'


def table(header: list[str], rows: list[list[str]], widths: tuple[str, ...] = (), numeric: str = "") -> str:
    """A table of already-escaped cells; ``widths`` per column (CSS), ``numeric`` marks right-aligned ones with ``r``."""
    def cls(i: int) -> str:
        return ' class="n"' if numeric[i:i + 1] == "r" else ""

    cols = "".join(f'<col style="width:{w}">' for w in widths)
    head = "".join(f"<th{cls(i)}>{esc(h)}</th>" for i, h in enumerate(header))
    body = "\n".join("<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows)
    fixed = ' class="fixed"' if widths else ""
    return (f"<table{fixed}>" + (f"<colgroup>{cols}</colgroup>" if cols else "")
            + f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>")


def _joined(spans: list[Span], text: str) -> list[Span]:
    """Spans in order, neighbours apart by spaces and at most a stop or comma ("Co. Ltd") merged into one."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start >= merged[-1][1] and re.fullmatch(r"[.,]?\s*", text[merged[-1][1]:start]):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif not merged or start >= merged[-1][1]:
            merged.append((start, end))
    return merged


def differing(value: str, others: tuple[str, ...]) -> list[Span]:
    """Character spans of the tokens of ``value`` that another source's value lacks (difflib over tokens)."""
    tokens = list(TOKEN.finditer(value))
    words = [t.group(0).lower() for t in tokens]
    lacking: set[int] = set()
    for other in sorted({o for o in others if o.lower() != value.lower()}):
        matcher = difflib.SequenceMatcher(None, words, [t.group(0).lower() for t in TOKEN.finditer(other)],
                                          autojunk=False)
        same = {i for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)}
        lacking.update(i for i in range(len(words)) if i not in same)
    return _joined([tokens[i].span() for i in sorted(lacking)], value)


def _telling(word: str) -> bool:
    return (len(word) > 2 or word.isupper()) and word.lower() not in STOPWORDS


def _phrase(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)


def in_quote(quote: str, value: str, spans: list[Span]) -> list[Span]:
    """Where the quote has the differing words of ``value`` (``spans`` from ``differing``).

    A differing phrase is marked whole where the quote has it ("Velmont Foods
    Co. Ltd"); otherwise each of its telling words is, at its first match.
    """
    found: list[Span] = []

    def mark(words: list[str]) -> bool:
        for match in _phrase(words).finditer(quote):
            if not any(s < match.end() and match.start() < e for s, e in found):
                found.append(match.span())
                return True
        return False

    for start, end in spans:
        words = [m.group(0) for m in TOKEN.finditer(value[start:end])]
        if words and not mark(words):
            for word in sorted({w for w in words if _telling(w)}, key=lambda w: (-len(w), w.lower(), w)):
                mark([word])
    return _joined(found, quote)


def marked(text: str, spans: list[Span]) -> str:
    """``text`` escaped, with each span wrapped in ``<mark>``."""
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        out += [esc(text[at:start]), f"<mark>{esc(text[start:end])}</mark>"]
        at = end
    return "".join(out) + esc(text[at:])
