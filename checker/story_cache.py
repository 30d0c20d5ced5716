"""Story cache: the checked result of a whole story, keyed by everything it depends on.

A re-run after one article changed recomputes that article's story only; every other story
is read back from one entry instead of being extracted, resolved and compared again. The key
hashes the articles' content (text, front matter, shown path), the rules and lexicons in force,
gating, the model and the source of the whole package, so an edited rule or extractor never
serves a stale result. Entries are plain JSON in the ``stories`` store of ``checker.cache``
(``checker.records`` encodes and shape-checks them); an entry that fails a check is recomputed.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from checker.cache import Store, content_key, dump, parse
from checker.model import Article, StoryResult
from checker.records import decode_result, encode_records, encode_result

PACKAGE = Path(__file__).resolve().parent

# Content digests of the results this process read or stored, by identity of their parts, so the
# report cache keys a story without encoding its assertion table again (see ``result_digest``).
_DIGESTS: dict[int, tuple[StoryResult, str]] = {}


@functools.lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """A short hash of every source, lexicon and rules file of the package."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".yaml", ".json") and p.is_file()):
        digest.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\x00" + path.read_bytes())
    return digest.hexdigest()[:16]


class StoryCache:
    """Checked stories in the ``stories`` store under ``folder``; ``context`` is what every key shares."""

    def __init__(self, folder: Path, *context: Any) -> None:
        self.store = Store(folder, "stories")
        try:
            self.context: str | None = content_key(package_fingerprint(), *context)
        except (TypeError, ValueError):
            self.context = None  # a rule option the key cannot hold: no story is cached
        self._keys: dict[tuple[str, tuple[int, ...]], str | None] = {}
        _DIGESTS.clear()

    def key(self, name: str, articles: list[Article]) -> str | None:
        """Hash of the story's name, its articles' content and the shared context (None: not cacheable)."""
        memo = (name, tuple(map(id, articles)))
        if memo not in self._keys:
            try:
                self._keys[memo] = content_key(self.context, name, articles) if self.context else None
            except (TypeError, ValueError):
                self._keys[memo] = None
        return self._keys[memo]

    def has(self, name: str, articles: list[Article]) -> bool:
        """Whether an entry exists (it may still turn out damaged)."""
        key = self.key(name, articles)
        return key is not None and self.store.has(key)

    def get(self, name: str, articles: list[Article]) -> StoryResult | None:
        """The cached result, or None when absent, damaged or not this story's."""
        key = self.key(name, articles)
        payload = self.store.read_bytes(key) if key else None
        if payload is None:
            return None
        result = parse(payload, decode_result)
        if result is None or result.story != name or result.articles != tuple(articles):
            return None
        _remember(result, hashlib.sha256(payload).hexdigest())
        return result

    def put(self, name: str, articles: list[Article], result: StoryResult) -> None:
        """Store a result; a cache that cannot be written, or a value it cannot hold, is skipped."""
        key = self.key(name, articles)
        try:
            payload = dump(encode_result(result))
        except (TypeError, ValueError):
            return
        _remember(result, hashlib.sha256(payload).hexdigest())
        if key is not None:
            self.store.put_bytes(key, payload)

    def clear(self) -> int:
        """Delete every entry; return how many were removed."""
        return self.store.clear()


def _remember(result: StoryResult, digest: str) -> None:
    _DIGESTS[id(result.assertions)] = (result, digest)


def result_digest(result: StoryResult) -> str:
    """A sha256 of everything a ``StoryResult`` holds (equal content, equal digest within a process).

    The articles, entities and assertions of a result read or stored by the story cache are known
    by their digest; only the findings and waivers (which triage replaces) are encoded again.
    """
    known, digest = _DIGESTS.get(id(result.assertions), (None, ""))
    if known is not None and known.assertions is result.assertions and known.articles is result.articles \
            and known.entities is result.entities and known.story == result.story:
        if known.findings == result.findings and known.waived == result.waived:
            return digest  # triage left the story as it was read or stored
        rest = dump([encode_records(result.findings), encode_records(result.waived)])
        return hashlib.sha256(digest.encode("ascii") + b"\x00" + rest).hexdigest()
    return hashlib.sha256(dump(encode_result(result))).hexdigest()
