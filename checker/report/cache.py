"""Rendered-report cache: a story whose checked result is unchanged is not rendered again.

The key hashes the content of the ``StoryResult`` (findings, entities, assertions, waivers; see
``checker.story_cache.result_digest``), the folder the report links from and the package's own
source, so any change to what a report shows, or to the code that renders it, is a miss. Entries
are the report texts in the ``reports`` store of ``checker.cache``, checksummed; a damaged entry
is rendered again and rewritten, never served.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from checker.cache import Store, content_key
from checker.model import StoryResult


class ReportCache:
    """Report texts by content of the result they render."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.store = Store(folder, "reports")
        self.fingerprint = fingerprint

    def key(self, result: StoryResult, report_dir: str) -> str:
        """Hash of the result and of everything its rendering depends on ("" when it holds a value the
        cache cannot encode: that story is rendered every time)."""
        from checker.story_cache import result_digest

        try:
            return content_key(self.fingerprint, report_dir, result_digest(result))
        except (TypeError, ValueError):
            return ""

    def rendered(self, key: str, suffix: str, render: Callable[[], str]) -> str:
        """The cached text of one report (``key`` from ``key``), rendering and storing it on a miss."""
        entry = content_key(key, suffix)
        payload = self.store.read_bytes(entry)
        if payload is not None:
            try:
                return payload.decode("utf-8")
            except UnicodeDecodeError:
                pass
        text = render()
        self.store.put_bytes(entry, text.encode("utf-8"))
        return text
