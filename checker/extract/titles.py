"""The role model: what a title phrase means, from ``lexicons/titles.yaml``.

A title phrase ("former U.S. Rep.", "Senate Majority Leader", "president and chief executive")
becomes a ``Title``: the canonical post or posts ("representative", "majority leader",
"president and ceo"), its tense (``ended`` for "former", ``past`` for "then-" or a past date, ""
for a current post), the broader titles its holder also has (a Majority Leader is a Senator or a
Representative, a prosecutor a lawyer) and the seats it occupies (one person holds one title of a
seat in one organisation at a time: chair or chief executive of a company, Senator or
Representative). The compare stage reads these from the role assertion's slots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Token

#: Splits a phrase that names several posts held at once ("State Councilor and Foreign Minister").
_SEVERAL = re.compile(r"\s*(?:\band\b|&|,|/)\s*")


@dataclass(frozen=True)
class Title:
    """One title phrase read through the role model."""

    title: str  # canonical posts joined by " and "
    tense: str  # "" (current) | "ended" | "past"
    kinds: tuple[str, ...]  # broader titles the holder also has
    seats: dict[str, bool]  # seat → whether the organisation must be named to compare it


class TitleWords:
    """The title lexicon as sets, with normalisation of a title phrase."""

    def __init__(self, lex: dict[str, Any]) -> None:
        titles = lex["titles"]
        self.heads = {str(w).lower() for w in titles["heads"]}
        self.modifiers = {str(w).lower() for w in titles["modifiers"]}
        self.abbreviations = {str(k).lower(): str(v).lower() for k, v in titles["abbreviations"].items()}
        # One compiled pattern per abbreviation, longest first, and each phrase normalised once:
        # compiling them per call was a tenth of extraction time.
        self._patterns = [(re.compile(rf"(?<![\w.]){re.escape(long)}(?![\w])"), short.replace("\\", "\\\\"))
                          for long, short in sorted(self.abbreviations.items(), key=lambda kv: -len(kv[0]))]
        self._normalised: dict[str, str] = {}
        self.model = RoleModel(titles, self)

    def is_title_word(self, token: Token) -> bool:
        """A head ("minister", or "senators" before a list of names) or modifier ("foreign") of a title."""
        word = token.lower_
        return word in self.heads or word in self.modifiers or self.is_head(word)

    def is_head(self, word: str) -> bool:
        """A title head, or its plural ("Senators A and B" gives each one "senator")."""
        return word in self.heads or (len(word) > 3 and word.endswith("s") and word not in self.modifiers
                                      and word[:-1] in self.heads)

    def _singular(self, text: str) -> str:
        return " ".join(w[:-1] if w not in self.heads and self.is_head(w) else w for w in text.split(" "))

    def normalise(self, phrase: str) -> str:
        """Lower-case, expand abbreviations and synonyms: "Chief Executive Officer" -> "ceo"."""
        known = self._normalised.get(phrase)
        if known is not None:
            return known
        text = self._singular(re.sub(r"\s+", " ", phrase.lower().replace("’s", "").strip(" ,")))
        for pattern, short in self._patterns:
            text = pattern.sub(short, text)
        self._normalised[phrase] = text = text.strip(" .")
        return text


class RoleModel:
    """Synonyms, kinds, seats and tense words of titles (the ``titles`` lexicon's model keys)."""

    def __init__(self, titles: dict[str, Any], words: TitleWords) -> None:
        self.words = words
        tense = titles.get("tense") or {}
        self.tense_words = {str(w).lower(): kind for kind in ("past", "ended") for w in tense.get(kind) or ()}
        self.dropped = sorted((str(w).lower() for w in titles.get("dropped") or ()), key=len, reverse=True)
        self.ranks = {str(w).lower() for w in titles.get("rank_modifiers") or ()}
        self.synonyms: dict[str, str] = {}
        for canonical, variants in (titles.get("synonyms") or {}).items():
            for variant in [canonical, *(variants or ())]:
                self.synonyms[words.normalise(str(variant))] = words.normalise(str(canonical))
        self.broader: dict[str, list[str]] = {}
        for title, broader in (titles.get("kinds") or {}).items():
            post = self.canonical_post(str(title))
            known = self.broader.setdefault(post, [])
            known += [b for b in map(self.canonical_post, map(str, broader or ())) if b != post and b not in known]
        self.seats: dict[str, dict[str, bool]] = {}
        for name, group in (titles.get("positions") or {}).items():
            for title in group.get("titles") or ():
                self.seats.setdefault(self.canonical_post(str(title)), {})[str(name)] = group.get("org") == "required"

    def canonical_post(self, phrase: str) -> str:
        """One post's canonical name: synonyms applied, qualifiers dropped."""
        text = self.words.normalise(phrase)
        changed = True
        while changed:
            changed = False
            for word in self.dropped:
                if text.startswith(word + " "):
                    text, changed = text[len(word) + 1:], True
        if text in self.synonyms:
            return self.synonyms[text]
        first, _, rest = text.partition(" ")
        if self._modified(first, rest):
            return f"{first} {self.canonical_post(rest)}"  # "senior attorney" = "senior lawyer"
        return text

    def _modified(self, first: str, rest: str) -> bool:
        """True for "<modifier> <post>" ("senior attorney", "deputy director"), not "attorney general"."""
        return bool(rest) and not rest.startswith("of ") and first in self.words.modifiers

    def read(self, phrase: str, tense_words: tuple[str, ...] = ()) -> Title:
        """The ``Title`` of a phrase; ``tense_words`` are words found around it ("then", "former")."""
        tense = ""
        posts = []
        for part in _SEVERAL.split(self.words.normalise(phrase)):
            words = part.replace("-", "- ").split()
            while words and words[0] in self.tense_words:
                tense = _later(tense, self.tense_words[words.pop(0)])
            post = self.canonical_post(" ".join(words).replace("- ", "-"))
            if post and post not in posts:
                posts.append(post)
        for word in tense_words:
            tense = _later(tense, self.tense_words.get(word.lower(), ""))
        kinds: set[str] = set()
        seats: dict[str, bool] = {}
        for post in posts:
            kinds |= self.kinds_of(post)
            for seat, needs_org in self.seats_of(post).items():
                seats[seat] = seats.get(seat, False) or needs_org
        return Title(" and ".join(posts), tense, tuple(sorted(kinds - set(posts))), dict(sorted(seats.items())))

    def kinds_of(self, post: str, depth: int = 0) -> set[str]:
        """Every broader title of a post, transitively ("senior adviser" → adviser → aide)."""
        found: set[str] = set()
        first, _, rest = post.partition(" ")
        direct = list(self.broader.get(post, ()))
        if self._modified(first, rest) and first not in self.ranks and post not in self.broader:
            direct.append(rest)  # a "foreign minister" is a minister, a "deputy director" is not a director
        for broader in direct:
            if broader not in found and depth < 6:
                found |= {broader} | self.kinds_of(broader, depth + 1)
        return found

    def seats_of(self, post: str) -> dict[str, bool]:
        """The seats a post occupies: its lexicon groups, and for "deputy X" the seat of X (which the
        compare stage matches with X itself)."""
        seats = dict(self.seats.get(post, {}))
        first, _, rest = post.partition(" ")
        if first in self.ranks and self._modified(first, rest):
            seats[f"seat of {rest}"] = True
        return seats


def _later(current: str, found: str) -> str:
    """``ended`` outranks ``past``, which outranks current."""
    order = ("", "past", "ended")
    return max(current, found, key=order.index) if found in order else current
