"""Entity-resolution speed: ``resolve_entities`` on 100,000 synthetic mentions.

The mentions are made up (seeded, deterministic) the way extraction hands them over, across
200 sources: people written in both name orders, with diminutives, initials, honorifics and
titles, diacritics dropped, one-letter misspellings and surname-only references (in the same
article after the full name, and alone in other articles); companies with and without their legal
suffix, as a bare brand, as an acronym, and sometimes tagged as a person; places as names,
demonyms and official names, capitals sometimes tagged as organisations.

Each mention knows its true entity, so a run also checks the clusters: *purity* (no entity mixes
two true ones) and *completeness* (every mention of a true entity lands in one entity). Surname-only
mentions of a shared surname in an article without the full name cannot be resolved and are
counted in neither.

Usage::

    python benchmarks/entities_speed.py [--mentions 100000] [--sources 200] [--seed 0] [--no-memory]

Prints the figures and writes ``benchmarks/out/entities_speed.json``. Target: under 30 s on a
2-core machine. Peak memory is measured with ``tracemalloc`` in a second, untimed run.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import string
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.resolve.entities import resolve_entities
from checker.extract.lexicon import load_lexicons
from checker.model import Entity, Mention

OUT = Path(__file__).resolve().parent / "out" / "entities_speed.json"
GIVEN = ["William", "Robert", "James", "Katherine", "Elizabeth", "Michael", "Daniel", "Margaret", "Thomas",
         "Patricia", "Samuel", "Jennifer", "Andrew", "Nicholas", "Victoria", "Harold", "Marian", "Yusuf", "Orla",
         "Priya", "Carla", "Dwight", "Renata", "Gordon", "Helen", "Raymond", "Denise", "Konrad", "Nadia", "Ingrid"]
DIACRITIC = {"a": "ä", "o": "ö", "u": "ü", "e": "é", "n": "ñ"}
INDUSTRY = ["Mining", "Robotics", "Pharma", "Diagnostics", "Energy", "Mobility", "Logistics", "Foods", "Textiles",
            "Shipping", "Software", "Aerospace", "Insurance", "Telecom", "Chemicals", "Biotech"]
LEGAL = ["Inc.", "Corp.", "Ltd.", "AG", "GmbH", "ASA", "Co.", "plc", "S.A.", "Holdings"]
PLACES = [("China", "Chinese", "People's Republic of China", "Beijing"), ("Germany", "German", "Federal Republic of Germany", "Berlin"),
          ("South Korea", "South Korean", "Republic of Korea", "Seoul"), ("Russia", "Russian", "Russian Federation", "Moscow"),
          ("Mexico", "Mexican", "United Mexican States", "Mexico City"), ("Kenya", "Kenyan", "Republic of Kenya", "Nairobi"),
          ("Norway", "Norwegian", "Kingdom of Norway", "Oslo"), ("Brazil", "Brazilian", "Federative Republic of Brazil", "Brasilia")]


@dataclass
class _Person:
    ident: str
    given: str
    family: str
    family_first: bool = False
    suffix: str = ""
    shared: bool = False  # another person has the same family name


@dataclass
class _Org:
    ident: str
    words: list[str]
    legal: str
    acronym: str = ""


@dataclass
class Synthetic:
    """Generated mentions, each mention's true entity, and the mentions that cannot be resolved."""

    mentions: list[Mention] = field(default_factory=list)
    truth: dict[str, str] = field(default_factory=dict)
    unresolvable: set[str] = field(default_factory=set)


def _words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """Invented capitalised words, no two within one edit of each other (no accidental typos)."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    out: list[str] = []
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    while len(out) < count:
        word = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 3, 3, 4))))
        if len(word) < 5 or word in taken:
            continue
        if process.extractOne(word, taken, scorer=OSA.distance, score_cutoff=1) is not None:
            continue
        taken.add(word)
        out.append(word.capitalize())
    return out


def _people(rng: random.Random, count: int, taken: set[str]) -> list[_Person]:
    families = _words(rng, count, taken)
    people: list[_Person] = []
    for n, family in enumerate(families):
        person = _Person(f"p{n}", rng.choice(GIVEN), family, family_first=rng.random() < 0.15)
        if n % 20 == 1:  # a relative or namesake: same family name, another given name (or Jr.)
            first = people[-1]
            person.family, person.shared, first.shared = first.family, True, True
            person.given = rng.choice([g for g in GIVEN if g != first.given])
            person.family_first = first.family_first
            if n % 40 == 1:
                person.given, person.suffix = first.given, "Jr."
        people.append(person)
    return people


def _orgs(rng: random.Random, count: int, taken: set[str]) -> list[_Org]:
    brands = _words(rng, count, taken)
    acronyms: Counter[str] = Counter()
    orgs = []
    for n, brand in enumerate(brands):
        words = [brand, rng.choice(INDUSTRY)]
        orgs.append(_Org(f"o{n}", words, rng.choice(LEGAL)))
        acronyms["".join(w[0] for w in words)] += 1
    for org in orgs:  # an acronym only when no other company has the same letters
        letters = "".join(w[0] for w in org.words)
        org.acronym = letters if acronyms[letters] == 1 and rng.random() < 0.5 else ""
    return orgs


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(2, len(word) - 1)
    letters = [c for c in string.ascii_lowercase if c != word[i]]
    return word[:i] + rng.choice(letters) + word[i + 1:]


def _person_full(p: _Person, rng: random.Random, dims: dict[str, list[str]], again: bool) -> str:
    """A full-name variant; misspellings only after the article spelt the name right once."""
    given, family = p.given, p.family
    roll = rng.random()
    if p.family_first:
        name = f"{family} {given}" if roll < 0.6 else f"{given} {family}"
    elif not p.shared and roll < 0.1 and dims.get(given.lower()):
        name = f"{rng.choice(dims[given.lower()]).capitalize()} {family}"
    elif not p.shared and roll < 0.15:
        name = f"{given[0]}. {family}"
    elif not p.shared and again and roll < 0.2:
        name = f"{given} {_typo(family, rng)}"
    else:
        name = f"{given} {family}"
    if rng.random() < 0.1:
        name = "".join(DIACRITIC.get(c, c) if rng.random() < 0.3 else c for c in name)
    if rng.random() < 0.1:
        name = f"{rng.choice(['Dr.', 'Mr.', 'Ms.', 'Minister', 'Sen.'])} {name}"
    return f"{name} {p.suffix}".strip()


def _org_form(o: _Org, first: bool, rng: random.Random) -> tuple[str, str]:
    full = " ".join(o.words)
    if first:
        return f"{full} {o.legal}", "ORG"
    roll = rng.random()
    if roll < 0.3:
        return full, "ORG" if rng.random() < 0.8 else "PERSON"
    if roll < 0.5:
        return o.words[0], "ORG"
    if roll < 0.65 and o.acronym:
        return o.acronym, "ORG"
    return f"{full} {o.legal}", "ORG"


def generate(n_mentions: int = 100_000, n_sources: int = 200, seed: int = 0) -> Synthetic:
    """Deterministic synthetic mentions of one (very large) story."""
    rng = random.Random(seed)
    lex = load_lexicons()
    dims: dict[str, list[str]] = {k: list(v) for k, v in lex["names"]["diminutives"].items()}
    taken = {g.lower() for g in GIVEN} | {w.lower() for w in INDUSTRY}
    per_source = max(n_mentions // n_sources, 1)
    people = _people(rng, max(n_mentions // 25, 4), taken)
    orgs = _orgs(rng, max(n_mentions // 50, 2), taken)
    out = Synthetic()
    for s in range(n_sources):
        _article(out, f"src{s:03d}", per_source, people, orgs, rng, dims)
    return out


def _article(out: Synthetic, source: str, size: int, people: list[_Person], orgs: list[_Org],
             rng: random.Random, dims: dict[str, list[str]]) -> None:
    seen: dict[str, str] = {}  # true entity -> first mention id in this article
    families: dict[str, str] = {}  # family name -> the person of this article who has it
    bare: set[str] = set()  # people this article only ever calls by their family name
    offset, n = 0, 0
    while n < size:
        mid = f"{source}:m{n + 1}"
        kind = rng.random()
        text, label, form, antecedent, truth = "", "PERSON", "name", "", ""
        if kind < 0.55:
            person = people[min(int(rng.paretovariate(1.2)) - 1, len(people) - 1)] if rng.random() < 0.5 else rng.choice(people)
            if families.get(person.family, person.ident) != person.ident:
                continue  # one person per family name and article
            families[person.family] = person.ident
            truth = person.ident
            if person.ident in bare or (person.ident not in seen and rng.random() < 0.1 and not person.suffix):
                text = person.family  # the family name alone: this article never gives the full name
                bare.add(person.ident)
                if person.shared:
                    out.unresolvable.add(mid)
            elif person.ident in seen and rng.random() < 0.7:
                text = f"{rng.choice(['', '', 'Mr. ', 'Dr. '])}{person.family} {person.suffix}".strip()
                form, antecedent = ("surname", seen[person.ident]) if rng.random() < 0.5 else ("name", "")
            else:
                text = _person_full(person, rng, dims, person.ident in seen)
        elif kind < 0.85:
            org = rng.choice(orgs)
            truth = org.ident
            text, label = _org_form(org, org.ident not in seen, rng)
        else:
            country = rng.choice(PLACES)
            variant = rng.randrange(4)
            text, label = country[variant], ("GPE", "NORP", "GPE", "GPE")[variant]
            truth = f"place:{country[0 if variant < 3 else 3]}"
            if variant == 3 and rng.random() < 0.2:
                label = "ORG"  # "Beijing said": a capital tagged as an organisation stays a place
        n += 1
        seen.setdefault(truth, mid)
        out.mentions.append(Mention(id=mid, source=source, text=text, label=label, start=offset, end=offset + len(text),
                                    line=n, sentence=n, form=form, antecedent=antecedent))
        out.truth[mid] = truth
        offset += len(text) + 40


def check(entities: list[Entity], mapping: dict[str, str], data: Synthetic) -> dict[str, Any]:
    """Purity and completeness of the clusters against the generated truth."""
    members: dict[str, set[str]] = defaultdict(set)
    for mid, ent in mapping.items():
        if mid not in data.unresolvable:  # a bare shared family name may sit with its namesakes
            members[ent].add(data.truth[mid])
    impure = sorted(e for e, truths in members.items() if len(truths) > 1)
    by_truth: dict[str, set[str]] = defaultdict(set)
    for mid, truth in data.truth.items():
        if mid not in data.unresolvable:
            by_truth[truth].add(mapping.get(mid, f"unmapped:{mid}"))
    split = sorted(t for t, ents in by_truth.items() if len(ents) > 1)
    return {"entities": len(entities), "true_entities": len(set(data.truth.values())), "impure_entities": len(impure),
            "split_true_entities": len(split), "impure_examples": impure[:5], "split_examples": split[:5]}


def main(argv: list[str] | None = None) -> int:
    """Time ``resolve_entities`` on the synthetic mentions; write ``benchmarks/out/entities_speed.json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    args = parser.parse_args(argv)
    data = generate(args.mentions, args.sources, args.seed)
    lex = load_lexicons()
    start = time.perf_counter()
    entities, mapping = resolve_entities(data.mentions, lex)
    seconds = time.perf_counter() - start
    figures: dict[str, Any] = {"mentions": len(data.mentions), "sources": args.sources, "seed": args.seed,
                               "resolve_seconds": round(seconds, 2),
                               "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    if not args.no_memory:
        tracemalloc.start()
        resolve_entities(data.mentions, lex)
        figures["resolve_peak_traced_mib"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    figures.update(check(entities, mapping, data))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name, value in figures.items():
        print(f"{name:24} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
