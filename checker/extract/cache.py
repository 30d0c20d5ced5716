"""Extraction cache: one entry per article and pass, in the ``extract`` store of ``checker.cache``.

The key hashes the article's content (text, publication date, offsets), the extractor version,
the source of the extraction package, the model and the lexicons in force, so an edited
extractor never serves stale results. Entries are plain JSON checked on read (names as
``[text, label]`` pairs; mentions and rows field by field); anything off is a miss and recomputed.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from checker.cache import Store, content_key
from checker.extract.lexicon import lexicon_fingerprint
from checker.model import Article, Mention
from checker.records import check_rows, decode, decode_record, encode, encode_record


class ExtractionCache:
    """Cached extraction results under ``folder`` (the cache folder, ``.checker-cache/`` by default)."""

    def __init__(self, folder: Path, version: str, model: str, gated: bool = False) -> None:
        self.store = Store(folder, "extract")
        self.version = f"{version}:{code_fingerprint()}:{'gated' if gated else 'full'}"
        self.model = model
        self._lexicons: tuple[int, str] | None = None

    def _lexicon_fingerprint(self, lex: dict[str, Any]) -> str:
        # Hashing the lexicons takes longer than reading an entry: once per run, not per article.
        if self._lexicons is None or self._lexicons[0] != id(lex):
            self._lexicons = (id(lex), lexicon_fingerprint(lex))
        return self._lexicons[1]

    def key(self, article: Article, lex: dict[str, Any], *context: Any) -> str:
        """Hash of everything the extraction of this article depends on."""
        return content_key(self.version, self.model, self._lexicon_fingerprint(lex), article.id, article.outlet,
                           article.text, article.published, article.body_start, article.line_starts, context)

    def get_names(self, article: Article, lex: dict[str, Any]) -> list[tuple[str, str]] | None:
        """The cached name list of an article (first pass), or None."""
        return self.store.get(self.key(article, lex, "names"), lambda data: _names(article.id, data))

    def has_names(self, article: Article, lex: dict[str, Any]) -> bool:
        """Whether the first pass of this article is cached (it need not be parsed)."""
        return self.store.has(self.key(article, lex, "names"))

    def put_names(self, article: Article, lex: dict[str, Any], names: list[tuple[str, str]]) -> None:
        """Store the name list of an article."""
        self.store.put(self.key(article, lex, "names"),
                       {"source": article.id, "names": [[text, label] for text, label in names]})

    def get(self, article: Article, lex: dict[str, Any], outlets: set[str],
            known: dict[str, str]) -> tuple[list[Mention], list[dict[str, Any]]] | None:
        """The cached result, or None when absent, damaged or of the wrong shape."""
        return self.store.get(self.key(article, lex, sorted(outlets), known), lambda data: _extraction(article.id, data))

    def put(self, article: Article, lex: dict[str, Any], outlets: set[str], known: dict[str, str],
            result: tuple[list[Mention], list[dict[str, Any]]]) -> None:
        """Store a result; a cache that cannot be written is skipped silently."""
        mentions, rows = result
        try:
            data = {"source": article.id, "mentions": [encode_record(m) for m in mentions],
                    "rows": [_encode_row(r) for r in rows]}
        except TypeError:
            return  # a value the cache cannot hold: recomputed next time
        self.store.put(self.key(article, lex, sorted(outlets), known), data)

    def clear(self) -> int:
        """Delete every entry of this store; return how many were removed."""
        return self.store.clear()


def _encode_row(row: dict[str, Any]) -> dict[str, Any]:
    try:
        check_rows([row])
    except ValueError as exc:
        raise TypeError(str(exc)) from None
    return {**row, "slots": encode(row["slots"])}  # slot values may be lists or tuples: tagged, exact


def _names(source: str, data: Any) -> list[tuple[str, str]]:
    if type(data) is not dict or set(data) != {"source", "names"} or data["source"] != source:
        raise ValueError("not the cached names of this article")
    names = data["names"]
    if type(names) is not list or not all(type(p) is list and len(p) == 2 and all(type(x) is str for x in p)
                                          for p in names):
        raise ValueError("cached names are not [text, label] pairs")
    return [(text, label) for text, label in names]


def _extraction(source: str, data: Any) -> tuple[list[Mention], list[dict[str, Any]]]:
    if type(data) is not dict or set(data) != {"source", "mentions", "rows"} or data["source"] != source \
            or type(data["mentions"]) is not list:
        raise ValueError("not the cached extraction of this article")
    mentions = [decode_record(Mention, m) for m in data["mentions"]]
    if type(data["rows"]) is not list or not all(type(r) is dict and "slots" in r for r in data["rows"]):
        raise ValueError("cached rows are not rows")
    rows = check_rows([{**r, "slots": decode(r["slots"])} for r in data["rows"]])
    if any(m.source != source for m in mentions) or any(r["source"] != source for r in rows):
        raise ValueError("cached mentions or rows of another article")
    return mentions, rows


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A short hash of the extraction package's source files (part of every key)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode("utf-8") + b"\x00" + path.read_bytes())
    return digest.hexdigest()[:16]
