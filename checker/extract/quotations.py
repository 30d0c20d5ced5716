"""Quotations in an article and the speaker each one is credited to.

News credits a quotation once, beside it (``"...," she said``, ``he said: "..."``,
``"A," he said, "B."``) and lets the quote run on over several sentences and into the next
paragraphs (``"...,” Smith said.`` followed by a paragraph that opens with another quote). A
quotation here is the text between an opening and a closing quotation mark, cut at a paragraph
break; a quotation is credited by a speech verb whose clause touches it (only punctuation
between them), then uncredited quotations take the speaker of the quotation before them in the
same paragraph or the paragraph before, and a paragraph left open (no closing mark, the next one
reopening) takes the speaker of its continuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

OPENING = "“"
CLOSING = "”"
STRAIGHT = '"'
#: Between a quotation and the clause that credits it: commas, dashes, colons, space.
_TOUCHING_BEFORE = re.compile(r"[\s,—–-]*")
_TOUCHING_AFTER = re.compile(r"[\s,:—–-]*")
#: A colon ends the crediting clause: a few words may come between ("told reporters on Monday:").
_INTRODUCING = re.compile(r"[^.!?:\n“”\"]{0,60}:\s*")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_MARKS = re.compile("[" + OPENING + CLOSING + STRAIGHT + "]")


@dataclass
class Quotation:
    """The inside of one pair of quotation marks within one paragraph (character offsets)."""

    start: int
    end: int
    paragraph: int
    open_end: bool  # closed by the paragraph's end, not by a mark: the quote runs on
    speaker: Token | None = None


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation of ``text``, in order (curly marks pair open/close; straight ones alternate)."""
    out: list[Quotation] = []
    for number, (start, stop) in enumerate(_paragraphs(text)):
        opened: int | None = None
        for mark in _MARKS.finditer(text, start, stop):  # only the marks: no test per character
            i, char = mark.start(), mark.group()
            if opened is None and (char == OPENING or char == STRAIGHT):
                opened = i + 1
            elif opened is not None and (char == CLOSING or char == STRAIGHT):
                out.append(Quotation(opened, i, number, False))
                opened = None
        if opened is not None and stop - opened > 1:
            out.append(Quotation(opened, stop, number, True))
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _PARAGRAPH.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def touches(text: str, quotation: Quotation, clause_start: int, clause_end: int) -> bool:
    """True when only punctuation separates a quotation from a crediting clause, before or after."""
    if clause_start >= quotation.end + 1:
        gap = text[quotation.end + 1:clause_start]
        return bool(_TOUCHING_BEFORE.fullmatch(gap)) and "\n" not in gap
    if clause_end <= quotation.start - 1:
        gap = text[clause_end:quotation.start - 1]
        if _INTRODUCING.fullmatch(gap):  # 'told reporters on Monday: "..."'
            return True
        return bool(_TOUCHING_AFTER.fullmatch(gap)) and "\n" not in gap
    return False


def spread_speakers(quotations: list[Quotation], text: str) -> None:
    """Uncredited quotations take the speaker of the quotation before them (same paragraph, or
    the next paragraph when it opens with the quote), or of their continuation (open end)."""
    for before, after in zip(quotations, quotations[1:]):
        if after.speaker is not None or before.speaker is None:
            continue
        same = after.paragraph == before.paragraph
        opens_next = after.paragraph == before.paragraph + 1 and not text[_line_start(text, after.start):after.start - 1].strip()
        if same or opens_next:
            after.speaker = before.speaker
    for before, after in reversed(list(zip(quotations, quotations[1:]))):
        if before.speaker is None and before.open_end and after.speaker is not None and after.paragraph == before.paragraph + 1:
            before.speaker = after.speaker


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1
