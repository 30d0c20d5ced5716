"""confirmation: flags claims that no source firmly asserts.

A claim is ``unconfirmed`` when every source that reports it either hedges it ("reportedly",
"may", "allegedly", "could not be confirmed"), credits only a third party (another outlet,
anonymous people, social media), or reports near it that the parties did not confirm it
("declined to comment", "has not publicly confirmed", "did not respond").

Scope: a hedge or an attribution counts only when it governs the claim's clause (extraction
decides that from the parse: "Smith, 44, ... , two people said" credits the people with what
they said, not with Smith's age). A non-confirmation in its own sentence applies to a claim within
``window`` sentences only when it names it: its object speaks of the claim ("have not confirmed
the meeting", "declined to say whether the account was hacked"), or, saying nothing more ("Velmont
declined to comment"), its subject is a party to the claim or a party's organisation. A
non-confirmation that names neither ("a spokesman did not respond") marks nothing, and a speaker's
own non-confirmation never marks what that speaker said. A person's age is background the outlet
states itself, never a claim to confirm, and a claim whose subject is a pronoun that names nobody
("they buy it"), naming no one else either, has no one to confirm it.

Options: ``window`` (4 sentences), ``statuses`` (the comment statuses that count as not confirmed).

Passing example: "X met Y on Tuesday, the ministry said."
Failing example: "X reportedly met Y. Y's company declined to comment."
"""

from __future__ import annotations

import re
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


def _unconfirmed_rows(rows: list[Record], comments: dict[str, list[Record]], window: int) -> dict[int, list[Record]]:
    """Rows (by ``id``) that a non-confirmation (``comments``, by source) from the same article,
    within ``window`` sentences, names, with the non-confirmations that name them."""
    if not comments:
        return {}
    employer: dict[str, set[str]] = {}
    for row in rows:
        if row["kind"] == "role" and row["object_entity"] != "":
            employer.setdefault(row["subject_entity"], set()).add(row["object_entity"])
    named: dict[int, list[Record]] = {}
    for row in rows:
        for c in comments.get(row["source"], ()):
            if c is not row and abs(c["sentence"] - row["sentence"]) <= window and _names(c, row, employer):
                named.setdefault(id(row), []).append(c)
    return named


#: Nouns by which a non-confirmation names the kind of claim it speaks of ("confirmed the meeting").
EVENT_NOUNS = {"meeting": ("meet", "talk"), "travel": ("visit", "trip", "travel", "arriv"),
               "event": ("deal", "report", "plan", "decision", "resign", "charge", "vote"),
               "plan": ("plan", "deal", "report", "project"), "statement": ("remark", "statement", "comment", "report"),
               "quantity": ("figure", "number", "report", "amount")}
#: Words too common in a non-confirmation to name a claim.
PLAIN_WORDS = frozenset({
    "that", "this", "these", "those", "with", "from", "have", "been", "were", "would", "could", "should", "whether",
    "about", "their", "there", "which", "what", "when", "where", "while", "will", "they", "them", "said", "says",
    "comment", "comments", "request", "requests", "question", "questions", "message", "messages", "email", "emails",
    "call", "calls", "inquiry", "inquiries", "matter", "story", "details", "individual", "specific", "publicly",
})
#: Measures that are background the outlet states itself, not claims a party confirms.
BACKGROUND_MEASURES = ("age",)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _content(text: str) -> set[str]:
    """Stems of the common nouns and verbs of a text (names, capitalised, are the parties' business)."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]+", str(text))
    return {_stem(w.lower()) for w in words if w[0].islower() and len(w) > 3 and w.lower() not in PLAIN_WORDS}


def _names(comment: Record, row: Record, employer: dict[str, set[str]]) -> bool:
    """A non-confirmation speaks of a claim when its object shares a word with the claim or names
    the kind of event ("the meeting"), or, when it has no object, when its subject is a party to
    the claim or a party's organisation ("Velmont declined to comment")."""
    if comment["sentence"] == row["sentence"] and comment["subject"] == row["subject"]:
        return False  # "X declined to say whether ...": the non-confirmation itself, not a claim of X's
    if row["kind"] == "statement" and comment["subject_entity"] and comment["subject_entity"] == row["subject_entity"]:
        return False  # what X said is X's own word: X declining to say more leaves it said
    what = str(comment["object"])
    words = _content(what)
    if words:
        claim_words = _content(" ".join(str(row[k]) for k in ("predicate", "object", "claim")))
        return bool(words & claim_words) or any(noun in what.lower() for noun in EVENT_NOUNS.get(row["kind"], ()))
    who = comment["subject_entity"]
    parties = {row["subject_entity"], row["object_entity"]} - {""}
    return bool(who) and (who in parties or any(who in employer.get(p, set()) for p in parties))


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
    candidates = [r for r in rows if r["kind"] in CLAIM_KINDS and not _background(r)]
    for _key, group in claim_groups(candidates):
        if not all(r["weak"] or id(r) in not_confirmed for r in group):
            continue
        values = {row["source"]: _reasons(row, any(id(r) in not_confirmed for r in group if r["source"] == row["source"]))
                  for row in first_per_source(group)}
        near = list({id(c): c for r in group for c in not_confirmed.get(id(r), [])}.values())
        entities = list(dict.fromkeys(n for r in group for n in r["entity_names"])) or [group[0]["claim"]]
        findings.append(make_finding(rule, context, "unconfirmed", group + near, entities, values, claim=group[0]["claim"]))
    return findings


#: Subjects that name nobody: a claim of theirs that names no one else ("they buy it", "I win") has
#: nobody to confirm it.
PRONOUNS = frozenset({"i", "we", "you", "he", "she", "it", "they", "this", "that", "these", "those", "one", "some"})


def _background(row: Record) -> bool:
    slots = row["slots"] if isinstance(row["slots"], dict) else {}
    if not row["subject_entity"] and not row["object_entity"] and str(row["subject"]).strip().lower() in PRONOUNS:
        return True
    return row["kind"] == "quantity" and slots.get("measure", "") in BACKGROUND_MEASURES


def _reasons(row: Record, not_confirmed: bool) -> str:
    """Why one source's report is unconfirmed, after its figure or date."""
    reasons = []
    if row["modality"] in ("reported", "hedged", "denied"):
        reasons.append(row["modality"])
    if row["modality"] == "unconfirmed":
        reasons.append("not confirmed")
    if row["attribution"]:
        reasons.append(f"according to {row['attribution']}")
    if not_confirmed:
        reasons.append("not confirmed by the parties")
    detail = str(row["value_text"] or row["time_text"] or "")
    return (f"{detail}: " if detail else "") + (", ".join(reasons) or "unconfirmed")
