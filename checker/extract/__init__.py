"""Extract stage: articles → mentions and the assertion table.

``extract_story`` parses the articles of one story with ``nlp.pipe`` and runs every
extractor over each parse. Results are cached per article by content hash (see ``cache``).
spaCy and the extractors are imported only when an article has to be parsed, so a fully
cached run never pays for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from checker.extract.cache import ExtractionCache
from checker.model import ASSERTION_COLUMNS, Article, Mention

if TYPE_CHECKING:
    import pandas as pd

#: Bump when extraction output changes without a change to the code of this package.
EXTRACTOR_VERSION = "4"


def extractors() -> tuple[Callable[[Any], None], ...]:
    """The extractors, in the order they run on an article (imported on first use)."""
    from checker.extract.predicates import extract_comments, extract_intentions, extract_nouns, extract_verbs
    from checker.extract.quantities import extract_quantities
    from checker.extract.roles import extract_roles
    from checker.extract.statements import (extract_according, extract_demands, extract_headed_lines, extract_labels,
                                            extract_quoted, extract_stances, extract_statements)

    return (extract_roles, extract_verbs, extract_nouns, extract_stances, extract_statements, extract_according,
            extract_demands, extract_labels, extract_headed_lines, extract_quoted, extract_comments, extract_quantities,
            extract_intentions)


def extract_article(article: Article, doc: Any, lex: dict[str, Any], outlets: set[str],
                    known: dict[str, str] | None = None) -> tuple[list[Mention], list[dict[str, Any]]]:
    """Mentions and assertion rows of one parsed article (``known``: the story's names)."""
    from checker.extract.mentions import find_mentions
    from checker.extract.record import ArticleContext

    found = find_mentions(article, doc, lex, known)
    ctx = ArticleContext(article=article, doc=doc, found=found, lex=lex, outlets=outlets)
    for extractor in extractors():
        extractor(ctx)
    rows = sorted(ctx.rows, key=lambda r: (r["start"], r["kind"], r["predicate"], r["subject"], r["object"]))
    for n, row in enumerate(rows, 1):
        row["id"] = f"{article.id}:a{n}"
    return list(found.mentions), rows


def assertion_table(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Rows → the assertion DataFrame with ``ASSERTION_COLUMNS`` in order."""
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=list(ASSERTION_COLUMNS))
    return frame.astype({"line": "int64", "start": "int64", "end": "int64", "sentence": "int64", "negated": "bool"})


class ParseStream:
    """The articles of many stories parsed in one ``nlp.pipe`` stream, handed out story by story.

    Parsing each story alone sends batches of two or three articles through the model; one stream
    fills every batch (about 5 % faster parsing of the real stories, within the machine's noise),
    and a Doc does not depend on the batch it was parsed in. The stream is lazy: it holds at most one batch of Docs ahead of the story being
    extracted. ``articles`` are the ones expected to need a parse, in the order stories will ask
    for them; an article asked for out of that order is parsed on its own.
    """

    def __init__(self, articles: list[Article], lex: dict[str, Any], gate: bool = False) -> None:
        from checker.nlp import parse_texts

        self.planned = list(articles)
        self._position = {id(article): n for n, article in enumerate(self.planned)}
        self._docs = parse_texts([a.text for a in self.planned], lex, gate)
        self._next = 0  # position in ``planned`` of the next Doc the stream gives
        self.lex, self.gate = lex, gate

    def docs(self, articles: list[Article]) -> Iterator[Any]:
        """One Doc per article, in order."""
        from checker.nlp import parse_texts

        for article in articles:
            position = self._position.get(id(article))
            if position is None or position < self._next:
                yield from parse_texts([article.text], self.lex, self.gate)
                continue
            while self._next < position:  # an article no story asked for (its names were cached since)
                next(self._docs)
                self._next += 1
            self._next += 1
            yield next(self._docs)


def extract_story(articles: list[Article], lex: dict[str, Any], cache: ExtractionCache | None = None,
                  gate: bool = False, stream: ParseStream | None = None) -> tuple[list[Mention], pd.DataFrame]:
    """Parse the articles (batched) and return all mentions and the assertion table (see ``extract_rows``)."""
    mentions, rows = extract_rows(articles, lex, cache, gate, stream)
    return mentions, assertion_table(rows)


def extract_rows(articles: list[Article], lex: dict[str, Any], cache: ExtractionCache | None = None,
                 gate: bool = False, stream: ParseStream | None = None) -> tuple[list[Mention], list[dict[str, Any]]]:
    """Parse the articles (batched) and return all mentions and assertion rows (no pandas needed).

    Two passes: the names of every article (cached by content) make the story's name list,
    then each article is extracted with it (cached by content and that list). ``gate`` parses
    only the sentences that can hold an assertion (``checker.nlp.gated_pipe``); ``stream`` gives
    the Docs when the articles are parsed with other stories' (``ParseStream``).
    """
    from checker.extract.mentions import story_names
    from checker.extract.sentences import release

    outlets = {a.outlet.lower() for a in articles if a.outlet}
    names = {a.id: cache.get_names(a, lex) if cache else None for a in articles}
    docs: dict[str, Any] = {}
    _parse([a for a in articles if names[a.id] is None], lex, gate, docs, names, cache, stream)
    known = story_names([names[a.id] or [] for a in articles])
    results: dict[str, tuple[list[Mention], list[dict[str, Any]]]] = {}
    for article in articles:
        cached = cache.get(article, lex, outlets, known) if cache else None
        if cached is not None:
            results[article.id] = cached
    missing = [a for a in articles if a.id not in results and a.id not in docs]
    _parse(missing, lex, gate, docs, names, cache, stream)
    for article in articles:
        if article.id in results:
            continue
        doc = docs.pop(article.id)
        results[article.id] = extract_article(article, doc, lex, outlets, known)
        release(doc)
        if cache:
            cache.put(article, lex, outlets, known, results[article.id])
    mentions = [m for a in articles for m in results[a.id][0]]
    rows = [r for a in articles for r in results[a.id][1]]
    return mentions, rows


def _parse(articles: list[Article], lex: dict[str, Any], gate: bool, docs: dict[str, Any],
           names: dict[str, Any], cache: ExtractionCache | None, stream: ParseStream | None = None) -> None:
    if not articles:
        return
    from checker.extract.mentions import names_in
    from checker.extract.sentences import keep_text
    from checker.nlp import parse_texts

    # long articles are parsed in pieces (spaCy's length limit)
    parsed = stream.docs(articles) if stream is not None else parse_texts([a.text for a in articles], lex, gate)
    for article, doc in zip(articles, parsed):
        keep_text(doc, article.text)
        docs[article.id] = doc
        names[article.id] = names_in(doc, lex)
        if cache:
            cache.put_names(article, lex, names[article.id])
