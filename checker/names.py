"""Name normalisation and the pairwise tests used to decide that two names are one entity.

Pure functions over strings and the ``names``/``titles``/``places`` lexicons; used by the
resolution stage. Each test returns a reason ("name order", "acronym of", "fuzzy 93") or "".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def fold(text: str) -> str:
    """Lower-case and strip diacritics: "Källenius" -> "kallenius"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class NameKey:
    """A normalised name: its folded tokens, a generational suffix, and the type group."""

    tokens: tuple[str, ...]
    suffix: str
    group: str  # person | org | place | other

    @property
    def text(self) -> str:
        """The tokens joined by spaces."""
        return " ".join(self.tokens)


class NameRules:
    """Normalises names and compares them, with the lexicons in force."""

    def __init__(self, lex: dict[str, Any]) -> None:
        names = lex["names"]
        self.legal = {fold(str(w)).strip(".") for w in names["legal_suffixes"]}
        self.skip = {fold(str(w)) for w in names["acronym_skip"]}
        self.suffixes = {fold(str(w)).strip(".") for w in names["suffixes"]}
        self.honorifics = {fold(str(w)).strip(".") for w in lex["titles"]["honorifics"]}
        self.demonyms = {fold(str(k)): str(v) for k, v in lex["places"]["demonyms"].items()}
        self.diminutives: dict[str, set[str]] = {}
        for full, shorts in names["diminutives"].items():
            for short in shorts:
                self.diminutives.setdefault(fold(str(short)), set()).add(fold(str(full)))

    def group_of(self, label: str) -> str:
        """Type group of a spaCy label: person, org, place or other."""
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
        words = [w.strip(".,") for w in re.split(r"[\s]+", fold(text)) if w.strip(".,")]
        while words and words[0] in ("the", "a", "an"):
            words.pop(0)
        suffix = ""
        if group == "person":
            while len(words) > 1 and words[0] in self.honorifics:
                words.pop(0)
            if len(words) > 1 and words[-1] in self.suffixes:
                suffix = words.pop()
                suffix = {"jr": "jr", "sr": "sr"}.get(suffix, suffix)
            words = [w for w in words if not (len(w) == 1 and len(words) > 2)]
        elif group == "org":
            while len(words) > 1 and words[-1] in self.legal:
                words.pop()
        return NameKey(tuple(words), suffix, group)

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

    def person_match(self, a: NameKey, b: NameKey) -> tuple[str, str]:
        """(reason, naming field) when two multi-word person names are one person, else ("", "")."""
        if a.suffix != b.suffix or len(a.tokens) < 2 or len(b.tokens) < 2:
            return ("same name", "") if a == b else ("", "")
        if a.tokens == b.tokens:
            return "same name", ""
        if sorted(a.tokens) == sorted(b.tokens):
            return "name order", "name_order"
        if a.tokens[-1] == b.tokens[-1]:
            given = self.given_match(a.tokens[0], b.tokens[0])
            if given == "diminutive":
                return f"diminutive of {b.tokens[0]}", "given_name"
            if given in ("same", "initial"):
                return ("middle name or initial", "spelling") if given == "same" else ("initial", "given_name")
        score = fuzz.ratio(a.text, b.text)
        if score >= 90 and len(a.tokens) == len(b.tokens) and a.tokens[0][:1] == b.tokens[0][:1]:
            return f"fuzzy {int(score)}", "spelling"
        return "", ""
