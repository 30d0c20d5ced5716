"""consistency: one slot of one claim must agree across sources.

Groups the claims by their key (same parties, same person's role, same actor and topic ...)
and compares one ``field`` between sources:

- ``time``: resolved date intervals; they contradict only when they do not overlap, so "in May"
  never contradicts "May 30", while "Tuesday" contradicts "Wednesday".
- ``place``: resolved place entities. Two places contradict only when neither is a region that
  may hold the other ("North Province" against the country) and no source names both.
- ``role``: titles read through the role model (``checker.compare.rules.roles``): synonyms
  ("Rep." = "Congressman"), posts within a body ("Majority Leader" is held by a Senator), several
  posts at once, past and present ("former", "then-"). Only two titles for the same seat of the
  same organisation that cannot both hold ("chair" vs "chief executive" of one company, both
  current) are a discrepancy; a title that is part of or implied by the other ("Foreign Minister"
  vs "State Councilor and Foreign Minister", "Speaker" vs "Representative") is compatible, reported
  at ``subset_severity`` as an agreement; titles that may both be true report nothing.
  ``equivalences`` in rules.yaml make two titles one (``[chairman, CEO]``).
- ``value``: numbers, with ``relative_tolerance``; when either source approximates ("about",
  "some") the ``approx_tolerance`` applies. Votes compare exactly.
- ``stance`` and ``polarity``: "opposes" vs "supports", "passed" vs "failed".

Plans and forecasts (modality ``expected``) are left to the ``temporal`` rule type.

Options: ``field`` (required), ``relative_tolerance`` (0.0), ``approx_tolerance`` (0.1),
``subset_severity`` (info).

Passing example: one outlet says "met on Tuesday", another "met Tuesday afternoon".
Failing example: one says "met on Tuesday", another "met on Wednesday" (published the same day).
"""

from __future__ import annotations

from typing import Any, Callable

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd  # imported where used, so `checker validate` starts fast

from checker.model import Finding
from checker.compare.rules.base import Option, Record, Rule, RuleContext, claim_groups, first_per_source, make_finding
from checker.compare.rules.roles import compare_sources

TYPE = "consistency"
OPTIONS = {
    "field": Option("string", None, "the slot compared", ("time", "place", "role", "value", "stance", "polarity")),
    "relative_tolerance": Option("number", 0.0, "relative difference allowed between exact numbers"),
    "approx_tolerance": Option("number", 0.1, "relative difference allowed when a source approximates"),
    "subset_severity": Option("string", "info", "severity of a title that is part of the other", ("error", "warning", "info")),
}

COMPARED = {"time": "time_start", "place": "place_key", "role": "title", "value": "value",
            "stance": "stance", "polarity": "polarity"}


def _shown(row: Any, field: str) -> str:
    if field == "time":
        return f"{row.time_text} ({row.time})" if row.time_text else row.time
    if field == "place":
        return row.place
    if field == "role":
        role = row.role or row.title
        if row.slots.get("tense") == "ended" and not {"former", "ex", "ex-"} & set(role.lower().replace("-", "- ").split()):
            role = f"former {role}"  # "former WWE executive": the word stood before the organisation
        return f"{role} of {row.org}" if row.org else role
    if field == "value":
        written = str(row.value_text)
        # The words as written usually carry the approximation already ("at least 40").
        approx = f"{row.approx} " if row.approx and not written.lower().startswith(str(row.approx).lower()) else ""
        return f"{approx}{written}".strip() if written else row.value
    if field == "polarity":
        return f"{row.predicate}" + (" (negated)" if row.negated else "")
    return str(getattr(row, field))


def _times_conflict(a: Any, b: Any, _opts: dict[str, Any]) -> str:
    return "conflict" if a.time_end < b.time_start or b.time_end < a.time_start else "same"


def _values_conflict(a: Any, b: Any, opts: dict[str, Any]) -> str:
    if a.unit != b.unit:
        return "unrelated"
    if a.unit == "vote" or not a.value or not b.value:
        return "same" if a.value == b.value else "conflict"
    x, y = float(a.value), float(b.value)
    tolerance = opts["approx_tolerance"] if (a.approx or b.approx) else opts["relative_tolerance"]
    return "same" if abs(x - y) <= tolerance * max(abs(x), abs(y)) else "conflict"


def _equal(a: Any, b: Any, field: str) -> str:
    return "same" if getattr(a, COMPARED[field]) == getattr(b, COMPARED[field]) else "conflict"


#: Head words of a place within another ("North Province", "Dunmore County"): it may lie in the
#: other place named, so the two never contradict.
REGION_WORDS = frozenset({"province", "state", "county", "region", "district", "territory", "oblast", "prefecture",
                          "department", "canton", "governorate", "municipality", "borough", "parish", "emirate",
                          "valley", "coast", "area", "island", "islands", "peninsula", "basin", "highlands"})


def _region(place: Any) -> bool:
    words = str(place).lower().split()
    return bool(words) and words[-1] in REGION_WORDS


def _places(context: RuleContext) -> Callable[[Any, Any, dict[str, Any]], str]:
    """Places contradict only when they may not lie one in the other: neither is a region
    ("North Province" may be in the country the other source names) and no source names both (a
    source naming both knows how they relate: "in Dunmore, in the north of the country")."""
    seen_in = {e.id: set(e.surface_forms) for e in context.entities}

    def compare(a: Any, b: Any, _opts: dict[str, Any]) -> str:
        if a.place_key == b.place_key:
            return "same"
        if _region(a.place) or _region(b.place):
            return ""
        if seen_in.get(a.place_key, set()) & seen_in.get(b.place_key, set()):
            return ""
        return "conflict"
    return compare


COMPARATORS: dict[str, Callable[[Any, Any, dict[str, Any]], str]] = {
    "time": _times_conflict, "value": _values_conflict,
}


def check(claims: pd.DataFrame, rule: Rule, context: RuleContext) -> list[Finding]:
    """Discrepancy findings for claims whose ``field`` differs between sources."""
    field = rule.options["field"]
    column = COMPARED[field]
    rows = claims[(claims[column] != "") & (claims["modality"] != "expected")]
    compare = _places(context) if field == "place" else COMPARATORS.get(field, lambda a, b, _o: _equal(a, b, field))
    findings = []
    types = {e.id: e.type for e in context.entities}
    for _key, group in claim_groups(rows):
        if len({r["outlet"] for r in group}) < 2:
            continue
        if field == "role":
            kind, chosen = _role_verdict(group, types)
        else:
            kind, chosen = _verdict(first_per_source(group), compare, rule.options)
        if not kind:
            continue
        involved = {r["source"] for r in chosen}
        values = {source: "; ".join(dict.fromkeys(_shown(r, field) for r in chosen if r["source"] == source))
                  for source in sorted(involved)}
        entities = list(dict.fromkeys(n for r in chosen for n in r["entity_names"])) or [chosen[0]["claim"]]
        evidence_rows = [r for r in group if r["source"] in involved] if field != "role" else chosen
        if kind == "conflict":
            findings.append(make_finding(rule, context, "discrepancy", evidence_rows, entities, values, field,
                                         claim=chosen[0]["claim"]))
        else:
            findings.append(make_finding(rule, context, "agreement", evidence_rows, entities, values, field,
                                         severity=rule.options["subset_severity"], claim=chosen[0]["claim"],
                                         template="{entity}: compatible {field} (one source gives more): {values}"))
    return findings


def _verdict(firsts: list[Record], compare: Callable[[Any, Any, dict[str, Any]], str], options: dict[str, Any]
             ) -> tuple[str, list[Record]]:
    """conflict | subset | "" over the first row of each source, and the rows involved."""
    verdicts: dict[str, list[tuple[str, str]]] = {"conflict": [], "subset": []}
    # Pairs within one claim's sources only (a handful), never across claims.
    for i, a in enumerate(firsts):
        for b in firsts[i + 1:]:
            if a.outlet == b.outlet:
                continue
            verdict = compare(a, b, options)
            if verdict in verdicts:
                verdicts[verdict].append((a.source, b.source))
    kind = "conflict" if verdicts["conflict"] else ("subset" if verdicts["subset"] else "")
    involved = {s for pair in verdicts[kind] for s in pair} if kind else set()
    return kind, [r for r in firsts if r["source"] in involved]


def _role_verdict(group: list[Record], types: dict[str, str]) -> tuple[str, list[Record]]:
    """conflict | subset | "" over every title each source gives the person, and the rows involved."""
    by_outlet: dict[str, list[Record]] = {}
    for row in group:
        by_outlet.setdefault(row["outlet"], []).append(row)
    outlets = sorted(by_outlet)
    found: dict[str, list[Record]] = {"conflict": [], "subset": []}
    for i, a in enumerate(outlets):
        for b in outlets[i + 1:]:
            kind, rows = compare_sources(by_outlet[a], by_outlet[b], types)
            if kind:
                found[kind] += rows
    kind = "conflict" if found["conflict"] else ("subset" if found["subset"] else "")
    chosen = list({id(r): r for r in found[kind]}.values()) if kind else []
    return kind, sorted(chosen, key=lambda r: (r["source"], r["line"], r["start"]))
