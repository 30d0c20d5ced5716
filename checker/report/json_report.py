"""JSON report (schema_version 1): sources, entities, assertions, findings and a summary per story.

``findings`` and ``summary`` hold the findings that count. ``baselined`` and ``suppressed`` list the
findings kept out of the exit code, each as in ``findings`` plus ``reason`` and ``where``
(``{"path", "line"}`` of the baseline entry or of the inline comment).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from checker.model import Finding, StoryResult, Waiver

SCHEMA_VERSION = 1
CATEGORIES = ("discrepancy", "unconfirmed", "single_source", "agreement", "naming")


def finding_dict(finding: Finding) -> dict[str, Any]:
    """A finding as in the JSON contract."""
    return {
        "id": finding.id, "rule": finding.rule, "category": finding.category, "severity": finding.severity,
        "entities": list(finding.entities), "field": finding.field, "values": dict(finding.values),
        "sources": list(finding.sources),
        "evidence": [{"source": e.source, "quote": e.quote, "line": e.line, "start": e.start, "end": e.end}
                     for e in finding.evidence],
        "message": finding.message,
    }


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def story_dict(result: StoryResult) -> dict[str, Any]:
    """One story as in the JSON contract."""
    assertions = []
    for row in result.assertions.sort_values(["source", "start", "id"]).itertuples(index=False):
        assertions.append({
            "id": row.id, "source": row.source, "kind": row.kind, "predicate": row.predicate,
            "subject": row.subject, "object": row.object,
            "subject_entity": row.subject_entity or None, "object_entity": row.object_entity or None,
            "slots": _clean(row.slots), "attribution": row.attribution or None,
            "attribution_type": row.attribution_type, "modality": row.modality, "negated": bool(row.negated),
            "quote": row.quote, "line": int(row.line), "start": int(row.start), "end": int(row.end),
            "claim_key": row.claim_key,
        })
    summary = Counter(f.category for f in result.findings)
    return {
        "story": result.story,
        "sources": [{"id": a.id, "path": a.path, "outlet": a.outlet,
                     "published": a.published.isoformat() if a.published else None,
                     "url": a.url, "title": a.title, "role": a.role} for a in result.articles],
        "entities": [{"id": e.id, "name": e.name, "type": e.type,
                      "surface_forms": {k: list(v) for k, v in e.surface_forms.items()},
                      "merges": [{"form": f, "into": i, "reason": r, "field": fld or None} for f, i, r, fld in e.merges]}
                     for e in result.entities],
        "assertions": assertions,
        "findings": [finding_dict(f) for f in result.findings],
        "summary": {c: summary.get(c, 0) for c in CATEGORIES},
        "baselined": [_waiver_dict(w) for w in result.waived if w.kind == "baselined"],
        "suppressed": [_waiver_dict(w) for w in result.waived if w.kind == "suppressed"],
    }


def _waiver_dict(waiver: Waiver) -> dict[str, Any]:
    return {**finding_dict(waiver.finding), "reason": waiver.reason, "where": {"path": waiver.path, "line": waiver.line}}


def render_json(results: list[StoryResult]) -> str:
    """The whole run as one JSON document (sorted keys, stable order, trailing newline)."""
    document = {"schema_version": SCHEMA_VERSION, "stories": [story_dict(r) for r in results]}
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
