"""Extract stage: articles → mentions and the assertion table.

``extract_story`` parses the articles of one story with ``nlp.pipe`` and runs every
extractor over each parse. Results are cached per article by content hash (see ``cache``).
spaCy and the extractors are imported only when an article has to be parsed, so a fully
cached run never pays for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

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


def extract_story(articles: list[Article], lex: dict[str, Any], cache: ExtractionCache | None = None,
                  gate: bool = False) -> tuple[list[Mention], pd.DataFrame]:
    """Parse the articles (batched) and return all mentions and the assertion table (see ``extract_rows``)."""
    mentions, rows = extract_rows(articles, lex, cache, gate)
    return mentions, assertion_table(rows)


def extract_rows(articles: list[Article], lex: dict[str, Any], cache: ExtractionCache | None = None,
                 gate: bool = False) -> tuple[list[Mention], list[dict[str, Any]]]:
    """Parse the articles (batched) and return all mentions and assertion rows (no pandas needed).

    Two passes: the names of every article (cached by content) make the story's name list,
    then each article is extracted with it (cached by content and that list). ``gate`` parses
    only the sentences that can hold an assertion (``checker.nlp.gated_pipe``).
    """
    from checker.extract.mentions import story_names

    outlets = {a.outlet.lower() for a in articles if a.outlet}
    names = {a.id: cache.get_names(a, lex) if cache else None for a in articles}
    docs: dict[str, Any] = {}
    _parse([a for a in articles if names[a.id] is None], lex, gate, docs, names, cache)
    known = story_names([names[a.id] or [] for a in articles])
    results: dict[str, tuple[list[Mention], list[dict[str, Any]]]] = {}
    for article in articles:
        cached = cache.get(article, lex, outlets, known) if cache else None
        if cached is not None:
            results[article.id] = cached
    missing = [a for a in articles if a.id not in results and a.id not in docs]
    _parse(missing, lex, gate, docs, names, cache)
    for article in articles:
        if article.id in results:
            continue
        results[article.id] = extract_article(article, docs.pop(article.id), lex, outlets, known)
        if cache:
            cache.put(article, lex, outlets, known, results[article.id])
    mentions = [m for a in articles for m in results[a.id][0]]
    rows = [r for a in articles for r in results[a.id][1]]
    return mentions, rows


def _parse(articles: list[Article], lex: dict[str, Any], gate: bool, docs: dict[str, Any],
           names: dict[str, Any], cache: ExtractionCache | None) -> None:
    if not articles:
        return
    from checker.extract.mentions import names_in
    from checker.extract.sentences import keep_text
    from checker.nlp import parse_texts

    texts = [a.text for a in articles]
    stream = parse_texts(texts, lex, gate)  # long articles in pieces (spaCy's length limit)
    for article, doc in zip(articles, stream):
        keep_text(doc, article.text)
        docs[article.id] = doc
        names[article.id] = names_in(doc, lex)
        if cache:
            cache.put_names(article, lex, names[article.id])
