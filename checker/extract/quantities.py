"""Quantities: money, counts, shares, percentages, votes, ages, ordinals and durations, tied to what they count.

Each quantity is a ``quantity`` assertion whose subject is the clause's actor (the person, for an
age) and whose object is the thing measured. Slots: ``value`` (a plain decimal, or ``134-63`` for
a vote), ``unit`` (``$``, ``%``, ``share``, ``vote``, ``ordinal``, ``day``/``year``... for a
duration, ``pound``..., ``margin`` for a difference: "one vote short", or empty for a count),
``value_text`` (the figure as written, holding its approximation word once: "at least 40"),
``approx`` ("about", "at least", ...) and the frame of ``quantities_parse.frame``: ``measure``,
``measure_mods``, ``owner``, ``verb``, ``frame_entities``.

Fixed forms (votes, ages, durations) come from ``quantities_forms``; every other number is read
from the parse. A number that names, dates or labels something (``quantities_parse.not_quantity``)
and a year are not quantities.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from spacy.tokens import Span, Token

from checker.extract.quantities_forms import Found, ages, durations, votes
from checker.extract.quantities_parse import NAME_NOUNS, UNITS, frame, in_hypothesis, not_quantity, phrase, purpose, verb_of
from checker.extract.record import ArticleContext, subjects_of
from checker.extract.sentences import doc_index, token_flags, token_strings

APPROX = ("about", "around", "roughly", "approximately", "some", "nearly", "almost", "over", "more than",
          "at least", "up to", "less than", "fewer than", "under", "just over", "just under", "an estimated",
          "upwards of", "as many as", "as much as", "close to")
FRACTIONS = {"half": 0.5, "one-half": 0.5, "one-third": 1 / 3, "a third": 1 / 3, "two-thirds": 2 / 3,
             "one-quarter": 0.25, "a quarter": 0.25, "three-quarters": 0.75, "one-fifth": 0.2, "a fifth": 0.2}
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
                "dozen": 12, "a dozen": 12, "a hundred": 100, "a thousand": 1000}
ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
            "tenth": 10, "eleventh": 11, "twelfth": 12}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9,
          "dozen": 12, "hundred": 100}
CURRENCY = re.compile(r"[$€£¥]|\b(dollars?|euros?|cents?|yen|yuan|francs?|rupees?)\b", re.I)
FRACTION_WORD = re.compile(r"^(half|halves|thirds?|quarters?|fifths?|tenths?)$")
LIMITERS = {"only", "just", "exactly", "at least", "at most", "more than", "fewer than"}


def parse_number(text: str) -> float | None:
    """Parse "$12,500", "7,312.40", "3 million", "one-third", "Twelve", "two dozen" into a float; None if not a number."""
    words = re.sub(r"[$€£¥%]", " ", text.lower()).strip()
    for approx in sorted(APPROX, key=len, reverse=True):
        if words.startswith(approx + " "):
            words = words[len(approx):].strip()
    words = re.sub(r"^(only|just|exactly) ", "", words)
    if words in FRACTIONS:
        return FRACTIONS[words]
    match = re.match(r"^(\d[\d,]*(?:\.\d+)?)\s*([a-z]+)?", words)
    if match:
        return float(match.group(1).replace(",", "")) * SCALES.get(match.group(2) or "", 1.0)
    for lead in ("a dozen", "a hundred", "a thousand"):
        if words == lead or words.startswith(lead + " "):
            return float(WORD_NUMBERS[lead])
    parts = words.replace("-", " ").split()
    if not parts or parts[0] not in WORD_NUMBERS:
        return None
    total = current = 0.0
    for word in parts:  # "two dozen", "one hundred-eighteen", "twenty-five", "three million"
        if word in ("hundred", "dozen") and current:
            current *= SCALES[word]
        elif word in SCALES and word not in ("k", "m", "bn"):
            total, current = total + (current or 1) * SCALES[word], 0.0
        elif word in WORD_NUMBERS:
            current += WORD_NUMBERS[word]
        else:
            break
    return total + current


def format_number(value: float) -> str:
    """A plain decimal without separators or a trailing ".0": 12500, 7312.4, 0.3333."""
    if value == int(value):
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _is_preposition(words: Span) -> bool:
    """"presided over two briefings": the verb's preposition, no approximation."""
    before = words.doc[words.start - 1] if words.start > 0 else None
    return words[0].dep_ == "prep" or (len(words) == 1 and before is not None and before.pos_ == "VERB"
                                       and words[0].lower_ in ("over", "under"))


def _approximation(span: Span) -> tuple[str, Span]:
    """The approximation word ("about", "at least") inside or just before ``span``, and the span without it."""
    doc = span.doc
    inside = span.text.lower()
    for approx in sorted(APPROX, key=len, reverse=True):
        size = len(approx.split())
        if inside.startswith(approx + " "):
            return ("" if _is_preposition(span[:size]) else approx), doc[span.start + size:span.end]
        words = doc[max(span.start - size, 0):span.start]
        if span.start >= size and words.text.lower() == approx and not _is_preposition(words):
            return approx, span
    return "", span


def _unit(span: Span, text: str) -> str:
    if CURRENCY.search(text) or (span.label_ == "MONEY" and span.root.lemma_.lower() not in UNITS):
        return "$"
    if span.label_ == "PERCENT" or "%" in text or "percent" in text.lower():
        return "%"
    if text.lower() in FRACTIONS or "-third" in text or "-quarter" in text or text.lower().endswith("half"):
        return "share"
    if span.root.lemma_.lower() in UNITS:
        return span.root.lemma_.lower()  # "2,763 pounds": a weight, not money
    return ""


def _spans(ctx: ArticleContext, used: set[int]) -> list[Span]:
    """Number phrases: the entities spaCy labels as amounts, and number words it left unlabelled."""
    doc = ctx.doc
    spans = [e for e in doc.ents if e.label_ in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL")]
    covered = {t.i for e in doc.ents for t in e}
    lowers, numbers = token_strings(doc, "LOWER"), token_flags(doc, "LIKE_NUM")
    for i, lower in enumerate(lowers):
        if i in covered or not (numbers[i] or lower in WORD_NUMBERS) or lower in ("a", "an"):
            continue
        if re.fullmatch(r"\d+(st|nd|rd|th)", lower):
            continue  # an ordinal spaCy left unlabelled ("the 112th Congress") counts nothing
        token = doc[i]
        start = token.i - 1 if token.lower_ in ("dozen", "hundred", "thousand") and token.i > 0 \
            and doc[token.i - 1].lower_ == "a" else token.i
        spans.append(doc[start:token.i + 1])
    spans = [_trim(_with_percent(s)) for s in spans]
    return sorted((s for s in spans if len(s) and not used & {t.i for t in s}), key=lambda s: s.start)


def _with_percent(span: Span) -> Span:
    """"less than 15 %": spaCy may leave the sign outside the entity."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in ("%", "percent") and span[-1].like_num:
        return doc[span.start:span.end + 1]
    return span


def _trim(span: Span) -> Span:
    """Drop a counted noun spaCy put inside the amount ("six committees"), keep units ("40 pounds")."""
    end = span.end
    while end - 1 > span.start and span.doc[end - 1].pos_ == "NOUN" and not span.doc[end - 1].like_num \
            and span.doc[end - 1].lemma_.lower() not in UNITS and span.doc[end - 1].lower_ not in SCALES \
            and not FRACTION_WORD.search(span.doc[end - 1].lower_) and span.doc[end - 1].text != "%":
        end -= 1
    return span if end == span.end else span.doc[span.start:end]


def _small_count_ok(span: Span, value: float, noun: Token | None) -> bool:
    """"One", "two" and other small counts are often determiners or references back ("the two men",
    "one problem"): keep them when they count a noun that is not definite, and "one" only when
    limited ("only one", "one vote short") or followed by an ``of``-complement ("one count of fraud")."""
    if noun is None or span.root.dep_ not in ("nummod", "quantmod", "compound"):
        return False
    dets = {c.lower_ for c in noun.children if c.dep_ in ("det", "poss")}
    if dets & {"the", "these", "those", "this", "that", "his", "her", "their", "its", "our", "my", "your"}:
        return False
    if value == 1:
        before = span.doc[max(span.start - 2, 0):span.start].text.lower()
        limited = any(before.endswith(w) for w in LIMITERS)
        short = noun.i + 1 < len(span.doc) and span.doc[noun.i + 1].lower_ in ("short", "more", "fewer", "less")
        counted = any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)
        return limited or short or counted
    return True


def _ordinal(span: Span, name: Callable[[Token], str]) -> dict[str, Any] | None:
    """An ordinal that counts ("an eighth term", "a second attempt"), not a name ("Fifth Amendment")."""
    word = span.text.lower().strip()
    value = ORDINALS.get(word) or (int(word[:-2]) if re.fullmatch(r"\d+(st|nd|rd|th)", word) else None)
    root = span.root
    noun = root.head
    if not value or value < 2 or root.dep_ != "amod" or noun.pos_ != "NOUN" or noun.lemma_.lower() in NAME_NOUNS:
        return None
    if noun.text[:1].isupper() and not noun.is_sent_start:
        return None  # "the 112th Congress", "the Fifth Amendment": a name, not a count
    hyphened = span.end < len(span.doc) and span.doc[span.end].text == "-"  # "a second-term senator": terms
    while not hyphened and noun.dep_ in ("compound", "nmod") and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
        noun = noun.head  # "its second battery factory": the factory is what is counted
    _noun, slots = frame(noun, {t.i for t in span}, name)
    mods = set(slots["measure_mods"].split()) | {root.head.lemma_.lower()}
    slots["measure_mods"] = " ".join(sorted(mods - {slots["measure"]}))
    return {**slots, "value": str(value), "value_text": span.text.strip(), "unit": "ordinal", "approx": ""}


def _count(span: Span, name: Callable[[Token], str]) -> dict[str, Any] | None:
    """Slots for a count, money, percentage or share; None when the number counts nothing named."""
    approx, bare = _approximation(span)
    text = bare.text.strip()
    value = parse_number(text)
    if value is None or not text:
        return None
    inside = {t.i for t in span} | ({span.start - 1} if approx and span.start > 0 else set())
    noun, slots = frame(span.root, inside, name)
    unit = _unit(span, text)
    paid_for = purpose(span.root) if unit == "$" and noun is None else None
    if paid_for is not None:
        noun, (_noun, slots) = paid_for, frame(paid_for, inside, name)
    if unit == "" and value < 10 and not _small_count_ok(span, value, noun):
        return None
    if noun is not None and _is_margin(noun):
        unit = "margin"
    if not slots["measure"]:
        changed = _changed(span, inside)
        if unit not in ("$", "%", "share") and not (changed and span.root.dep_ in ("pobj", "npadvmod")):
            return None  # a bare count with no noun: "compared to 47 the night before"
        # A figure a verb sets or changes ("raise aid by $310", "deepen the channel to 40 feet") is told
        # apart from a state of the same thing ("the channel is 32 feet deep") by the ``verb`` slot.
        verb = verb_of(span.root)
        slots["measure"] = changed or slots["verb"] or (verb.lemma_.lower() if verb is not None else "")
        if not slots["measure"]:
            return None
    value_text = f"{approx} {text}" if approx else text
    return {**slots, "value": format_number(value), "value_text": value_text, "unit": unit, "approx": approx}


def _is_margin(noun: Token) -> bool:
    """"one vote short", "two seats fewer": a difference between counts, not a count."""
    nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    return nxt is not None and nxt.lower_ in ("short", "more", "fewer", "less", "shy")


def _changed(span: Span, inside: set[int]) -> str:
    """The noun a figure changes or describes through its verb: "revenue rose 14%", "raise aid by $310"."""
    verb = verb_of(span.root)
    if verb is None:
        return ""
    nouns = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.pos_ == "NOUN" and c.i not in inside]
    nouns.sort(key=lambda c: (c.dep_ != "dobj", c.i))  # "the bill raises aid by $310": aid is what changes
    return nouns[0].lemma_.lower() if nouns else ""


def _add(ctx: ArticleContext, anchor: Token, subject: Token | None, slots: dict[str, Any]) -> None:
    measure = slots["measure"]
    if subject is None:
        verb = verb_of(anchor)
        subjects = subjects_of(verb) if verb is not None else []
        subject = subjects[0] if subjects else None
    party = ctx.party(subject) if subject is not None else ""
    ctx.add("quantity", measure, anchor, party, measure, slots, require_subject=False)


def extract_quantities(ctx: ArticleContext) -> None:
    """One ``quantity`` assertion per number that counts, prices or measures something named in its clause."""
    used: set[int] = set()

    def name(token: Token) -> str:
        """An owner as the article names it: a pronoun or description by its antecedent."""
        mention = ctx.mention_at(token)
        return ctx.found.head(mention).text if mention is not None else phrase(token)

    found: list[Found] = [*votes(ctx.doc), *ages(ctx.doc)]
    found += [f for f in durations(ctx.doc) if not used & f.used]
    for item in found:
        if used & item.used or in_hypothesis(item.anchor):
            continue
        used |= item.used
        _add(ctx, item.anchor, item.subject, item.slots)
    latest: dict[int, dict[str, Any]] = {}  # sentence start -> slots of its latest counted figure
    for span in _spans(ctx, used):
        if not_quantity(span) or in_hypothesis(span.root):
            continue
        slots = _ordinal(span, name) if span.label_ == "ORDINAL" else _count(span, name)
        sentence = doc_index(ctx.doc).sentence(span.root).start
        if slots is None and span.label_ != "ORDINAL" and sentence in latest and _comparison_base(span.root):
            slots = _elided(span, latest[sentence])
        if slots is None:
            continue
        if slots.get("measure") and span.label_ != "ORDINAL":
            latest[sentence] = slots
        used |= {t.i for t in span}
        _add(ctx, span.root, None, slots)


#: "six arrests, compared to 47": words that set a figure beside an earlier one of the same thing.
COMPARING = {"compare", "compared", "versus", "vs", "vs.", "up", "down"}


def _comparison_base(root: Token) -> bool:
    """A figure that stands for the same noun as the figure before it in its sentence: "six arrests
    Wednesday, compared to 47 the night before", "300 jobs, up from 200", "versus 12"."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in ("to", "with", "from"):
        return head.head.lower_ in COMPARING or head.head.lemma_.lower() in COMPARING
    return root.dep_ == "pobj" and head.lower_ in ("versus", "vs", "vs.")


def _elided(span: Span, before: dict[str, Any]) -> dict[str, Any] | None:
    """The earlier figure's frame (what it counts, whose) with this figure's own value."""
    approx, bare = _approximation(span)
    text = bare.text.strip()
    value = parse_number(text)
    if value is None or not text:
        return None
    unit = _unit(span, text) or before.get("unit", "")
    if unit != before.get("unit", ""):
        return None
    value_text = f"{approx} {text}" if approx else text
    return {**before, "value": format_number(value), "value_text": value_text, "unit": unit, "approx": approx}
