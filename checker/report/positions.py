"""Where a piece of evidence sits in its file: 1-based line and column of its first and last character.

Columns count Unicode code points from 1, as SARIF's ``unicodeCodePoints`` column kind and GitHub's
annotations read them. Evidence offsets are character offsets into the file (``Evidence.start`` and
``Evidence.end``, end exclusive); the article's ``line_starts`` turn them into lines and columns.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from checker.model import Article, Evidence


@dataclass(frozen=True)
class Span:
    """A quote's place in its file; ``end_column`` is inclusive (the quote's last character)."""

    line: int
    column: int
    end_line: int
    end_column: int


def span_of(evidence: Evidence, article: Article | None) -> Span | None:
    """The quote's span, or None when the offsets do not fit the article (then only the line is known)."""
    if article is None or not article.line_starts or evidence.end <= evidence.start or evidence.line < 1:
        return None
    starts = article.line_starts
    line = bisect.bisect_right(starts, evidence.start)
    end_line = bisect.bisect_right(starts, evidence.end - 1)
    if line != evidence.line:
        return None  # offsets from another version of the file: trust the line alone
    return Span(line, evidence.start - starts[line - 1] + 1, end_line, evidence.end - 1 - starts[end_line - 1] + 1)


def one_line(text: str) -> str:
    """``text`` with every line break (and the blanks around it) turned into one space."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip()) if _BREAKS & set(text) else text


_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
