"""Roles and titles: "<Org> CEO <First Last>", "<First Last>, chairman of <Org>", "the CEO of <Org>, <First Last>".

A role is a title (normalised through ``lexicons/titles.yaml``: "chief executive" = "CEO")
and, when the sentence names it, the organisation or country it belongs to.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Token

from checker.extract.record import ArticleContext
from checker.model import Mention

ORG_LABELS = ("ORG", "GPE", "NORP")


class TitleWords:
    """The title lexicon as sets, with normalisation of a title phrase."""

    def __init__(self, lex: dict[str, Any]) -> None:
        titles = lex["titles"]
        self.heads = {str(w).lower() for w in titles["heads"]}
        self.modifiers = {str(w).lower() for w in titles["modifiers"]}
        self.abbreviations = {str(k).lower(): str(v).lower() for k, v in titles["abbreviations"].items()}

    def is_title_word(self, token: Token) -> bool:
        """A head ("minister") or modifier ("foreign") of a title."""
        word = token.lower_
        return word in self.heads or word in self.modifiers

    def normalise(self, phrase: str) -> str:
        """Lower-case, expand abbreviations and synonyms: "Chief Executive Officer" -> "ceo"."""
        text = re.sub(r"\s+", " ", phrase.lower().replace("’s", "").strip(" ,"))
        for long, short in sorted(self.abbreviations.items(), key=lambda kv: -len(kv[0])):
            text = re.sub(rf"(?<![\w.]){re.escape(long)}(?![\w])", short, text)
        return text.strip(" .")


def _org_before(ctx: ArticleContext, index: int) -> Mention | None:
    """An organisation or country right before a title: "<Org> CEO", "<Country>'s Minister", "<demonym>"."""
    doc = ctx.doc
    i = index - 1
    if i >= 0 and doc[i].tag_ == "POS":
        i -= 1
    if i < 0:
        return None
    mention = ctx.mention_at(doc[i])
    # Whatever NER called it, a name right before "<title> <Person>" is the title's organisation.
    return mention


def _pre_name_title(ctx: ArticleContext, words: TitleWords, mention: Mention) -> tuple[str, int] | None:
    """The title phrase just before a name, and the token index where it starts."""
    doc = ctx.doc
    start, _ = ctx.found.spans[mention.id]
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
        inside = ctx.mention_at(token)
        titled = words.is_title_word(token) or token.lower_ in ("and", "of", "&")
        capital = token.is_title and token.pos_ == "PROPN" and (inside is None or inside.label in ("PERSON",) and token.lower_ in words.heads)
        if not (titled or capital) or (inside is not None and inside.label in ORG_LABELS and not words.is_title_word(token)):
            break
        taken.append(i)
        i -= 1
    taken.reverse()
    while taken and not words.is_title_word(doc[taken[0]]):
        taken.pop(0)
    while taken and doc[taken[-1]].lower_ in ("and", "of", "&"):
        taken.pop()
    if not taken or not any(doc[j].lower_ in words.heads for j in taken):
        return None
    return " ".join(doc[j].text for j in taken), taken[0]


def _appositive_title(ctx: ArticleContext, words: TitleWords, mention: Mention) -> tuple[str, Token] | None:
    """A title linked to the name by apposition, in either direction."""
    start, end = ctx.found.spans[mention.id]
    root = ctx.doc[start:end].root
    candidates = [c for c in root.children if c.dep_ == "appos"]
    head = root.head
    # Climb only from an apposition: "the CEO of <Org>, <Person>" parses the person under the org.
    for _ in range(4 if root.dep_ == "appos" else 0):
        candidates.append(head)
        if head.head.i == head.i:
            break
        head = head.head
    for cand in candidates:
        inside = ctx.mention_at(cand)
        if cand.lower_ in words.heads and (inside is None or inside.form == "description"):
            mods = [c for c in cand.children if c.dep_ in ("compound", "amod") and words.is_title_word(c)]
            phrase = " ".join(t.text for t in sorted([*mods, cand], key=lambda t: t.i))
            return phrase, cand
    return None


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


def extract_roles(ctx: ArticleContext) -> None:
    """One ``role`` assertion per titled person mention."""
    words = TitleWords(ctx.lex)
    for mention in list(ctx.found.mentions):
        if mention.label != "PERSON" or mention.form in ("pronoun", "description"):
            continue
        if _introduces_title(ctx, words, mention):
            continue
        start, _ = ctx.found.spans[mention.id]
        anchor = ctx.doc[start]
        found = _pre_name_title(ctx, words, mention)
        org: Mention | None = None
        if found is not None:
            phrase, title_start = found
            org = _org_before(ctx, title_start)
            inner = [ctx.mention_at(ctx.doc[j]) for j in range(title_start, start)]
            org = org or next((m for m in inner if m is not None and m.label in ("ORG",)), None)
        else:
            appos = _appositive_title(ctx, words, mention)
            if appos is None:
                continue
            phrase, title_token = appos
            org = _org_of(ctx, title_token)
            anchor = title_token
        title = words.normalise(phrase)
        slots = {"role": phrase, "title": title}
        if org is not None:
            slots["org"] = ctx.found.head(org).text
        ctx.add("role", "role", anchor, mention, org if org is not None else "", slots, modality="asserted")
