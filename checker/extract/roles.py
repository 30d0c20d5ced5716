"""Roles and titles: "<Org> CEO <First Last>", "<First Last>, chairman of <Org>", "the CEO of <Org>, <First Last>".

A role is a title read through the role model (``checker.extract.titles``: "chief executive" =
"CEO", "Congresswoman" = "Representative"), the organisation it belongs to when the sentence names
one (never a person: "the president's son" and "lawyer for X" name no organisation), and its tense:
"former", "ex-", "then-", "the late", "who was", or a past year put a title in the past.
Slots: ``role`` (the words of the source), ``title``, ``tense``, ``kinds``, ``seats``, ``org``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from checker.extract.record import ArticleContext
from checker.extract.titles import TitleWords
from checker.model import Mention

ORG_LABELS = ("ORG", "GPE", "NORP")
JOINTS = ("and", "of", "&")
#: Honorifics end a title before a name: "the chief executive of Mr. Smith's campaign".
HONORIFICS = {"mr.", "mrs.", "ms.", "mr", "mrs", "ms", "miss"}


def _org_before(ctx: ArticleContext, index: int, title_head: Token) -> Mention | None:
    """An organisation or country right before a title: "<Org> CEO", "<Country>'s Minister", "<demonym>",
    across a few plain nouns that modify the same title ("<Org> wrestling executive")."""
    doc = ctx.doc
    i = index - 1
    while i >= 0 and i >= index - 3 and doc[i].pos_ == "NOUN" and doc[i].head.i == title_head.i:
        i -= 1
    if i >= 0 and doc[i].tag_ == "POS":
        i -= 1
    if i < 0:
        return None
    # Whatever NER called it, a name right before "<title> <Person>" is the title's organisation.
    return ctx.mention_at(doc[i])


def _pre_name_title(ctx: ArticleContext, words: TitleWords, mention: Mention) -> list[int] | None:
    """The tokens of the title phrase just before a name."""
    doc = ctx.doc
    start, end = ctx.found.spans[mention.id]
    i = start - 1
    taken: list[int] = []
    while i >= 0:
        token = doc[i]
        if token.text == ")":
            opening = next((j for j in range(i - 1, max(i - 6, -1), -1) if doc[j].text == "("), None)
            if opening is None:
                break
            i = opening - 1
            continue
        if token.lower_ in HONORIFICS:
            break
        inside = ctx.mention_at(token)
        hyphened = token.text == "-" or not token.whitespace_ and i + 1 < start and doc[i + 1].text == "-"
        titled = words.is_title_word(token) or token.lower_ in JOINTS or hyphened  # "Editor-in-Chief"
        capital = token.is_title and token.pos_ == "PROPN" and (inside is None or inside.label in ("PERSON",) and words.is_head(token.lower_))
        if not (titled or capital) or (inside is not None and inside.label in ORG_LABELS and not words.is_title_word(token)):
            break
        taken.append(i)
        i -= 1
    taken.reverse()
    taken = _trim_title(ctx, words, taken, start, end)
    if not taken or not any(words.is_head(doc[j].lower_) for j in taken):
        return None
    root = doc[start:end].root
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ == "relcl" and root.head.head.i in taken:
        return None  # "the president Smith worked for": a relative clause, not a title
    return taken


def _subject_of_next_verb(ctx: ArticleContext, mention: Mention) -> bool:
    """True for a name followed by a finite verb that has no subject: the name is its subject, so a
    title right before it heads a relative clause ("the president Smith worked for"), whatever the parse."""
    _, end = ctx.found.spans[mention.id]
    following = ctx.doc[end] if end < len(ctx.doc) else None
    return (following is not None and following.pos_ == "VERB" and following.tag_ in ("VBD", "VBZ", "VBP")
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in following.children))


def _trim_title(ctx: ArticleContext, words: TitleWords, taken: list[int], start: int, end: int) -> list[int]:
    """Drop what is not the title: leading plain words, a given name NER left out ("Chief of Staff
    <Given> <Family>"), and a noun phrase the title hangs from ("the head of Representative X")."""
    doc = ctx.doc
    while taken and not words.is_title_word(doc[taken[0]]):
        taken.pop(0)
    while (len(taken) > 1 and not words.is_title_word(doc[taken[-1]]) and doc[taken[-1]].head.i in range(start, end)
           and not any(doc[j].head.i == taken[-1] for j in taken[:-1])):
        taken.pop()  # a word nothing in the title leans on: the given name ("of National Intelligence" stays)
    for k in range(len(taken) - 2, 0, -1):
        left, joint, right = doc[taken[k - 1]], doc[taken[k]], doc[taken[k + 1]]
        if joint.lower_ in JOINTS and left.is_lower != right.is_lower:
            taken = taken[k + 1:]  # "the speaker and President X", "the head of Senator X"
            break
    if taken and doc[taken[-1]].lower_ in JOINTS:
        return []  # "<title> and <Name>", "lawyer of <Name>": the title is someone else's
    last = max((k for k, j in enumerate(taken) if words.is_title_word(doc[j])), default=-1)
    if last >= 0 and last < len(taken) - 1 and not any(doc[j].lower_ == "of" for j in taken[last:]):
        return []  # "Minority Whip <Given> <Family> and <Name>": the title stops before another name
    return taken


def _appositive_title(ctx: ArticleContext, words: TitleWords, mention: Mention) -> Token | None:
    """A title linked to the name by apposition, in either direction: "<Person>, chairman of <Org>",
    "the CEO of <Org>, <Person>" (the person parses under the organisation)."""
    start, end = ctx.found.spans[mention.id]
    root = ctx.doc[start:end].root
    candidates = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos" and root.head.i != root.i:
        current = root.head
        candidates.append(current)
        # Climb only through "of <Org>": never from a person to the noun they stand beside ("X's son, Y").
        while current.lower_ not in words.heads and current.dep_ in ("pobj", "prep") and len(candidates) < 5:
            current = current.head
            candidates.append(current)
    for cand in candidates:
        inside = ctx.mention_at(cand)
        if cand.lower_ not in words.heads or (inside is not None and inside.form != "description"):
            continue
        if any(c.dep_ in ("compound", "appos") and _is_person(ctx, c) and c.i > cand.i and not start <= c.i < end
               for c in cand.children):
            continue  # "<A>, House Whip <B>": the title is <B>'s
        return cand
    return None


def _is_person(ctx: ArticleContext, token: Token) -> bool:
    mention = ctx.mention_at(token)
    return mention is not None and mention.label == "PERSON"


def _org_of(ctx: ArticleContext, title: Token) -> Mention | None:
    """The organisation a title belongs to: "chairman of <Org>", "<Org>'s founder", "<Org> CEO"."""
    for child in title.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "at", "for"):
            inside = [ctx.mention_at(t) for t in child.subtree if t.dep_ != "appos"]
            inside = [m for m in inside if m is not None and m.label in ORG_LABELS]
            for label in ORG_LABELS:
                for mention in inside:
                    if mention.label == label:
                        return ctx.found.head(mention)
        if child.dep_ in ("poss", "compound"):
            mention = ctx.mention_at(child)
            if mention is not None and mention.label in ORG_LABELS:
                return mention
    return None


def _introduces_title(ctx: ArticleContext, words: TitleWords, mention: Mention) -> bool:
    """True for a name followed by a title and a person ("<Org> Chief Executive <Person>"): it is the
    organisation, whatever NER labelled it."""
    _, end = ctx.found.spans[mention.id]
    i = end
    while i < len(ctx.doc) and words.is_title_word(ctx.doc[i]):
        i += 1
    following = ctx.mention_at(ctx.doc[i]) if i < len(ctx.doc) and i > end else None
    return following is not None and following.label == "PERSON"


def _tense_words(ctx: ArticleContext, words: TitleWords, tokens: list[Token], first: int) -> tuple[str, ...]:
    """Words that put a title in the past: its own modifiers ("former"), the words just before it
    ("then-", "the late", "ex-"), "who was <title>", or a year before publication in its phrase."""
    doc = ctx.doc
    tense = words.model.tense_words
    found = [c.lower_ for t in tokens for c in t.children if c.lower_ in tense]
    i = first - 1
    while i >= 0 and i >= first - 4 and (doc[i].text == "-" or doc[i].lower_ in tense or doc[i].ent_type_ in ("ORG", "NORP", "GPE")
                                          or doc[i].pos_ == "NOUN" and doc[i].head.i in {t.i for t in tokens}):
        if doc[i].lower_ in tense:
            found.append(doc[i].lower_)
        i -= 1
    head = tokens[-1]
    if head.dep_ == "attr" and head.head.lemma_ == "be" and head.head.tag_ == "VBD":
        found.append("past")  # "X, who was chairman of Y"
    if _past_year(ctx, head):
        found.append("past")  # "chairman from 2001 to 2009"
    return tuple(found)


#: Prepositions that date a title: "chairman from 2001 to 2009", "CEO until 2019", "minister in 2010".
DATING = ("from", "until", "till", "in", "between", "through", "since")


def _past_year(ctx: ArticleContext, title: Token) -> bool:
    """True when a preposition of the title (or of its "was") dates it before the publication year."""
    published = ctx.article.published
    if published is None:
        return False
    heads = [title, title.head] if title.dep_ == "attr" else [title]
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in DATING:
                years = [t for t in prep.subtree if t.ent_type_ == "DATE" and len(t.text) == 4 and t.text.isdigit()]
                if years and max(int(t.text) for t in years) < published.year:
                    return True
    return False


def _copular_title(ctx: ArticleContext, words: TitleWords, mention: Mention) -> Token | None:
    """"<Person>, who was chairman of <Org>": the title of a relative clause about the person."""
    start, end = ctx.found.spans[mention.id]
    root = ctx.doc[start:end].root
    for clause in root.children:
        if clause.dep_ == "relcl" and clause.lemma_ == "be" and any(c.lower_ in ("who", "that") for c in clause.children):
            for attr in clause.children:
                if attr.dep_ == "attr" and attr.lower_ in words.heads and ctx.mention_at(attr) is None:
                    return attr
    return None


def _title_phrase(words: TitleWords, title: Token) -> tuple[str, list[Token]]:
    """A title noun with its title-word modifiers and the titles joined to it: "chief executive",
    "chairwoman and chief executive" (several posts at once)."""
    heads = [title, *(c for c in title.children if c.dep_ == "conj" and c.lower_ in words.heads)]
    parts, tokens = [], []
    for head in heads:
        mods = [c for c in head.children if c.dep_ in ("compound", "amod") and words.is_title_word(c)]
        part = sorted([*mods, head], key=lambda t: t.i)
        parts.append(" ".join(t.text for t in part))
        tokens += part
    return " and ".join(parts), tokens


def _role_of(ctx: ArticleContext, words: TitleWords, mention: Mention
             ) -> tuple[str, list[Token], Mention | None, Token] | None:
    """(title phrase, its tokens, organisation, anchor) of a person mention, or None."""
    start, _ = ctx.found.spans[mention.id]
    if _subject_of_next_verb(ctx, mention):
        return None
    taken = _pre_name_title(ctx, words, mention)
    if taken is not None:
        tokens = [ctx.doc[j] for j in taken]
        head = next(t for t in reversed(tokens) if words.is_head(t.lower_))
        org = _org_before(ctx, taken[0], head)
        inner = [ctx.mention_at(t) for t in tokens]
        org = org or next((m for m in inner if m is not None and m.label in ("ORG",)), None)
        return "".join(t.text_with_ws for t in tokens).strip(), tokens, org, ctx.doc[start]
    title = _appositive_title(ctx, words, mention) or _copular_title(ctx, words, mention)
    if title is None:
        return None
    phrase, tokens = _title_phrase(words, title)
    org = next((o for o in map(lambda t: _org_of(ctx, t), [title, *tokens]) if o is not None), None)
    return phrase, tokens, org, title


_WORDS: dict[int, tuple[Any, TitleWords]] = {}


def title_words(lex: dict[str, Any]) -> TitleWords:
    """The title vocabulary of a lexicon, built once per lexicon (not once per article)."""
    titles = lex["titles"]
    known = _WORDS.get(id(titles))
    if known is None or known[0] is not titles:
        _WORDS.clear()  # one lexicon at a time in practice; never let the memo grow
        known = _WORDS[id(titles)] = (titles, TitleWords(lex))
    return known[1]


def extract_roles(ctx: ArticleContext) -> None:
    """One ``role`` assertion per titled person mention."""
    words = title_words(ctx.lex)
    for mention in list(ctx.found.mentions):
        if mention.label != "PERSON" or mention.form in ("pronoun", "description") or not mention.text[:1].isalpha():
            continue
        if _introduces_title(ctx, words, mention):
            continue
        found = _role_of(ctx, words, mention)
        if found is None:
            continue
        phrase, tokens, org, anchor = found
        if org is not None and ctx.found.head(org).label == "PERSON":
            org = None  # "lawyer for <Person>", "the president's son": a client or a relative, not an organisation
        title = words.model.read(phrase, _tense_words(ctx, words, tokens, tokens[0].i))
        slots: dict[str, Any] = {"role": phrase, "title": title.title}
        # The role model's reading, for the compare stage: only what is there.
        slots.update({k: v for k, v in (("tense", title.tense), ("kinds", list(title.kinds)), ("seats", title.seats)) if v})
        if org is not None:
            slots["org"] = ctx.found.head(org).text
            slots["org_label"] = ctx.found.head(org).label  # a demonym or a party is no employer
        ctx.add("role", "role", anchor, mention, org if org is not None else "", slots, modality="asserted")
