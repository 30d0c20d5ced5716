"""Quantities: money, counts, shares, percentages, votes, ages and rates, tied to what they measure.

Each quantity is a ``quantity`` assertion whose subject is the clause's actor, whose object is
the thing measured ("workers", "fine", "age"), with the number in ``value`` (a plain decimal),
the unit (``$``, ``%``, ``share``, ``vote``), the words as written and any approximation word
("about", "over", "some") as ``approx``.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from checker.extract.record import ArticleContext, subjects_of

APPROX = ("about", "around", "roughly", "approximately", "some", "nearly", "almost", "over", "more than",
          "at least", "up to", "less than", "fewer than", "under", "just over", "just under", "an estimated")
FRACTIONS = {"half": 0.5, "one-half": 0.5, "one-third": 1 / 3, "a third": 1 / 3, "two-thirds": 2 / 3,
             "one-quarter": 0.25, "a quarter": 0.25, "three-quarters": 0.75, "one-fifth": 0.2}
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "hundred": 100, "dozen": 12}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}
VOTE = re.compile(r"^(\d{1,3})[-–](\d{1,3})$")


def parse_number(text: str) -> float | None:
    """Parse "$12,500", "7,312.40", "3 million", "one-third", "Twelve" into a float; None if not a number."""
    words = text.lower().replace("$", " ").replace("€", " ").replace("£", " ").replace("%", " ").strip()
    for approx in sorted(APPROX, key=len, reverse=True):
        if words.startswith(approx + " "):
            words = words[len(approx):].strip()
    if words in FRACTIONS:
        return FRACTIONS[words]
    match = re.match(r"^(\d[\d,]*(?:\.\d+)?)\s*([a-z]+)?", words)
    if match:
        number = float(match.group(1).replace(",", ""))
        scale = SCALES.get(match.group(2) or "", 1.0)
        return number * scale
    first = words.split()[0] if words.split() else ""
    if first in WORD_NUMBERS:
        scale = next((SCALES[w] for w in words.split()[1:] if w in SCALES), 1.0)
        return WORD_NUMBERS[first] * scale
    return None


def format_number(value: float) -> str:
    """A plain decimal without separators or a trailing ".0": 12500, 7312.4, 0.3333."""
    if value == int(value):
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _approximation(ent: Span) -> str:
    doc = ent.doc
    before = doc[max(ent.start - 3, 0):ent.start].text.lower()
    inside = ent.text.lower()
    for approx in sorted(APPROX, key=len, reverse=True):
        if inside.startswith(approx + " ") or before.endswith(approx):
            return approx
    return ""


def _measured(ent: Span) -> tuple[str, Token | None]:
    """What a number measures and the token that governs it."""
    root = ent.root
    if root.dep_ in ("nummod", "quantmod", "compound", "amod") and root.head.pos_ in ("NOUN", "PROPN"):
        return root.head.lemma_.lower(), root.head
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        return root.head.head.lemma_.lower(), root.head.head  # "a bonus of $12,500"
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0].lemma_.lower(), root
    if (root.dep_ == "appos" and root.head.ent_type_ == "PERSON") or _is_age(ent):
        person = root.head if root.head.ent_type_ == "PERSON" else ent.doc[ent.start - 2]
        return "age", person
    verb = root.head
    if root.dep_ == "pobj" and verb.pos_ == "ADP" and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head  # "raise aid by $310": the raise
    if verb.pos_ in ("VERB", "AUX"):
        # "shares rose 4.2%" and "revenue rose 14%" measure different things: name the noun.
        nouns = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.pos_ == "NOUN"]
        prefix = f"{nouns[0].lemma_.lower()} " if nouns else ""
        return f"{prefix}{verb.lemma_.lower()}", verb
    return "", None


def _unit(ent: Span, text: str) -> str:
    if ent.label_ == "MONEY" or "$" in text:
        return "$"
    if ent.label_ == "PERCENT" or "%" in text or "percent" in text.lower():
        return "%"
    if text.lower() in FRACTIONS or "-third" in text or "-quarter" in text:
        return "share"
    return ""


def _is_age(ent: Span) -> bool:
    """A bare number set off after a person's name: "Jane Roe, 57," (spaCy tags ages as dates)."""
    if not re.fullmatch(r"\d{1,3}", ent.text.strip()) or ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return before.text == "," and ent.start >= 2 and ent.doc[ent.start - 2].ent_type_ == "PERSON"


VOTE_TEXT = re.compile(r"(?<![\d.$,])(\d{1,3})(?:[-–]| to )(\d{1,3})(?![\d%,.]\d)")


def extract_votes(ctx: ArticleContext) -> None:
    """Vote tallies ("voted 61-38", "by a vote of 61 to 38", "approved the ban 7-2")."""
    for sent in ctx.doc.sents:
        text = sent.text
        if not any(t.lemma_.lower() in ("vote", "pass", "approve", "reject", "defeat", "adopt", "fail", "ban", "override")
                   for t in sent):
            continue
        for match in VOTE_TEXT.finditer(text):
            yes, no = int(match.group(1)), int(match.group(2))
            if yes + no < 3 or " to " in match.group(0) and "vote" not in text[max(0, match.start() - 25):match.start()]:
                continue
            token = next((t for t in sent if t.idx - sent.start_char >= match.start()), sent.root)
            slots = {"value": f"{yes}-{no}", "value_text": match.group(0), "unit": "vote", "measure": "vote", "approx": ""}
            ctx.add("quantity", "vote", token, "", "vote", slots, require_subject=False)


DURATION = re.compile(r"^(?:a |an )?([a-z]+|\d+)[- ](day|week|month|year|hour)s?$")
WORD_VALUES = {**WORD_NUMBERS, "a": 1, "an": 1}


def extract_durations(ctx: ArticleContext) -> None:
    """Lengths of visits and events: "a three-day visit", "a two-week trip" (spaCy tags them dates)."""
    for ent in ctx.doc.ents:
        match = DURATION.match(ent.text.lower().strip())
        if ent.label_ != "DATE" or not match or ent.root.dep_ not in ("amod", "compound", "nummod"):
            continue
        count = match.group(1)
        value = int(count) if count.isdigit() else WORD_VALUES.get(count)
        noun = ent.root.head
        if value is None or noun.pos_ != "NOUN":
            continue
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        subjects = subjects_of(verb) if verb.pos_ in ("VERB", "AUX") else []
        slots = {"value": str(value), "value_text": ent.text.strip(), "unit": match.group(2), "approx": "",
                 "measure": "duration"}
        party = ctx.party(subjects[0]) if subjects else ""
        ctx.add("quantity", "duration", ent.root, party, "duration", slots, require_subject=False)


def extract_quantities(ctx: ArticleContext) -> None:
    """One ``quantity`` assertion per number that measures something named in its clause."""
    extract_votes(ctx)
    extract_durations(ctx)
    body = ctx.article.text  # the Doc's text (spaCy rebuilds Doc.text on every access)
    for ent in ctx.doc.ents:
        if ent.label_ not in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL", "DATE"):
            continue
        text = ent.text.strip()
        if ent.label_ == "DATE" and not _is_age(ent):
            continue
        around = body[max(ent.start_char - 4, 0):ent.end_char + 4]
        if VOTE.match(text) or VOTE_TEXT.fullmatch(text) or VOTE_TEXT.search(around) and ent.label_ == "CARDINAL":
            continue  # tallies come from extract_votes ("61" of "61-38" is no count of its own)
        value = parse_number(text)
        if value is None:
            continue
        measure, governor = _measured(ent)
        if not measure or (ent.label_ == "CARDINAL" and value is not None and value < 10 and measure != "age"
                             and _unit(ent, text) != "share"):
            continue
        else:
            value_text = format_number(value)  # type: ignore[arg-type]
        anchor = governor if governor is not None else ent.root
        verb = anchor if anchor.pos_ in ("VERB", "AUX") else anchor.head
        subjects = [anchor] if measure == "age" else subjects_of(verb)
        slots = {"value": value_text, "value_text": text, "unit": _unit(ent, text),
                 "measure": measure, "approx": _approximation(ent)}
        if not subjects:
            ctx.add("quantity", measure, ent.root, "", measure, slots, require_subject=False)
            continue
        ctx.add("quantity", measure, ent.root, ctx.party(subjects[0]), measure, slots)
