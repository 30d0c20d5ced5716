"""Atomic file writes and cache-folder clean-up, shared by the caches and the report writers."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write through a temporary file in the same folder and a rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(data, bytes):
            with os.fdopen(handle, "wb") as out:
                out.write(data)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clear_entries(folder: Path, suffix: str) -> int:
    """Delete a cache folder's ``*<suffix>`` entries and leftover temporary files; return the count."""
    removed = 0
    if folder.is_dir():
        for path in folder.glob(f"*{suffix}"):
            path.unlink(missing_ok=True)
            removed += 1
        for path in folder.glob("*.tmp"):
            path.unlink(missing_ok=True)
        for path in folder.glob(".*.tmp"):
            path.unlink(missing_ok=True)
    return removed
