"""Compare stage, first step: resolved assertions → claims with blocking keys and normalised values.

Each row first gets an exact key (the same two parties meeting, the same person's role, the
same actor's stance on the same topic, the same measure of the same actor); ``align`` then
gives the rows that state one claim one ``claim_key`` by a score over their frames, and rules
group by that key. Nothing compares all pairs.

Columns added to the assertion table: ``claim_key``, ``claim`` (in the source's own words,
``labels``), ``related_outlets`` (other outlets that may report it, from ``align``),
``entity_names``, ``outlet``, ``published``, ``origin`` (the independent origin), ``weak``
(hedged, reported or third-party), ``polarity``, and one normalised column per comparable slot:
``time``, ``time_start``, ``time_end``, ``time_text``, ``place``, ``title``, ``org``, ``role``,
``value``, ``approx``, ``unit``, ``stance``, ``topic``, ``status``.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from checker.model import Article, Entity
from checker.compare.align import align
from checker.compare.labels import readable
from checker.compare.rules.base import Record, frame_records

#: Event predicates keyed on what they act upon (see ``_key_and_claim``); settings may override.
OUTCOMES = ("pass", "approve", "reject", "veto", "ban", "adopt", "fail", "delay")
LEGISLATION = ("bill", "act", "measure", "legislation", "law", "proposal", "ordinance", "resolution", "budget",
               "ban", "regulation", "rule")
#: Outcome predicates that mean the same ("passed the bill" = "approved the bill").
SYNONYMS = {"pass": "approve", "adopt": "approve"}
WEAK_MODALITIES = ("reported", "hedged", "unconfirmed", "denied")
THIRD_PARTY = ("outlet", "anonymous", "social_media")


_NOT_WORD = re.compile(r"[^a-z0-9 ]+")


def _norm(text: str) -> str:
    return _NOT_WORD.sub("", str(text).lower()).strip()


class Equivalences:
    """Groups of values that mean the same ("objects to" = "opposes", "chief executive" = "CEO")."""

    def __init__(self, groups: list[list[str]]) -> None:
        # Groups that share a value are one group: a user's [chairman, CEO] joins the packaged
        # [chair, chairman, ...] and [ceo, chief executive, ...]; the earliest group names it.
        self.canonical: dict[str, str] = {}
        for group in groups:
            values = [_norm(v) for v in group]
            joined = {self.canonical[v] for v in values if v in self.canonical}
            first = min(joined, key=list(self.canonical.values()).index) if joined else values[0]
            for key, name in list(self.canonical.items()):
                if name in joined:
                    self.canonical[key] = first
            for value in values:
                self.canonical[value] = first

    def __call__(self, value: str) -> str:
        key = _norm(value)
        return self.canonical.get(key, key)


def _party(entity_id: str, text: str, names: dict[str, str]) -> tuple[str, str]:
    if entity_id:
        return entity_id, names.get(entity_id, text)
    return f"text:{_norm(text)}", text


def _key_and_claim(row: Any, names: dict[str, str], opposites: dict[str, tuple[str, str]], outcomes: set[str],
                   legislation: set[str], equal: "Equivalences") -> tuple[str, str, list[str], str]:
    """(claim key, claim sentence, entity names, polarity) of one assertion row."""
    subject_key, subject = _party(row.subject_entity, row.subject, names)
    object_key, obj = _party(row.object_entity, row.object, names)
    slots = row.slots
    kind = row.kind
    polarity = "negative" if row.negated else "positive"
    entity_names = [n for k, n in ((subject_key, subject), (object_key, obj)) if not k.startswith("text:") and n]
    if kind == "meeting":
        pair = sorted([(subject_key, subject), (object_key, obj)])
        return f"meeting|{pair[0][0]}|{pair[1][0]}", f"{pair[0][1]} met {pair[1][1]}", entity_names, polarity
    if kind == "role":
        return f"role|{subject_key}", f"{subject}'s role", entity_names[:1], polarity
    if kind == "travel":
        where = slots.get("destination", obj)
        return (f"travel|{subject_key}|{row.predicate}|{object_key}", f"{subject} {row.predicate} {where}".strip(),
                entity_names, polarity)
    if kind == "statement" and slots.get("stance"):
        topic = slots.get("topic", "")
        return (f"stance|{subject_key}|{topic}", f"{subject}'s position on {slots.get('topic_text', obj)}",
                entity_names[:1], polarity)
    if kind == "statement":
        words = sorted({w for w in _norm(obj).split() if len(w) > 3})[:8]
        voice = f"{subject}'s {slots['via']}" if slots.get("via") else subject  # "Ada Quill's campaign said"
        return f"say|{subject_key}|{' '.join(words)}", f"{voice} said: {obj[:80]}", entity_names[:1], polarity
    if kind == "quantity":
        measure = slots.get("measure", "")
        # A measure is tied to its actor only when the actor is a named entity ("Smith, 57": age);
        # "the plant employs 640 workers" and "640 workers at the plant" are one claim.
        owner = subject_key if not subject_key.startswith("text:") else ""
        if slots.get("unit") == "vote":
            # One story can hold several votes; a tally names its vote better than any noun does.
            return f"quantity||vote {slots.get('value', '')}|vote", f"vote {slots.get('value_text', '')}", entity_names[:1], polarity
        return (f"quantity|{owner}|{measure}|{slots.get('unit', '')}",
                f"{subject + ': ' if owner else ''}{slots.get('value_text', '')} {measure}".strip(),
                entity_names[:1], polarity)
    if kind == "comment":
        return f"comment|{subject_key}|{slots.get('status', '')}", f"{subject}: {row.predicate}", entity_names, polarity
    predicate = row.predicate
    action = str(slots.get("action", ""))
    if predicate == "vote" and action:
        predicate = action  # "voted to ban" is the ban; "voted to pass the act" is the passage
        if action in legislation:
            predicate, obj = "approve", action  # "voted to ban X" = "approved the ban"
    if predicate in opposites:
        predicate, flip = opposites[predicate]
        if flip == "negative":
            polarity = "negative" if polarity == "positive" else "positive"
    predicate = SYNONYMS.get(predicate, predicate)
    sentence = f"{subject} {row.predicate} {obj}".strip()
    if predicate in outcomes:
        # Outcomes key on what was passed, banned or rejected, not on who did it, so "the House
        # passed the bill" and "the bill failed in the House" meet (intransitive: the subject).
        patient = obj if obj and obj != action else (action if action and action != predicate else subject)
        if any(w in legislation for w in _norm(subject).split()):
            patient = subject  # "the act, which passed the Senate": the act is what passed
        return f"{kind}|outcome|{predicate}|{_patient(patient, legislation)}", sentence, entity_names, polarity
    head = equal(str(slots.get("object_head", ""))) if slots.get("object_head") else ""
    if not subject_key.startswith("text:") and object_key.startswith("text:"):
        # A named actor's event is one claim however each outlet words its object ("pleaded guilty
        # to one count of wire fraud" / "pleaded guilty Thursday").
        object_part = ""
    else:
        object_part = object_key if not object_key.startswith("text:") else f"text:{head or _norm(action or obj)[:40]}"
    return f"{kind}|{subject_key}|{predicate}|{object_part}", sentence, entity_names, polarity


def _patient(text: str, legislation: set[str]) -> str:
    """The thing an outcome is about: a legislation noun counts as one ("bill" = "act" = "measure")."""
    words = _norm(text).split()
    if any(w in legislation for w in words):
        return "legislation"
    return words[-1] if words else ""


#: Slot values copied to columns of their own, as text ("" when absent).
SLOT_COLUMNS = ("time", "time_start", "time_end", "time_text", "place", "title", "role", "org", "value", "approx",
                "unit", "stance", "topic", "status", "value_text")
#: Columns that are not text.
NUMERIC_COLUMNS = {"line": "int64", "start": "int64", "end": "int64", "sentence": "int64", "negated": "bool",
                   "weak": "bool", "related_outlets": "int64"}


def claim_rows(assertions: pd.DataFrame, entities: list[Entity], articles: list[Article],
               settings: dict[str, Any], equivalences: list[list[str]]) -> list[dict[str, Any]]:
    """The resolved assertion table as claims rows (dicts) with claim keys and normalised columns.

    Plain Python over a story's few hundred rows: each pandas operation costs more in overhead than
    the work it does at that size, and the rules read rows, not columns.
    """
    names = {e.id: e.name for e in entities}
    types = {e.id: e.type for e in entities}
    opposites: dict[str, tuple[str, str]] = {}
    for positive, negative in settings.get("opposites", []):
        opposites[str(negative)] = (str(positive), "negative")
    equal = Equivalences(equivalences)
    outlets = {a.id: a.outlet for a in articles}
    published = {a.id: a.published.isoformat() if a.published else "" for a in articles}
    outcomes = {str(p) for pair in settings.get("opposites", []) for p in pair} | set(settings.get("outcomes", OUTCOMES))
    legislation = set(settings.get("legislation_nouns", LEGISLATION))
    place_ids = {_norm(form): e.id for e in entities for forms in e.surface_forms.values() for form in forms}
    rows = []
    for row in frame_records(assertions):
        key, claim, entity_names, polarity = _key_and_claim(Record(row), names, opposites, outcomes, legislation, equal)
        slots = row["slots"]
        for column in SLOT_COLUMNS:
            row[column] = str(slots.get(column, "") or "")
        if row["kind"] == "role" and types.get(row["subject_entity"], "PERSON") != "PERSON":
            continue
        source = row["source"]
        attribution, attribution_type = row["attribution"], row["attribution_type"]
        row.update(claim_key=key, claim=readable(row, claim), entity_names=tuple(entity_names), polarity=polarity,
                   outlet=outlets.get(source), published=published.get(source),
                   origin=_norm(attribution) if attribution_type in THIRD_PARTY + ("official",) and attribution
                   else _norm(outlets.get(source, source)),
                   weak=row["modality"] in WEAK_MODALITIES or attribution_type in THIRD_PARTY)
        row["title"] = equal(row["title"])
        row["stance"] = equal(row["stance"])
        role_org = row["kind"] == "role" and row["object_entity"]
        row["org_key"] = row["object_entity"] if role_org else _norm(row["org"])
        row["org"] = names.get(row["object_entity"], row["org"]) if role_org else row["org"]
        row["place_key"] = place_ids.get(_norm(row["place"]), _norm(row["place"]))
        rows.append(row)
    _join_ownerless_measures(rows)
    align(rows, entities, settings)
    return rows


def claims_frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Claims rows as a DataFrame with the text columns in one ``object`` block: pandas would
    infer one ``str`` block per column, which makes every row filter several times slower."""
    text = [c for c in columns if c not in NUMERIC_COLUMNS]
    block = np.empty((len(rows), len(text)), dtype=object)
    for j, column in enumerate(text):  # fromiter: tuples stay single values, never broadcast
        block[:, j] = np.fromiter((r[column] for r in rows), dtype=object, count=len(rows))
    frame = pd.DataFrame(block, columns=text, dtype=object)
    for position, column in enumerate(columns):
        if column in NUMERIC_COLUMNS:
            frame.insert(position, column, np.array([r[column] for r in rows], dtype=NUMERIC_COLUMNS[column]))
    return frame


def claim_columns(assertions: pd.DataFrame) -> list[str]:
    """Columns of the claims table built from ``assertions``, in order."""
    added = ("claim_key", "claim", "entity_names", "polarity", "outlet", "published", "origin", "weak", *SLOT_COLUMNS,
             "org_key", "place_key", "related_outlets")
    return list(dict.fromkeys([*assertions.columns, *added]))


def _join_ownerless_measures(rows: list[dict[str, Any]]) -> None:
    """"A $12,000 bonus" (no actor named) is the same claim as "the company's $12,500 bonus" when
    exactly one actor has a figure for that measure and unit in the story."""
    owners: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for row in rows:
        parts = row["claim_key"].split("|")
        if row["kind"] == "quantity" and len(parts) >= 4:
            owners.setdefault(f"{parts[2]}|{parts[3]}", []).append((parts[1], row))
    for key, group in owners.items():
        if not key.endswith("|$"):
            continue  # counts ("60 votes needed", "61 votes cast") differ too often to guess
        named = sorted({owner for owner, _ in group if owner})
        if len(named) != 1 or all(owner for owner, _ in group):
            continue
        for owner, row in group:
            if not owner:
                row["claim_key"] = f"quantity|{named[0]}|{key}"
