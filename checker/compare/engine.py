"""Compare stage: runs every configured rule over the claims table → sorted findings."""

from __future__ import annotations

import pandas as pd

from checker.compare.claims import claim_columns, claim_rows, claims_frame
from checker.model import Article, Entity, Finding
from checker.compare.rules import REGISTRY
from checker.compare.rules.base import RuleContext, select, shared_records
from checker.compare.rules.config import RuleSet

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
CATEGORY_ORDER = {"discrepancy": 0, "unconfirmed": 1, "naming": 2, "single_source": 3, "agreement": 4}


def finding_order(finding: Finding) -> tuple[int, int, str, str, str]:
    """Sort key: severity, category, rule, claim, id."""
    return (SEVERITY_ORDER[finding.severity], CATEGORY_ORDER[finding.category], finding.rule,
            finding.claim, finding.id)


def compare(story: str, articles: list[Article], entities: list[Entity], assertions: pd.DataFrame,
            ruleset: RuleSet) -> tuple[pd.DataFrame, list[Finding]]:
    """Build the claims table and run each rule on the rows its ``where`` selects."""
    rows = claim_rows(assertions, entities, articles, ruleset.settings, [list(g) for g in ruleset.equivalences])
    claims = claims_frame(rows, claim_columns(assertions))
    context = RuleContext(story=story, articles=tuple(articles), entities=tuple(entities), settings=ruleset.settings)
    roles = {a.id: a.role or "" for a in articles}
    findings: dict[str, Finding] = {}
    with shared_records(claims, rows):
        for rule in ruleset.rules:
            selected = select(claims, rule.where, roles) if len(claims) else claims
            for finding in REGISTRY[rule.type].check(selected, rule, context):
                findings.setdefault(finding.id, finding)
    # A role, figure or stance the sources dispute is not also reported as agreed; a meeting whose
    # date is disputed still happened by every account, so its agreement stays.
    disputed = {(f.claim, f.entities) for f in findings.values()
                if f.category == "discrepancy" and f.field in ("role", "value", "stance")}
    kept = [f for f in findings.values() if not (f.category == "agreement" and (f.claim, f.entities) in disputed)]
    # Two rules that agree on one person's title (the role rule and corroboration) say it once: the
    # first rule's finding stays.
    said: set[tuple[str, ...]] = set()
    once = []
    for finding in kept:
        if finding.category == "agreement" and finding.field == "role":
            if finding.entities in said:
                continue
            said.add(finding.entities)
        once.append(finding)
    # A rule type may then merge what is left of its findings (corroboration: the agreed titles).
    for rule in ruleset.rules:
        finish = getattr(REGISTRY[rule.type], "finish", None)
        if finish is not None:
            once = finish(once, rule, context)
    return claims, sorted(once, key=finding_order)
