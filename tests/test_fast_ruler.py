"""The fast attribute ruler gives exactly the annotations of spaCy's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from checker.fast_ruler import FastAttributeRuler
from checker.nlp import load_nlp
from checker.sources import find_stories, load_story

ROOT = Path(__file__).resolve().parent.parent
ODD = ["I ain't gonna do it.", "We gotta go, y'all ain't ready.", "  \n\n  Hello   there\t!", "He 's n't here.",
       "Wanna come? Lemme see. Dunno.", "", "   ", "U.S. Sen. O'Neil (D-Ore.) said 'No' -- twice."]


@pytest.fixture(scope="module")
def stock():
    """The model's own attribute ruler and lemmatizer, and a pipeline without them."""
    from spacy.tokens import Doc

    nlp = load_nlp()
    name = "attribute_ruler"
    fast = nlp.get_pipe(name)
    assert isinstance(fast, FastAttributeRuler)
    original = _original_ruler()

    def compare(texts: list[str]) -> None:
        with nlp.select_pipes(disable=[name, "lemmatizer", "ner"]):
            parsed = list(nlp.pipe(texts))
        lemmatizer = nlp.get_pipe("lemmatizer")
        for doc in parsed:
            a, b = Doc.from_docs([doc]) if len(doc) else doc.copy(), Doc.from_docs([doc]) if len(doc) else doc.copy()
            lemmatizer(original(a))
            lemmatizer(fast(b))
            assert [_annotations(t) for t in a] == [_annotations(t) for t in b]

    return compare


def _original_ruler():
    from checker.nlp import load_model

    return load_model(exclude=["tok2vec", "tagger", "parser", "lemmatizer", "ner"]).get_pipe("attribute_ruler")


def _annotations(token):
    return token.text, token.pos_, str(token.morph), token.lemma_, token.tag_, token.dep_


def test_replaces_the_stock_ruler():
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)


def test_same_annotations_on_every_story(stock):
    texts = [a.text for folder in ("tests/stories", "sources") for name, files in find_stories([ROOT / folder])
             for a in load_story(name, files, ROOT)]
    stock(texts + ODD)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["I", "ain't", "gonna", "'s", "n't", "the", "U.S.", "said", "Lemme", "wanna",
                                 "Dr.", "'", "\n", "  ", "-", "met", "on", "Tuesday", "gotta", "y'all", "ca", "do"]),
                max_size=25))
def test_same_annotations_on_any_word_salad(stock, words):
    stock([" ".join(words)])
