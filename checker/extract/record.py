"""Turns a predicate found in a parse into one assertion row, with every qualifier attached."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from checker.extract.mentions import ArticleMentions
from checker.extract.quotations import find_quotations
from checker.extract.sentences import doc_index
from checker.extract.qualifiers import find_attribution, find_modality, find_place, find_time, is_negated
from checker.model import Article, Mention

Party = Mention | str


@dataclass
class ArticleContext:
    """What every extractor of one article needs: the parse, the mentions, the lexicons."""

    article: Article
    doc: Doc
    found: ArticleMentions
    lex: dict[str, Any]
    outlets: set[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    seen: set[tuple[Any, ...]] = field(default_factory=set)
    _quoted: list[tuple[int, int]] | None = None

    def quotation_spans(self) -> list[tuple[int, int]]:
        """(start, end) of every direct quotation of the article, in order (found once)."""
        if self._quoted is None:
            self._quoted = [(q.start, q.end) for q in find_quotations(doc_index(self.doc).text)]
        return self._quoted

    def in_quotation(self, token: Token) -> bool:
        """True when ``token`` lies inside a direct quotation (the words are a speaker's)."""
        spans = self.quotation_spans()
        k = bisect.bisect_right(spans, (token.idx, float("inf"))) - 1
        return k >= 0 and spans[k][0] <= token.idx < spans[k][1]

    def mention_at(self, token: Token) -> Mention | None:
        """The mention covering ``token``, if any."""
        return self.found.by_token.get(token.i)

    def party(self, token: Token, labels: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")) -> Party:
        """The entity a noun phrase names: its own mention, an appositive name, or its plain text."""
        mention = self.mention_at(token)
        if mention is not None and mention.label in labels:
            return mention
        apposed = [self.mention_at(c) for c in token.subtree if c.dep_ == "appos" and c.i != token.i]
        apposed = [m for m in apposed if m is not None and m.label in labels]
        for label in labels:
            for inner in apposed:
                if inner.label == label:
                    return inner
        for child in token.children:
            inner = self.mention_at(child)
            if child.dep_ == "compound" and inner is not None and inner.label in labels:
                return inner
        return _text(token)

    def add(self, kind: str, predicate: str, anchor: Token, subject: Party, obj: Party,
            slots: dict[str, Any] | None = None, place_exclude: set[int] = frozenset(),
            modality: str | None = None, require_subject: bool = True) -> None:
        """Append one assertion anchored at ``anchor`` (its sentence is the quote)."""
        subject_text, subject_id = self._party_fields(subject)
        object_text, object_id = self._party_fields(obj)
        if subject_text == object_text and (kind == "meeting" or kind == "event" and isinstance(obj, Mention)):
            return  # "X met X", "X dismissed X": one person on both sides is a misreading
        index = doc_index(self.doc)
        # Two figures for one measure in a sentence ("six seats ... 194 seats") are two assertions.
        figure = (str((slots or {}).get("value", "")), str((slots or {}).get("unit", "")))
        key = (kind, predicate, index.sentence(anchor).start, subject_text.lower(), object_text.lower(), figure)
        if key in self.seen or (require_subject and not subject_text):
            return
        self.seen.add(key)
        article = self.article
        attribution = find_attribution(anchor, self.found, self.lex["cues"], self.outlets)
        all_slots = dict(slots or {})
        if kind in ("event", "meeting", "travel", "plan") and self.in_quotation(anchor):
            all_slots["quoted"] = True  # a speaker's words: the statement carries them
        when = find_time(anchor, article.published)
        if when is not None and "time" not in all_slots:
            all_slots.update(time=when.iso, time_text=when.text, time_start=when.start.isoformat(),
                             time_end=when.end.isoformat())
        if "place" not in all_slots:
            place = find_place(anchor, self.found, set(place_exclude))
            if place:
                all_slots["place"] = place
        quote_start, quote_end = index.quote(anchor)
        raw = index.text[quote_start:quote_end]
        text = raw.strip()
        start_char = quote_start + (len(raw) - len(raw.lstrip()))
        self.rows.append({
            "source": article.id, "kind": kind, "predicate": predicate,
            "subject": subject_text, "object": object_text,
            "subject_mention": subject_id, "object_mention": object_id,
            "slots": all_slots, "attribution": attribution.text, "attribution_type": attribution.type,
            "modality": modality or find_modality(anchor, attribution, self.lex["cues"]),
            "negated": is_negated(anchor),
            "quote": text, "line": article.line_of(start_char),
            "start": article.body_start + start_char, "end": article.body_start + start_char + len(text),
            "sentence": self.found.sentences.get(anchor.i, 0),
        })

    def _party_fields(self, party: Party) -> tuple[str, str]:
        if isinstance(party, Mention):
            return self.found.head(party).text, party.id
        return party, ""


def _text(token: Token) -> str:
    """A short noun phrase for a token: determiners and trailing clauses dropped."""
    words = [t for t in token.subtree if t.dep_ not in ("relcl", "acl", "punct", "det", "prep", "appos", "cc", "conj")
             or t.i == token.i]
    words = [t for t in words if abs(t.i - token.i) <= 6]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i)).strip()


def expand_conj(token: Token) -> list[Token]:
    """A token and the tokens conjoined with it ("A, B and C"); a capitalised word that is part of
    a long title ("Minister of Industry and Information Technology") is not a conjunct."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and (child.ent_type_ or child.pos_ in ("PRON", "NOUN")
                                     or any(t.ent_type_ == "PERSON" for t in child.children if t.dep_ in ("compound", "appos"))):
            out.extend(expand_conj(child))
    return out


RELATIVE = {"who", "which", "that", "whom"}


def subjects_of(verb: Token) -> list[Token]:
    """Subjects of a verb, inherited from the governing verb for xcomp/conj ("is expected to visit")."""
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            break
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if subjects:
            # "the mayor, who backs the plan": the relative pronoun stands for the noun it follows.
            subjects = [current.head if s.lower_ in RELATIVE and current.dep_ == "relcl" else s for s in subjects]
            return [t for s in subjects for t in expand_conj(s)]
        if current.dep_ in ("xcomp", "conj", "advcl", "acl", "relcl") and current.head.i != current.i:
            current = current.head if current.dep_ != "acl" else None
        else:
            break
    return []
