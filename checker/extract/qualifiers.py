"""Qualifiers shared by every assertion kind: time, place, attribution, modality, negation.

All functions take a predicate token (a verb, or a noun such as "meeting") from a parsed
sentence and look only at its own clause, then at the clauses that govern it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

from checker.extract.mentions import ArticleMentions
from checker.extract.scope import (alleged, conditional, governing_verbs, governs, inferred, modifier_words,
                                   not_confirmed, speculative)
from checker.extract.sentences import doc_index
from checker.extract.times import TimeValue, resolve_time

CLAUSE_DEPS = {"ccomp", "relcl", "advcl", "xcomp", "conj", "parataxis", "csubj", "acl", "pcomp"}
INHERIT_DEPS = {"relcl", "conj", "xcomp", "advcl", "acl"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_PREPS = {"in", "at", "inside", "near", "outside"}
FUTURE_AUX = {"will", "shall", "'ll", "would"}


@dataclass(frozen=True)
class Attribution:
    """Who the sentence credits for an assertion."""

    text: str
    type: str  # self | outlet | official | person | anonymous | social_media


def clause_head(token: Token) -> Token | None:
    """The verb (or predicate noun's verb) that governs this clause, or None at the root."""
    if token.dep_ in INHERIT_DEPS and token.head.i != token.i:
        head = token.head
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and head.dep_ not in ("ROOT",):
            head = head.head
        return head
    if token.pos_ == "NOUN" and token.head.i != token.i:
        return token.head if token.head.pos_ in ("VERB", "AUX") else clause_head(token.head)
    return None


def in_clause(token: Token, predicate: Token) -> bool:
    """True when ``token`` belongs to the clause of ``predicate`` (not to a nested clause)."""
    current = token
    while current.i != predicate.i:
        if current.head.i == current.i:
            return False
        if current.dep_ in CLAUSE_DEPS and current.pos_ in ("VERB", "AUX"):
            return False
        current = current.head
    return True


def is_future(predicate: Token) -> bool:
    """True for clauses about the future: "will visit", "is expected to", "plans to"; never for a
    verb in the past tense itself ("since she apologized", inside "would have been ...") nor for
    a past conditional ("would have been")."""
    if predicate.tag_ == "VBD":
        return False
    current: Token | None = predicate
    for _ in range(4):
        if current is None:
            break
        auxiliaries = {c.lower_ for c in current.children if c.dep_ == "aux"}
        if auxiliaries & FUTURE_AUX and not {"would", "have"} <= auxiliaries:
            return True
        if current.lemma_ in ("expect", "plan", "schedule", "intend", "set", "due") and (
                current.i != predicate.i or any(c.dep_ == "xcomp" for c in current.children)):
            return True
        if current.dep_ not in ("xcomp", "conj", "relcl", "advcl"):
            break
        current = current.head
    return False


def find_time(predicate: Token, published: Any) -> TimeValue | None:
    """The resolved time of the predicate's clause, inherited from governing clauses when absent."""
    current: Token | None = predicate
    index = doc_index(predicate.doc)
    while current is not None:
        for ent in index.ents_in_clause(current):
            if ent.label_ not in ("DATE", "TIME"):
                continue
            words = _date_words(ent)
            if words and in_clause(ent[0] if ent[0].pos_ != "ADP" else ent.root, current):
                value = resolve_time(words, published, is_future(current))
                if value is None and " to " in words:
                    # "sentenced in December to three years": spaCy may run a date into the
                    # sentence's duration; the date is what comes before "to".
                    value = resolve_time(words.split(" to ")[0], published, is_future(current))
                if value is not None:
                    return value
        current = _inherit_from(current)
    return None


def _inherit_from(token: Token) -> Token | None:
    """The clause whose time and place a clause shares: not across "and" into a plan or forecast."""
    if token.dep_ == "conj" and is_future(token):
        return None
    return clause_head(token)


def _date_words(ent: Span) -> str:
    """The date words of a DATE span; spaCy sometimes swallows a following name ("Tuesday, Smith")."""
    tokens = []
    for token in ent:
        if token.is_punct and token.text == ",":
            if any(t.pos_ == "PROPN" and t.ent_iob_ and not t.like_num and t.text.lower() not in _MONTHS for t in ent[token.i - ent.start + 1:]):
                break
        tokens.append(token.text_with_ws)
    return "".join(tokens).strip()


_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec."}


def find_place(predicate: Token, found: ArticleMentions, exclude: set[int] = frozenset()) -> str:
    """The place of the predicate's clause ("in Paris"), the antecedent of "where", or inherited."""
    current: Token | None = predicate
    while current is not None:
        if current.i == predicate.i:
            preps = [t for t in doc_index(predicate.doc).clause_descendants(current, 4)
                     if t.dep_ == "prep" and t.lower_ in PLACE_PREPS]
        else:
            preps = [t for t in current.children if t.dep_ == "prep" and t.lower_ in PLACE_PREPS]
        for prep in sorted(preps, key=lambda t: abs(t.i - current.i)):
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    mention = found.by_token.get(obj.i)
                    if mention is not None and mention.label in PLACE_LABELS and obj.i not in exclude:
                        return mention.text
        for child in current.children:
            if child.dep_ == "advmod" and child.lower_ == "where" and current.dep_ == "relcl":
                mention = found.by_token.get(current.head.i)
                if mention is not None and mention.label in PLACE_LABELS:
                    return mention.text
        if current.dep_ not in ("relcl", "conj", "xcomp") and not (current.pos_ == "NOUN" and current.dep_ in ("dobj", "pobj")):
            break
        current = _inherit_from(current)
    return ""


def _type_of(text: str, root: Token, found: ArticleMentions, cues: dict[str, Any], outlets: set[str]) -> str:
    lowered = text.lower()
    if any(outlet and outlet in lowered for outlet in outlets):
        return "outlet"
    order = ("anonymous", "social_media", "official", "outlet")
    types = cues["attribution_types"]
    for kind in order:
        if any(str(cue).lower() in lowered for cue in types[kind]):
            return kind
    mention = found.by_token.get(root.i)
    if mention is not None and mention.label == "PERSON":
        return "person"
    return "outlet" if root.pos_ in ("PROPN", "NUM", "X") else "official"


def find_attribution(predicate: Token, found: ArticleMentions, cues: dict[str, Any], outlets: set[str]) -> Attribution:
    """``according to X``, ``X reported``, ``people familiar with the matter said``: typed origin."""
    for token in doc_index(predicate.doc).according_in(predicate):  # not a scan per predicate
        if not governs(_scope_of(token), predicate, coordinated=True):
            continue
        for prep in token.children:
            if prep.lower_ == "to":
                for obj in prep.children:
                    phrase = _phrase(obj)
                    return Attribution(phrase, _type_of(phrase, obj, found, cues, outlets))
    reporting = cue_words(cues, "reporting_verbs")
    current: Token | None = predicate
    while current is not None and current.head.i != current.i and current.dep_ != "appos":
        head = current.head
        if head.lemma_ in reporting and current.dep_ in ("ccomp", "parataxis", "xcomp") and head.i != predicate.i:
            subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ not in ("he", "she", "they", "i", "we"):
                phrase = _phrase(subject)
                kind = _type_of(phrase, subject, found, cues, outlets)
                if kind != "person" or not _same_actor(subject, predicate, found):
                    return Attribution(phrase, kind)
        current = head
    return Attribution("", "self")


def _scope_of(according: Token) -> Token:
    """What "according to X" governs: the whole sentence when it opens or closes it ("..., according
    to a statement."), wherever the parser attached it; otherwise the clause it modifies."""
    sent = doc_index(according.doc).sentence(according)
    last = max(t.i for t in according.subtree)
    closing = all(t.is_punct for t in sent if t.i > last) and according.i > sent.start \
        and according.doc[according.i - 1].text in (",", "—", "--", "(")
    opening = according.i == sent.start or all(t.is_punct for t in sent if t.i < according.i)
    return sent.root if closing or opening else according.head


def _same_actor(subject: Token, predicate: Token, found: ArticleMentions) -> bool:
    own = next((c for c in predicate.children if c.dep_ == "nsubj"), None)
    if own is None:
        return False
    a, b = found.by_token.get(subject.i), found.by_token.get(own.i)
    return a is not None and b is not None and found.head(a).id == found.head(b).id


def _phrase(token: Token) -> str:
    """A compact noun phrase: the token's subtree without trailing clauses and punctuation."""
    words = [t for t in token.subtree if t.dep_ not in ("relcl", "acl", "punct") and in_clause(t, token)]
    text = " ".join(t.text for t in words) if words else token.text
    for prefix in ("a ", "an ", "the "):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    return text.strip()


_CUE_WORDS: dict[str, tuple[dict[str, Any], frozenset[str]]] = {}


def cue_words(cues: dict[str, Any], key: str) -> frozenset[str]:
    """The lower-cased words of one list of the cues lexicon, worked out once per lexicon (every
    predicate asks)."""
    memo = _CUE_WORDS.get(key)
    if memo is None or memo[0] is not cues:
        memo = _CUE_WORDS[key] = (cues, frozenset(str(w).lower() for w in cues[key]))
    return memo[1]


def find_modality(predicate: Token, attribution: Attribution, cues: dict[str, Any]) -> str:
    """asserted | reported | hedged | expected | denied | unconfirmed, from the cues that govern the
    predicate's clause (``checker.extract.scope``): its own modifiers and those of the verbs whose
    complement it is, never a cue in a clause beside or below it."""
    reported, hedged = cue_words(cues, "reported"), cue_words(cues, "hedged")
    expected, denied = cue_words(cues, "expected"), cue_words(cues, "denied")
    chain = governing_verbs(predicate)
    governing = {t.lemma_.lower() for t in chain[1:]}
    words = modifier_words(chain)
    if governing & denied:
        return "denied"
    if not_confirmed(chain):
        return "unconfirmed"
    if words & reported or alleged(chain) or attribution.type in ("anonymous", "social_media"):
        return "reported"
    if conditional(chain) or speculative(chain, hedged | expected) or obliged(predicate):
        return "expected"  # "if he were elected", "could win", "must apologize": what may or should
        # happen, not a report of what did
    if governing & (hedged | {"appear", "seem"}) or words & hedged or inferred(chain):
        return "hedged"
    own = {predicate.lower_, predicate.lemma_.lower()}
    if (governing | words | own) & expected and is_future(predicate):
        return "expected"
    if attribution.type == "outlet":
        return "reported"
    return "asserted"


#: Modals of obligation: "he must apologize", "the council should vote" tell what ought to happen.
OBLIGATION = {"must", "should", "ought"}


def obliged(predicate: Token) -> bool:
    """True when the predicate itself carries a modal of obligation."""
    return any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in predicate.children)


#: Subjects that deny the predicate: "none of them were charged", "nobody was arrested".
NEGATIVE_SUBJECTS = {"none", "nobody", "nothing", "neither", "noone"}


def is_negated(predicate: Token) -> bool:
    """True when the predicate carries a negation ("did not meet", "never met") or its subject
    denies it ("none of his associates were charged", "no charges were filed")."""
    for c in predicate.children:
        if c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") and c.dep_ in ("neg", "advmod"):
            return True
        if c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in NEGATIVE_SUBJECTS or any(
                d.dep_ == "det" and d.lower_ == "no" for d in c.children)):
            return True
    return False
