"""Statements and stances: who said what, and who is for or against what.

Speech verbs (``say``, ``tell``, ``cite`` ... in ``lexicons/predicates.yaml``) give a
``statement`` with the speaker as subject and the reported content as object, whether the
quote comes before, after or around the speaker. Stance verbs and phrases ("opposes",
"objects to", "is against") give a ``statement`` with a ``stance`` slot and a ``topic``, so
two outlets wording one position differently still agree.
"""

from __future__ import annotations

import bisect
import re
from itertools import islice
from typing import Any

from spacy.tokens import Span, Token

from checker.extract.mentions import tokens_with_pos
from checker.extract.predicates import table_words
from checker.extract.quotations import Quotation, find_quotations, spread_speakers, touches
from checker.extract.record import ArticleContext, subjects_of
from checker.extract.sentences import doc_index, token_flags, token_strings

MAX_CONTENT = 300  # characters of a reported content kept in a statement
MAX_NAME_WORDS = 6  # words of a speaker's name before a headline's colon
SPEAKER_LABELS = ("PERSON", "ORG", "NORP", "GPE")
CITING = {"cite", "quote", "show", "hear", "record", "film", "see"}
_SUFFIXES = ("ings", "ing", "ments", "ment", "ations", "ation", "ions", "ion", "ies", "es", "ed", "s", "e")


def stem(word: str) -> str:
    """A crude stem for topic keys: "decoupling", "decouple" and "decoupled" share "decoupl"."""
    word = word.lower().strip("\"'“”‘’")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _clause_text(token: Token, limit: int = MAX_CONTENT, skip: set[int] = frozenset(), span: Span | None = None) -> str:
    """The words of ``token``'s subtree (or of ``span``), quotation marks and ``skip`` dropped; only
    the first ``limit`` words are read, since a content is cut at ``MAX_CONTENT`` characters."""
    tokens = span if span is not None else token.subtree
    words = islice((t for t in tokens if not (t.is_punct and t.text in "\"“”'‘’" or t.is_space) and t.i not in skip), limit)
    text = " ".join(t.text for t in sorted(words, key=lambda t: t.i))  # a subtree is not always in word order
    return re.sub(r"\s+([,.;:!?])", r"\1", text).strip(" ,")


def _speaker_of(verb: Token) -> list[Token]:
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not own and verb.dep_ in ("advcl", "xcomp", "acl") and verb.tag_ == "VBG" and verb.head.lemma_ in CITING:
        # "the release cited him saying ...": the one cited speaks; otherwise ("vetoed X, saying ...")
        # the main clause's subject does.
        objs = [c for c in verb.head.children if c.dep_ == "dobj"]
        if objs:
            return objs
    return subjects_of(verb)


def _said(ctx: ArticleContext, verb: Token, content: str, slots: dict[str, Any]) -> None:
    """One statement of ``content`` per speaker of ``verb``, in the voice each speaks for."""
    for speaker in _speaker_of(verb):
        party, via = _voice(ctx, speaker)
        ctx.add("statement", "say", verb, party, content[:MAX_CONTENT],
                {"content": content[:MAX_CONTENT], **slots, **via})


def _voice(ctx: ArticleContext, speaker: Token) -> tuple[Any, dict[str, str]]:
    """Who a statement speaks for: a speaker that only voices a named person or organisation ("X's
    campaign", "X's spokesman", "X's lawyer"; ``proxies`` in ``predicates.yaml``) speaks for X, so
    two outlets' "X's campaign said" and "X said" are one claim; ``via`` keeps the voice."""
    party = ctx.party(speaker)
    if not isinstance(party, str):
        return party, {}
    proxies = ctx.lex["predicates"].get("proxies") or ()
    if speaker.lemma_.lower() not in proxies:
        return party, {}
    for owner in speaker.children:
        mention = ctx.mention_at(owner) if owner.dep_ == "poss" else None
        if mention is not None and mention.label in ("PERSON", "ORG"):
            return mention, {"via": speaker.lemma_.lower()}
    return party, {}


def _speaker_before(verb: Token, ctx: ArticleContext) -> list[Token]:
    """A name right before a speech verb that the parse did not make its subject
    ("..., former mayor Ada Quill said ...", with the name as an apposition)."""
    if verb.i == 0:
        return []
    before = verb.doc[verb.i - 1]
    mention = ctx.mention_at(before)
    if mention is not None and mention.label in SPEAKER_LABELS and before.dep_ in ("appos", "conj", "npadvmod", "dobj", "pobj"):
        return [before]
    return []


def extract_statements(ctx: ArticleContext) -> None:
    """``X said (that) ...``, ``"...," X said``, ``X told reporters ...``."""
    speech = ctx.lex["predicates"]["speech"]
    for token in tokens_with_pos(ctx.doc, ("VERB",)):
        if speech.get(token.lemma_.lower()) != "say":
            continue
        contents = [c for c in token.children if c.dep_ in ("ccomp", "parataxis")]
        # "said that A, and that B": each reported clause is its own statement.
        contents += [c for first in contents for c in first.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
        skip: set[int] = set()
        if not contents and token.dep_ == "parataxis" and token.head.pos_ in ("VERB", "AUX"):
            # "The plan, she said, would fail": the clause around the aside is the content.
            contents, skip = [token.head], {t.i for t in token.subtree}
        speakers = _speaker_of(token) or _speaker_before(token, ctx)
        for clause in contents:
            if _holds_stance(clause, ctx):
                continue  # the stance assertion carries it
            content = _clause_text(clause, skip=skip)
            if len(content.split()) < 3:
                continue
            slots = {"content": content[:300]}
            if _indirect_question(clause):
                slots["question"] = True  # "asked whether he sent it": said, but no claim to check
            if any(c.dep_ == "neg" for c in token.children):
                slots["unsaid"] = True  # "did not say what he considered a lie": nothing was said
            for speaker in speakers:
                party, via = _voice(ctx, speaker)
                ctx.add("statement", "say", token, party, content[:300], {**slots, **via})


def extract_demands(ctx: ArticleContext) -> None:
    """``X called for an inquiry``, ``X urged voters to reject the plan``: what X demands is X's
    statement, from the first word of the demand to its last."""
    demands = ctx.lex["predicates"].get("demands") or {}
    for token in tokens_with_pos(ctx.doc, ("VERB",)):
        entry = demands.get(token.lemma_.lower())
        if entry is None:
            continue
        needed = set((entry or {}).get("with") or ())
        preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in (needed or {"for"})]
        # "calling for the council to close the harbour": "for" marks the clause
        clauses = [c for c in token.children if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for"
                                                                           for m in c.children)]
        if needed and not preps and not clauses:
            continue
        parts = preps + clauses + [c for c in token.children if c.dep_ in ("xcomp", "ccomp")
                                   or (c.dep_ == "dobj" and not needed)]
        if not parts:
            continue
        start = min(p.left_edge.i + (1 if p in preps else 0) for p in parts)
        end = max(p.right_edge.i for p in parts) + 1
        words = [t for t in ctx.doc[start:end] if not (t.is_punct and t.i in (start, end - 1))]
        content = " ".join(t.text for t in words)
        if len(content.split()) >= 3:
            _said(ctx, token, content, {"demand": True})


def extract_labels(ctx: ArticleContext) -> None:
    """``X called the report an "outrageous distortion"``, ``X referred to a reporter as a
    "jackass"``: the words X is quoted as putting on something are X's statement, from the first
    word of what is named to the end of the quotation. Only a quoted name counts ("called the
    plan a failure" may be the writer's words); the verbs are ``labels`` in ``predicates.yaml``,
    each with the preposition that introduces the name (``as``) or none (``call X Y``)."""
    labels = ctx.lex["predicates"].get("labels") or {}
    if not labels:
        return
    quotations = ctx.quotation_spans()
    if not quotations:
        return
    for token in tokens_with_pos(ctx.doc, ("VERB",)):
        entry = labels.get(token.lemma_.lower())
        if entry is None:
            continue
        marker = str((entry or {}).get("with") or "")
        for start, end in quotations[bisect.bisect_right(quotations, (token.idx, float("inf"))):]:
            span = ctx.doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span) or span.start - token.i > 40:
                break
            if not _names_label(token, span, marker):
                continue
            named = [c for c in token.children if c.dep_ in ("dobj", "dative", "nsubjpass")
                     or (c.dep_ == "prep" and c.i < span.start and c.lower_ != marker)]
            start = min([span.start] + [c.left_edge.i for c in named if c.left_edge.i > token.i])
            content = _clause_text(span.root, span=ctx.doc[start:span.end])
            if len(content.split()) >= 3:
                _said(ctx, token, content, {"label": True})


def _names_label(verb: Token, span: Span, marker: str) -> bool:
    """True when the quotation ``span`` is the name ``verb`` puts on something: its object
    complement or second object (``call X "Y"``), the object of ``marker`` (``as "Y"``), or a
    noun after "a"/"an" that the parse hung lower in the object ("called a report which says he
    served "abroad" an "outrageous distortion"", "called the plan a "costly mistake"")."""
    root = next((t for t in span if not span.start <= t.head.i < span.end), span.root)
    prep = root.head
    if marker and (root.dep_ == "pobj" and prep.lower_ == marker and prep.dep_ == "prep"
                   and (prep.head.i == verb.i or prep.head.head.i == verb.i)):
        return True
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i < root.i]
    if root.head.i == verb.i:
        return root.dep_ == "oprd" or (bool(objects) and root.dep_ in ("dobj", "ccomp", "attr", "xcomp"))
    before = next((t for t in reversed(verb.doc[verb.i:span.start]) if not t.is_punct), None)
    article = before is not None and before.lower_ in ("a", "an") or span[0].lower_ in ("a", "an")
    return not marker and article and bool(objects) and root.pos_ in ("NOUN", "PROPN") and verb in root.ancestors


#: Verbs whose "how" / "why" clause is a question, not an account ("described how he was stopped").
ASKING = {"ask", "wonder", "question", "inquire", "query"}


def _indirect_question(clause: Token) -> bool:
    """A reported question rather than a reported claim: the clause opens with ``whether`` or
    ``if`` as its conjunction, or with ``how``, ``why``, ``when`` or ``where`` after a verb of
    asking."""
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in clause.children):
        return True
    first = clause.left_edge
    return first.tag_ == "WRB" and first.i < clause.i and clause.head.lemma_.lower() in ASKING


def extract_according(ctx: ArticleContext) -> None:
    """``According to X, ...``: X's statement is the clause the phrase modifies, without it. X is
    a named source, or a document of ``document_sources`` ("according to a new poll")."""
    documents = {str(w).lower() for w in ctx.lex["predicates"].get("document_sources") or ()}
    for words in doc_index(ctx.doc).according.values():
        for according in words:
            clause = according.head
            if according.dep_ != "prep" or clause.pos_ not in ("VERB", "AUX"):
                continue
            sources = [o for prep in according.children if prep.lower_ == "to"
                       for o in prep.children if o.dep_ == "pobj"]
            skip = {t.i for t in according.subtree}
            # the commas that set the phrase off go with it
            skip |= {t.i for t in (ctx.doc[according.left_edge.i - 1] if according.left_edge.i else None,
                                   ctx.doc[according.right_edge.i + 1] if according.right_edge.i + 1 < len(ctx.doc) else None)
                     if t is not None and t.text == ","}
            content = _clause_text(clause, skip=skip)
            speaker = ctx.party(sources[0], SPEAKER_LABELS) if sources else ""
            if isinstance(speaker, str) and sources and sources[0].lemma_.lower() not in documents:
                continue  # "according to the plan": not a source
            if not speaker or len(content.split()) < 3:
                continue
            ctx.add("statement", "say", clause, speaker, content[:MAX_CONTENT],
                    {"content": content[:MAX_CONTENT]})


def extract_quoted(ctx: ArticleContext) -> None:
    """Quotations credited by an adjacent speech verb (``"...," X said``, ``X said: "..."``,
    split quotes) and the quotations that run on after them, one statement per sentence."""
    index = doc_index(ctx.doc)
    quotations = find_quotations(index.text)
    if not quotations:
        return
    starts = [q.start for q in quotations]
    speech = ctx.lex["predicates"]["speech"]
    for token in tokens_with_pos(ctx.doc, ("VERB",)):
        speakers = _speaker_of(token) if speech.get(token.lemma_.lower()) == "say" else []
        if not speakers:
            continue
        lo = min([token.i] + [s.left_edge.i for s in speakers])
        hi = max([token.i] + [s.right_edge.i for s in speakers if s.i > token.i])
        clause_start, clause_end = ctx.doc[lo].idx, ctx.doc[hi].idx + len(ctx.doc[hi])
        k = bisect.bisect_right(starts, clause_start)
        for quotation in quotations[max(0, k - 1):k + 1]:
            if quotation.speaker is None and touches(index.text, quotation, clause_start, clause_end):
                quotation.speaker = _inner_speaker(token, speech) or speakers[0]
    for quotation in quotations:
        if quotation.speaker is None:
            quotation.speaker = _introduced_by(ctx, index.text, quotation)
    spread_speakers(quotations, index.text)
    said: dict[tuple[int, str], set[str]] = {}
    for row in ctx.rows:
        if row["kind"] == "statement":
            said.setdefault((row["start"], row["subject"]), set()).update(row["object"].lower().split())
    for quotation in quotations:
        if quotation.speaker is not None:
            _quoted_sentences(ctx, quotation, said)


def _inner_speaker(verb: Token, speech: dict[str, str]) -> Token | None:
    """The speaker of a speech verb that ``verb`` reports with nothing else to say ("'...,' aides said
    Ada Quill told her colleagues"): the quotation is what the inner speaker said; the outer one is
    the source of the report."""
    for clause in verb.children:
        if clause.dep_ == "ccomp" and speech.get(clause.lemma_.lower()) == "say" and not any(
                c.dep_ in ("ccomp", "parataxis", "xcomp") for c in clause.children):
            inner = [c for c in clause.children if c.dep_ == "nsubj"]
            if inner:
                return inner[0]
    return None


def _introduced_by(ctx: ArticleContext, text: str, quotation: Quotation) -> Token | None:
    """The named subject of a clause that ends in a colon right before a quotation: "The senator
    released a statement: "...", "She added: "..."", "Ana Ruiz wrote on Twitter: "..."".
    """
    colon = len(text[:max(quotation.start - 1, 0)].rstrip())
    if colon == 0 or text[colon - 1] != ":":
        return None
    token = ctx.doc.char_span(colon - 1, colon, alignment_mode="expand")
    if token is None or not len(token):
        return None
    verb = token[0].head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.i > token[0].i:
        return None
    for subject in _speaker_of(verb):
        mention = ctx.mention_at(subject)
        if (mention is not None and mention.label in SPEAKER_LABELS) or (mention is None and subject.pos_ == "PROPN"):
            return subject
    return None


def extract_headed_lines(ctx: ArticleContext) -> None:
    """``Name: what they said`` as a headline or a transcript line: a short name before a colon
    that opens the line, the rest of the line its content."""
    doc = ctx.doc
    line_start = 0
    # a token's whitespace_ is " " or "": a line ends in a space token
    texts, spaces = token_strings(doc, "ORTH"), token_flags(doc, "IS_SPACE")
    for i, text in enumerate(texts):
        if i and spaces[i - 1]:
            line_start = i
        if text != ":" or not 0 < i - line_start <= MAX_NAME_WORDS:
            continue
        token = doc[i]
        name = doc[line_start:token.i]
        if any(t.pos_ in ("VERB", "AUX") or t.is_space for t in name) or not any(
                (m := ctx.mention_at(t)) is not None and m.label in SPEAKER_LABELS for t in name):
            continue
        end = token.i + 1
        while end < len(doc) and not doc[end].is_space and "\n" not in doc[end - 1].whitespace_:
            end += 1
        if end > token.i + 1:
            speaker = next(t for t in reversed(name) if (m := ctx.mention_at(t)) is not None and m.label in SPEAKER_LABELS)
            _spoken_sentences(ctx, doc[token.i + 1:end], speaker, {})


def _quoted_sentences(ctx: ArticleContext, quotation: Quotation, said: dict[tuple[int, str], set[str]]) -> None:
    span = ctx.doc.char_span(quotation.start, quotation.end, alignment_mode="expand")
    if span is not None and len(span) and quotation.speaker is not None:
        _spoken_sentences(ctx, span, quotation.speaker, said)


def _spoken_sentences(ctx: ArticleContext, span: Span, speaker: Token, said: dict[tuple[int, str], set[str]]) -> None:
    """One statement per sentence of a span a speaker said, unless they already have one there."""
    index = doc_index(ctx.doc)
    position = span.start
    while position < span.end:
        sent = index.sentence(ctx.doc[position])
        piece = ctx.doc[max(sent.start, span.start):min(sent.end, span.end)]
        position = sent.end
        content = _clause_text(piece.root, span=piece)
        if len(content.split()) < 3:
            continue
        slots: dict[str, Any] = {"content": content[:MAX_CONTENT]}
        if piece.text.rstrip(" \"'”’").endswith("?"):
            slots["question"] = True
        before = len(ctx.rows)
        party, via = _voice(ctx, speaker)
        ctx.add("statement", "say", piece.root, party, content[:MAX_CONTENT], {**slots, **via})
        if len(ctx.rows) > before and _said_already(ctx.rows[-1], said):
            ctx.rows.pop()  # the reported clause of this sentence is already the speaker's statement


def _said_already(row: dict[str, Any], said: dict[tuple[int, str], set[str]]) -> bool:
    """True when the speaker's statement of that sentence already holds most of these words."""
    words = set(row["object"].lower().split())
    return len(words & said.get((row["start"], row["subject"]), set())) * 2 >= len(words)


def _holds_stance(clause: Token, ctx: ArticleContext) -> bool:
    """True when the reported clause is itself a stance (then the stance assertion carries it)."""
    table = ctx.lex["predicates"]["stance"]
    phrases = ctx.lex["predicates"]["stance_phrases"]
    words = islice(clause.subtree, MAX_CONTENT)  # the words a statement keeps, not a whole endless sentence
    return any(_stance_key(t, table) or _stance_phrase(t, phrases) for t in words if t.pos_ in ("VERB", "AUX"))


def _stance_key(token: Token, table: dict[str, str]) -> tuple[str, Token] | None:
    """Stance verb with its object: ("oppose", object token) for "objects to X" or "opposes X"."""
    lemma = token.lemma_.lower()
    if lemma not in table and lemma not in table_words(table, first=True) and " " not in lemma:
        return None  # no key starts with the lemma
    for child in token.children:
        if child.dep_ in ("prep", "dative") and f"{lemma} {child.lower_}" in table:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return table[f"{lemma} {child.lower_}"], objects[0]
    if lemma in table:
        objects = [c for c in token.children if c.dep_ in ("dobj", "xcomp", "ccomp")]
        if objects:
            return table[lemma], objects[0]
    return None


def _stance_phrase(token: Token, phrases: dict[str, str]) -> tuple[str, Token] | None:
    """Copular stances: "is against X", "is opposed to X", "is in favour of X"."""
    if token.lemma_ != "be":
        return None
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in phrases:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return phrases[child.lower_], objects[0]
        if child.dep_ == "acomp":
            for prep in child.children:
                key = f"{child.lower_} {prep.lower_}"
                if prep.dep_ == "prep" and key in phrases:
                    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
                    if objects:
                        return phrases[key], objects[0]
    return None


def extract_stances(ctx: ArticleContext) -> None:
    """Stances with a topic, negation flipping nothing here: polarity is compared by the rules."""
    table = ctx.lex["predicates"]["stance"]
    phrases = ctx.lex["predicates"]["stance_phrases"]
    for token in tokens_with_pos(ctx.doc, ("VERB", "AUX")):
        found = _stance_key(token, table) or _stance_phrase(token, phrases)
        if found is None:
            continue
        stance, topic_token = found
        topic_word = topic_token.lemma_ if topic_token.pos_ != "PROPN" else topic_token.text
        generic = {str(w).lower() for w in ctx.lex["predicates"].get("generic_topics", [])}
        topic = "proposal" if topic_word.lower() in generic else stem(topic_word)
        speaker = _reporting_speaker(ctx, token)
        for subject in subjects_of(token):
            slots = {"stance": stance, "topic": topic, "topic_text": _clause_text(topic_token)[:80]}
            if speaker:
                slots["speaker"] = speaker
            ctx.add("statement", stance, token, ctx.party(subject), topic_token.text.strip("\"“”"), slots)


def _reporting_speaker(ctx: ArticleContext, token: Token) -> str:
    current = token
    while current.dep_ in ("ccomp", "conj", "xcomp") and current.head.i != current.i:
        current = current.head
        if ctx.lex["predicates"]["speech"].get(current.lemma_.lower()):
            speakers = _speaker_of(current)
            if speakers:
                party = ctx.party(speakers[0])
                return party if isinstance(party, str) else ctx.found.head(party).text
    return ""
