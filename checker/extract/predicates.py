"""Meetings, travel, plans, events and comment status, from verb and noun predicates.

Predicates come from ``lexicons/predicates.yaml``: verbs by lemma (with a particle or
preposition when the lexicon key has one: "leave for", "sit down"), and light-verb nouns
("had a meeting with", "held talks with", "a visit to"). A sentence naming several
counterparts gives one assertion per counterpart.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from checker.extract.mentions import tokens_with_pos
from checker.extract.record import ArticleContext, Party, expand_conj, subjects_of
from checker.model import Mention

PERSONISH = ("PERSON", "ORG", "NORP", "GPE")
PLACES = ("GPE", "LOC", "FAC")


_TABLE_WORDS: dict[tuple[int, bool], tuple[dict[str, Any], frozenset[str]]] = {}


def table_words(table: dict[str, Any], first: bool = False) -> frozenset[str]:
    """Every word of the table's keys, or (``first``) the first words of its keys of several
    words, remembered per table: a token whose lemma is none of them matches no key, and most
    tokens are turned away by this one test."""
    entry = _TABLE_WORDS.get((id(table), first))
    if entry is None or entry[0] is not table:
        if len(_TABLE_WORDS) > 64:  # lexicons loaded anew (tests): forget the old tables
            _TABLE_WORDS.clear()
        words = (key.split(" ", 1)[0] for key in table if " " in key) if first else \
            (word for key in table for word in str(key).split())
        entry = _TABLE_WORDS[(id(table), first)] = (table, frozenset(words))
    return entry[1]


def _lexicon_key(token: Token, table: dict[str, Any]) -> str | None:
    """Match a verb against lexicon keys: "lemma prep noun" ("go on strike"), "lemma particle", "lemma
    prep", then the bare lemma."""
    lemma = token.lemma_.lower()
    if lemma not in table_words(table, first=True):
        return lemma if lemma in table else None
    for child in token.children:
        if child.dep_ in ("prt", "prep", "dobj", "advmod"):
            key = f"{lemma} {child.lower_}"
            if key in table:
                return key
            for grandchild in child.children:  # "went on strike", "walked off the job"
                if grandchild.dep_ == "pobj" and f"{key} {grandchild.lemma_.lower()}" in table:
                    return f"{key} {grandchild.lemma_.lower()}"
    return lemma if lemma in table else None


def _objects(verb: Token, preps: tuple[str, ...]) -> list[Token]:
    found = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    for child in verb.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            found.extend(c for c in child.children if c.dep_ == "pobj")
    # A weekday or date parsed as an object ("vetoed ... Thursday") is a time, not a participant.
    return [t for o in found for t in expand_conj(o) if t.ent_type_ not in ("DATE", "TIME", "CARDINAL")]


def _passive_agents(verb: Token) -> list[Token]:
    return [t for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj" for t in expand_conj(o)]


def extract_verbs(ctx: ArticleContext) -> None:
    """Verb predicates: "X met Y", "X was received by Y", "X arrived in Z", "X resigned"."""
    verbs = ctx.lex["predicates"]["verbs"]
    for token in tokens_with_pos(ctx.doc, ("VERB", "AUX", "NOUN")):
        if token.pos_ == "NOUN" and token.dep_ != "ROOT":
            continue
        key = _lexicon_key(token, verbs)
        if key is None:
            continue
        entry = verbs[key]
        kind = entry["kind"]
        subjects = subjects_of(token)
        passive = any(c.dep_ == "nsubjpass" for c in token.children)
        if kind == "meeting":
            _meeting(ctx, token, entry, subjects, passive)
        elif kind == "travel":
            _travel(ctx, token, entry, subjects)
        else:
            _event(ctx, token, entry, subjects, passive)


def _meeting(ctx: ArticleContext, verb: Token, entry: dict[str, Any], subjects: list[Token], passive: bool) -> None:
    if passive:
        agents = _passive_agents(verb)
        subjects, counterparts = agents, subjects
    else:
        counterparts = _objects(verb, ("with", "between"))
    if entry.get("requires_with") and not any(c.lower_ == "with" for c in verb.children):
        return
    parties = _named_first([ctx.party(s, PERSONISH) for s in subjects])
    others = _named_first([ctx.party(o, PERSONISH) for o in counterparts] + _listed_people(ctx, counterparts))
    if not others and len(parties) >= 2:
        # "A and B met": a meeting between the conjoined subjects.
        for other in parties[1:]:
            ctx.add("meeting", entry["predicate"], verb, parties[0], other)
        return
    for subject in parties:
        for other in others:
            # One side must be named and the other a name or people ("representatives of ..."):
            # "help the company meet rising demand" is no meeting.
            if isinstance(other, Mention) and subject or isinstance(subject, Mention) and _people(other, ctx):
                ctx.add("meeting", entry["predicate"], verb, subject, other)


LIST_DEPS = {"appos", "conj", "nmod", "compound", "punct", "cc"}


def _listed_people(ctx: ArticleContext, heads: list[Token]) -> list[Party]:
    """People named in a list under an object, whatever shape the parse gave the list
    ("met Foreign Minister A, Trade Minister B and Energy Minister C")."""
    found: list[Party] = []
    for head in heads:
        for token in head.subtree:
            mention = ctx.mention_at(token)
            if mention is None or mention.label != "PERSON" or mention in found:
                continue
            current, ok = token, True
            while current.i != head.i:
                if current.dep_ not in LIST_DEPS:
                    ok = False
                    break
                current = current.head
            if ok:
                found.append(mention)
    return found


def _people(phrase: Party, ctx: ArticleContext) -> bool:
    """True for an unnamed counterpart that is people: "representatives of three lines", "officials"."""
    if not isinstance(phrase, str) or not phrase:
        return False
    nouns = {str(w).lower() for w in ctx.lex["predicates"].get("counterpart_nouns", [])}
    words = phrase.split()
    # the first words ("officials of three lines") or the head after an owner ("Ada Quill's parents")
    return any(word.lower().rstrip("s") in nouns or word.lower() in nouns for word in words[:3] + words[-1:])


def _named_first(parties: list[Party]) -> list[Party]:
    """Drop unnamed phrases when the same slot also has names ("Deputy Prime Minister and X")."""
    named = [p for p in parties if isinstance(p, Mention)]
    return named or parties


def _travel(ctx: ArticleContext, verb: Token, entry: dict[str, Any], subjects: list[Token]) -> None:
    destinations = _objects(verb, ("in", "to", "for", "at"))
    places = [d for d in destinations if (m := ctx.mention_at(d)) is not None and m.label in PLACES] or destinations[:1]
    if not places:
        return  # "people who fly cameras", "would not return to work": travel needs somewhere to go
    for subject in subjects:
        party = ctx.party(subject, PERSONISH)
        for place in places:
            obj: Party = ctx.party(place, PLACES + ("ORG",))
            slots = {"destination": obj.text if isinstance(obj, Mention) else obj} if obj else {}
            ctx.add("travel", entry["predicate"], verb, party, obj, slots, place_exclude={place.i})


def _event(ctx: ArticleContext, verb: Token, entry: dict[str, Any], subjects: list[Token], passive: bool) -> None:
    kind = entry["kind"]
    if entry.get("requires_complement") and not any(
            c.dep_ in ("oprd", "attr") or (c.dep_ == "prep" and c.lower_ in ("as", "to")) for c in verb.children):
        return  # "naming three pundits" lists them; "named her chairman" appoints
    if entry.get("requires_no_clause") and any(c.dep_ == "ccomp" for c in verb.children):
        return  # "charged that officials played it down" claims; "charged him with fraud" accuses
    objects = _objects(verb, ("to", "for", "on", "against", "with"))
    xcomp = [c for c in verb.children if c.dep_ == "xcomp"]
    if passive:
        agents = _passive_agents(verb)
        complements = [c for c in verb.children if c.dep_ in ("oprd", "attr")] or objects
        objects, subjects = subjects, agents or subjects
        if not agents:
            # "was elected chairman", "was charged with fraud": what the passive names is the object
            objects = [c for c in complements if c not in subjects]
    if (kind == "plan" or entry.get("carrier")) and xcomp:
        target = xcomp[0]
        objects = [target]
    predicate = entry["predicate"]
    for subject in subjects:
        party = ctx.party(subject, PERSONISH)
        for obj in objects or [None]:
            obj_party: Party = ctx.party(obj, PERSONISH) if obj is not None else ""
            slots: dict[str, Any] = {}
            head = obj
            if obj is not None and obj.pos_ in ("VERB", "AUX"):
                slots["action"] = obj.lemma_.lower()
                inner = [c for c in obj.children if c.dep_ in ("dobj", "attr")]
                obj_party = ctx.party(inner[0], PERSONISH) if inner else obj.lemma_
                head = inner[0] if inner else None
            if head is not None and head.pos_ == "NOUN":
                slots["object_head"] = head.lemma_.lower()  # "a EUR 1.2 billion contract with ..." -> contract
            ctx.add(kind, predicate, verb, party, obj_party, slots)


def extract_intentions(ctx: ArticleContext) -> None:
    """"<Named actor> will <verb> ...": a plan, for verbs the lexicon does not already cover."""
    verbs = ctx.lex["predicates"]["verbs"]
    for token in tokens_with_pos(ctx.doc, ("VERB",)):
        if _lexicon_key(token, verbs) is not None:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in ("will", "'ll") for c in token.children):
            continue
        for subject in subjects_of(token):
            party = ctx.party(subject, PERSONISH)
            if not isinstance(party, Mention):
                continue
            objects = [c for c in token.children if c.dep_ == "dobj"]
            obj: Party = ctx.party(objects[0], PERSONISH) if objects else ""
            slots = {"action": token.lemma_.lower()}
            if objects and objects[0].pos_ == "NOUN":
                slots["object_head"] = objects[0].lemma_.lower()
            ctx.add("plan", token.lemma_.lower(), token, party, obj, slots, modality="expected")


def extract_nouns(ctx: ArticleContext) -> None:
    """Noun predicates: "had a meeting with Y", "at a meeting with Y, X said", "a visit to Z"."""
    nouns = ctx.lex["predicates"]["nouns"]
    for token in tokens_with_pos(ctx.doc, ("NOUN",)):
        if token.lemma_.lower() not in nouns:
            continue
        entry = nouns[token.lemma_.lower()]
        preps = (entry.get("prep", "with"), "with", "between")
        counterparts = [t for c in token.children if c.dep_ == "prep" and c.lower_ in preps
                        for o in c.children if o.dep_ == "pobj" for t in expand_conj(o)]
        if not counterparts:
            continue
        holders = _noun_holders(token)
        if entry["kind"] == "travel":
            for holder in holders:
                for place in counterparts:
                    obj = ctx.party(place, PLACES + ("ORG",))
                    ctx.add("travel", entry["predicate"], token, ctx.party(holder, PERSONISH), obj,
                            {"destination": obj.text if isinstance(obj, Mention) else obj}, place_exclude={place.i})
            continue
        parties = [p for p in (ctx.party(t, PERSONISH) for t in counterparts) if isinstance(p, Mention)]
        if not parties:
            continue
        if not holders and len(parties) >= 2:
            ctx.add("meeting", entry["predicate"], token, parties[0], parties[1])
            continue
        for holder in holders:
            for other in parties:
                ctx.add("meeting", entry["predicate"], token, ctx.party(holder, PERSONISH), other)


def _noun_holders(noun: Token) -> list[Token]:
    """Who had the meeting: the possessor, the light verb's subject, or the main clause's subject."""
    poss = [c for c in noun.children if c.dep_ == "poss"]
    if poss:
        return poss
    head = noun.head
    if noun.dep_ == "pobj":
        head = head.head
    if head.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "pobj", "attr"):
        return subjects_of(head)
    return []


def extract_comments(ctx: ArticleContext) -> None:
    """Comment status: "declined to comment", "did not respond", "has not confirmed", "denied"."""
    table = ctx.lex["predicates"]["comment"]
    for token in tokens_with_pos(ctx.doc, ("VERB", "AUX")):
        status = _comment_status(token, table)
        if status is None:
            continue
        objects = [c for c in token.children if c.dep_ in ("dobj", "ccomp")]
        # "declined to comment on the meeting", "did not respond to the call for his resignation":
        # what the non-confirmation is about, so that it marks only the claim it names.
        objects += [p for v in (token, *(c for c in token.children if c.dep_ == "xcomp")) for c in v.children
                    if c.dep_ == "prep" and c.lower_ in ("on", "to", "about", "regarding") for p in c.children
                    if p.dep_ == "pobj" and not any(t.lemma_ == "comment" for t in p.subtree)]  # "requests for comment"
        obj = ctx.party(objects[0]) if objects else ""
        for subject in subjects_of(token) or []:
            ctx.add("comment", status, token, ctx.party(subject), obj, {"status": status}, modality="asserted")


def _comment_status(token: Token, table: dict[str, str]) -> str | None:
    lemma = token.lemma_.lower()
    if lemma not in table_words(table) and " " not in lemma:
        return None  # every candidate below holds the lemma as a word of its own
    negated = any(c.dep_ == "neg" for c in token.children)
    adverbs = [c.lower_ for c in token.children if c.dep_ == "advmod" and c.lower_ in ("immediately", "publicly", "independently")]
    xcomp = [c.lemma_.lower() for c in token.children if c.dep_ == "xcomp"]
    candidates = []
    if xcomp:
        candidates.append(f"{lemma} to {xcomp[0]}")
    if negated:
        candidates += [f"not {a} {lemma}" for a in adverbs] + [f"not {lemma}"]
        if lemma == "be" and any(c.lower_ == "able" for c in token.children):
            candidates.append("not be able to confirm")
    elif lemma in ("confirm", "deny"):
        if token.dep_ in ("ROOT", "conj", "ccomp") and not xcomp:
            candidates.append(lemma)
    for candidate in candidates:
        if candidate in table:
            return table[candidate]
    return None
