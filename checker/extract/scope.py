"""Which cue governs a predicate: the dependency scope of hedges, denials, non-confirmations and
attributions.

A cue marks a claim only when it governs the claim's clause: the cue is a modifier of the
predicate ("reportedly met", "the alleged bribe"), or of a verb whose complement the predicate is
("may have met", "is said to have met", "denied that he met", "could not confirm that they met").
It never reaches into a clause the predicate does not belong to: an appositive aside
("Smith, 44, ... , people familiar said": the age is the writer's own), a relative clause
("Smith, who reportedly met Jones, resigned"), or an adverbial clause ("could not be impartial
because his father was killed"). An "if" clause is hypothetical in itself.
"""

from __future__ import annotations

from spacy.tokens import Token

from checker.extract.sentences import doc_index

#: Edges from a complement up to the verb that governs it (and so shares its cues).
SCOPE_UP = ("xcomp", "ccomp", "conj", "parataxis")
#: Edges from a predicate noun up to the verb of its clause ("had a meeting", "the talks were").
NOUN_UP = ("dobj", "attr", "nsubj", "nsubjpass", "pobj", "prep", "oprd")
#: Nouns whose clause is what they report ("the report that X met Y", "the claim that ...").
CONTENT_NOUNS = ("report", "claim", "allegation", "accusation", "story", "account", "assertion", "rumor", "rumour",
                 "suggestion", "article", "contention", "charge", "notion")
#: Dependents that modify a predicate without being a clause or an argument of their own.
MODIFIER_DEPS = ("aux", "auxpass", "advmod", "amod", "neg", "npadvmod", "prt", "acomp")
CONDITIONAL = ("if", "unless", "whether")
CONFIRMING = ("confirm", "verify", "corroborate", "substantiate", "authenticate")
#: Governing verbs that report without vouching: "is alleged to", "it was reported that".
ALLEGING = ("allege", "rumor", "rumour", "purport")
PASSIVE_REPORTING = ("report", "say", "believe", "think", "understand", "rumor", "rumour")
#: Adjectives by which a noun says it is not confirmed ("an unconfirmed report of a meeting").
UNCONFIRMED_WORDS = ("unconfirmed", "unverified", "unsubstantiated", "uncorroborated")


def governing_verbs(predicate: Token) -> list[Token]:
    """The predicate, then the verbs whose complement it is, within its sentence; a clause that
    tells what a report or a claim says climbs to that noun ("disputed the report that said X")."""
    chain = [predicate]
    current = predicate
    for _ in range(8):
        if current.head.i == current.i or len(chain) >= 6:
            break
        if current.pos_ in ("NOUN", "PROPN") and current.dep_ in NOUN_UP:
            step = current.head
            while step.pos_ not in ("VERB", "AUX") and step.dep_ in NOUN_UP and step.head.i != step.i:
                step = step.head  # "talks with" → the verb of the clause
            if step.pos_ not in ("VERB", "AUX"):
                break
        elif current.dep_ in SCOPE_UP or (current.dep_ in ("relcl", "acl") and current.head.lemma_.lower() in CONTENT_NOUNS):
            step = current.head
        else:
            break
        chain.append(step)
        current = step
    return chain


def _kids(token: Token, deps: tuple[str, ...]) -> list[Token]:
    return doc_index(token.doc).dependents(token, deps)


def modifier_words(chain: list[Token]) -> set[str]:
    """Lower-cased modifiers of every verb in the chain ("reportedly", "may", "not")."""
    return {c.lower_ for head in chain for c in _kids(head, MODIFIER_DEPS)}


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in _kids(token, ("neg", "advmod", "aux")))


def not_confirmed(chain: list[Token]) -> bool:
    """True under "could not (independently) confirm", "has not been verified", "declined to confirm",
    or "an unconfirmed/unverified report"."""
    for verb in chain[1:]:
        if verb.lemma_.lower() in CONFIRMING:
            head = verb.head if verb.dep_ == "xcomp" else verb
            if _negated(verb) or (head.i != verb.i and (_negated(head) or head.lemma_.lower() in ("decline", "refuse"))):
                return True
    return any(c.lower_ in UNCONFIRMED_WORDS for head in chain for c in _kids(head, ("amod",)))


def alleged(chain: list[Token]) -> bool:
    """True when a governing verb reports without vouching: "is alleged to have", "it was reported
    that", "is said to have"."""
    for verb in chain[1:]:
        lemma = verb.lemma_.lower()
        passive = bool(_kids(verb, ("auxpass", "nsubjpass"))) or any(c.lower_ == "it" for c in _kids(verb, ("nsubj",)))
        if lemma in ALLEGING or (lemma in PASSIVE_REPORTING and passive):
            return True
    return False


#: Modal auxiliaries: on a bare verb they speak of what may happen ("could win"), on a perfect of
#: what may have happened ("may have met").
MODALS = ("may", "might", "could", "can", "should", "must", "would")


def speculative(chain: list[Token], hedges: set[str]) -> bool:
    """True when the only hedges are modal auxiliaries of bare, non-perfect verbs ("could win",
    "may elect to"): a forecast, not a report of something that happened."""
    found = [(c, head) for head in chain for c in _kids(head, MODIFIER_DEPS)
             if c.lower_ in hedges or c.dep_ == "aux" and c.lower_ in MODALS]
    return bool(found) and all(
        c.dep_ == "aux" and c.lower_ in MODALS and not any(a.lemma_ == "have" for a in _kids(head, ("aux",)))
        for c, head in found)


def inferred(chain: list[Token]) -> bool:
    """True for a modal perfect ("must have met", "could have known"): an inference, not a report."""
    return any(any(c.lower_ in MODALS for c in _kids(v, ("aux",)))
               and any(c.lemma_ == "have" for c in _kids(v, ("aux",))) for v in chain)


def conditional(chain: list[Token]) -> bool:
    """True for a predicate in an "if"/"unless" clause (or a clause that one of them governs)."""
    return any(t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in t.children)
               for t in chain)


def governs(cue_head: Token, predicate: Token, coordinated: bool = False) -> bool:
    """True when ``cue_head`` is the predicate or one of its ancestors, reached without leaving an
    appositive aside ("Smith, 44,": the age is not what "according to" credits). ``coordinated``:
    a cue on the last of coordinated clauses covers them all ("X planned Y and discussed Z,
    according to W")."""
    heads = {cue_head.i}
    while coordinated and cue_head.dep_ == "conj" and cue_head.head.i != cue_head.i:
        cue_head = cue_head.head
        heads.add(cue_head.i)
    current = predicate
    for _ in range(40):
        if current.i in heads:
            return True
        if current.dep_ == "appos" or current.head.i == current.i:
            return False
        current = current.head
    return False
