"""Resolve stage: mentions across the sources of one story → entities, with a reason per merge.

1. Within an article, surnames, pronouns and descriptions already point at their antecedent.
2. Distinct normalised names are blocked by shared tokens and by acronym letters; only names in
   one block are compared (``names.NameRules``), so the work grows with the block sizes, not
   with the square of the mentions.
3. A surname-only name joins a full name only when exactly one full name in the story has it.
4. User ``aliases`` force merges; ``distinct`` pairs are never merged (checked on every union).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Iterable

import pandas as pd

from checker.model import Entity, Mention
from checker.names import NameKey, NameRules, fold


class _Clusters:
    """Union-find over name keys with cannot-link constraints."""

    def __init__(self, forbidden: set[frozenset[str]]) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.forbidden = forbidden
        self.reasons: dict[str, tuple[str, str, str]] = {}  # key -> (other key, reason, naming field)

    def add(self, key: str) -> None:
        if key not in self.parent:
            self.parent[key] = key
            self.members[key] = {key}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str, reason: str, field: str = "") -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        for x in self.members[ra]:
            for y in self.members[rb]:
                if frozenset((x, y)) in self.forbidden:
                    return False
        keep, gone = sorted((ra, rb))
        self.parent[gone] = keep
        self.members[keep] |= self.members.pop(gone)
        self.reasons.setdefault(b, (a, reason, field))
        return True


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "entity"


def _form_id(group: str, key: NameKey) -> str:
    return f"{group}|{key.text}|{key.suffix}"


def resolve_entities(mentions: list[Mention], lex: dict[str, Any], aliases: Iterable[dict[str, Any]] = (),
                     distinct: Iterable[Iterable[str]] = ()) -> tuple[list[Entity], dict[str, str]]:
    """Cluster a story's mentions; return entities and ``mention id -> entity id``."""
    rules = NameRules(lex)
    by_id = {m.id: m for m in mentions}
    named = [m for m in mentions if m.form in ("name", "surname") and not m.antecedent]
    keys = {m.id: rules.key(m.text, m.label) for m in named}
    forms = {m.id: _form_id(keys[m.id].group, keys[m.id]) for m in named}
    clusters = _Clusters(_forbidden_forms(distinct, rules, forms, keys, by_id))
    for form in sorted(set(forms.values())):
        clusters.add(form)
    unique_keys = {forms[mid]: keys[mid] for mid in sorted(forms)}
    _merge_people(clusters, unique_keys, rules)
    _merge_orgs(clusters, unique_keys, rules, named, keys, forms)
    _merge_aliases(clusters, aliases, rules, unique_keys)
    return _build(mentions, by_id, forms, clusters, rules)


def _forbidden_forms(distinct: Iterable[Iterable[str]], rules: NameRules, forms: dict[str, str],
                     keys: dict[str, NameKey], by_id: dict[str, Mention]) -> set[frozenset[str]]:
    pairs = set()
    for pair in distinct:
        a, b = list(pair)[:2]
        ids_a = {forms[m] for m in forms if fold(by_id[m].text) == fold(a) or keys[m].text == fold(a)}
        ids_b = {forms[m] for m in forms if fold(by_id[m].text) == fold(b) or keys[m].text == fold(b)}
        pairs |= {frozenset((x, y)) for x in ids_a for y in ids_b if x != y}
    return pairs


def _merge_people(clusters: _Clusters, unique: dict[str, NameKey], rules: NameRules) -> None:
    people = {f: k for f, k in unique.items() if k.group == "person" and k.tokens}
    full = {f: k for f, k in people.items() if len(k.tokens) >= 2}
    blocks: dict[str, list[str]] = defaultdict(list)
    for form, key in sorted(full.items()):
        for token in set(key.tokens):
            blocks[token].append(form)
    for token, forms in sorted(blocks.items()):
        for i, a in enumerate(forms):
            for b in forms[i + 1:]:
                reason, field = rules.person_match(full[a], full[b])
                if reason:
                    clusters.union(a, b, reason, field)
    for form, key in sorted(people.items()):
        if len(key.tokens) != 1:
            continue
        owners = {clusters.find(f) for f in blocks.get(key.tokens[0], []) if full[f].suffix == key.suffix}
        if any(full[f].suffix != key.suffix for f in blocks.get(key.tokens[0], [])):
            continue  # "Smith" with "John Smith" and "John Smith Jr." in the story: ambiguous
        if len(owners) == 1:
            owner = owners.pop()
            clusters.union(owner, form, f"surname of {full[owner].text if owner in full else owner}")


def _merge_orgs(clusters: _Clusters, unique: dict[str, NameKey], rules: NameRules, named: list[Mention],
                keys: dict[str, NameKey], forms: dict[str, str]) -> None:
    orgs = {f: k for f, k in unique.items() if k.group in ("org", "facility") and k.tokens}
    full_keys = {forms[m.id]: rules.key(m.text, "PERSON") for m in named if forms[m.id] in orgs}
    by_letters: dict[str, list[str]] = defaultdict(list)
    for form, key in sorted(orgs.items()):
        if len(key.tokens) >= 2:
            raw = NameKey(tuple(w.strip(".,") for w in full_keys[form].tokens), "", "org")
            for letters in rules.initials(key) | rules.initials(raw):
                by_letters[letters].append(form)
    for form, key in sorted(orgs.items()):
        if len(key.tokens) == 1:
            for other in by_letters.get(key.tokens[0].replace(".", ""), []):
                clusters.union(other, form, f"acronym of {orgs[other].text}", "acronym")
    places = {f: k for f, k in unique.items() if k.group == "place"}
    for form, key in sorted(places.items()):
        match = next((f for f, k in sorted(unique.items()) if k.group == "org" and k.tokens == key.tokens), None)
        if match:
            clusters.union(match, form, "same name as a place")


def _merge_aliases(clusters: _Clusters, aliases: Iterable[dict[str, Any]], rules: NameRules,
                   unique: dict[str, NameKey]) -> None:
    by_text: dict[str, list[str]] = defaultdict(list)
    for form, key in unique.items():
        by_text[key.text].append(form)
    for alias in aliases:
        names = [str(alias.get("name", ""))] + [str(n) for n in alias.get("also", [])]
        found = [f for n in names for label in ("PERSON", "ORG", "GPE") for f in by_text.get(rules.key(n, label).text, [])]
        for other in found[1:]:
            clusters.union(found[0], other, f"alias of {alias.get('name')} (rules.yaml)", "alias")


def _build(mentions: list[Mention], by_id: dict[str, Mention], forms: dict[str, str], clusters: _Clusters,
           rules: NameRules) -> tuple[list[Entity], dict[str, str]]:
    root_of: dict[str, str] = {}
    for mention in mentions:
        head = mention
        while head.antecedent and head.antecedent in by_id:
            head = by_id[head.antecedent]
        if head.id in forms:
            root_of[mention.id] = clusters.find(forms[head.id])
    grouped: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.id in root_of:
            grouped[root_of[mention.id]].append(mention)
    entities: list[Entity] = []
    entity_of_root: dict[str, str] = {}
    used: Counter[str] = Counter()
    for root, members in sorted(grouped.items(), key=lambda kv: _canonical(kv[1], rules)):
        name = _canonical(members, rules)
        label = Counter(m.label for m in members if m.form in ("name", "surname")).most_common()
        etype = sorted(label, key=lambda kv: (-kv[1], kv[0]))[0][0] if label else members[0].label
        if etype == "NORP":
            etype = "GPE"
        slug = f"{rules.group_of(etype)}:{_slug(name)}"
        used[slug] += 1
        ident = slug if used[slug] == 1 else f"{slug}-{used[slug]}"
        entity_of_root[root] = ident
        entities.append(_entity(ident, name, etype, members, clusters, forms))
    mapping = {mid: entity_of_root[root] for mid, root in root_of.items()}
    return sorted(entities, key=lambda e: e.id), mapping


def _canonical(members: list[Mention], rules: NameRules) -> str:
    """The fullest, most frequent name form (place adjectives become the place name)."""
    counts = Counter(m.text for m in members if m.form == "name")
    if not counts:
        counts = Counter(m.text for m in members)
    def rank(text: str) -> tuple[int, int, int, int, str]:
        words = re.sub(r"(?:'s|’s)$", "", text).split()
        is_acronym = len(words) == 1 and text.isupper()
        # Fuller forms first: more words, then longer words ("James" before "Jim"), then frequency.
        return (0 if is_acronym else 1, len(words), len(text), counts[text], text)
    best = sorted(counts, key=rank, reverse=True)[0]
    best = re.sub(r"(?:'s|’s)$", "", best)
    label = Counter(m.label for m in members).most_common(1)[0][0]
    return rules.place_name(best) if label in ("NORP", "GPE") else best


def _entity(ident: str, name: str, etype: str, members: list[Mention], clusters: _Clusters,
            forms: dict[str, str]) -> Entity:
    surface: dict[str, list[str]] = defaultdict(list)
    for mention in sorted(members, key=lambda m: (m.source, m.start)):
        if mention.form == "pronoun":
            continue
        text = re.sub(r"(?:'s|’s)$", "", mention.text)
        if text not in surface[mention.source]:
            surface[mention.source].append(text)
    merges = []
    member_forms = {forms[m.id] for m in members if m.id in forms}
    for form in sorted(member_forms):
        if form in clusters.reasons:
            other, reason, field = clusters.reasons[form]
            merges.append((form.split("|")[1], other.split("|")[1], reason, field))
    for mention in sorted(members, key=lambda m: (m.source, m.start)):
        if mention.reason and mention.form == "description":
            merges.append((mention.text, name, mention.reason, ""))
    unique_merges = tuple(dict.fromkeys(merges))
    return Entity(id=ident, name=name, type=etype, surface_forms={k: tuple(v) for k, v in sorted(surface.items())},
                  merges=unique_merges)


def annotate(assertions: pd.DataFrame, mapping: dict[str, str], entities: list[Entity],
             rules_lex: dict[str, Any]) -> pd.DataFrame:
    """Add ``subject_entity``, ``object_entity`` and ``entities`` (ids) to the assertion table."""
    rules = NameRules(rules_lex)
    by_text: dict[str, str] = {}
    for entity in entities:
        for forms_ in entity.surface_forms.values():
            for form in forms_:
                by_text.setdefault(fold(form), entity.id)
        by_text.setdefault(fold(entity.name), entity.id)
    def lookup(mention_id: str, text: str) -> str:
        if mention_id and mention_id in mapping:
            return mapping[mention_id]
        return by_text.get(fold(rules.place_name(text)), by_text.get(fold(text), ""))
    frame = assertions.copy()
    frame["subject_entity"] = [lookup(m, t) for m, t in zip(frame["subject_mention"], frame["subject"])]
    frame["object_entity"] = [lookup(m, t) for m, t in zip(frame["object_mention"], frame["object"])]
    frame["entities"] = [tuple(x for x in (s, o) if x) for s, o in zip(frame["subject_entity"], frame["object_entity"])]
    return frame
