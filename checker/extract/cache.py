"""Extraction cache: one JSON file per article, keyed by content hash, extractor and model.

The key also covers the source of the extraction package and the lexicons in force, so an
edited extractor never serves stale results. Entries are written atomically (temporary file,
then rename); an unreadable or corrupt entry is ignored and recomputed, never trusted.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from checker.extract.lexicon import lexicon_fingerprint
from checker.files import clear_entries, write_atomic
from checker.model import Article, Mention


class ExtractionCache:
    """A folder of cached extraction results (``.checker-cache/`` by default)."""

    def __init__(self, folder: Path, version: str, model: str, gated: bool = False) -> None:
        self.folder = folder
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
        parts = [self.version, self.model, self._lexicon_fingerprint(lex), article.id, article.text,
                 str(article.published), str(article.body_start), json.dumps(article.line_starts),
                 json.dumps(context, sort_keys=True, default=sorted)]
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()

    def get_names(self, article: Article, lex: dict[str, Any]) -> list[tuple[str, str]] | None:
        """The cached name list of an article (first pass), or None."""
        data = self._read(self.key(article, lex, "names"))
        try:
            return [(str(text), str(label)) for text, label in data]
        except (TypeError, ValueError):
            return None

    def has_names(self, article: Article, lex: dict[str, Any]) -> bool:
        """Whether the first pass of this article is cached (it need not be parsed)."""
        return (self.folder / f"{self.key(article, lex, 'names')}.json").is_file()

    def put_names(self, article: Article, lex: dict[str, Any], names: list[tuple[str, str]]) -> None:
        """Store the name list of an article."""
        self._write(self.key(article, lex, "names"), json.dumps(names))

    def _read(self, key: str) -> Any:
        try:
            return json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def get(self, article: Article, lex: dict[str, Any], outlets: set[str],
            known: dict[str, str]) -> tuple[list[Mention], list[dict[str, Any]]] | None:
        """The cached result, or None when absent or unreadable."""
        try:
            data = self._read(self.key(article, lex, sorted(outlets), known))
            mentions = [Mention(**m) for m in data["mentions"]]
            return mentions, list(data["rows"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, article: Article, lex: dict[str, Any], outlets: set[str], known: dict[str, str],
            result: tuple[list[Mention], list[dict[str, Any]]]) -> None:
        """Store a result atomically; a cache that cannot be written is skipped silently."""
        mentions, rows = result
        payload = json.dumps({"mentions": [m.__dict__ for m in mentions], "rows": rows}, sort_keys=True)
        self._write(self.key(article, lex, sorted(outlets), known), payload)

    def _write(self, key: str, payload: str) -> None:
        try:
            write_atomic(self.folder / f"{key}.json", payload)
        except OSError:
            return

    def clear(self) -> int:
        """Delete every cache entry (and leftover temporary files); return how many entries were removed."""
        return clear_entries(self.folder, ".json")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A short hash of the extraction package's source files (part of every key)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode("utf-8") + b"\x00" + path.read_bytes())
    return digest.hexdigest()[:16]
