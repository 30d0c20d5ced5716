"""temporal: plans and forecasts against each other and against what happened.

News moves in time: an early article says a vote "is expected Thursday", a later one that it
"voted Wednesday". That is not a discrepancy (``consistency`` leaves modality ``expected``
alone); it is a plan overtaken by its outcome. This rule type compares, per claim:

- expectations with expectations: two articles expecting the same claim on dates that do not
  overlap give conflicting expectations, a ``discrepancy`` on the field ``time``. Published the
  same day, the sources contradict each other (the rule's ``severity``); published on different
  days, the plan changed between them (``changed_plan_severity``, lower by default).
- expectations with outcomes: an outcome (modality in ``outcome_modalities``, not negated)
  published on or after the expectation is an ``agreement`` "plan overtaken by outcome" at
  ``overtaken_severity`` when ``report_overtaken``; never a discrepancy, whatever the dates.

A claim counts as expected when its wording says so ("is expected to", "will", "plans to") or,
with ``future_is_expected``, when its date is after the day its article was published; such a
claim is never an outcome.

Options: ``changed_plan_severity`` (info), ``report_overtaken`` (true), ``overtaken_severity``
(info), ``outcome_modalities`` ([asserted, reported]), ``future_is_expected`` (true).

Passing example: one outlet says "is expected to vote Thursday", a later one "voted Wednesday".
Failing example: one outlet says "is expected to vote Thursday", another the same day "will vote
on Friday".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd  # imported where used, so `checker validate` starts fast

from checker.model import Finding
from checker.compare.rules.base import (SEVERITIES, Option, Record, Rule, RuleContext, claim_groups, first_per_source,
                                make_finding)

TYPE = "temporal"
OPTIONS = {
    "changed_plan_severity": Option("string", "info", "severity of conflicting expectations published on different days",
                                    SEVERITIES),
    "report_overtaken": Option("boolean", True, "report a plan followed by its outcome as an agreement"),
    "overtaken_severity": Option("string", "info", "severity of 'plan overtaken by outcome' agreements", SEVERITIES),
    "outcome_modalities": Option("array", ["asserted", "reported"], "modalities that count as an outcome"),
    "future_is_expected": Option("boolean", True, "a claim dated after its article's publication day is a plan"),
}

CHANGED = "{claim}: the plan changed between articles: {values}"
OVERTAKEN = "{claim}: plan overtaken by outcome: {values}"


def _future(row: Record) -> bool:
    """A row dated after the day its article was published."""
    return bool(row["time_start"] and row["published"] and str(row["time_start"]) > str(row["published"]))


def _when(row: Any, prefix: str) -> str:
    time = f"{row.time_text} ({row.time})" if row.time_text else row.time
    shown = f"{prefix} {time}".strip() if time else prefix
    return f"{shown}, published {row.published}" if row.published else shown


def _entities(rows: list[Record]) -> list[str]:
    names = list(dict.fromkeys(n for r in rows for n in r["entity_names"]))
    return names or [str(rows[0]["claim"])]


def _plan_finding(plans: list[Record], rule: Rule, context: RuleContext) -> Finding | None:
    """Articles that expect one claim on dates that do not overlap."""
    timed = first_per_source([r for r in plans if r["time_start"] != ""])
    pairs = [(a, b) for a in timed for b in timed if a["source"] < b["source"]
             and (a["time_end"] < b["time_start"] or b["time_end"] < a["time_start"])]
    if not pairs:
        return None
    involved = {r["source"] for pair in pairs for r in pair}
    rows = [r for r in plans if r["source"] in involved]
    firsts = first_per_source(rows)
    values = {r["source"]: _when(r, "expected") for r in firsts}
    same_day = any(a["published"] == b["published"] for a, b in pairs)
    return make_finding(
        rule, context, "discrepancy", rows, _entities(firsts), values, "time", claim=str(firsts[0]["claim"]),
        severity=None if same_day else rule.options["changed_plan_severity"], template=None if same_day else CHANGED)


def _outcome_finding(plans: list[Record], outcomes: list[Record], rule: Rule, context: RuleContext) -> Finding | None:
    """A plan and an outcome of the same claim published on or after it (or in the same article)."""
    pairs = [(p, o) for p in first_per_source(plans) for o in first_per_source(outcomes)
             if (p["published"] and o["published"] and o["published"] >= p["published"]) or p["source"] == o["source"]]
    if not pairs:
        return None
    plan_sources, outcome_sources = {p["source"] for p, _ in pairs}, {o["source"] for _, o in pairs}
    plan_rows = [r for r in plans if r["source"] in plan_sources]
    outcome_rows = [r for r in outcomes if r["source"] in outcome_sources]
    values = {r["source"]: _when(r, "expected") for r in first_per_source(plan_rows)}
    first = first_per_source(outcome_rows)
    values.update({r["source"]: _when(r, "happened") for r in first})
    return make_finding(rule, context, "agreement", plan_rows + outcome_rows, _entities(first), values, "time",
                        severity=rule.options["overtaken_severity"], claim=str(first[0]["claim"]), template=OVERTAKEN)


def check(claims: pd.DataFrame, rule: Rule, context: RuleContext) -> list[Finding]:
    """Discrepancies between expectations; agreements where an outcome overtook a plan."""
    future_is_expected = bool(rule.options["future_is_expected"])
    outcome_modalities = set(rule.options["outcome_modalities"])
    plan_findings: list[Finding] = []
    outcome_findings: list[Finding] = []
    for _key, rows in claim_groups(claims):
        plans, outcomes = [], []
        for row in rows:
            if row["negated"]:
                continue
            future = _future(row)
            if row["modality"] == "expected" or (future_is_expected and future):
                plans.append(row)
            elif not future and row["modality"] in outcome_modalities:
                # Something dated after its own article cannot have happened yet: never an outcome.
                outcomes.append(row)
        if not plans:
            continue
        plan_findings.append(_plan_finding(plans, rule, context))
        if rule.options["report_overtaken"] and outcomes:
            outcome_findings.append(_outcome_finding(plans, outcomes, rule, context))
    return [f for f in plan_findings + outcome_findings if f is not None]
