"""Extraction cache: one JSON file per article, keyed by content hash, extractor and model.

Entries are written atomically (temporary file, then rename); an unreadable or corrupt entry
is ignored and recomputed, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from checker.extract.lexicon import lexicon_fingerprint
from checker.model import Article, Mention


class ExtractionCache:
    """A folder of cached extraction results (``.checker-cache/`` by default)."""

    def __init__(self, folder: Path, version: str, model: str) -> None:
        self.folder = folder
        self.version = version
        self.model = model

    def key(self, article: Article, lex: dict[str, Any], *context: Any) -> str:
        """Hash of everything the extraction of this article depends on."""
        parts = [self.version, self.model, lexicon_fingerprint(lex), article.id, article.text,
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
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(payload)
            os.replace(tmp, self.folder / f"{key}.json")
        except OSError:
            return

    def clear(self) -> int:
        """Delete every cache entry; return how many were removed."""
        removed = 0
        if self.folder.is_dir():
            for path in self.folder.glob("*.json"):
                path.unlink(missing_ok=True)
                removed += 1
        return removed
