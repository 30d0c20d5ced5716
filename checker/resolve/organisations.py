"""Merges between organisation (and facility) name forms of one story, and across types.

Each pass looks names up by a blocking key instead of comparing pairs:

* government bodies written either way ("Ministry of Foreign Affairs" / "Foreign Ministry"),
  a bare one joining the only country's body of that kind;
* acronyms (an upper-case token spelled by the initials of exactly one longer name);
* one-letter misspellings (``people.link_typos``);
* short forms: a name that starts or ends exactly one longer name ("Orvik" / "Orvik Mobility Inc.",
  "Senate" / "U.S. Senate").

Names tagged with the wrong type are re-typed before this (``entities``): an organisation with a
place's name is that place, so a short form never joins a place to a company.
"""

from __future__ import annotations

from collections import defaultdict

from checker.resolve.clusters import Clusters
from checker.resolve.names import NameKey, NameRules
from checker.resolve.people import link_typos


def link_orgs(clusters: Clusters, forms: dict[str, NameKey], texts: dict[str, list[str]], counts: dict[str, int],
              rules: NameRules, places: set[str]) -> None:
    """Merge the organisation forms (``form id -> key``) of one story in ``clusters``.

    ``texts``: the surface texts of each form; ``places``: the story's place names (folded).
    """
    forms = dict(sorted(forms.items()))
    _bodies(clusters, forms, rules)
    _acronyms(clusters, forms, texts, rules)
    link_typos(clusters, forms, counts, rules)
    legal = {f for f in forms if any(rules.has_legal_suffix(t) for t in texts[f])}
    _short_forms(clusters, forms, legal, places | set(rules.places))


def _fullest(forms: list[str], keys: dict[str, NameKey]) -> str:
    return sorted(forms, key=lambda f: (-len(keys[f].tokens), -len(keys[f].text), f))[0]


def _bodies(clusters: Clusters, forms: dict[str, NameKey], rules: NameRules) -> None:
    groups: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for form, key in forms.items():
        parsed = rules.body(key)
        if parsed:
            groups[parsed[:2]][parsed[2]].append(form)
    for (body, _topic), by_country in sorted(groups.items()):
        for members in by_country.values():
            for other in members[1:]:
                clusters.union(members[0], other, f"same {body} as {forms[members[0]].text}")
        countries = sorted(c for c in by_country if c)
        if "" in by_country and len(countries) == 1:
            owner = by_country[countries[0]][0]
            clusters.union(owner, by_country[""][0], f"same {body} as {forms[owner].text}")


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


def _acronyms(clusters: Clusters, forms: dict[str, NameKey], texts: dict[str, list[str]], rules: NameRules) -> None:
    by_letters: dict[str, list[str]] = defaultdict(list)
    for form, key in forms.items():
        if len(key.tokens) >= 2:
            spelled = rules.key(max(texts[form], key=len), "")  # legal words kept: "Co. Ltd." can be letters too
            raw = NameKey(tuple(w.strip(".,") for w in spelled.tokens), "", "org")
            for letters in rules.initials(key) | rules.initials(raw):
                by_letters[letters].append(form)
    for form, key in forms.items():
        if len(key.tokens) != 1 or not any(_is_acronym(t) for t in texts[form]):
            continue
        candidates = clusters.sole_other(form, by_letters.get(key.tokens[0].replace(".", ""), []))
        if candidates:
            owner = _fullest(candidates, forms)
            clusters.union(owner, form, f"acronym of {forms[owner].text}", "acronym")


def _short_forms(clusters: Clusters, forms: dict[str, NameKey], legal: set[str], places: set[str]) -> None:
    """A name that starts a company's name ("Orvik" / "Orvik Mobility Inc.") or the name before
    its "of ..." ("Vermont House" / "Vermont House of Representatives"); or one that ends a longer
    name after a place ("Senate" / "U.S. Senate") or has two words or more ("City Council")."""
    by_part: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for form, key in forms.items():
        tokens = key.tokens
        for i in range(1, len(tokens)):
            if form in legal or tokens[i] in ("of", "for", "on"):
                by_part[tokens[:i]].append(form)
            if len(tokens) - i >= 2 or " ".join(tokens[:i]) in places:
                by_part[tokens[i:]].append(form)
    for form, key in sorted(forms.items(), key=lambda kv: (-len(kv[1].tokens), kv[0])):
        candidates = clusters.sole_other(form, by_part.get(key.tokens, []))
        if candidates:
            owner = _fullest(candidates, forms)
            clusters.union(owner, form, f"short form of {forms[owner].text}", "short_form")
