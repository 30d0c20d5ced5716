"""Sentence gating: which sentences reach the parser, and that a gated parse keeps every token."""

from __future__ import annotations

import pytest

from checker.extract.lexicon import load_lexicons
from checker.nlp import SentenceGate, gated_pipe, load_nlp

TEXT = ("WASHINGTON (Wire) - Minister Dana Roe met the delegation on Monday.\n\n"
        "The weather stayed mild for most of the week. Officials said the talks went well.\n"
        "It was a long day for everyone involved. The plan would cost $40 million.\n")


@pytest.fixture(scope="module")
def gate() -> SentenceGate:
    return SentenceGate(load_nlp(), load_lexicons())


@pytest.mark.parametrize("sentence, kept", [
    ("The weather stayed mild for most of the week.", False),
    ("It was a long day for everyone involved.", False),
    ("Officials said the talks went well.", True),  # speech verb, irregular form
    ("The plan would cost $40 million.", True),  # a figure
    ("the delegation arrived late.", True),  # a lexicon verb, inflected
    ("They spoke to Dana Roe.", True),  # a capitalised word inside the sentence
    ('"We are ready," one of them said.', True),
])
def test_sentences_that_can_hold_an_assertion_are_kept(gate: SentenceGate, sentence: str, kept: bool) -> None:
    doc = load_nlp().make_doc(sentence)
    assert gate.keep(doc[:]) is kept


def test_a_gated_parse_has_the_same_text_and_tokens() -> None:
    nlp = load_nlp()
    [full] = list(nlp.pipe([TEXT]))
    [gated] = list(gated_pipe([TEXT], load_lexicons()))
    assert gated.text == full.text
    assert [t.text for t in gated] == [t.text for t in full]
    assert {(e.text, e.label_) for e in gated.ents} >= {("Dana Roe", "PERSON")}
    skipped = [s.text.strip() for s in gated.sents if not any(t.pos_ for t in s)]
    assert skipped == ["The weather stayed mild for most of the week.", "It was a long day for everyone involved."]
