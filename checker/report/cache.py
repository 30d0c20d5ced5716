"""Rendered-report cache: a story whose checked result is unchanged is not rendered again.

The key hashes the pickled ``StoryResult`` (findings, entities, assertions, waivers), the folder
the report links from and the package's own source, so any change to what a report shows, or to
the code that renders it, is a miss. Entries live in ``<cache>/reports/`` and are written
atomically; an unreadable entry is rendered again.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Callable

from checker.model import StoryResult
from checker.files import write_atomic


class ReportCache:
    """Markdown and JSON reports by content of the result they render."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder / "reports"
        self.fingerprint = fingerprint

    def key(self, result: StoryResult, report_dir: str) -> str:
        """Hash of the result and of everything its rendering depends on."""
        digest = hashlib.sha256(f"{self.fingerprint}\x00{report_dir}\x00".encode("utf-8"))
        digest.update(pickle.dumps(result, protocol=4))
        return digest.hexdigest()

    def rendered(self, key: str, suffix: str, render: Callable[[], str]) -> str:
        """The cached text of one report (``key`` from ``key``), rendering and storing it on a miss."""
        path = self.folder / f"{key}{suffix}"
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = render()
        try:
            write_atomic(path, text)
        except OSError:
            pass
        return text
