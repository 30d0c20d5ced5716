"""Union-find over name forms, with cannot-link pairs and the reason of every merge.

Used by the resolution stage: a form is one normalised name (``group|text|suffix``); merging two
forms records why, on the form that was merged, so the report can say "bill brask → diminutive
of william". A pair the user declared ``distinct`` can never end up in one cluster, however the
merges are chained.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable


class Clusters:
    """Disjoint sets of form ids (union by size, path halving)."""

    def __init__(self, forms: Iterable[str], forbidden: Iterable[frozenset[str]] = ()) -> None:
        self.parent: dict[str, str] = {}
        self.size: dict[str, int] = {}
        self.blocked: dict[str, set[str]] = defaultdict(set)
        for pair in forbidden:
            a, b = sorted(pair)
            self.blocked[a].add(b)
            self.blocked[b].add(a)
        # Members are only tracked when there is something to check them against.
        self.members: dict[str, list[str]] | None = {} if self.blocked else None
        self.reasons: dict[str, tuple[str, str, str]] = {}  # form -> (merged into, reason, naming field)
        for form in forms:
            self.add(form)

    def add(self, form: str) -> None:
        """Add a form as its own cluster (no-op when known)."""
        if form not in self.parent:
            self.parent[form] = form
            self.size[form] = 1
            if self.members is not None:
                self.members[form] = [form]

    def find(self, form: str) -> str:
        """The root of a form's cluster."""
        parent = self.parent
        while parent[form] != form:
            parent[form] = parent[parent[form]]
            form = parent[form]
        return form

    def same(self, a: str, b: str) -> bool:
        """True when both forms are in one cluster."""
        return self.find(a) == self.find(b)

    def _conflict(self, ra: str, rb: str) -> bool:
        assert self.members is not None
        small, other = (ra, rb) if self.size[ra] <= self.size[rb] else (rb, ra)
        return any(self.find(y) == other for x in self.members[small] for y in self.blocked.get(x, ()))

    def union(self, into: str, form: str, reason: str, field: str = "") -> bool:
        """Merge ``form`` into ``into``'s cluster, recording the reason on ``form``.

        Returns False (and merges nothing) when a cannot-link pair would be joined.
        """
        ra, rb = self.find(into), self.find(form)
        if ra == rb:
            return True
        if self.members is not None and self._conflict(ra, rb):
            return False
        keep, gone = (ra, rb) if self.size[ra] >= self.size[rb] else (rb, ra)
        self.parent[gone] = keep
        self.size[keep] += self.size.pop(gone)
        if self.members is not None:
            self.members[keep] += self.members.pop(gone)
        self.reasons.setdefault(form, (into, reason, field))
        return True

    def roots(self, forms: Iterable[str]) -> set[str]:
        """The distinct clusters of some forms."""
        return {self.find(f) for f in forms}

    def sole_other(self, form: str, candidates: Iterable[str]) -> list[str]:
        """The candidates when they all lie in one cluster that ``form`` is not in yet, else []."""
        candidates = list(candidates)
        roots = self.roots(candidates)
        if len(roots) != 1 or self.find(form) in roots:
            return []
        return candidates
