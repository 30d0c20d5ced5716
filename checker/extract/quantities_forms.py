"""Quantities with a fixed form: vote tallies, ages and durations.

* votes: "134 to 63", "134-63", "a 134-to-63 vote", "a vote of 134 to 63", "by 134 votes to 63"
  are one quantity, unit ``vote``, value ``134-63``;
* ages: "Jane Roe, 57,", "the 57-year-old Roe", "Roe, who is 57", "aged 57": measure ``age``, the
  person as subject;
* durations: "a three-day visit", "a 22-month investigation", "served six years": unit ``day`` ...

Each finder yields ``Found`` records; ``quantities`` turns them into assertions and keeps the
tokens they used away from the general count finder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from checker.extract.quantities_parse import frame, in_hypothesis, verb_lemma, verb_of
from checker.extract.sentences import doc_text, sentence_starts, token_strings

VOTE_LEMMAS = {"vote", "pass", "approve", "reject", "defeat", "adopt", "fail", "ban", "override", "win", "elect",
               "re-elect", "reelect", "beat", "confirm", "tally", "ballot", "victory", "margin", "vote", "uphold",
               "acquit", "convict", "ratify", "block", "sustain", "endorse", "choose", "select"}
# "134-63", "134 to 63", "134-to-63", "134 votes to 63"; not a range ("from 5 to 7") nor a score with decimals.
TALLY = re.compile(r"(?<![\d.$,/])(\d{1,3})(\s*[-–]\s*|-to-| to | votes? to )(\d{1,3})"
                   r"(?![\d%/]|[.,]\d|\s*(?:percent|%|p\.m|a\.m))")
VOTE_AROUND = re.compile(r"(vote|tally|margin|ballot)s?\s+(of\s+)?$", re.I)
AGE_WORDS = re.compile(r"^(\d{1,3})-year-old$")
WORD_VALUES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "a": 1, "an": 1}
DURATION = re.compile(r"^(?:a |an )?([a-z]+|\d+)[- ](day|week|month|year|hour|minute)s?(?:-long)?$")
PERIOD = re.compile(r"^(?:(about|nearly|almost|more than|over|some|roughly|at least|just|only) )?"
                    r"(\d+|[a-z]+) (day|week|month|year|hour|minute)s$")
RELATIVE = {"ago", "earlier", "later", "before", "after", "since", "past", "last", "next", "previous", "coming",
            "first", "final", "recent", "following", "this", "these", "those", "the"}


@dataclass
class Found:
    """One quantity of a fixed form: the token to anchor it, its subject token and its slots."""

    anchor: Token
    subject: Token | None
    slots: dict[str, str]
    used: set[int] = field(default_factory=set)


def _tokens_in(doc: Doc, start: int, end: int) -> set[int]:
    return {t.i for t in doc if start <= t.idx < end}


def _is_vote(sent: Span, match: re.Match[str], text: str) -> bool:
    yes, no = int(match.group(1)), int(match.group(3))
    if yes + no < 3:
        return False
    before, after = text[:match.start()].lower(), text[match.end():].lower()
    if re.search(r"\b(from|between|ages?|aged|of the)\s+$", before) and not VOTE_AROUND.search(before):
        return False
    if match.group(2).strip() in ("-to-",) or "vote" in match.group(2) or re.match(r"\s*(-\s*)?votes?\b", after):
        return True
    if VOTE_AROUND.search(before[-20:]):
        return True
    return any(t.lemma_.lower() in VOTE_LEMMAS for t in sent)


def _vote_verb(sent: Span, anchor: Token) -> Token | None:
    """The verb that took the vote: the nearest voting verb of the sentence ("Ostrova won, 134 to 63")."""
    voting = [t for t in sent if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in VOTE_LEMMAS]
    if voting:
        return min(voting, key=lambda t: (abs(t.i - anchor.i), t.i))
    return verb_of(anchor)


def votes(doc: Doc) -> list[Found]:
    """Vote tallies, one per match, anchored at the first number."""
    out: list[Found] = []
    whole, starts = doc_text(doc), sentence_starts(doc)
    for start, end in zip(starts, starts[1:] + [len(doc)]):
        last = doc[end - 1]
        text = whole[doc[start].idx:last.idx + len(last)]  # the sentence's text, as ``Span.text``
        if not TALLY.search(text):
            continue
        sent = doc[start:end]
        for match in TALLY.finditer(text):
            if not _is_vote(sent, match, text):
                continue
            start = sent.start_char + match.start()
            used = _tokens_in(doc, start, sent.start_char + match.end())
            anchor = doc[min(used)] if used else sent.root
            if in_hypothesis(anchor):
                continue
            verb = _vote_verb(sent, anchor)
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] if verb is not None else []
            subject = subjects[0] if subjects else None
            value_text = re.sub(r"\s+", " ", match.group(0))
            slots = {"value": f"{int(match.group(1))}-{int(match.group(3))}", "value_text": value_text, "unit": "vote",
                     "approx": "", "measure": "vote", "measure_mods": "", "owner": "", "verb": verb_lemma(verb),
                     "frame_entities": ""}
            tail = doc[max(used) + 1] if used and max(used) + 1 < len(doc) else None
            if tail is not None and tail.lemma_.lower() == "vote":
                used.add(tail.i)
            out.append(Found(anchor, subject, slots, used))
    return out


def _age_slots(value: int, text: str) -> dict[str, str]:
    return {"value": str(value), "value_text": text, "unit": "", "approx": "", "measure": "age", "measure_mods": "",
            "owner": "", "verb": "", "frame_entities": ""}


def _person(token: Token) -> Token:
    """A description set beside a name stands for it ("Teo Brandt, a 43-year-old congressman")."""
    if token.dep_ == "appos" and token.head.pos_ == "PROPN":
        return token.head
    return token


def _named_person(token: Token) -> bool:
    """A name a bare number can follow as an age ("Brandt, 46,": spaCy may tag the name as anything)."""
    return token.ent_type_ == "PERSON" or (token.pos_ == "PROPN" and token.is_title
                                           and token.ent_type_ not in ("GPE", "LOC", "DATE", "NORP", "FAC", "EVENT"))


_AGE_DIGITS = re.compile(r"\d{1,3}")


def ages(doc: Doc) -> list[Found]:
    """Ages written beside a person."""
    out: list[Found] = []
    texts = token_strings(doc, "ORTH")
    for i in [i for i, text in enumerate(texts) if _AGE_DIGITS.fullmatch(text) and 0 < int(text) < 120]:
        token = doc[i]
        value = int(token.text)
        window = doc[token.i:token.i + 5]
        if [t.lower_ for t in window[1:4]] == ["-", "year", "-"] and len(window) == 5 and window[4].lower_ == "old":
            noun = window[4].head if window[4].head.pos_ in ("NOUN", "PROPN") else None
            if noun is None or noun.i < window[4].i:
                continue  # "he is 76 years old" is read below; "a 43-year-old" needs its noun
            out.append(Found(token, _person(noun), _age_slots(value, window.text), set(range(token.i, token.i + 5))))
            continue
        prev = doc[token.i - 1] if token.i > 0 else None
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        person = None
        if prev is not None and prev.text == "," and token.i >= 2 and _named_person(doc[token.i - 2]) \
                and (nxt is None or nxt.text in (",", ".", ";", ")") or nxt.is_sent_end):
            person = doc[token.i - 2]  # "Ms. Ostrova, 76,"
        elif prev is not None and prev.lower_ in ("aged", "age") and prev.head.pos_ in ("NOUN", "PROPN"):
            person = _person(prev.head) if prev.lower_ == "aged" else None  # "a man aged 76"
        elif prev is not None and prev.lemma_ == "be" and token.dep_ in ("attr", "acomp", "npadvmod") \
                and prev.dep_ == "relcl" and prev.head.ent_type_ == "PERSON":
            person = prev.head  # "Ostrova, who is 76"
        elif nxt is not None and nxt.lower_ == "years" and token.i + 2 < len(doc) and doc[token.i + 2].lower_ == "old":
            head = doc[token.i + 2].head
            subjects = [c for c in head.children if c.dep_ == "nsubj"] if head.lemma_ == "be" else []
            person = subjects[0] if subjects else None  # "Ostrova is 76 years old"
        if person is not None:
            out.append(Found(token, person, _age_slots(value, token.text), {token.i}))
    return out


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else WORD_VALUES.get(word)


def durations(doc: Doc) -> list[Found]:
    """Lengths of activities: "a three-day visit" and "served six years" (not "two weeks earlier")."""
    out: list[Found] = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        text = ent.text.lower().strip()
        match = DURATION.match(text)
        if match and ent.root.dep_ in ("amod", "compound", "nummod", "npadvmod") and ent.root.head.pos_ == "NOUN":
            value = _number(match.group(1))
            noun = ent.root.head
            if value is None or noun.i < ent.start:
                continue
            slots = {"value": str(value), "value_text": ent.text.strip(), "unit": match.group(2), "approx": "",
                     "measure": "duration", "measure_mods": "", "owner": "",
                     "verb": verb_lemma(verb_of(noun)), "frame_entities": ""}
            out.append(Found(ent.root, None, slots, set(range(ent.start, ent.end))))
            continue
        period = PERIOD.match(text)
        if period and _is_activity_length(ent):
            value = _number(period.group(2))
            if value is None:
                continue
            _noun, slots = frame(ent.root, set(range(ent.start, ent.end)))
            slots.update(value=str(value), value_text=ent.text.strip(), unit=period.group(3), approx=period.group(1) or "",
                         measure="duration", measure_mods="", owner="")
            out.append(Found(ent.root, None, slots, set(range(ent.start, ent.end))))
    return out


def _is_activity_length(ent: Span) -> bool:
    """"served six years", "sentenced to three years", "for six months": a length, not a point in time."""
    root = ent.root
    if any(t.lower_ in RELATIVE for t in ent) or any(c.lower_ in RELATIVE for c in root.children):
        return False
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.lower_ in RELATIVE:
        return False
    if root.dep_ == "conj":  # "for six months in X and six years in Y": as the first conjunct goes
        current = root.head
        for _ in range(4):
            if current.ent_type_ == "DATE" or current.dep_ not in ("conj", "pobj", "prep"):
                break
            current = current.head
        root = current
    if root.dep_ in ("dobj", "npadvmod") and root.head.pos_ == "VERB":
        return True
    return root.dep_ == "pobj" and root.head.lower_ in ("for", "to", "over") and root.head.head.pos_ == "VERB"
