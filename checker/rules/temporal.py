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

from typing import Any

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd  # imported where used, so `checker validate` starts fast

from checker.model import Finding
from checker.rules.base import SEVERITIES, Option, Rule, RuleContext, make_finding, records

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


def _future(claims: pd.DataFrame) -> pd.Series:
    """Rows dated after the day their article was published."""
    dated = (claims["time_start"] != "") & (claims["published"] != "")
    return dated & (claims["time_start"].astype(str) > claims["published"].astype(str))


def _when(row: Any, prefix: str) -> str:
    time = f"{row.time_text} ({row.time})" if row.time_text else row.time
    shown = f"{prefix} {time}".strip() if time else prefix
    return f"{shown}, published {row.published}" if row.published else shown


def _first_per_source(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.sort_values(["claim_key", "source", "line"]).drop_duplicates(["claim_key", "source"])


def _conflicting_plans(plans: pd.DataFrame) -> pd.DataFrame:
    """Pairs of articles that expect one claim on dates that do not overlap (a merge on the claim key)."""
    timed = _first_per_source(plans[plans["time_start"] != ""])
    columns = ["claim_key", "source", "time_start", "time_end", "published"]
    pairs = timed[columns].merge(timed[columns], on="claim_key", suffixes=("_a", "_b"))
    apart = (pairs["time_end_a"] < pairs["time_start_b"]) | (pairs["time_end_b"] < pairs["time_start_a"])
    return pairs[(pairs["source_a"] < pairs["source_b"]) & apart]


def _overtaken(plans: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Pairs of a plan and an outcome of the same claim published on or after it."""
    columns = ["claim_key", "source", "published"]
    pairs = _first_per_source(plans)[columns].merge(_first_per_source(outcomes)[columns], on="claim_key",
                                                    suffixes=("_plan", "_outcome"))
    dated = (pairs["published_plan"] != "") & (pairs["published_outcome"] != "")
    later = dated & (pairs["published_outcome"] >= pairs["published_plan"])
    return pairs[later | (pairs["source_plan"] == pairs["source_outcome"])]


def _entities(rows: pd.DataFrame) -> list[str]:
    names = list(dict.fromkeys(n for r in rows.itertuples(index=False) for n in r.entity_names))
    return names or [str(rows.iloc[0]["claim"])]


def _plan_findings(plans: pd.DataFrame, rule: Rule, context: RuleContext) -> list[Finding]:
    findings = []
    pairs = _conflicting_plans(plans)
    for key, group in pairs.groupby("claim_key", sort=True):
        involved = set(group["source_a"]) | set(group["source_b"])
        rows = plans[(plans["claim_key"] == key) & plans["source"].isin(involved)]
        firsts = _first_per_source(rows)
        values = {r.source: _when(r, "expected") for r in firsts.itertuples(index=False)}
        same_day = bool((group["published_a"] == group["published_b"]).any())
        findings.append(make_finding(
            rule, context, "discrepancy", rows, _entities(firsts), values, "time", claim=str(firsts.iloc[0]["claim"]),
            severity=None if same_day else rule.options["changed_plan_severity"],
            template=None if same_day else CHANGED))
    return findings


def _outcome_findings(plans: pd.DataFrame, outcomes: pd.DataFrame, rule: Rule,
                      context: RuleContext) -> list[Finding]:
    findings = []
    pairs = _overtaken(plans, outcomes)
    for key, group in pairs.groupby("claim_key", sort=True):
        plan_rows = plans[(plans["claim_key"] == key) & plans["source"].isin(set(group["source_plan"]))]
        outcome_rows = outcomes[(outcomes["claim_key"] == key) & outcomes["source"].isin(set(group["source_outcome"]))]
        values = {r.source: _when(r, "expected") for r in _first_per_source(plan_rows).itertuples(index=False)}
        values.update({r.source: _when(r, "happened") for r in _first_per_source(outcome_rows).itertuples(index=False)})
        first = _first_per_source(outcome_rows)
        findings.append(make_finding(
            rule, context, "agreement", records(plan_rows) + records(outcome_rows), _entities(first), values, "time",
            severity=rule.options["overtaken_severity"], claim=str(first.iloc[0]["claim"]), template=OVERTAKEN))
    return findings


def check(claims: pd.DataFrame, rule: Rule, context: RuleContext) -> list[Finding]:
    """Discrepancies between expectations; agreements where an outcome overtook a plan."""
    if claims.empty:
        return []
    future = _future(claims)
    expected = claims["modality"] == "expected"
    if rule.options["future_is_expected"]:
        expected |= future
    negated = claims["negated"].astype(bool)
    plans = claims[expected & ~negated]
    # Something dated after its own article cannot have happened yet: never an outcome.
    outcomes = claims[~expected & ~future & ~negated & claims["modality"].isin(list(rule.options["outcome_modalities"]))]
    if plans.empty:
        return []
    outcomes = outcomes[outcomes["claim_key"].isin(set(plans["claim_key"]))]  # only claims someone planned
    findings = _plan_findings(plans, rule, context)
    if rule.options["report_overtaken"]:
        findings += _outcome_findings(plans, outcomes, rule, context)
    return findings
