"""How the titles two sources give one person compare (the ``role`` field of ``consistency``).

Every role row carries the role model's reading of its title (``checker.extract.titles``): the
canonical posts, their tense, the broader titles the holder also has (``kinds``) and the seats the
posts occupy. Two titles:

- are the ``same`` when their canonical posts are equal (after ``equivalences``);
- are a ``subset`` (compatible, one source gives more) when one's posts are among the other's
  posts or kinds: "Majority Leader" and "Senator", "partner" and "attorney", "Foreign Minister" and
  "State Councilor and Foreign Minister";
- ``conflict`` when they are different posts in one seat of one organisation ("chair" and "chief
  executive" of one company, "vice chair" and "chair" of one caucus, "Senator" and
  "Representative"), both current; or when one source calls a post former ("former executive of
  X") that another gives as current at the same organisation ("CEO of X");
- are otherwise ``unrelated``: titles that may both be true (a judge who was an attorney, a
  spokesman who is an adviser) never contradict each other.

A source may give several titles for one person (posts held at once): a conflict between two
sources stands only when neither source also gives the other's title.
"""

from __future__ import annotations

import re
from typing import Any

from checker.compare.rules.base import Record


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]+", "", str(text).lower()).strip()


def _posts(row: Record) -> set[str]:
    return {_norm(p) for p in re.split(r"\s+and\s+", str(row["title"])) if _norm(p)}


def _kinds(row: Record) -> set[str]:
    return {_norm(k) for k in _slots(row).get("kinds") or ()}


def _slots(row: Record) -> dict[str, Any]:
    slots = row["slots"]
    return slots if isinstance(slots, dict) else {}


def _org_named(row: Record, types: dict[str, str]) -> str:
    """The organisation key of a role, "" when none is named (or the "organisation" is a person)."""
    if types.get(row["object_entity"]) == "PERSON":
        return ""
    return str(row["org_key"] or "")


def _same_org_name(a: str, b: str) -> bool:
    """A brand and its company ("Acme" / "Acme Robotics Inc."): one name starts the other."""
    wa, wb = a.lower().replace(".", "").split(), b.lower().replace(".", "").split()
    short, long = sorted((wa, wb), key=len)
    return bool(short) and long[: len(short)] == short


def verdict(a: Record, b: Record, types: dict[str, str] | None = None) -> str:
    """same | subset | conflict | unrelated, for one title of each of two sources (``types``: entity
    id → type, so that a person or a demonym is never taken for an employer)."""
    types = types or {}
    org_a, org_b = _org_named(a, types), _org_named(b, types)
    if org_a and org_b and org_a != org_b and not _same_org_name(a["org"], b["org"]):
        return "unrelated"
    tense_a, tense_b = _slots(a).get("tense", ""), _slots(b).get("tense", "")
    posts_a, posts_b = _posts(a), _posts(b)
    if tense_a or tense_b:
        labels = {types.get(a["object_entity"]), types.get(b["object_entity"]),
                  _slots(a).get("org_label"), _slots(b).get("org_label")}
        employers = org_a and org_b and "NORP" not in labels
        if {tense_a, tense_b} != {"ended", ""} or not employers:
            return "unrelated"  # "then-Governor", "the late Senator": a past post contradicts nothing
        ended, current = (posts_a, posts_b | _kinds(b)) if tense_a else (posts_b, posts_a | _kinds(a))
        return "conflict" if ended <= current else "unrelated"
    if posts_a == posts_b:
        return "same"
    if posts_a <= posts_b | _kinds(b) or posts_b <= posts_a | _kinds(a):
        return "subset"
    seats_a, seats_b = _seats(a, posts_a), _seats(b, posts_b)
    for seat, needs_org in sorted(seats_a.items()):
        if seat in seats_b and (org_a or org_b or not (needs_org or seats_b[seat])):
            return "conflict"
    return "unrelated"


def _seats(row: Record, posts: set[str]) -> dict[str, bool]:
    """The seats of a row's posts: the lexicon's groups, and "the seat of X" that X itself holds and
    "deputy X" claims (both need the organisation named)."""
    seats = {_norm(seat): bool(needs) for seat, needs in (_slots(row).get("seats") or {}).items()}
    return {**seats, **{f"seat of {post}": True for post in posts}}


def compare_sources(rows_a: list[Record], rows_b: list[Record], types: dict[str, str] | None = None
                    ) -> tuple[str, list[Record]]:
    """The verdict of two sources' titles for one person (conflict, subset or "") and its rows."""
    verdicts = {(i, j): verdict(a, b, types) for i, a in enumerate(rows_a) for j, b in enumerate(rows_b)}

    def held(row: Record, rows: list[Record]) -> bool:
        return any(verdict(row, other, types) in ("same", "subset") for other in rows)

    conflicts = [(rows_a[i], rows_b[j]) for (i, j), v in sorted(verdicts.items()) if v == "conflict"
                 and not held(rows_b[j], rows_a) and not held(rows_a[i], rows_b)]
    if conflicts:
        return "conflict", [row for pair in conflicts for row in pair]
    subsets = [(rows_a[i], rows_b[j]) for (i, j), v in sorted(verdicts.items()) if v == "subset"]
    if subsets:
        return "subset", [row for pair in subsets for row in pair]
    return "", []
