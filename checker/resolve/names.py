"""Name normalisation and the pairwise tests used to decide that two names are one entity.

Pure functions over strings and the ``names``/``titles``/``places`` lexicons; used by the
resolution stage. Each test returns a reason ("name order", "diminutive of william", "fuzzy 93")
or "".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

_NICKNAME = re.compile(r"\s[\"“‘'][^\"”’']+[\"”’']\s")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def fold(text: str) -> str:
    """Lower-case and strip diacritics: "Källenius" -> "kallenius"."""
    if text.isascii():  # NFKD leaves ASCII unchanged
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _folded(values: Any) -> set[str]:
    return {fold(str(v)).strip(".") for v in (values or ())}


@dataclass(frozen=True)
class NameKey:
    """A normalised name: its folded tokens, a generational suffix, and the type group."""

    tokens: tuple[str, ...]
    suffix: str
    group: str  # person | org | facility | place | other

    @property
    def text(self) -> str:
        """The tokens joined by spaces."""
        return " ".join(self.tokens)


class NameRules:
    """Normalises names and compares them, with the lexicons in force."""

    _built: dict[int, tuple[dict[str, Any], NameRules]] = {}

    @classmethod
    def of(cls, lex: dict[str, Any]) -> NameRules:
        """The rules for ``lex``, built once per lexicon object (every story of a run shares them)."""
        held = cls._built.get(id(lex))
        if held is None or held[0] is not lex:
            if len(cls._built) > 8:
                cls._built.clear()
            held = cls._built[id(lex)] = (lex, cls(lex))
        return held[1]

    def __init__(self, lex: dict[str, Any]) -> None:
        names, titles = lex["names"], lex["titles"]
        self.legal = _folded(names["legal_suffixes"])
        self.skip = _folded(names["acronym_skip"])
        self.suffixes = _folded(names["suffixes"])
        self.honorifics = _folded(titles["honorifics"])
        # Leading title words dropped from person names ("Foreign Minister", "Lt. Gov.").
        self.title_words = self.honorifics | _folded(titles.get("heads")) | _folded(titles.get("modifiers"))
        self.demonyms = {fold(str(k)): str(v) for k, v in lex["places"]["demonyms"].items()}
        self.demonyms.update({fold(str(k)): str(v) for k, v in (names.get("official_place_names") or {}).items()})
        self.places = {k.strip("."): v for k, v in self.demonyms.items()}
        self.places.update({fold(v): v for v in self.demonyms.values()})
        self.bodies = _folded(names.get("government_bodies"))
        self.body_fillers = _folded(names.get("body_fillers"))
        self.variants = {fold(str(k)): fold(str(v)) for k, v in (names.get("spelling_variants") or {}).items()}
        self.diminutives: dict[str, set[str]] = {}
        for full, shorts in names["diminutives"].items():
            for short in shorts:
                self.diminutives.setdefault(fold(str(short)), set()).add(fold(str(full)))
        # Given names known as such (the diminutives lexicon and its full names): alone, one never
        # stands for a full name it begins ("Mara" is not Mara Quill's surname).
        self.given_names = set(self.diminutives) | {g for fulls in self.diminutives.values() for g in fulls}

    def group_of(self, label: str) -> str:
        """Type group of a spaCy label: person, org, facility, place or other."""
        return {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "NORP": "place",
                "FAC": "facility"}.get(label, "other")

    def place_name(self, text: str) -> str:
        """"Chinese" -> "China", "U.S." -> "United States"; other places unchanged."""
        return self.demonyms.get(fold(text).strip(), text)

    def key(self, text: str, label: str) -> NameKey:
        """The normalised key of a surface form."""
        group = self.group_of(label)
        text = _POSSESSIVE.sub("", text.strip())
        if group == "place":
            text = self.place_name(text)
        if group == "person":
            text = _NICKNAME.sub(" ", text)  # 'Robert "Bob" Smith' is Robert Smith
        words = [w.strip(".,[]()") for w in re.split(r"[\s]+", fold(text)) if w.strip(".,[]()")]
        while words and words[0] in ("the", "a", "an"):
            words.pop(0)
        suffix = ""
        if group == "person":
            while len(words) > 1 and words[0] in self.title_words:
                words.pop(0)
            if len(words) > 1 and words[-1] in self.suffixes:
                suffix = words.pop()
            words = [w for w in words if not (len(w) == 1 and len(words) > 2)]
        elif group in ("org", "facility"):
            while len(words) > 1 and words[-1] in self.legal:
                words.pop()
        return NameKey(tuple(words), suffix, group)

    def has_legal_suffix(self, text: str, strict: bool = False) -> bool:
        """True when a name ends in a legal word ("Inc.", "AG", "Group").

        ``strict``: only when written as a company would write it (an abbreviation with a dot, an
        upper-case word, or a long legal word), so a person called "Maria Sa" stays a person.
        """
        words = _POSSESSIVE.sub("", text.strip()).split()
        if len(words) < 2 or fold(words[-1]).strip(".,") not in self.legal:
            return False
        last = words[-1].strip(",")
        return not strict or last.endswith(".") or (last.isupper() and len(last) > 1) or len(last) >= 4

    def initials(self, key: NameKey) -> set[str]:
        """Acronyms a multi-word organisation name can have (skip words and legal words optional)."""
        options = [""]
        for word in key.tokens:
            parts = [p for p in re.split(r"[-&/]", word) if p]
            letters = "".join(p[0] for p in parts)
            optional = word in self.skip or word in self.legal
            options = [o + letters for o in options] + (options if optional else [])
            options = options[:64]
        return {o for o in options if len(o) >= 2}

    def acronym_of(self, short: NameKey, long: NameKey, long_full: NameKey | None = None) -> bool:
        """True when ``short`` is a single token spelled by the initials of ``long``."""
        if len(short.tokens) != 1 or len(long.tokens) < 2:
            return False
        word = short.tokens[0].replace(".", "")
        candidates = self.initials(long) | (self.initials(long_full) if long_full else set())
        return word in candidates

    def body(self, key: NameKey) -> tuple[str, str, str] | None:
        """(body, topic, country) of a government body, whichever way it is written, else None.

        "Ministry of Foreign Affairs", "Foreign Ministry" and "foreign ministry" give
        ("ministry", "foreign", ""); "Chinese Foreign Ministry" gives country "China".
        """
        words = [self.variants.get(w, w) for w in key.tokens]
        country = ""
        for size in (3, 2, 1):  # "Chinese Foreign Ministry", "China's foreign ministry"
            head = _POSSESSIVE.sub("", " ".join(words[:size]))
            if len(words) > size and head in self.places:
                country, words = self.places[head], words[size:]
                break
        for at in [i for i, w in enumerate(words) if w == "of" and i > 0]:  # "... of the Republic of X"
            tail = " ".join(w for w in words[at + 1:] if w != "the")
            if tail in self.places:
                country, words = country or self.places[tail], words[:at]
                break
        if len(words) >= 3 and words[0] in self.bodies and words[1] in ("of", "on", "for"):
            body, topic = words[0], words[2:]
        elif len(words) >= 2 and words[-1] in self.bodies:
            body, topic = words[-1], words[:-1]
        else:
            return None
        topic = [w for w in topic if w not in self.body_fillers and w != "the"]
        return (body, " ".join(topic), country) if topic else None

    def canonical_givens(self, given: str) -> set[str]:
        """The full given names a given name can stand for ("bill" -> {"william"}); itself if none."""
        return self.diminutives.get(given, set()) or {given}

    def given_match(self, a: str, b: str) -> str:
        """Reason two given names can be one person's: equal, initial, or diminutive."""
        if a == b:
            return "same"
        if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
            return "initial"
        if a in self.diminutives.get(b, ()) or b in self.diminutives.get(a, ()):
            return "diminutive"
        if self.diminutives.get(a, set()) & self.diminutives.get(b, set()):
            return "diminutive"
        return ""

    def _full_given(self, a: str, b: str) -> str:
        dim_a, dim_b = self.diminutives.get(a, set()), self.diminutives.get(b, set())
        return sorted(({b} & dim_a) or ({a} & dim_b) or (dim_a & dim_b) or {b})[0]

    def typo(self, a: NameKey, b: NameKey) -> str:
        """"fuzzy NN" when two names differ by one edit in one long-enough token, else "".

        Short tokens are left alone: "Qing"/"Qiang" or "Anna"/"Anja" are more often two people
        than one misspelt name.
        """
        if len(a.tokens) != len(b.tokens) or a.suffix != b.suffix or a.tokens == b.tokens:
            return ""
        differ = [(x, y) for x, y in zip(a.tokens, b.tokens) if x != y]
        if len(differ) != 1:
            return ""
        x, y = differ[0]
        if min(len(x), len(y)) < 5 or x[0] != y[0] or OSA.distance(x, y) > 1:
            return ""
        return f"fuzzy {int(fuzz.ratio(a.text, b.text))}"

    def person_match(self, a: NameKey, b: NameKey) -> tuple[str, str]:
        """(reason, naming field) when two multi-word person names are one person, else ("", "").

        A directional reason ("diminutive of william", "initial") describes ``a``, the shorter
        form, as a variant of ``b``.
        """
        if a.suffix != b.suffix or len(a.tokens) < 2 or len(b.tokens) < 2:
            return ("same name", "") if a == b else ("", "")
        if a.tokens == b.tokens:
            return "same name", ""
        if sorted(a.tokens) == sorted(b.tokens):
            return "name order", "name_order"
        if a.tokens[-1] == b.tokens[-1]:
            given = self.given_match(a.tokens[0], b.tokens[0])
            if given == "diminutive":
                return f"diminutive of {self._full_given(a.tokens[0], b.tokens[0])}", "given_name"
            if given == "initial":
                return "initial", "given_name"
            if given == "same":
                return "middle name or initial", "middle_name"
        reason = self.typo(a, b)
        return (reason, "spelling") if reason else ("", "")
