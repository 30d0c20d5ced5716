"""What a number counts, read from the dependency parse, and when a number is no quantity at all.

``frame`` returns the slots that tell two figures apart: ``measure`` (lemma of the counted noun:
"six seats" -> seat; for money the noun it modifies or prices: "$5 billion in aid" -> aid,
"a $1.3 billion deficit" -> deficit, "a bonus of $12,500" -> bonus), ``measure_mods`` (lemmas of
the adjectives, compounds and prepositional complements that narrow the counted set, sorted),
``owner`` (possessor or ``of``-complement: "Ostrova's 134 votes", "members of the committee"),
``verb`` (the governing verb's lemma with its particle: "picked up six seats" -> pick_up,
"198 people that he follows" -> follow) and ``frame_entities`` (left empty here; the claims stage
fills it).

``not_quantity`` is true for a number that belongs to a name, a date or time, an address, a phone
number, a bill, section or amendment number, a rank ("No. 2"), a quoted title, a list marker,
or that sits in a hypothetical clause ("if I was giving a speech to 45,000 people").
"""

from __future__ import annotations

import bisect
import re
from typing import Callable

from spacy.tokens import Span, Token

from checker.extract.sentences import doc_index

NAMED = {"PERSON", "ORG", "GPE", "LOC", "FAC", "LAW", "WORK_OF_ART", "EVENT", "PRODUCT", "NORP", "DATE", "TIME",
         "LANGUAGE"}
#: Words before a number that make it a label, not a count ("H.R. 1", "Amendment 64", "No. 2").
LABEL_WORDS = {"no.", "no", "nos.", "#", "h.r.", "s.", "section", "sec.", "article", "amendment", "title", "chapter",
               "proposition", "prop.", "measure", "route", "highway", "interstate", "apt.", "suite", "room", "flight",
               "channel", "form", "rule", "resolution", "bill", "act", "district", "precinct", "ward", "page", "p.",
               "volume", "vol.", "exhibit", "count", "question", "item", "line", "paragraph", "clause", "level",
               "grade", "phase", "stage", "term", "version", "model", "season", "episode", "number"}
#: Nouns after an ordinal or a number that make it a name or an address ("Fifth Amendment", "10 Main Street").
LOWER_LABELS = {"no.", "#", "h.r.", "s.", "section", "article", "chapter", "amendment", "page", "p."}
NAME_NOUNS = {"amendment", "article", "section", "chapter", "title", "district", "circuit", "precinct", "ward",
              "avenue", "street", "road", "floor", "lady", "century", "anniversary", "birthday", "grade", "place",
              "party", "hand", "person", "world", "base", "degree", "class", "rate", "tier"}
#: Nouns that are units of measure, not the thing counted ("2,763 pounds of pot").
UNITS = {"pound", "ton", "tonne", "mile", "kilometer", "kilometre", "km", "meter", "metre", "foot", "feet", "inch",
         "acre", "hectare", "gallon", "barrel", "kilogram", "kg", "ounce", "gram", "liter", "litre", "yard", "degree",
         "square", "cubic", "watt", "kilowatt", "megawatt", "gigawatt", "hour", "minute", "second", "percent"}
STREET = {"street", "st.", "avenue", "ave.", "road", "rd.", "boulevard", "blvd.", "lane", "drive", "way", "place",
          "court", "plaza", "square", "parkway", "highway"}
PHONE = re.compile(r"\(?\d{3}\)?[-. ]\d{3}[-.]\d{4}")
#: Verbs that carry no meaning of their own about a figure: having, giving, getting, saying.
LIGHT_VERBS = {"be", "have", "get", "give", "pay", "offer", "promise", "receive", "make", "take", "include",
               "total", "reach", "say", "report", "announce", "list", "put", "see", "show", "provide", "cost"}
RELATIVES = {"that", "who", "which", "whom"}
CONDITIONAL = {"if", "unless", "whether"}
PREP_MEASURE = ("in", "for", "on", "of")


def _lemma(token: Token) -> str:
    """A noun's lemma; plural names of groups lose their "s" ("Democrats" -> democrat), "taxes" -> tax."""
    if token.pos_ == "PROPN":
        text = token.text.lower()
        return text[:-1] if token.ent_type_ == "NORP" and text.endswith("s") and len(text) > 3 else text
    if token.lower_.endswith("xes") and token.lemma_.lower().endswith("is"):
        return token.lower_[:-2]  # the small model lemmatises "taxes" as "taxis"
    return token.lemma_.lower()


def phrase(token: Token) -> str:
    """The words of a possessor or ``of``-object: its compounds and itself ("Mr. Brandt", "the committee")."""
    words = [t for t in token.subtree if t.dep_ in ("compound", "amod", "det", "poss", "flat") or t.i == token.i]
    words = [t for t in words if token.i - 5 <= t.i <= token.i and t.dep_ != "case"]
    text = " ".join(t.text for t in sorted(words, key=lambda t: t.i))
    return re.sub(r"^(the|a|an) ", "", text, flags=re.I)


def counted_noun(root: Token, inside: set[int]) -> Token | None:
    """The noun a number phrase counts or prices, from its dependencies."""
    if root.pos_ in ("NOUN", "PROPN") and root.i not in inside and root.lemma_.lower() not in ("percent",):
        return root
    head = root.head
    if root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod") and head.i != root.i \
            and head.pos_ in ("NOUN", "PROPN") and head.i not in inside:
        return head  # "six seats"; "a four-page summary": pages are what is counted
    for child in root.children:  # "two-thirds of the vote", "$5 billion in aid"
        if child.dep_ == "prep" and child.lower_ in PREP_MEASURE:
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")
                       and c.ent_type_ not in ("DATE", "TIME")]  # "$5 million on Monday" counts no Monday
            if objects:
                return objects[0]
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i not in inside:
        return head.head  # "a bonus of $12,500", "an average of 2,763 pounds"
    if root.dep_ in ("attr", "acomp") and head.lemma_ == "be":
        subjects = [c for c in head.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
        if subjects:
            return subjects[0]  # "the deficit is $1.3 billion"
    if root.dep_ == "nsubj" and head.lemma_ == "be":
        attributes = [c for c in head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        if attributes:
            return attributes[0]  # "$1.3 billion was their highest bid"
    return None


def purpose(root: Token) -> Token | None:
    """What money is paid or spent for: "paid $9.68 million for 41 speeches", "devote $1.3 billion to
    border security" (a preposition of the verb after the figure)."""
    verb = root.head if root.head.pos_ in ("VERB", "AUX") else None
    if verb is None or root.dep_ not in ("dobj", "nsubjpass", "attr"):
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "on", "to", "toward", "towards") and child.i > root.i:
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ == "NOUN"
                       and c.lemma_.lower() not in ("behalf", "basis", "part", "average", "top")]
            if objects:
                return objects[0]
    return None


def verb_of(token: Token) -> Token | None:
    """The verb that governs a noun or number: up through prepositions, objects and conjuncts, or the
    verb of a relative clause the noun is an argument of ("198 people that he follows")."""
    for child in token.children:
        if child.dep_ == "relcl" and any(c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lower_ in RELATIVES
                                         for c in child.children):
            return child
    current = token
    for _ in range(7):
        if current.pos_ in ("VERB", "AUX") and current.i != token.i:
            return current
        if current.head.i == current.i or current.dep_ in ("relcl", "appos"):
            return None
        current = current.head
    return current if current.pos_ in ("VERB", "AUX") else None


def verb_lemma(verb: Token | None) -> str:
    """``pick_up`` for "picked up"; the plain lemma otherwise; empty for a light verb ("be", "have",
    "pay", "offer") that says nothing about what is counted ("paid a $12,500 bonus" = "promised a
    $12,000 bonus": one bonus)."""
    if verb is None or verb.lemma_.lower() in LIGHT_VERBS:
        return ""
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return "_".join([verb.lemma_.lower(), *particles])


def measure_mods(noun: Token, inside: set[int]) -> str:
    """Lemmas that narrow the counted set: adjectives, compounds, and objects of its prepositions
    other than ``of`` (that is the owner): "23 states with medical marijuana laws" -> law marijuana medical."""
    mods: set[str] = set()
    for child in noun.children:
        if child.i in inside or child.like_num:
            continue
        if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ not in ("DATE", "TIME", "ORDINAL", "CARDINAL"):
            mods.add(_lemma(child))
        elif child.dep_ == "prep" and child.lower_ not in ("of", "by", "since", "until", "during", "on", "at"):
            for obj in (c for c in child.children if c.dep_ == "pobj" and c.ent_type_ not in ("DATE", "TIME")):
                mods.add(_lemma(obj))
                mods.update(_lemma(c) for c in obj.subtree if c.i < obj.i and c.dep_ in ("amod", "compound"))
    return " ".join(sorted(m for m in mods if m.isalpha() or "-" in m))


def owner_of(noun: Token, inside: set[int]) -> Token | None:
    """The possessor of the counted thing or its ``of``-complement."""
    for child in noun.children:
        if child.dep_ == "poss" and child.i not in inside:
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj" and c.i not in inside]
            if objects:
                return objects[0]
    return None


def frame(root: Token, inside: set[int], name: Callable[[Token], str] | None = None) -> tuple[Token | None, dict[str, str]]:
    """The counted noun of a number phrase (whose root is ``root``) and its frame slots; ``name`` renders
    the owner (the article's entity for "its", "their"), by default as written."""
    noun = counted_noun(root, inside)
    verb = verb_of(noun if noun is not None else root)
    slots = {"measure": _lemma(noun) if noun is not None else "", "measure_mods": "", "owner": "",
             "verb": verb_lemma(verb), "frame_entities": ""}
    if noun is not None:
        slots["measure_mods"] = measure_mods(noun, inside)
        owner = owner_of(noun, inside)
        slots["owner"] = (name or phrase)(owner) if owner is not None else ""
    return noun, slots


def in_hypothesis(token: Token) -> bool:
    """A number in a conditional clause states no fact ("if I was giving a speech to 45,000 people")."""
    current = token
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in current.children):
            return True
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in current.children):
            return True  # the main clause of a condition: "if ..., I wouldn't spend three days"
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _quote_marks(sent: Span) -> list[int]:
    """Token indices of the quotation marks of a sentence, found once per sentence (a scan per
    number is quadratic in a long sentence)."""
    memo = sent.doc.user_data.setdefault("checker.quote_marks", {})
    if sent.start not in memo:
        memo[sent.start] = [t.i for t in sent if t.text in ('"', "“", "”")]
    return memo[sent.start]


def _in_quoted_title(span: Span) -> bool:
    """Inside a short quotation whose words are all capitalised ("Ocean's 11")."""
    sent = doc_index(span.doc).sentence(span.root)  # Span.sent scans back to the sentence start
    quotes = _quote_marks(sent)
    before = quotes[:bisect.bisect_left(quotes, span.start)]
    after = quotes[bisect.bisect_left(quotes, span.end):]
    if not before or not after or len(before) % 2 == 0:
        return False
    inner = [t for t in span.doc[before[-1] + 1:after[0]] if t.is_alpha]
    return 0 < after[0] - before[-1] <= 8 and bool(inner) and all(t.is_title for t in inner)


def not_quantity(span: Span) -> bool:
    """True when the number of ``span`` labels, names, dates or addresses something rather than counts."""
    doc = span.doc
    tokens = [t for t in span if t.like_num or t.ent_type_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL")]
    if any(t.ent_type_ in NAMED for t in tokens):
        return True
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    text = span.text.strip()
    if prev is not None and prev.text == "." and span.start >= 2 and doc[span.start - 2].lower_ == "no":
        return True  # "No. 3" split in two tokens
    if prev is not None and prev.lower_ in LABEL_WORDS and (prev.is_title or prev.lower_ in LOWER_LABELS):
        return True  # "Amendment 64", "No. 2", "H.R. 1"
    if re.fullmatch(r"(1[89]|20)\d\d", text):
        return True  # a year: times.py reads it
    if nxt is not None and (nxt.text.lower() in STREET or (nxt.pos_ == "PROPN" and nxt.i + 1 < len(doc)
                                                           and doc[nxt.i + 1].text.lower() in STREET)):
        return True  # "10 Downing Street", "1600 Pennsylvania Avenue"
    if nxt is not None and re.fullmatch(r"[a-z]\d[\d,()a-z]*", nxt.text.lower()):
        return True  # codes: "501 c3", "501(c)(4)"
    text_of_doc = doc_index(doc).text  # Doc.text joins the whole document anew on each access
    window = text_of_doc[max(span.start_char - 9, 0):span.end_char + 9]
    if PHONE.search(window) or re.search(r"\d/\d", text_of_doc[max(span.start_char - 3, 0):span.end_char + 3]):
        return True  # phone numbers; "9/11", "24/7" are names and dates
    if span.start == doc_index(doc).sentence(span.root).start and nxt is not None and nxt.text in (".", ")"):
        return True  # "1. The first point"
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")":
        return True  # "(2) the second point"
    root = span.root
    if root.dep_ in ("compound", "nummod", "appos") and root.head.pos_ == "PROPN" and root.head.i < span.start:
        return True  # "Guccifer 2.0", "Raich 2005", "Route 66"
    return _in_quoted_title(span) or in_hypothesis(root)
