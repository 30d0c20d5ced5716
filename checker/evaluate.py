"""``checker eval``: recall and precision of findings against annotated stories.

A story folder with an ``expected.yaml`` lists the findings a careful checker must produce
(``items``) and debatable ones that are not errors (``allowed``). Recall is over the items;
precision is over the reported ``discrepancy`` and ``naming`` findings (a finding is correct
when it matches an item or an allowed entry). Matching is lenient on name order and case; every
``entities``, ``values`` and ``text`` entry is a string or a list of alternatives (any one matches).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checker import yaml_safe
from checker.errors import CheckerError
from checker.model import Finding, StoryResult
from checker.resolve.names import fold

SCORED = ("discrepancy", "naming")


@dataclass(frozen=True)
class StoryScore:
    """Counts for one story, and the items and findings that did not match."""

    story: str
    items: int
    found: int
    reported: int
    correct: int
    missed: tuple[str, ...]
    false_positives: tuple[str, ...]


def load_expected(folder: Path) -> dict[str, Any] | None:
    """The ``expected.yaml`` of a story folder, or None when it has none."""
    path = folder / "expected.yaml"
    if not path.is_file():
        return None
    try:
        data = yaml_safe.load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CheckerError(str(path), f"invalid YAML: {getattr(exc, 'problem', exc)}",
                           mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or not isinstance(data.get("items", []), list):
        raise CheckerError(str(path), "expected.yaml needs a mapping with an 'items' list")
    return data


def _tokens(name: str) -> set[str]:
    return {t.strip(".,'’s") for t in fold(name).replace("’s", "").split() if t.strip(".,")}


def _alternatives(entry: Any) -> list[str]:
    """An expected entry is one string or a list of alternatives, any of which may match."""
    return [str(a) for a in entry] if isinstance(entry, list) else [str(entry)]


def _entity_matches(entry: Any, finding: Finding) -> bool:
    for wanted in _alternatives(entry):
        want = _tokens(wanted)
        if any(want and (want <= _tokens(e) or _tokens(e) <= want) and _tokens(e) for e in finding.entities):
            return True
    return False


def matches(item: dict[str, Any], finding: Finding) -> bool:
    """True when a finding satisfies an expected item (category, entities, field, values, text)."""
    if finding.category not in item.get("category", [finding.category]):
        return False
    if not all(_entity_matches(e, finding) for e in item.get("entities", [])):
        return False
    if "field" in item and finding.field not in item["field"]:
        return False
    values = " | ".join(finding.values.values()).lower()
    if not all(any(a.lower() in values for a in _alternatives(g)) for g in item.get("values", [])):
        return False
    haystack = (finding.message + " " + " ".join(e.quote for e in finding.evidence)).lower()
    return all(any(a.lower() in haystack for a in _alternatives(g)) for g in item.get("text", []))


def score(result: StoryResult, expected: dict[str, Any]) -> StoryScore:
    """Score one story's findings against its expectations."""
    items = list(expected.get("items", []))
    allowed = list(expected.get("allowed", []))
    missed = [str(i.get("id")) for i in items if not any(matches(i, f) for f in result.findings)]
    scored = [f for f in result.findings if f.category in SCORED]
    wrong = [f for f in scored if not any(matches(i, f) for i in items + allowed)]
    return StoryScore(
        story=result.story, items=len(items), found=len(items) - len(missed), reported=len(scored),
        correct=len(scored) - len(wrong), missed=tuple(missed),
        false_positives=tuple(f"{f.category}/{f.field}: {f.message}" for f in wrong),
    )


def totals(scores: list[StoryScore]) -> tuple[float, float]:
    """Micro-averaged (recall, precision); precision is 1.0 when nothing was reported."""
    items = sum(s.items for s in scores)
    reported = sum(s.reported for s in scores)
    recall = sum(s.found for s in scores) / items if items else 1.0
    precision = sum(s.correct for s in scores) / reported if reported else 1.0
    return recall, precision
