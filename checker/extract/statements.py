"""Statements and stances: who said what, and who is for or against what.

Speech verbs (``say``, ``tell``, ``cite`` ... in ``lexicons/predicates.yaml``) give a
``statement`` with the speaker as subject and the reported content as object, whether the
quote comes before, after or around the speaker. Stance verbs and phrases ("opposes",
"objects to", "is against") give a ``statement`` with a ``stance`` slot and a ``topic``, so
two outlets wording one position differently still agree.
"""

from __future__ import annotations

import re
from itertools import islice

from spacy.tokens import Token

from checker.extract.mentions import tokens_with_pos
from checker.extract.record import ArticleContext, subjects_of

MAX_CONTENT = 300  # characters of a reported content kept in a statement
CITING = {"cite", "quote", "show", "hear", "record", "film", "see"}
_SUFFIXES = ("ings", "ing", "ments", "ment", "ations", "ation", "ions", "ion", "ies", "es", "ed", "s", "e")


def stem(word: str) -> str:
    """A crude stem for topic keys: "decoupling", "decouple" and "decoupled" share "decoupl"."""
    word = word.lower().strip("\"'“”‘’")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _clause_text(token: Token, limit: int = MAX_CONTENT) -> str:
    """The words of ``token``'s subtree, quotation marks dropped; only the first ``limit``
    words are read, since a content is cut at ``MAX_CONTENT`` characters (each word has one)."""
    words = islice((t for t in token.subtree if not (t.is_punct and t.text in "\"“”'‘’")), limit)
    text = " ".join(t.text for t in words)
    return re.sub(r"\s+([,.;:!?])", r"\1", text).strip(" ,")


def _speaker_of(verb: Token) -> list[Token]:
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not own and verb.dep_ in ("advcl", "xcomp", "acl") and verb.tag_ == "VBG" and verb.head.lemma_ in CITING:
        # "the release cited him saying ...": the one cited speaks; otherwise ("vetoed X, saying ...")
        # the main clause's subject does.
        objs = [c for c in verb.head.children if c.dep_ == "dobj"]
        if objs:
            return objs
    return subjects_of(verb)


def extract_statements(ctx: ArticleContext) -> None:
    """``X said (that) ...``, ``"...," X said``, ``X told reporters ...``."""
    speech = ctx.lex["predicates"]["speech"]
    for token in tokens_with_pos(ctx.doc, ("VERB",)):
        if speech.get(token.lemma_.lower()) != "say":
            continue
        contents = [c for c in token.children if c.dep_ in ("ccomp", "parataxis")]
        # "said that A, and that B": each reported clause is its own statement.
        contents += [c for first in contents for c in first.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
        for clause in contents:
            if _holds_stance(clause, ctx):
                continue  # the stance assertion carries it
            content = _clause_text(clause)
            if len(content.split()) < 3:
                continue
            for speaker in _speaker_of(token):
                ctx.add("statement", "say", token, ctx.party(speaker), content[:300], {"content": content[:300]})


def _holds_stance(clause: Token, ctx: ArticleContext) -> bool:
    """True when the reported clause is itself a stance (then the stance assertion carries it)."""
    table = ctx.lex["predicates"]["stance"]
    phrases = ctx.lex["predicates"]["stance_phrases"]
    words = islice(clause.subtree, MAX_CONTENT)  # the words a statement keeps, not a whole endless sentence
    return any(_stance_key(t, table) or _stance_phrase(t, phrases) for t in words if t.pos_ in ("VERB", "AUX"))


def _stance_key(token: Token, table: dict[str, str]) -> tuple[str, Token] | None:
    """Stance verb with its object: ("oppose", object token) for "objects to X" or "opposes X"."""
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ in ("prep", "dative") and f"{lemma} {child.lower_}" in table:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return table[f"{lemma} {child.lower_}"], objects[0]
    if lemma in table:
        objects = [c for c in token.children if c.dep_ in ("dobj", "xcomp", "ccomp")]
        if objects:
            return table[lemma], objects[0]
    return None


def _stance_phrase(token: Token, phrases: dict[str, str]) -> tuple[str, Token] | None:
    """Copular stances: "is against X", "is opposed to X", "is in favour of X"."""
    if token.lemma_ != "be":
        return None
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in phrases:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return phrases[child.lower_], objects[0]
        if child.dep_ == "acomp":
            for prep in child.children:
                key = f"{child.lower_} {prep.lower_}"
                if prep.dep_ == "prep" and key in phrases:
                    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
                    if objects:
                        return phrases[key], objects[0]
    return None


def extract_stances(ctx: ArticleContext) -> None:
    """Stances with a topic, negation flipping nothing here: polarity is compared by the rules."""
    table = ctx.lex["predicates"]["stance"]
    phrases = ctx.lex["predicates"]["stance_phrases"]
    for token in tokens_with_pos(ctx.doc, ("VERB", "AUX")):
        found = _stance_key(token, table) or _stance_phrase(token, phrases)
        if found is None:
            continue
        stance, topic_token = found
        topic_word = topic_token.lemma_ if topic_token.pos_ != "PROPN" else topic_token.text
        generic = {str(w).lower() for w in ctx.lex["predicates"].get("generic_topics", [])}
        topic = "proposal" if topic_word.lower() in generic else stem(topic_word)
        speaker = _reporting_speaker(ctx, token)
        for subject in subjects_of(token):
            slots = {"stance": stance, "topic": topic, "topic_text": _clause_text(topic_token)[:80]}
            if speaker:
                slots["speaker"] = speaker
            ctx.add("statement", stance, token, ctx.party(subject), topic_token.text.strip("\"“”"), slots)


def _reporting_speaker(ctx: ArticleContext, token: Token) -> str:
    current = token
    while current.dep_ in ("ccomp", "conj", "xcomp") and current.head.i != current.i:
        current = current.head
        if ctx.lex["predicates"]["speech"].get(current.lemma_.lower()):
            speakers = _speaker_of(current)
            if speakers:
                party = ctx.party(speakers[0])
                return party if isinstance(party, str) else ctx.found.head(party).text
    return ""
