"""A drop-in for spaCy's rule lemmatizer that gives the same lemmas without a Token per word.

The English pipelines lemmatize with rules in Python: for every word the stock component builds
a ``Token``, reads its morphology as a dict to test for a base form, then looks up its lemma (its
own cache skips only the last step). Under the profiler that was about a tenth of the pipeline's
time on the real stories. A
word's lemma depends only on its form, part of speech and morphology, so ``FastLemmatizer`` reads
those three from the Doc's arrays, asks the stock component once per distinct triple (memoised
across documents) and writes the lemmas back in one array. Words that already have a lemma (set
by the attribute ruler) keep it, as with the stock component unless it overwrites.
``tests/test_fast_lemmatizer.py`` checks the lemmas are identical to the stock component's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Distinct (form, part of speech, morphology) triples remembered before the memo starts afresh.
MEMO_LIMIT = 200_000


class FastLemmatizer:
    """Applies a rule ``Lemmatizer`` through the Doc's arrays (see the module docstring)."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.strings = lemmatizer.vocab.strings
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = table[:, 3].copy()
        overwrite = bool(self.lemmatizer.overwrite)
        memo, changed = self._memo, False
        for i, (orth, pos, morph, lemma) in enumerate(table.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                if len(memo) > MEMO_LIMIT:
                    memo.clear()
                value = memo[key] = self.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            if value != lemma:
                lemmas[i] = value
                changed = True
        if changed:
            doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


def _index_as_sets(lemmatizer: Any) -> None:
    """Hold each part of speech's list of known lemmas as a frozenset: the stock component tests
    a candidate form's membership in it, which on a list of 57,000 nouns is a linear scan (about
    nine tenths of the component's time on the real stories). Membership, and so every lemma,
    is unchanged; the tables are only read after loading."""
    table = lemmatizer.lookups.get_table("lemma_index", None)
    if table is None:
        return
    for key in list(table.keys()):
        if isinstance(table[key], list):
            table[key] = frozenset(table[key])


def speed_up_lemmatizer(nlp: Language) -> None:
    """Replace the pipeline's rule ``lemmatizer`` (if any) with a ``FastLemmatizer`` of it; the
    component keeps its name. A lookup or other lemmatizer is left as it is."""
    from spacy.language import Language

    if "lemmatizer" not in nlp.pipe_names:
        return
    stock = nlp.get_pipe("lemmatizer")
    if getattr(stock, "mode", None) != "rule" or not callable(getattr(stock, "lemmatize", None)):
        return
    _index_as_sets(stock)
    fast = FastLemmatizer(stock)
    name = f"checker_lemmatizer_{id(fast)}"
    Language.component(name, func=fast)
    nlp.replace_pipe("lemmatizer", name)
