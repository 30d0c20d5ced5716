"""The fast lemmatizer gives exactly the lemmas of spaCy's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from checker.fast_lemmatizer import FastLemmatizer, speed_up_lemmatizer
from checker.nlp import load_model, load_nlp
from checker.sources import find_stories, load_story

ROOT = Path(__file__).resolve().parent.parent
ODD = ["I ain't gonna do it.", "  \n\n  Hello   there\t!", "He 's n't here.", "", "   ",
       "The mice were running; she has better ideas than the best of them.", "Wanna come? Lemme see. Dunno.",
       "U.S. Sen. O'Neil (D-Ore.) said 'No' -- twice, and was re-elected in 2010s."]


@pytest.fixture(scope="module")
def same_lemmas():
    """Lemmatize parses once with the stock component of a model loaded as spaCy ships it (its
    tables untouched) and once with the fast one, and compare."""
    from spacy.tokens import Doc

    nlp = load_nlp()
    fast = nlp.get_pipe("lemmatizer")
    assert isinstance(fast, FastLemmatizer)
    stock = load_model().get_pipe("lemmatizer")
    assert isinstance(stock.lookups.get_table("lemma_index")["noun"], list)

    def compare(texts: list[str]) -> int:
        with nlp.select_pipes(disable=["lemmatizer"]):
            parsed = list(nlp.pipe(texts))
        words = 0
        for doc in parsed:
            stock_doc, fast_doc = (Doc.from_docs([doc]), Doc.from_docs([doc])) if len(doc) else (doc, doc.copy())
            stock(stock_doc)
            fast(fast_doc)
            assert [(t.text, t.lemma_) for t in fast_doc] == [(t.text, t.lemma_) for t in stock_doc]
            words += len(doc)
        return words

    return compare


def test_replaces_the_stock_lemmatizer_under_its_name():
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    assert nlp.pipe_names.index("lemmatizer") > nlp.pipe_names.index("attribute_ruler")


def test_same_lemmas_on_every_story(same_lemmas):
    texts = [a.text for folder in ("tests/stories", "sources") for name, files in find_stories([ROOT / folder])
             for a in load_story(name, files, ROOT)]
    assert same_lemmas(texts + ODD) > 5_000


def test_a_lemma_set_before_is_kept():
    """A lemma the attribute ruler set is not lemmatized again (the stock component's rule)."""
    nlp = load_nlp()
    with nlp.select_pipes(disable=["lemmatizer"]):
        doc = nlp("They were running.")
    doc[2].lemma_ = "sprint"
    nlp.get_pipe("lemmatizer")(doc)
    assert [t.lemma_ for t in doc] == ["they", "be", "sprint", "."]


def test_a_pipeline_without_a_rule_lemmatizer_is_left_alone():
    import spacy

    nlp = spacy.blank("en")
    speed_up_lemmatizer(nlp)
    assert nlp.pipe_names == []


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["I", "ain't", "were", "'s", "n't", "mice", "U.S.", "said", "better", "best",
                                 "Dr.", "'", "\n", "  ", "-", "met", "leaves", "Tuesday", "running", "geese", "ca",
                                 "do", "has", "Ships", "stronger"]),
                max_size=25))
def test_same_lemmas_on_any_word_salad(same_lemmas, words):
    same_lemmas([" ".join(words)])
