"""consistency: one slot of one claim must agree across sources.

Groups the claims by their key (same parties, same person's role, same actor and topic ...)
and compares one ``field`` between sources:

- ``time``: resolved date intervals; they contradict only when they do not overlap, so "in May"
  never contradicts "May 30", while "Tuesday" contradicts "Wednesday".
- ``place``: resolved place entities.
- ``role``: normalised titles (``equivalences`` and the title lexicon applied) for the same
  organisation; a title that is part of the other ("State Councilor and Foreign Minister" vs
  "Foreign Minister") is compatible, reported at ``subset_severity`` as an agreement.
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
from checker.compare.rules.base import Option, Rule, RuleContext, claim_groups, first_per_source, make_finding

TYPE = "consistency"
OPTIONS = {
    "field": Option("string", None, "the slot compared", ("time", "place", "role", "value", "stance", "polarity")),
    "relative_tolerance": Option("number", 0.0, "relative difference allowed between exact numbers"),
    "approx_tolerance": Option("number", 0.1, "relative difference allowed when a source approximates"),
    "subset_severity": Option("string", "info", "severity of a title that is part of the other", ("error", "warning", "info")),
}

ADDITIVE = {"founder", "former", "co-founder", "cofounder", "owner", "member"}
COMPARED = {"time": "time_start", "place": "place_key", "role": "title", "value": "value",
            "stance": "stance", "polarity": "polarity"}


def _shown(row: Any, field: str) -> str:
    if field == "time":
        return f"{row.time_text} ({row.time})" if row.time_text else row.time
    if field == "place":
        return row.place
    if field == "role":
        role = row.role or row.title
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


def _titles(value: str) -> set[str]:
    return {part.strip() for part in value.replace(" & ", " and ").split(" and ") if part.strip()}


def _same_org(a: str, b: str) -> bool:
    """A brand and its company ("Acme" / "Acme Robotics Inc."): one name starts the other."""
    wa, wb = a.lower().replace(".", "").split(), b.lower().replace(".", "").split()
    short, long = sorted((wa, wb), key=len)
    return bool(short) and long[: len(short)] == short


def _roles_conflict(a: Any, b: Any, _opts: dict[str, Any]) -> str:
    if a.org_key and b.org_key and a.org_key != b.org_key and not _same_org(a.org, b.org):
        return "unrelated"
    if a.title == b.title:
        return "same"
    if ADDITIVE & (set(a.title.split()) | set(b.title.split())):
        return "unrelated"  # a founder or a former officer may hold another title too
    ta, tb = _titles(a.title), _titles(b.title)
    if ta <= tb or tb <= ta:
        return "subset"
    words_a, words_b = set(a.title.split()), set(b.title.split())
    if words_a <= words_b or words_b <= words_a:
        return "subset"
    return "conflict"


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


COMPARATORS: dict[str, Callable[[Any, Any, dict[str, Any]], str]] = {
    "time": _times_conflict, "role": _roles_conflict, "value": _values_conflict,
}


def check(claims: pd.DataFrame, rule: Rule, context: RuleContext) -> list[Finding]:
    """Discrepancy findings for claims whose ``field`` differs between sources."""
    field = rule.options["field"]
    column = COMPARED[field]
    rows = claims[(claims[column] != "") & (claims["modality"] != "expected")]
    compare = COMPARATORS.get(field, lambda a, b, _o: _equal(a, b, field))
    findings = []
    for _key, group in claim_groups(rows):
        if len({r["outlet"] for r in group}) < 2:
            continue
        firsts = first_per_source(group)
        verdicts: dict[str, list[tuple[str, str]]] = {"conflict": [], "subset": []}
        # Pairs within one claim's sources only (a handful), never across claims.
        for i, a in enumerate(firsts):
            for b in firsts[i + 1:]:
                if a.outlet == b.outlet:
                    continue
                verdict = compare(a, b, rule.options)
                if verdict in verdicts:
                    verdicts[verdict].append((a.source, b.source))
        kind = "conflict" if verdicts["conflict"] else ("subset" if verdicts["subset"] else "")
        if not kind:
            continue
        involved = {s for pair in verdicts[kind] for s in pair}
        chosen = [r for r in firsts if r["source"] in involved]
        values = {r["source"]: _shown(r, field) for r in chosen}
        entities = list(dict.fromkeys(n for r in chosen for n in r["entity_names"])) or [chosen[0]["claim"]]
        evidence_rows = [r for r in group if r["source"] in involved]
        if kind == "conflict":
            findings.append(make_finding(rule, context, "discrepancy", evidence_rows, entities, values, field,
                                         claim=chosen[0]["claim"]))
        else:
            findings.append(make_finding(rule, context, "agreement", evidence_rows, entities, values, field,
                                         severity=rule.options["subset_severity"], claim=chosen[0]["claim"],
                                         template="{entity}: compatible {field} (one source gives more): {values}"))
    return findings
