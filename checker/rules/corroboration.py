"""corroboration: a claim must be backed by at least ``min_origins`` independent origins.

Articles that credit the same origin (``according to <Outlet>``, the same wire, the same
official readout, the same photo on social media) count once, and so do two articles from one
outlet. A claim below the threshold is a ``single_source`` finding saying how many articles and
origins carry it; a claim at or above it is an ``agreement`` finding (when ``report_agreements``),
with each source's time and place as its values. Claims that every source only reports or
hedges are left to the ``confirmation`` rule type (``skip_weak``).

Options: ``min_origins`` (2), ``report_agreements`` (true), ``agreement_severity`` (info),
``skip_weak`` (true).

Passing example: two outlets each report "X met Y on Tuesday" from their own reporting.
Failing example: only one article reports "X met Y".
"""

from __future__ import annotations

import pandas as pd

from checker.model import Finding
from checker.rules.base import Option, Rule, RuleContext, make_finding

TYPE = "corroboration"
OPTIONS = {
    "min_origins": Option("integer", 2, "independent origins needed"),
    "report_agreements": Option("boolean", True, "report claims that are corroborated as agreements"),
    "agreement_severity": Option("string", "info", "severity of agreement findings", ("error", "warning", "info")),
    "skip_weak": Option("boolean", True, "leave claims that every source hedges to the confirmation rule"),
}

AGREEMENT = "{claim}: {count} sources agree ({origins} independent origins)"


FIELDS = {"role": "role", "quantity": "value", "statement": "stance"}


def _summary(row: object) -> str:
    parts = [getattr(row, "claim")]
    for column in ("time", "place", "title", "stance", "value"):
        value = getattr(row, column)
        if value:
            if column == "time":
                value = f"{getattr(row, 'time_text')} ({value})"
            elif column == "value":
                value = f"{getattr(row, 'value_text')} ({value})"
            parts.append(f"{column}: {value}")
    return "; ".join(parts)


def _field(group: pd.DataFrame) -> str | None:
    kind = str(group["kind"].iloc[0])
    if kind == "statement" and not (group["stance"] != "").any():
        return None
    return FIELDS.get(kind, "time" if (group["time"] != "").any() else None)


def check(claims: pd.DataFrame, rule: Rule, context: RuleContext) -> list[Finding]:
    """Single-source findings below ``min_origins``; agreements at or above it."""
    findings = []
    for key, group in claims.groupby("claim_key", sort=True):
        if rule.options["skip_weak"] and bool(group["weak"].all()):
            continue
        outlets = group["outlet"].nunique()
        origins = group.drop_duplicates("outlet")["origin"].nunique()
        origins = min(origins, outlets)
        first = group.sort_values(["source", "line"]).iloc[0]
        entities = list(dict.fromkeys(n for names in group["entity_names"] for n in names)) or [first["claim"]]
        per_source = group.sort_values(["source", "line"]).drop_duplicates("source")
        values = {r.source: _summary(r) for r in per_source.itertuples(index=False)}
        if origins < rule.options["min_origins"]:
            findings.append(make_finding(rule, context, "single_source", group, entities, values, _field(group),
                                         claim=first["claim"], origins=origins))
        elif rule.options["report_agreements"]:
            findings.append(make_finding(rule, context, "agreement", group, entities, values, _field(group),
                                         severity=rule.options["agreement_severity"], claim=first["claim"],
                                         template=AGREEMENT, origins=origins))
    return findings
