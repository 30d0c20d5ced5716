"""required: every claim the rule's ``where`` selects must be carried by at least ``min_sources`` outlets.

A policy, not a statistic: "an arrest needs two outlets", "every claim in the draft needs a
wire". The ``where`` selector picks the claims (``source_role: draft`` picks the claims the
draft makes, with what every other source says about them); each is then counted by the
distinct outlets that carry it (two articles from one outlet count once); an outlet carries it
when it reports the same predicate about one of its named parties, however it words it ("Police
arrested X" and "X was arrested on Friday" are one arrest of X). With ``count_roles``,
only sources whose front matter ``role`` is listed count, so a draft never backs itself. A claim
below ``min_sources`` is a ``single_source`` finding at the rule's severity, its values saying
what each source carries.

Unlike ``corroboration``, the count is of outlets (not independent origins), hedged claims are
counted like any other, and nothing is reported for claims that meet the requirement.

Options: ``min_sources`` (2), ``count_roles`` ([]: every source counts).

Passing example: with ``where: {kind: event, predicate: arrest}``, two outlets report "Police
arrested X on Monday".
Failing example: only one outlet reports the arrest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd  # imported where used, so `checker validate` starts fast

from checker.model import Finding
from checker.compare.rules.base import Option, Rule, RuleContext, make_finding

TYPE = "required"
OPTIONS = {
    "min_sources": Option("integer", 2, "outlets that must carry each selected claim"),
    "count_roles": Option("array", [], "front-matter roles whose sources count (empty: every source counts)"),
}


def _summary(row: object) -> str:
    parts = [str(getattr(row, "claim"))]
    time = getattr(row, "time")
    if time:
        parts.append(f"time: {getattr(row, 'time_text')} ({time})")
    modality = getattr(row, "modality")
    if modality != "asserted":
        parts.append(str(modality))
    return "; ".join(parts)


def _parties(row: object) -> list[str]:
    """The named parties of a claim (its subject's and object's entities)."""
    return [str(e) for e in (getattr(row, "subject_entity", ""), getattr(row, "object_entity", "")) if e]


def check(claims: pd.DataFrame, rule: Rule, context: RuleContext) -> list[Finding]:
    """Single-source findings for selected claims carried by fewer than ``min_sources`` outlets."""
    if claims.empty:
        return []
    roles = {a.id: a.role or "" for a in context.articles}
    counted_roles = [str(r) for r in rule.options["count_roles"]]
    counts = claims["source"].map(lambda s: not counted_roles or roles.get(s, "") in counted_roles)
    by_key: dict[str, set[str]] = {}
    by_party: dict[tuple[str, str, str], set[str]] = {}
    for row in claims[counts].itertuples(index=False):
        by_key.setdefault(str(row.claim_key), set()).add(str(row.outlet))
        for party in _parties(row):
            by_party.setdefault((str(row.kind), str(row.predicate), party), set()).add(str(row.outlet))
    carried = [len(by_key.get(str(row.claim_key), set()).union(
        *(by_party.get((str(row.kind), str(row.predicate), p), set()) for p in _parties(row))))
        for row in claims.itertuples(index=False)]
    short = claims[[n < int(rule.options["min_sources"]) for n in carried]]
    findings = []
    for _key, group in short.groupby("claim_key", sort=True):
        per_source = group.sort_values(["source", "line"]).drop_duplicates("source")
        first = per_source.iloc[0]
        values = {r.source: _summary(r) for r in per_source.itertuples(index=False)}
        entities = list(first["entity_names"]) or [str(first["claim"])]
        findings.append(make_finding(rule, context, "single_source", group, entities, values, claim=str(first["claim"])))
    return findings
