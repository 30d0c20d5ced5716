"""Resolve stage: mentions across the sources of one story → entities, with a reason per merge.

1. Within an article, pronouns and descriptions already point at their antecedent; a one-word
   person name ("Brask", "Brask Jr.", "Mr. Brask") is linked here to an earlier full name of the
   same article that contains it: one with the same suffix first, then the first named. A one-word
   name that comes *before* the article's own full name is left alone (a namesake wing or prize).
2. Names tagged with the wrong type are re-typed from the story's other names: an organisation
   with a place's name is the place (capitals stay places), a "person" with a company's name is the
   company, an "organisation" with a person's name is the person.
3. Distinct normalised names (forms) are merged by ``people.link_people`` and
   ``organisations.link_orgs``, which look candidates up by blocking keys, so the work grows with
   the number of forms, not with its square. A surname alone, an initial, a diminutive, a short
   or bare form joins another form across articles only when exactly one is possible.
4. User ``aliases`` force merges; ``distinct`` pairs are never merged (checked on every union).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from typing import Any, Iterable

import pandas as pd

from checker.resolve.clusters import Clusters
from checker.model import Entity, Mention
from checker.resolve.names import NameKey, NameRules, fold
from checker.resolve.organisations import link_orgs
from checker.resolve.people import link_formal_suffixes, link_people, link_typos

_NAMED = ("name", "surname")


class _Keys:
    """``NameRules.key`` cached by (text, label): a story repeats its names many times."""

    def __init__(self, rules: NameRules) -> None:
        self.rules = rules
        self.cache: dict[tuple[str, str], NameKey] = {}

    def __call__(self, text: str, label: str) -> NameKey:
        found = self.cache.get((text, label))
        if found is None:
            found = self.cache[(text, label)] = self.rules.key(text, label)
        return found


def resolve_entities(mentions: list[Mention], lex: dict[str, Any], aliases: Iterable[dict[str, Any]] = (),
                     distinct: Iterable[Iterable[str]] = ()) -> tuple[list[Entity], dict[str, str]]:
    """Cluster a story's mentions; return entities (sorted by id) and ``mention id -> entity id``."""
    rules = NameRules.of(lex)
    keys = _Keys(rules)
    by_id = {m.id: m for m in mentions}
    links, alone = _article_links(mentions, keys, rules)
    heads = _heads(mentions, by_id, links)
    roots = [m for m in mentions if m.form in _NAMED and heads.get(m.id) == m.id and not _only_title(m, keys, rules)]
    relabel = _retype({(m.text, m.label) for m in roots if m.id not in alone}, keys, rules)
    label_of = {m.id: relabel.get((m.text, m.label), m.label) for m in roots}
    forms: dict[str, str] = {}
    form_keys: dict[str, NameKey] = {}
    texts: dict[str, list[str]] = defaultdict(list)
    for mention in sorted(roots, key=lambda m: (m.source, m.start, m.id)):
        key = keys(mention.text, label_of[mention.id])
        form = f"{key.group}|{key.text}|{key.suffix}" + (f"|{mention.id}" if mention.id in alone else "")
        forms[mention.id] = form
        form_keys.setdefault(form, key)
        if mention.text not in texts[form]:
            texts[form].append(mention.text)
    # A form's weight: the sources that use it first, then its mentions (the rarer spelling is the typo).
    sources: dict[str, set[str]] = defaultdict(set)
    for mention_id, form in forms.items():
        sources[form].add(by_id[mention_id].source)
    counts = {form: len(sources[form]) * 10_000 + n for form, n in Counter(forms.values()).items()}
    clusters = Clusters(sorted(form_keys), _forbidden_forms(distinct, rules, forms, form_keys, by_id))
    linkable = {f: k for f, k in form_keys.items() if f.count("|") == 2 and k.tokens}
    people = {f: k for f, k in linkable.items() if k.group == "person"}
    link_formal_suffixes(clusters, people, texts, sources, rules)
    weights = Counter(forms[heads[m.id]] for m in mentions if m.form in _NAMED and heads.get(m.id) in forms)
    link_people(clusters, people, counts, rules, dict(weights))
    places = {k.text for k in form_keys.values() if k.group == "place"}
    link_orgs(clusters, {f: k for f, k in linkable.items() if k.group in ("org", "facility")}, texts, counts, rules,
              places)
    # A multi-word place name one letter apart in another source ("Port Delmar" / "Port Dellmar")
    # is one place that one source misspelt.
    link_typos(clusters, {f: k for f, k in linkable.items() if k.group == "place"}, counts, rules)
    _merge_aliases(clusters, aliases, rules, form_keys)
    return _build(mentions, heads, forms, label_of, clusters, rules)


def _only_title(mention: Mention, keys: _Keys, rules: NameRules) -> bool:
    """A "person" that is only a title ("Councilor" cut from "State Councilor"): no entity."""
    return mention.label == "PERSON" and all(t in rules.title_words for t in keys(mention.text, "PERSON").tokens)


def _article_links(mentions: list[Mention], keys: _Keys, rules: NameRules) -> tuple[dict[str, str], set[str]]:
    """One-word person names → a full name of the same article that contains them.

    An earlier full name first (the same suffix first, then the one named first); else the
    article's first full name after it ("Ostrova" in a lead, "Mara Ostrova" below). A given name
    alone ("Elizabeth", a given name of the lexicon) only stands for a full name it ends.
    Returns the links and the one-word names left alone (none today; kept for callers).
    """
    full: dict[tuple[str, str], list[tuple[int, str, str]]] = defaultdict(list)  # (source, token) -> (start, id, suffix)
    for m in sorted(mentions, key=lambda m: (m.source, m.start, m.id)):
        if m.form == "name" and m.label == "PERSON":
            key = keys(m.text, "PERSON")
            if len(key.tokens) >= 2:
                for at, token in enumerate(key.tokens):
                    if at == len(key.tokens) - 1 or token not in rules.given_names:
                        full[(m.source, token)].append((m.start, m.id, key.suffix))
    # Surnames of a person named without a suffix somewhere in the story ("Teo Brandt"): a bare
    # "Brandt" there is not "Teo Brandt Jr." just because his is the article's only full name.
    plain = {key.tokens[-1] for m in mentions if m.form == "name" and m.label == "PERSON"
             for key in (keys(m.text, "PERSON"),) if len(key.tokens) >= 2 and not key.suffix}
    links: dict[str, str] = {}
    for m in mentions:
        if m.form not in _NAMED or m.label != "PERSON":
            continue
        key = keys(m.text, "PERSON")
        entries = full.get((m.source, key.tokens[0]), []) if len(key.tokens) == 1 else []
        at = bisect.bisect_left(entries, (m.start,))
        # The same suffix first ("Brask" is the father beside "Brask Jr."), then the person the
        # article named first: its subject, most often.
        earlier = sorted(entries[:at], key=lambda e: (e[2] != key.suffix, e[0]))
        later = sorted(entries[at:], key=lambda e: (e[2] != key.suffix, e[0]))
        chosen = earlier[0] if earlier else later[0] if later else None
        if chosen is None or (key.suffix and chosen[2] != key.suffix):
            continue
        if chosen[2] and not key.suffix and key.tokens[0] in plain:
            links[m.id] = m.id  # stands alone, even against the extraction's link
        else:
            links[m.id] = chosen[1]
    return links, set()


def _heads(mentions: list[Mention], by_id: dict[str, Mention], links: dict[str, str]) -> dict[str, str]:
    """Mention id → the named mention it stands for (itself for a name that stands alone)."""
    heads: dict[str, str] = {}
    for mention in mentions:
        path, current = [], mention.id
        while current not in heads and current not in path:
            path.append(current)
            nxt = links.get(current) or by_id[current].antecedent
            if not nxt or nxt not in by_id:
                break
            current = nxt
        head = heads.get(current, current)
        for step in path:
            heads[step] = head
    return {mid: head for mid, head in heads.items() if by_id[head].form in _NAMED}


def _retype(pairs: set[tuple[str, str]], keys: _Keys, rules: NameRules) -> dict[tuple[str, str], str]:
    """(text, label) → corrected label, for names whose type the story's other names contradict."""
    groups = {pair: rules.group_of(pair[1]) for pair in sorted(pairs)}
    tokens = {pair: keys(*pair).tokens for pair in groups}
    places = {tokens[p] for p, g in groups.items() if g == "place"}
    orgs = {tokens[p]: rules.has_legal_suffix(p[0]) for p, g in groups.items() if g in ("org", "facility")}
    legal_prefixes = {t[:i] for t, legal in orgs.items() if legal for i in range(1, len(t))}
    relabel: dict[tuple[str, str], str] = {}
    for pair, group in groups.items():  # a "person" with a company's name is the company
        if group == "person" and (tokens[pair] in orgs or tokens[pair] in legal_prefixes
                                  or rules.has_legal_suffix(pair[0], strict=True)):
            relabel[pair] = "ORG"
    people = [tokens[p] for p, g in groups.items() if g == "person" and p not in relabel and len(tokens[p]) >= 2]
    by_sorted = {tuple(sorted(t)) for t in people}
    for pair, group in groups.items():
        if group in ("org", "facility") and tokens[pair] in places:
            relabel[pair] = "GPE"  # an organisation with a place's name is the place
        elif group == "org" and tuple(sorted(tokens[pair])) in by_sorted and not rules.has_legal_suffix(pair[0]):
            relabel[pair] = "PERSON"
    person_tokens = {t for name in people for t in name}
    firsts = {t[0] for t in orgs if len(t) >= 2}
    for pair, group in groups.items():
        one = tokens[pair]
        if group == "person" and len(one) == 1 and one[0] in firsts and one[0] not in person_tokens:
            relabel[pair] = "ORG"  # "Orvik" beside "Orvik Mobility Inc." and no person called Orvik
    return relabel


def _forbidden_forms(distinct: Iterable[Iterable[str]], rules: NameRules, forms: dict[str, str],
                     form_keys: dict[str, NameKey], by_id: dict[str, Mention]) -> set[frozenset[str]]:
    pairs = set()
    for pair in distinct:
        a, b = list(pair)[:2]
        ids_a = {f for m, f in forms.items() if fold(by_id[m].text) == fold(a) or form_keys[f].text == fold(a)}
        ids_b = {f for m, f in forms.items() if fold(by_id[m].text) == fold(b) or form_keys[f].text == fold(b)}
        pairs |= {frozenset((x, y)) for x in ids_a for y in ids_b if x != y}
    return pairs


def _merge_aliases(clusters: Clusters, aliases: Iterable[dict[str, Any]], rules: NameRules,
                   form_keys: dict[str, NameKey]) -> None:
    by_text: dict[str, list[str]] = defaultdict(list)
    for form, key in sorted(form_keys.items()):
        by_text[key.text].append(form)
    for alias in aliases:
        names = [str(alias.get("name", ""))] + [str(n) for n in alias.get("also", [])]
        found = [f for n in names for label in ("PERSON", "ORG", "GPE") for f in by_text.get(rules.key(n, label).text, [])]
        for other in found[1:]:
            clusters.union(found[0], other, f"alias of {alias.get('name')} (rules.yaml)", "alias")


def _build(mentions: list[Mention], heads: dict[str, str], forms: dict[str, str], label_of: dict[str, str],
           clusters: Clusters, rules: NameRules) -> tuple[list[Entity], dict[str, str]]:
    grouped: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        head = heads.get(mention.id)
        if head in forms:
            grouped[clusters.find(forms[head])].append(mention)
    labels = {m.id: label_of[heads[m.id]] for members in grouped.values() for m in members}
    misspelt = {form.split("|")[1] for form, (_into, reason, _f) in clusters.reasons.items() if reason.startswith("fuzzy")}
    entities: list[Entity] = []
    entity_of_root: dict[str, str] = {}
    used: Counter[str] = Counter()
    def order(item: tuple[str, list[Mention]]) -> tuple[str, tuple[str, int, str]]:
        return _canonical(item[1], labels, rules, misspelt), min((m.source, m.start, m.id) for m in item[1])
    for root, members in sorted(grouped.items(), key=order):
        etype = _type(members, labels)
        name = _canonical(members, labels, rules, misspelt)
        slug = f"{rules.group_of(etype)}:{_slug(name)}"
        used[slug] += 1
        ident = slug if used[slug] == 1 else f"{slug}-{used[slug]}"
        entity_of_root[root] = ident
        entities.append(_entity(ident, name, etype, members, clusters, forms, heads))
    mapping = {m.id: entity_of_root[root] for root, members in grouped.items() for m in members}
    return sorted(entities, key=lambda e: e.id), mapping


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "entity"


def _type(members: list[Mention], labels: dict[str, str]) -> str:
    counts = Counter(labels[m.id] for m in members if m.form in _NAMED) or Counter(labels[m.id] for m in members)
    etype = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return "GPE" if etype == "NORP" else etype


def _canonical(members: list[Mention], labels: dict[str, str], rules: NameRules,
               misspelt: frozenset[str] | set[str] = frozenset()) -> str:
    """The fullest, most frequent name form (place adjectives become the place name); never the
    rarer spelling of a one-letter difference when the other is there."""
    counts = Counter(m.text for m in members if m.form == "name")
    if not counts:
        counts = Counter(m.text for m in members)
    person = _type(members, labels) == "PERSON"
    label = _type(members, labels)
    def rank(text: str) -> tuple[int, int, int, int, int, int, int, str]:
        words = re.sub(r"(?:'s|’s)$", "", text).split()
        is_acronym = len(words) == 1 and text.isupper()
        titled = person and len(words) > 1 and fold(words[0]).strip(".") in rules.title_words
        # A body's formal name first ("Ministry of Foreign Affairs", not "Chinese Foreign Ministry").
        formal = len(words) > 2 and fold(words[0]) in rules.bodies and words[1] in ("of", "on", "for")
        # Fuller forms first: more words, then longer words ("William" before "Bill"), then frequency.
        typo = bool(misspelt) and rules.key(text, label).text in misspelt
        return (0 if is_acronym else 1, 0 if titled else 1, int(formal), len(words), int(not typo), len(text),
                counts[text], text)
    best = re.sub(r"(?:'s|’s)$", "", sorted(counts, key=rank, reverse=True)[0])
    return rules.place_name(best) if _type(members, labels) == "GPE" else best


def _entity(ident: str, name: str, etype: str, members: list[Mention], clusters: Clusters,
            forms: dict[str, str], heads: dict[str, str]) -> Entity:
    surface: dict[str, list[str]] = defaultdict(list)
    for mention in sorted(members, key=lambda m: (m.source, m.start)):
        if mention.form == "pronoun":
            continue
        text = re.sub(r"(?:'s|’s)$", "", mention.text)
        if text not in surface[mention.source]:
            surface[mention.source].append(text)
    merges = []
    for form in sorted({forms[heads[m.id]] for m in members}):
        if form in clusters.reasons:
            other, reason, field = clusters.reasons[form]
            merges.append((form.split("|")[1], other.split("|")[1], reason, field))
    for mention in sorted(members, key=lambda m: (m.source, m.start)):
        if mention.reason and mention.form == "description":
            merges.append((mention.text, name, mention.reason, ""))
    return Entity(id=ident, name=name, type=etype, surface_forms={k: tuple(v) for k, v in sorted(surface.items())},
                  merges=tuple(dict.fromkeys(merges)))


def annotate(assertions: pd.DataFrame, mapping: dict[str, str], entities: list[Entity],
             rules_lex: dict[str, Any]) -> pd.DataFrame:
    """Add ``subject_entity``, ``object_entity`` and ``entities`` (ids) to the assertion table."""
    rules = NameRules.of(rules_lex)
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
