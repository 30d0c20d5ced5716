"""Claim labels in the source's own words.

Extraction keeps a claim's parts as token text ("would n't", "Brandt ’s", "re - elected"); a label
built by joining lemmas reads as word soup. Here each part is found again in the quote, spacing
and all, and the label is the stretch of the quote from the actor to the end of what the claim
is about ("Ostrova defeated her lone challenger, Rep. Teo Brandt"), when that stretch is short.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import chain, starmap
from typing import Any

#: Labels longer than this fall back to the parts joined.
MAX_LABEL = 120
_SPACE = re.compile(r"\s+")
_RUN = re.compile(r"\S+")


@lru_cache(maxsize=8192)
def _squeezed(quote: str) -> tuple[str, tuple[int, ...]]:
    """The quote without its white space, and where each of its characters is in the quote."""
    # by runs of non-space characters (``\S`` and ``str.split`` test what ``str.isspace`` tests)
    runs = [match.span() for match in _RUN.finditer(quote)]
    kept = tuple(chain.from_iterable(starmap(range, runs)))
    return "".join(quote[start:end] for start, end in runs), kept


def find(quote: str, text: str, start: int = 0) -> tuple[int, int] | None:
    """Where ``text`` (tokens joined by spaces) is in ``quote``, however the quote spaces them:
    both are compared without white space, so "would n't" is found as "wouldn't"."""
    needle = "".join(str(text).split())
    if not needle:
        return None
    squeezed, kept = _squeezed(quote)
    at = squeezed.find(needle, bisect.bisect_left(kept, start))
    return (kept[at], kept[at + len(needle) - 1] + 1) if at >= 0 else None


def _words_in_order(quote: str, text: str, start: int) -> tuple[int, int] | None:
    """The stretch of ``quote`` after ``start`` that holds most words of ``text`` in order (the
    object kept only its content words: "connection American working class")."""
    words = [w for w in _SPACE.split(str(text).strip()) if w]
    position, found, first = start, 0, None
    for word in words:
        match = re.compile(r"\b" + re.escape(word) + r"\b").search(quote, position)
        if match and match.start() - position <= 40:
            first = match.start() if first is None else first
            position, found = match.end(), found + 1
    return (first, position) if first is not None and found * 3 >= len(words) * 2 else None


def as_written(quote: str, text: str) -> str:
    """``text`` as the quote writes it ("would n't" → "wouldn't"); ``text`` when not found."""
    span = find(quote, text)
    return quote[span[0]:span[1]] if span else str(text)


def readable(row: Any, fallback: str) -> str:
    """The stretch of the quote from the actor to the end of the object, or ``fallback``."""
    quote = str(row.get("quote", ""))
    subject, obj = str(row.get("subject", "")), str(row.get("object", ""))
    kind = row.get("kind")
    if kind == "statement":
        return fallback.replace(obj[:80], as_written(quote, obj)[:80]) if obj else fallback
    if kind in ("role", "comment") or not subject:
        return fallback
    slots = row.get("slots") or {}
    target = str(slots.get("value_text", "")) if kind == "quantity" else obj
    head = find(quote, subject)
    if head is None:
        return _from_verb(quote, subject, str(row.get("predicate", "")), target, fallback)
    if not target:
        return fallback
    tail = find(quote, target, head[1]) or _words_in_order(quote, target, head[1])
    if tail is None:
        return fallback
    end = tail[1]
    if kind == "quantity":
        measure = str(slots.get("measure", "")).split(" ")[0]
        after = re.compile(r"\W*(\w+\W+){0,3}?\w*" + re.escape(measure[:4]) + r"\w*", re.IGNORECASE).match(quote, end) \
            if measure else None
        end = after.end() if after else end
    label = quote[head[0]:end].strip(" ,;:")
    return label if 0 < len(label) <= MAX_LABEL and "\n" not in label else fallback


def _from_verb(quote: str, subject: str, predicate: str, target: str, fallback: str) -> str:
    """The actor (named elsewhere: "she", "the speaker") and the quote from the verb on:
    "Mara Ostrova agreed with Brandt's assessment"."""
    if len(predicate) < 3:
        return fallback
    verb = re.compile(r"\b" + re.escape(predicate[:4 if len(predicate) > 4 else 3]) + r"\w*", re.IGNORECASE).search(quote)
    if verb is None:
        return fallback
    if target:
        tail = find(quote, target, verb.end()) or _words_in_order(quote, target, verb.end())
        if tail is None:
            return fallback
        end = tail[1]
    else:
        rest = re.compile(r"[^,;:.!?\n]{0,40}\b").match(quote, verb.end())
        end = rest.end() if rest else verb.end()
    label = f"{subject} {quote[verb.start():end].strip(' ,;:')}"
    return label if len(label) <= MAX_LABEL and "\n" not in label else fallback
