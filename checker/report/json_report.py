"""JSON report (schema_version 1): sources, entities, assertions, findings and a summary per story.

``findings`` and ``summary`` hold the findings that count. ``baselined`` and ``suppressed`` list the
findings kept out of the exit code, each as in ``findings`` plus ``reason`` and ``where``
(``{"path", "line"}`` of the baseline entry or of the inline comment).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from collections import Counter
from types import SimpleNamespace
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


#: The assertion columns the report shows.
_ASSERTION_FIELDS = ("id", "source", "kind", "predicate", "subject", "object", "subject_entity", "object_entity",
                     "slots", "attribution", "attribution_type", "modality", "negated", "quote", "line", "start",
                     "end", "claim_key")


def story_dict(result: StoryResult) -> dict[str, Any]:
    """One story as in the JSON contract."""
    assertions = []
    frame = result.assertions.sort_values(["source", "start", "id"])
    # the columns as lists: ``itertuples`` builds a Series per column of the whole table
    columns = {name: list(frame[name]) for name in _ASSERTION_FIELDS} if len(frame) else {}
    for values in zip(*columns.values()):
        row = SimpleNamespace(**dict(zip(columns, values)))
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
    return dumps_indented(document) + "\n"


def dumps_indented(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, the same text several times faster: with
    an indent, ``json`` encodes in pure Python, one generator per container. Strings, numbers and
    the constants are encoded as ``json`` encodes them; anything else is left to ``json.dumps``."""
    out: list[str] = []
    try:
        _encode(value, "\n", out)
    except _Unusual:
        return json.dumps(value, indent=2, ensure_ascii=False)
    return "".join(out)


class _Unusual(Exception):
    """A value ``_encode`` leaves to ``json`` (a non-string key, a type of its own)."""


_CONSTANTS = {True: "true", False: "false"}


def _encode(value: Any, newline: str, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif kind is bool:
        out.append(_CONSTANTS[value])
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float and value == value and value not in (float("inf"), float("-inf")):
        out.append(float.__repr__(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        first = True
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            out.append(("{" if first else ",") + inner + encode_basestring(key) + ": ")
            first = False
            _encode(item, inner, out)
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        first = True
        for item in value:
            out.append(("[" if first else ",") + inner)
            first = False
            _encode(item, inner, out)
        out.append(newline + "]")
    else:
        raise _Unusual
