"""confirmation: flags claims that no source firmly asserts.

A claim is ``unconfirmed`` when every source that reports it either hedges it ("reportedly",
"may", "allegedly"), credits only a third party (another outlet, anonymous people, social
media), or reports near it that the parties did not confirm it ("declined to comment", "has
not publicly confirmed", "did not respond"). A non-confirmation applies to claims within
``window`` sentences of it in the same article.

Options: ``window`` (4 sentences), ``statuses`` (the comment statuses that count as not confirmed).

Passing example: "X met Y on Tuesday, the ministry said."
Failing example: "X reportedly met Y. Y's company declined to comment."
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd  # imported where used, so `checker validate` starts fast

from checker.model import Finding
from checker.compare.rules.base import Option, Record, Rule, RuleContext, claim_groups, first_per_source, make_finding, records

TYPE = "confirmation"
OPTIONS = {
    "window": Option("integer", 4, "sentences around a claim in which a non-confirmation applies to it"),
    "statuses": Option("array", ["declined_to_comment", "no_response", "not_confirmed", "denied"],
                       "comment statuses that count as not confirmed"),
}
#: Kinds of claims this rule looks at.
CLAIM_KINDS = ("meeting", "travel", "event", "plan", "statement", "quantity")


def _unconfirmed_rows(rows: list[Record], comments: dict[str, list[Record]], window: int) -> set[int]:
    """Rows (by ``id``) with a non-confirmation (``comments``, by source) from the same article
    within ``window`` sentences."""
    if not comments:
        return set()
    employer: dict[str, set[str]] = {}
    for row in rows:
        if row["kind"] == "role" and row["object_entity"] != "":
            employer.setdefault(row["subject_entity"], set()).add(row["object_entity"])
    return {id(row) for row in rows for c in comments.get(row["source"], ())
            if abs(c["sentence"] - row["sentence"]) <= window
            and _relevant(c["subject_entity"], c["object"], row["kind"], {row["subject_entity"], row["object_entity"]},
                          employer)}


#: Nouns by which a non-confirmation names the kind of claim it speaks of ("confirmed the meeting").
EVENT_NOUNS = {"meeting": ("meet", "talk"), "travel": ("visit", "trip", "travel", "arriv"),
               "event": ("deal", "report", "plan", "decision", "resign", "charge", "vote"),
               "plan": ("plan", "deal", "report", "project"), "statement": ("remark", "statement", "comment", "report"),
               "quantity": ("figure", "number", "report", "amount")}


def _relevant(who: str, what: str, kind: str, parties: set[str], employer: dict[str, set[str]]) -> bool:
    """A non-confirmation speaks of a claim when it names no one in particular ("the companies"),
    names a party or a party's organisation, or names the kind of event ("the meeting")."""
    what = str(what).lower()
    if what and not any(word in what for word in EVENT_NOUNS.get(kind, ())):
        return False
    if not who or who in parties or any(who in employer.get(p, set()) for p in parties):
        return True
    return bool(what)


def check(claims: pd.DataFrame, rule: Rule, context: RuleContext) -> list[Finding]:
    """Unconfirmed findings for claims that every source hedges or leaves unconfirmed."""
    window = int(rule.options["window"])
    statuses = set(rule.options["statuses"])
    rows = records(claims)
    comments: dict[str, list[Record]] = {}
    for row in rows:
        if row["kind"] == "comment" and row["status"] in statuses:
            comments.setdefault(row["source"], []).append(row)
    not_confirmed = _unconfirmed_rows(rows, comments, window)
    findings = []
    candidates = [r for r in rows if r["kind"] in CLAIM_KINDS]
    for _key, group in claim_groups(candidates):
        if not all(r["weak"] or id(r) in not_confirmed for r in group):
            continue
        values = {row["source"]: _reasons(row, any(id(r) in not_confirmed for r in group if r["source"] == row["source"]))
                  for row in first_per_source(group)}
        near = [c for source in {r["source"] for r in group} for c in comments.get(source, [])
                if any(r["source"] == source and abs(c["sentence"] - r["sentence"]) <= window for r in group)]
        entities = list(dict.fromkeys(n for r in group for n in r["entity_names"])) or [group[0]["claim"]]
        findings.append(make_finding(rule, context, "unconfirmed", group + near, entities, values, claim=group[0]["claim"]))
    return findings


def _reasons(row: Record, not_confirmed: bool) -> str:
    """Why one source's report is unconfirmed, after its figure or date."""
    reasons = []
    if row["modality"] in ("reported", "hedged", "denied"):
        reasons.append(row["modality"])
    if row["attribution"]:
        reasons.append(f"according to {row['attribution']}")
    if not_confirmed:
        reasons.append("not confirmed by the parties")
    detail = str(row["value_text"] or row["time_text"] or "")
    return (f"{detail}: " if detail else "") + (", ".join(reasons) or "unconfirmed")
