"""corroboration: a claim must be backed by at least ``min_origins`` independent origins.

Articles that credit the same origin (``according to <Outlet>``, the same wire, the same
official readout, the same photo on social media) count once, and so do two articles from one
outlet. A claim below the threshold is a ``single_source`` finding saying how many articles and
origins carry it; a claim at or above it is an ``agreement`` finding (when ``report_agreements``),
with each source's time and place as its values. Claims that every source only reports or
hedges are left to the ``confirmation`` rule type (``skip_weak``).

A claim is single-source only when no other outlet could be reporting it: claims that another
outlet's claim resembles, without matching it surely enough to be compared (``related_outlets``
of the alignment), are neither single-source nor agreed. With ``concrete_only``, single-source
findings are kept to concrete, checkable claims: a named actor's event; a meeting, trip or plan
with a named party and an object, a date or a place; a figure with what it counts; a named
speaker's words (three content words or more). A forecast, a condition or what should happen
("will pass", "if the council votes", "must apologize") is not one, nor is what did not happen
("did not name him"), a question asked, what a speaker did not say, nor an event inside a
quotation (the speaker's remark is the claim).
Roles, comment statuses and fragments are background, and one sentence of one source gives at
most one single-source finding per actor and kind of claim.
Two agreed events of one kind, the second told in the very sentences that tell the first ("A and B
signed the contract"), are one agreement naming both actors.

Options: ``min_origins`` (2), ``report_agreements`` (true), ``agreement_severity`` (info),
``skip_weak`` (true), ``concrete_only`` (true), ``group_remarks`` (true: the remarks of one
speaker that only one outlet reports are one finding, with every quote as evidence),
``remarks_by_outlet`` (true: with ``group_remarks``, all the remarks only one outlet reports are one
finding whoever made them, naming every speaker; false: one finding per speaker),
``group_agreed_remarks`` (true: the remarks of one speaker that the same outlets all report are one
agreement, with every quote as evidence), ``group_agreed_roles`` (true: the titles that the same
outlets all agree on are one agreement, naming every holder).

Passing example: two outlets each report "X met Y on Tuesday" from their own reporting.
Failing example: only one article reports "X met Y".
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd  # imported where used, so `checker validate` starts fast

from checker.model import Evidence, Finding
from checker.compare.rules.base import (Option, Record, Rule, RuleContext, claim_groups, fingerprint, first_per_source,
                                        make_finding, render)

TYPE = "corroboration"
OPTIONS = {
    "min_origins": Option("integer", 2, "independent origins needed"),
    "report_agreements": Option("boolean", True, "report claims that are corroborated as agreements"),
    "agreement_severity": Option("string", "info", "severity of agreement findings", ("error", "warning", "info")),
    "skip_weak": Option("boolean", True, "leave claims that every source hedges to the confirmation rule"),
    "concrete_only": Option("boolean", True, "single-source findings only for concrete, checkable claims"),
    "group_remarks": Option("boolean", True, "one single-source finding per speaker and outlet for remarks only it reports"),
    "remarks_by_outlet": Option("boolean", True, "with group_remarks: one finding per outlet for all the remarks only it "
                                                 "reports, whoever made them"),
    "group_agreed_remarks": Option("boolean", True, "one agreement per speaker for the remarks the same outlets all "
                                                    "report"),
    "group_agreed_roles": Option("boolean", True, "one agreement for the titles the same outlets all agree on"),
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


def _field(group: list[Record]) -> str | None:
    kind = str(group[0]["kind"])
    if kind == "statement" and not any(r["stance"] for r in group):
        return None
    return FIELDS.get(kind, "time" if any(r["time"] for r in group) else None)


PRONOUNS = {"it", "them", "this", "that", "these", "those", "him", "her", "us", "you", "me", "one", "some", "all"}
#: Measures too vague to check on their own ("a two-year duration").
VAGUE_MEASURES = {"", "duration", "time", "times", "thing", "way", "part", "lot", "number"}


def concrete(row: Record) -> bool:
    """A named actor's event with an object, date or place; a figure and what it counts; a named
    speaker's words. Roles and comment statuses are background, not claims to check."""
    kind = row["kind"]
    named = bool(row["subject_entity"]) or bool(row["object_entity"])
    if kind == "statement":
        if (row["slots"] or {}).get("question") or (row["slots"] or {}).get("unsaid"):
            return False  # a question asked is said, but it claims nothing; "did not say" says nothing
        words = [w for w in str(row["object"]).split() if len(w) > 3]
        return bool(row["subject_entity"]) and len(words) >= 3
    if (row["slots"] or {}).get("quoted"):
        return False  # words inside a quotation: the speaker's remark is the claim, found as such
    if kind in ("quantity", "event") and row["modality"] == "expected":
        return False  # a forecast, a condition or what should happen: nothing one source could have seen
    if kind in ("event", "meeting", "travel") and row["negated"]:
        return False  # "did not name him": what did not happen is context, not a report to check
    if kind == "quantity":
        measure = str((row["slots"] or {}).get("measure", "")).strip()
        return measure not in VAGUE_MEASURES
    what = str(row["object"]).strip()
    if what.lower() in PRONOUNS:
        what = ""  # "approved it": what was approved is in another sentence
    if kind == "event" and not named:
        # "The museum closed at the end of February": an unnamed actor with a date is checkable.
        return bool(row["time"]) and str(row["subject"]).strip().lower() not in PRONOUNS | {"", "he", "she", "they", "i", "we"}
    if kind in ("event", "meeting", "travel"):
        return named and bool(what or row["time"] or row["place"])
    if kind == "plan":
        return named and (len(what.split()) >= 2 or bool(row["time"]))
    return False


def check(claims: pd.DataFrame, rule: Rule, context: RuleContext) -> list[Finding]:
    """Single-source findings below ``min_origins``; agreements at or above it."""
    findings = []
    names = context.entity_names()
    press = {a.outlet.lower() for a in context.articles if a.outlet}
    said: set[tuple[str, int, str, str]] = set()
    remarks: dict[tuple[str, str], list[tuple[list[Record], list[str], int]]] = {}
    agreed: dict[tuple[str, tuple[str, ...]], list[tuple[list[Record], list[str], int]]] = {}
    events: list[tuple[int, list[Record]]] = []
    for _key, group in claim_groups(claims):
        if rule.options["skip_weak"] and all(r["weak"] for r in group):
            continue
        by_outlet: dict[str, str] = {}
        for row in group:
            by_outlet.setdefault(row["outlet"], row["origin"])
        outlets = len(by_outlet)
        origins = min(len(set(by_outlet.values())), outlets)
        first = group[0]
        entities = list(dict.fromkeys(n for r in group for n in r["entity_names"])) or [first["claim"]]
        values = {r["source"]: _summary(r) for r in first_per_source(group)}
        if origins < rule.options["min_origins"]:
            if any(r.get("related_outlets", 0) for r in group):
                continue  # another outlet may report it: not single-source, not comparable either
            if rule.options["concrete_only"]:
                if not any(concrete(r) for r in group) or names.get(first["subject_entity"], "").lower() in press:
                    continue  # a fragment, background, or the outlet speaking of itself
                place = (first["source"], int(first["sentence"]), str(first["subject_entity"] or first["subject"]),
                         str(first["kind"]))
                if place in said:
                    continue
                said.add(place)
            if rule.options["group_remarks"] and first["kind"] == "statement" and first["subject_entity"] \
                    and not first["stance"] and outlets == 1:
                speaker = "" if rule.options["remarks_by_outlet"] else str(first["subject_entity"])
                remarks.setdefault((first["source"], speaker), []).append((group, entities, origins))
                continue
            findings.append(make_finding(rule, context, "single_source", group, entities, values, _field(group),
                                         claim=first["claim"], origins=origins))
        elif rule.options["report_agreements"]:
            if rule.options["group_agreed_remarks"] and first["kind"] == "statement" and first["subject_entity"] \
                    and not any(r["stance"] for r in group):
                agreed.setdefault((str(first["subject_entity"]), tuple(sorted(by_outlet))), []).append(
                    (group, entities, origins))
                continue
            if first["kind"] in ("event", "meeting", "travel") and first["subject_entity"]:
                events.append((len(findings), group))
            findings.append(make_finding(rule, context, "agreement", group, entities, values, _field(group),
                                         severity=rule.options["agreement_severity"], claim=first["claim"],
                                         template=AGREEMENT, origins=origins))
    findings = _co_actors(findings, events, rule, context)
    findings += [_remarks(rule, context, said_by) for _key, said_by in sorted(remarks.items())]
    findings += [_agreed(rule, context, said_by) for _key, said_by in sorted(agreed.items())]
    return findings


def _co_actors(findings: list[Finding], events: list[tuple[int, list[Record]]], rule: Rule,
               context: RuleContext) -> list[Finding]:
    """"A and B signed the contract": the agreement on B's part, told in the very sentences that tell
    A's, is one agreement naming both (A's, which the other sources may tell without B)."""
    drop: set[int] = set()
    blocks: dict[tuple[str, str], list[tuple[int, list[Record]]]] = {}
    for index, group in events:  # only events of one kind and predicate can be one
        blocks.setdefault((str(group[0]["kind"]), str(group[0]["predicate"])), []).append((index, group))
    for block in blocks.values():
        told = {index: {(r["source"], int(r["sentence"])) for r in group} for index, group in block}
        for a, group_a in block:
            for b, group_b in block:
                if a == b or a in drop or b in drop or group_a[0]["subject_entity"] == group_b[0]["subject_entity"]:
                    continue
                if told[b] <= told[a] and (len(told[b]) < len(told[a]) or a < b):
                    merged = findings[a]
                    entities = list(dict.fromkeys(merged.entities + findings[b].entities))
                    findings[a] = replace(merged, entities=tuple(entities), evidence=_evidence([merged, findings[b]]),
                                          id=fingerprint(rule.id, context.story, entities, merged.values, merged.field))
                    drop.add(b)
    return [f for i, f in enumerate(findings) if i not in drop]


def _agreed(rule: Rule, context: RuleContext, said_by: list[tuple[list[Record], list[str], int]]) -> Finding:
    """One agreement for the remarks of one speaker that the same outlets all report."""
    said_by = sorted(said_by, key=lambda said: (int(said[0][0]["line"]), int(said[0][0]["start"])))
    group, entities, origins = said_by[0]
    first = group[0]
    if len(said_by) == 1:
        values = {r["source"]: _summary(r) for r in first_per_source(group)}
        return make_finding(rule, context, "agreement", group, entities, values, _field(group),
                            severity=rule.options["agreement_severity"], claim=first["claim"], template=AGREEMENT,
                            origins=origins)
    rows = [row for g, _e, _o in said_by for row in g]
    values: dict[str, list[str]] = {}
    for g, _e, _o in said_by:
        for row in first_per_source(g):
            values.setdefault(str(row["source"]), []).append(_summary(row))
    more = len(said_by) - 1
    entities = list(dict.fromkeys(n for _g, e, _o in said_by for n in e))
    claim = first["claim"] + f" (and {more} more remark{'s' if more > 1 else ''})"
    return make_finding(rule, context, "agreement", rows, entities, {k: "; ".join(v) for k, v in values.items()},
                        _field(group),
                        severity=rule.options["agreement_severity"], claim=claim, template=AGREEMENT,
                        origins=min(o for _g, _e, o in said_by))


def _remarks(rule: Rule, context: RuleContext, said_by: list[tuple[list[Record], list[str], int]]) -> Finding:
    """One finding for the remarks that one outlet alone reports (of one speaker, or of all)."""
    said_by = sorted(said_by, key=lambda said: (int(said[0][0]["line"]), int(said[0][0]["start"])))
    rows = [row for group, _e, _o in said_by for row in group]
    first = rows[0]
    entities = list(dict.fromkeys(n for _g, names, _o in said_by for n in names))
    more = len(said_by) - 1
    speakers = list(dict.fromkeys(str(group[0]["subject"]) for group, _e, _o in said_by))
    if len(speakers) > 1:  # "3 remarks by Ada Quill, Teo Brandt and Mara Ostrova"
        claim = f"{len(said_by)} remarks by {_listed(speakers)}"
    else:
        claim = first["claim"] + (f" (and {more} more remark{'s' if more > 1 else ''})" if more else "")
    values = {first["source"]: "; ".join(str(group[0]["claim"]) for group, _e, _o in said_by)}
    return make_finding(rule, context, "single_source", rows, entities, values, None, claim=claim,
                        origins=min(o for _g, _e, o in said_by))


def finish(findings: list[Finding], rule: Rule, context: RuleContext) -> list[Finding]:
    """With ``group_agreed_roles``: the title agreements of this rule that the same outlets carry,
    left once the engine has dropped those another rule reports or the sources dispute, become one
    agreement naming every holder ("Titles of Ada Quill, Teo Brandt and 2 others")."""
    if not rule.options["group_agreed_roles"]:
        return findings
    titles: dict[tuple[str, ...], list[Finding]] = {}
    for finding in findings:
        if finding.rule == rule.id and finding.category == "agreement" and finding.field == "role":
            titles.setdefault(finding.sources, []).append(finding)
    merged = {id(f): _titles(rule, context, group) for group in titles.values() if len(group) > 1 for f in group}
    out, seen = [], set()
    for finding in findings:
        replacement = merged.get(id(finding), finding)
        if replacement.id not in seen:
            seen.add(replacement.id)
            out.append(replacement)
    return out


def _titles(rule: Rule, context: RuleContext, group: list[Finding]) -> Finding:
    entities = list(dict.fromkeys(e for f in group for e in f.entities))
    claim = f"Titles of {_listed(entities)}"
    values: dict[str, list[str]] = {}
    for finding in group:
        for source, value in finding.values.items():
            values.setdefault(source, []).append(value)
    joined = {source: "; ".join(v) for source, v in sorted(values.items())}
    origins = min((int(m.group(1)) for f in group if (m := re.search(r"\((\d+) independent origins\)", f.message))),
                  default=len(group[0].sources))
    message = render(AGREEMENT, claim=claim, count=len(group[0].sources), origins=origins)
    return Finding(id=fingerprint(rule.id, context.story, entities, joined, "role"), rule=rule.id,
                   category="agreement", severity=group[0].severity, entities=tuple(entities), field="role",
                   values=joined, sources=group[0].sources, evidence=_evidence(group), message=message, claim=claim)


def _listed(names: list[str]) -> str:
    """"A", "A and B", "A, B and C", "A, B, C and 2 others"."""
    named = names[:3] + ([f"{len(names) - 3} others"] if len(names) > 3 else [])
    return f"{', '.join(named[:-1])} and {named[-1]}" if len(named) > 1 else named[0]


def _evidence(findings: list[Finding]) -> tuple[Evidence, ...]:
    """The evidence of several findings, once each, by source and place."""
    return tuple(sorted({e for f in findings for e in f.evidence}, key=lambda e: (e.source, e.line, e.start)))
