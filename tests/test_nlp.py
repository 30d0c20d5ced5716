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


def _article(source: str, body: str):
    import datetime as dt

    from checker.model import Article

    return Article(id=source, story="stream", path=f"sources/stream/{source}.md", outlet=source.title(),
                   published=dt.date(2024, 5, 1), url=None, title=None, author=None, role=None, text=body,
                   body_start=0, line_starts=(0,))


def test_a_parse_stream_gives_each_article_its_own_parse() -> None:
    """Docs from one stream across stories equal each article parsed alone, in whatever order the
    stories ask: planned, out of the plan (parsed alone), or after a planned one nobody asked for."""
    from checker.extract import ParseStream

    lex = load_lexicons()
    bodies = ["Mara Ostrova met Teo Brandt on Monday.", "Velmont Foods will cut 420 jobs, the company said.",
              "Ada Quill said the plan would cost $40 million.", "The council approved the budget on Friday."]
    one, two, three, four = [_article(f"s{n}", body) for n, body in enumerate(bodies)]
    stream = ParseStream([one, two, three, four], lex)
    got = [*stream.docs([one]), *stream.docs([three]), *stream.docs([two]), *stream.docs([four])]
    alone = [next(load_nlp().pipe([a.text])) for a in (one, three, two, four)]
    for doc, expected in zip(got, alone):
        assert doc.text == expected.text
        assert [(t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in doc] == \
            [(t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in expected]
    assert [doc.text for doc in got] == [a.text for a in (one, three, two, four)]


def test_an_extracted_doc_is_freed_without_the_cyclic_collector() -> None:
    """The extractors' index and memos refer back to their Doc; once released, nothing of
    checker's holds the Doc, and reference counting frees it without waiting for the collector."""
    import gc

    from checker.extract import extract_article
    from checker.extract.mentions import tokens_with_pos
    from checker.extract.sentences import doc_index, release

    lex = load_lexicons()
    article = _article("gc", "Mara Ostrova met Teo Brandt on Monday, the ministry said. She declined to comment.")
    doc = next(load_nlp().pipe([article.text]))
    extract_article(article, doc, lex, {"gc"})
    doc_index(doc), tokens_with_pos(doc, ("NOUN",))
    assert doc.user_data
    holders = lambda: {type(o).__name__ for o in gc.get_referrers(doc)} & {"DocIndex", "Token"}  # noqa: E731
    assert holders() == {"DocIndex", "Token"}  # the cycles are there before the release
    release(doc)
    assert not doc.user_data and not holders()
