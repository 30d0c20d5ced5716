"""The temporal and required rule types on hand-made claims tables, the source_role selector, and
the warning for a rule that can never match a story's sources."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from checker.model import Article
from checker.compare.rules import REGISTRY, required, temporal
from checker.compare.rules.base import Rule, RuleContext, select
from checker.compare.rules.reach import rule_warnings

COUNCIL = "event|org:harlow-city-council|vote|text:budget"


def claim(source: str, published: str, modality: str, time: str = "", *, key: str = COUNCIL,
          outlet: str | None = None, negated: bool = False, line: int = 3) -> dict[str, Any]:
    """One claims-table row with the columns the rules read."""
    return {
        "claim_key": key, "claim": "Harlow City Council vote budget", "entity_names": ("Harlow City Council",),
        "kind": "event", "predicate": "vote", "source": source, "outlet": outlet or source.title(),
        "published": published, "modality": modality, "negated": negated, "weak": False,
        "time": time, "time_text": dt.date.fromisoformat(time).strftime("%A") if time else "",
        "time_start": time, "time_end": time, "quote": f"{source} quote", "line": line, "start": 10, "end": 20,
    }


def rule_of(module: Any, severity: str = "warning", **options: Any) -> Rule:
    defaults = {name: spec.default for name, spec in module.OPTIONS.items()}
    return Rule(id=f"{module.TYPE}-rule", type=module.TYPE, severity=severity, message="{claim}: {values}",
                options={**defaults, **options})


def article(source: str, role: str | None = None, outlet: str | None = None) -> Article:
    return Article(id=source, story="s", path=f"s/{source}.md", outlet=outlet or source.title(),
                   published=dt.date(2024, 3, 4), url=None, title=None, author=None, role=role, text="",
                   body_start=0, line_starts=(0,))


def context(*articles: Article) -> RuleContext:
    return RuleContext(story="s", articles=articles, entities=(), settings={})


def run(module: Any, rows: list[dict[str, Any]], rule: Rule | None = None, *articles: Article) -> list[Any]:
    return module.check(pd.DataFrame(rows), rule or rule_of(module), context(*articles))


def test_both_new_types_are_registered() -> None:
    assert REGISTRY["temporal"] is temporal
    assert REGISTRY["required"] is required


# --- temporal -----------------------------------------------------------------------------------------------------

def test_a_plan_overtaken_by_its_outcome_is_an_agreement_not_a_discrepancy() -> None:
    findings = run(temporal, [claim("north", "2024-03-04", "expected", "2024-03-07"),
                              claim("south", "2024-03-08", "asserted", "2024-03-06")])
    [finding] = findings
    assert (finding.category, finding.field, finding.severity) == ("agreement", "time", "info")
    assert "plan overtaken by outcome" in finding.message
    assert finding.values["north"].startswith("expected Thursday (2024-03-07)")
    assert finding.values["south"].startswith("happened Wednesday (2024-03-06)")
    assert finding.sources == ("north", "south")


def test_overtaken_agreements_can_be_switched_off() -> None:
    rows = [claim("north", "2024-03-04", "expected", "2024-03-07"), claim("south", "2024-03-08", "asserted", "2024-03-06")]
    assert run(temporal, rows, rule_of(temporal, report_overtaken=False)) == []


def test_an_outcome_published_before_the_plan_does_not_overtake_it() -> None:
    rows = [claim("north", "2024-03-09", "expected", "2024-03-14"), claim("south", "2024-03-08", "asserted", "2024-03-06")]
    assert run(temporal, rows) == []


def test_same_day_conflicting_expectations_are_a_discrepancy_at_the_rule_severity() -> None:
    [finding] = run(temporal, [claim("north", "2024-03-04", "expected", "2024-03-07"),
                               claim("south", "2024-03-04", "expected", "2024-03-08")])
    assert (finding.category, finding.field, finding.severity) == ("discrepancy", "time", "warning")
    assert set(finding.values) == {"north", "south"}


def test_a_plan_that_moved_between_days_is_a_changed_plan_at_the_lower_severity() -> None:
    [finding] = run(temporal, [claim("north", "2024-03-04", "expected", "2024-03-07"),
                               claim("south", "2024-03-06", "expected", "2024-03-08")],
                    rule_of(temporal, changed_plan_severity="info"))
    assert (finding.category, finding.field, finding.severity) == ("discrepancy", "time", "info")
    assert "the plan changed between articles" in finding.message


def test_matching_expectations_are_not_a_discrepancy() -> None:
    rows = [claim("north", "2024-03-04", "expected", "2024-03-07"), claim("south", "2024-03-05", "expected", "2024-03-07")]
    assert [f for f in run(temporal, rows) if f.category == "discrepancy"] == []


def test_a_future_date_counts_as_a_plan_only_with_future_is_expected() -> None:
    rows = [claim("north", "2024-03-04", "asserted", "2024-03-07"), claim("south", "2024-03-04", "expected", "2024-03-08")]
    assert [f.category for f in run(temporal, rows)] == ["discrepancy"]
    assert run(temporal, rows, rule_of(temporal, future_is_expected=False)) == []


def test_a_negated_outcome_does_not_overtake_a_plan() -> None:
    rows = [claim("north", "2024-03-04", "expected", "2024-03-07"),
            claim("south", "2024-03-08", "asserted", "2024-03-06", negated=True)]
    assert run(temporal, rows) == []


def test_temporal_on_an_empty_table() -> None:
    assert run(temporal, []) == []


# --- required -----------------------------------------------------------------------------------------------------

def test_required_flags_a_claim_below_min_sources() -> None:
    [finding] = run(required, [claim("north", "2024-03-04", "asserted", "2024-03-04")])
    assert (finding.category, finding.severity, finding.sources) == ("single_source", "warning", ("north",))
    assert finding.entities == ("Harlow City Council",)


def test_required_is_satisfied_by_two_outlets_but_not_two_articles_of_one_outlet() -> None:
    two_outlets = [claim("north", "2024-03-04", "asserted"), claim("south", "2024-03-04", "asserted")]
    assert run(required, two_outlets) == []
    one_outlet = [claim("north", "2024-03-04", "asserted", outlet="North Wire"),
                  claim("north-2", "2024-03-05", "asserted", outlet="North Wire")]
    assert [f.category for f in run(required, one_outlet)] == ["single_source"]


def test_required_counts_only_the_listed_roles() -> None:
    rows = [claim("draft", "2024-03-04", "asserted"), claim("wire", "2024-03-04", "asserted")]
    rule = rule_of(required, min_sources=1, count_roles=["wire", "official"])
    assert run(required, rows, rule, article("draft", "draft"), article("wire", "wire")) == []
    only_draft = [claim("draft", "2024-03-04", "asserted")]
    [finding] = run(required, only_draft, rule, article("draft", "draft"), article("wire", "wire"))
    assert finding.sources == ("draft",)


# --- selectors and warnings ---------------------------------------------------------------------------------------

def test_source_role_selects_the_claims_a_source_with_that_role_makes() -> None:
    rows = pd.DataFrame([claim("draft", "2024-03-04", "asserted"), claim("wire", "2024-03-04", "asserted"),
                         claim("wire", "2024-03-04", "asserted", key="meeting|a|b")])
    chosen = select(rows, {"source_role": "draft"}, {"draft": "draft", "wire": "wire"})
    assert sorted(chosen["source"]) == ["draft", "wire"]  # the draft's claim, with what the wire says about it
    assert set(chosen["claim_key"]) == {COUNCIL}


@pytest.mark.parametrize("where, warned", [
    ({"source_role": "draft"}, True), ({"source_role": ["draft", "wire"]}, False), ({"outlet": "Nowhere Times"}, True),
    ({"source": "wire"}, False), ({"kind": "meeting"}, False),
])
def test_a_rule_that_can_never_match_the_sources_is_a_warning(where: dict[str, Any], warned: bool) -> None:
    rule = Rule(id="draft-check", type="required", severity="error", message="x", where=where, line=7,
                path="rules.yaml")
    warnings = rule_warnings("story", [article("wire", "wire"), article("other")], [rule])
    assert bool(warnings) == warned
    if warned:
        [warning] = warnings
        assert warning.render().startswith("rules.yaml:7: story: rule 'draft-check' can never match")
