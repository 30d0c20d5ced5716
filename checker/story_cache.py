"""Story cache: the checked result of a whole story, keyed by everything it depends on.

A re-run after one article changed recomputes that article's story only; every other story
is read back in one file instead of being extracted, resolved and compared again. The key
covers the articles (text, metadata, shown path), the rules and lexicons in force, gating,
the model, and the source of the whole package, so an edited rule or extractor never serves a
stale result. Entries are pickles in ``<cache>/stories/``, written atomically; an entry that
cannot be read back is recomputed. The folder is trusted like the rest of the working tree.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from pathlib import Path
from typing import Any

from checker.files import clear_entries, write_atomic
from checker.model import Article, StoryResult

PACKAGE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """A short hash of every source, lexicon and rules file of the package."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".yaml", ".json") and p.is_file()):
        digest.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\x00" + path.read_bytes())
    return digest.hexdigest()[:16]


class StoryCache:
    """Checked stories under ``folder/stories``; ``context`` is what every key shares."""

    def __init__(self, folder: Path, *context: Any) -> None:
        self.folder = folder / "stories"
        self.context = "\x00".join([package_fingerprint(), *map(repr, context)])

    def key(self, name: str, articles: list[Article]) -> str:
        """Hash of the story's name, its articles and the shared context."""
        digest = hashlib.sha256(self.context.encode("utf-8"))
        digest.update(name.encode("utf-8"))
        for article in articles:
            digest.update(b"\x01" + repr(article).encode("utf-8"))
        return digest.hexdigest()

    def has(self, name: str, articles: list[Article]) -> bool:
        """Whether an entry exists (it may still turn out unreadable)."""
        return (self.folder / f"{self.key(name, articles)}.pickle").is_file()

    def get(self, name: str, articles: list[Article]) -> StoryResult | None:
        """The cached result, or None when absent or unreadable."""
        try:
            with open(self.folder / f"{self.key(name, articles)}.pickle", "rb") as handle:
                result = pickle.load(handle)
        except Exception:  # noqa: BLE001 - a truncated or foreign entry is recomputed, whatever it raises
            return None
        return result if isinstance(result, StoryResult) and result.story == name else None

    def put(self, name: str, articles: list[Article], result: StoryResult) -> None:
        """Store a result atomically; a cache that cannot be written is skipped silently."""
        try:
            write_atomic(self.folder / f"{self.key(name, articles)}.pickle",
                         pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError):
            return

    def clear(self) -> int:
        """Delete every entry; return how many were removed."""
        return clear_entries(self.folder, ".pickle")
