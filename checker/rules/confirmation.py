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
from checker.rules.base import Option, Record, Rule, RuleContext, claim_groups, first_per_source, make_finding, records

TYPE = "confirmation"
OPTIONS = {
    "window": Option("integer", 4, "sentences around a claim in which a non-confirmation applies to it"),
    "statuses": Option("array", ["declined_to_comment", "no_response", "not_confirmed", "denied"],
                       "comment statuses that count as not confirmed"),
}


def _unconfirmed_rows(claims: pd.DataFrame, window: int, statuses: list[str]) -> pd.Series:
    """Claims with a non-confirmation from the same article within ``window`` sentences."""
    import pandas as pd

    comments = claims[(claims["kind"] == "comment") & claims["status"].isin(statuses)]
    if comments.empty:
        return pd.Series(False, index=claims.index)
    roles = claims[(claims["kind"] == "role") & (claims["object_entity"] != "")]
    employer = roles.groupby("subject_entity")["object_entity"].agg(lambda s: set(s)).to_dict()
    pairs = claims.reset_index().merge(comments[["source", "sentence", "subject_entity", "object"]], on="source",
                                       suffixes=("", "_comment"))
    near = pairs[(pairs["sentence_comment"] - pairs["sentence"]).abs() <= window]
    relevant = [
        _relevant(who, what, kind, {s, o}, employer)
        for who, what, kind, s, o in zip(near["subject_entity_comment"], near["object_comment"], near["kind"],
                                         near["subject_entity"], near["object_entity"])
    ]
    flagged = set(near[relevant]["index"]) if len(near) else set()
    return pd.Series([i in flagged for i in claims.index], index=claims.index)


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
    data = claims.copy()
    not_confirmed = _unconfirmed_rows(data, int(rule.options["window"]), list(rule.options["statuses"]))
    data["doubted"] = data["weak"] | not_confirmed
    data["not_confirmed"] = not_confirmed
    window = int(rule.options["window"])
    statuses = set(rule.options["statuses"])
    comments: dict[str, list[Record]] = {}
    for row in records(data[(data["kind"] == "comment") & data["status"].isin(list(statuses))]):
        comments.setdefault(row["source"], []).append(row)
    findings = []
    candidates = data[data["kind"].isin(["meeting", "travel", "event", "plan", "statement", "quantity"])]
    for _key, group in claim_groups(candidates):
        if not all(r["doubted"] for r in group):
            continue
        values = {row["source"]: _reasons(row, any(r["not_confirmed"] for r in group if r["source"] == row["source"]))
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
