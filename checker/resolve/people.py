"""Merges between person name forms of one story, each by blocking keys (never all pairs).

In order: the same tokens in another order ("name order"); the same first and last name with or
without a middle name; a diminutive or an initial of a unique fuller given name; one-letter
misspellings (``link_typos``, shared with organisations); a surname (or "Surname Jr.") alone joins
the one person in the story who has it. Weak forms (diminutive, initial, surname) only join a
cluster when exactly one is possible, so "Smith" never chains John Smith to Jane Smith.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from checker.resolve.clusters import Clusters
from checker.resolve.names import NameKey, NameRules


def link_people(clusters: Clusters, forms: dict[str, NameKey], counts: dict[str, int], rules: NameRules,
                weights: dict[str, int] | None = None) -> None:
    """Merge the person forms (``form id -> key``) of one story in ``clusters``; ``weights``: the
    name and surname mentions that stand for each form (an article's "Brandt" after "Teo Brandt")."""
    full = {f: k for f, k in sorted(forms.items()) if len(k.tokens) >= 2}
    single = {f: k for f, k in sorted(forms.items()) if len(k.tokens) == 1}
    _name_order(clusters, full)
    by_name = _middle_names(clusters, full)
    _weak_given_names(clusters, full, by_name, rules)
    _compound_surnames(clusters, full, rules)
    link_typos(clusters, full, counts, rules)
    _surnames(clusters, full, single, rules, weights or {})


def _name_order(clusters: Clusters, full: dict[str, NameKey]) -> None:
    blocks: dict[tuple[tuple[str, ...], str], list[str]] = defaultdict(list)
    for form, key in full.items():
        blocks[(tuple(sorted(key.tokens)), key.suffix)].append(form)
    for members in blocks.values():
        for other in members[1:]:
            clusters.union(members[0], other, "name order", "name_order")


def _middle_names(clusters: Clusters, full: dict[str, NameKey]) -> dict[tuple[str, str, str], list[str]]:
    """Join "First Middle Last" and "First Last"; return forms by (first, last, suffix)."""
    by_name: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for form, key in full.items():
        by_name[(key.tokens[0], key.tokens[-1], key.suffix)].append(form)
    for members in by_name.values():
        if len(members) < 2 or len({full[f].tokens[1:-1] for f in members} - {()}) > 1:
            continue  # "John Paul Smith" and "John Peter Smith": "John Smith" could be either
        members = sorted(members, key=lambda f: (-len(full[f].tokens), f))
        for other in members[1:]:
            clusters.union(members[0], other, "middle name or initial", "middle_name")
    return by_name


def link_formal_suffixes(clusters: Clusters, forms: dict[str, NameKey], texts: dict[str, list[str]],
                         sources: dict[str, set[str]], rules: NameRules) -> None:
    """"Teo Brandt" joins "Teo S. Brandt III": a formal style writes the middle initial
    and the suffix, another outlet neither. Only when that is the only suffix written with the
    name, the suffixed form has a middle name, and no article writes both forms (a father and a
    son, "Harold Pruett" and "Harold Pruett Jr.", are written side by side)."""
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for form, key in sorted(forms.items()):
        if len(key.tokens) >= 2:
            by_name[(key.tokens[0], key.tokens[-1])].append(form)
    for members in by_name.values():
        plain = [f for f in members if not forms[f].suffix]
        suffixed = [f for f in members if forms[f].suffix]
        if not plain or len({forms[f].suffix for f in suffixed}) != 1:
            continue
        if not all(any(_words(t, rules) >= 4 for t in texts.get(f, [])) for f in suffixed):
            continue  # "First M. Last Jr." has four words; "First Last Jr." may be the son
        if any(sources.get(a, set()) & sources.get(b, set()) for a in plain for b in suffixed):
            continue
        owner = _fullest(suffixed, forms)
        for form in plain:
            clusters.union(owner, form, f"suffix {forms[owner].suffix} left out", "middle_name")


def _words(text: str, rules: NameRules) -> int:
    """Words of a name without its leading titles ("Minister", "Dr.")."""
    words = text.split()
    while len(words) > 1 and words[0].lower().strip(".,") in rules.title_words:
        words.pop(0)
    return len(words)


def _fullest(forms: list[str], keys: dict[str, NameKey]) -> str:
    return sorted(forms, key=lambda f: (-len(keys[f].tokens), -len(keys[f].text), f))[0]


def _weak_given_names(clusters: Clusters, full: dict[str, NameKey], by_name: dict[tuple[str, str, str], list[str]],
                      rules: NameRules) -> None:
    """A diminutive ("Bill") or an initial ("W.") joins the one fuller given name with that surname."""
    by_initial: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for form, key in full.items():
        if len(key.tokens[0]) > 1:
            by_initial[(key.tokens[0][0], key.tokens[-1], key.suffix)].append(form)
    # Diminutives first, so that "K." later finds Kate and Katherine already one person.
    for initials in (False, True):
        for form, key in full.items():
            given, last = key.tokens[0], key.tokens[-1]
            if initials and len(given) == 1:
                candidates = by_initial.get((given, last, key.suffix), [])
            elif not initials and given in rules.diminutives:
                candidates = [f for name in sorted(rules.diminutives[given])
                              for f in by_name.get((name, last, key.suffix), [])]
            else:
                continue
            candidates = clusters.sole_other(form, candidates)
            if candidates:
                owner = _fullest(candidates, full)
                reason = "initial" if initials else f"diminutive of {full[owner].tokens[0]}"
                clusters.union(owner, form, reason, "given_name")


def _compound_surnames(clusters: Clusters, full: dict[str, NameKey], rules: NameRules) -> None:
    """"Wasserman Schultz" joins "Debbie Wasserman Schultz": a two-word form that ends exactly one
    longer name and does not begin with a given name of the lexicon is that person's surname."""
    tails: dict[tuple[tuple[str, ...], str], list[str]] = defaultdict(list)
    for form, key in full.items():
        if len(key.tokens) >= 3:
            tails[(key.tokens[-2:], key.suffix)].append(form)
    for form, key in full.items():
        if len(key.tokens) != 2 or key.tokens[0] in rules.given_names:
            continue
        candidates = clusters.sole_other(form, tails.get((key.tokens, key.suffix), []))
        if candidates:
            owner = _fullest(candidates, full)
            clusters.union(owner, form, f"surname of {full[owner].text}", "short_form")


def link_typos(clusters: Clusters, forms: dict[str, NameKey], counts: dict[str, int], rules: NameRules) -> None:
    """Merge multi-word forms that differ by one edit in one token (``NameRules.typo``).

    Blocks: the other tokens, identical; within a block one ``cdist`` call compares the varying
    token. The less frequent form is recorded as the misspelling.
    """
    blocks: dict[tuple[int, tuple[str, ...], str], list[str]] = defaultdict(list)
    for form, key in forms.items():
        if len(key.tokens) >= 2:
            for i, token in enumerate(key.tokens):
                if len(token) >= 5:
                    blocks[(i, key.tokens[:i] + key.tokens[i + 1:], key.suffix)].append(form)
    for (i, _rest, _suffix), members in sorted(blocks.items()):
        if len(members) < 2:
            continue
        words = [forms[f].tokens[i] for f in members]
        distance = process.cdist(words, words, scorer=OSA.distance, score_cutoff=1, dtype=np.int32)
        for a, b in np.argwhere(np.triu(distance <= 1, k=1)):
            reason = rules.typo(forms[members[a]], forms[members[b]])
            if reason:
                keep, other = sorted((members[a], members[b]), key=lambda f: (-counts.get(f, 0), f))
                clusters.union(keep, other, reason, "spelling")


def _surnames(clusters: Clusters, full: dict[str, NameKey], single: dict[str, NameKey], rules: NameRules,
              weights: dict[str, int]) -> None:
    """"Biden" joins Joe Biden when he is the only person in the story with that name part;
    "Brask Jr." joins the only Jr.; a bare "Brask" beside a father and a son joins the father only
    when he is the one the story is about (``_unsuffixed_subject``), else stays alone. A given
    name of the lexicon alone ("Elizabeth") only joins a name it ends, never one it begins."""
    by_token: dict[str, list[str]] = defaultdict(list)
    for form, key in full.items():
        for token in dict.fromkeys(key.tokens):
            if len(token) > 1:
                by_token[token].append(form)
    # "Brask Jr." first: the son's own short forms count as his before a bare "Brask" is weighed.
    totals: Counter[str] | None = None  # cluster root -> weight, built when first needed
    for form, key in sorted(single.items(), key=lambda kv: (not kv[1].suffix, kv[0])):
        token = key.tokens[0]
        candidates = [f for f in by_token.get(token, []) if (not key.suffix or full[f].suffix == key.suffix)
                      and (token not in rules.given_names or full[f].tokens[-1] == token)]
        if not clusters.sole_other(form, candidates) and not key.suffix:
            if totals is None:
                totals = Counter()
                for other, n in weights.items():
                    totals[clusters.find(other)] += n
            candidates = _unsuffixed_subject(clusters, form, candidates, full, totals)
        if clusters.sole_other(form, candidates):
            owner = _fullest(candidates, full)
            roots = (clusters.find(owner), clusters.find(form))
            if clusters.union(owner, form, f"surname of {full[owner].text}") and totals is not None:
                moved = totals.pop(roots[0], 0) + totals.pop(roots[1], 0)
                totals[clusters.find(owner)] = moved


def _unsuffixed_subject(clusters: Clusters, form: str, candidates: list[str], full: dict[str, NameKey],
                        totals: Counter[str]) -> list[str]:
    """A bare surname shared by one person without a generational suffix and others with one
    ("Teo Brandt", "Teo Brandt Jr."): news writes the suffix whenever it means the suffixed one,
    so the bare name is the unsuffixed person, if the story is about him (at least three names and
    surnames stand for him, twice as many as for any other; ``totals`` by cluster root). Returns
    his forms, else []."""
    groups: dict[str, list[str]] = defaultdict(list)
    for candidate in candidates:
        groups[clusters.find(candidate)].append(candidate)
    plain = [g for g, members in groups.items() if any(not full[f].suffix for f in members)]
    if len(plain) != 1 or clusters.find(form) in groups:
        return []
    mine = totals[plain[0]]
    if mine < 3 or any(mine < 2 * totals[g] for g in groups if g != plain[0]):
        return []
    return groups[plain[0]]
