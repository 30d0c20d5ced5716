"""Atomic file writes and cache-folder clean-up, shared by the caches and the report writers."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

#: A temporary file older than this is a leftover of a killed run, not one being written now.
STALE_AFTER_S = 600


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: str | bytes, durable: bool = True) -> None:
    """Write through a temporary file in the same folder and a rename: readers never see half a file.

    ``durable`` flushes the file to disk (``fsync``) before the rename and the folder after it, so
    a crash or power loss leaves the old file or the new one, never an empty one. The file gets
    the mode the umask gives new files (``mkstemp`` alone would make it private).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data if isinstance(data, bytes) else data.encode("utf-8"))
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # folders cannot be opened on every platform; the rename is still atomic
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """``write_atomic`` unless the file already holds exactly ``data``; True when it wrote.

    An unchanged report keeps its file (and modification time): re-running never touches it.
    """
    encoded = data if isinstance(data, bytes) else data.encode("utf-8")
    try:
        if path.is_file() and path.stat().st_size == len(encoded) and path.read_bytes() == encoded:
            return False
    except OSError:
        pass
    write_atomic(path, encoded)
    return True


def remove_stale_temporaries(folder: Path, age_s: float = STALE_AFTER_S) -> int:
    """Delete the ``.<name>.*.tmp`` files ``write_atomic`` left in ``folder`` when a run was killed.

    Only files older than ``age_s`` go: a run writing beside this one keeps its own.
    """
    removed = 0
    limit = time.time() - age_s
    try:
        leftovers = list(folder.glob(".*.tmp"))
    except OSError:
        return 0
    for path in leftovers:
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def clear_entries(folder: Path, suffix: str) -> int:
    """Delete a cache folder's ``*<suffix>`` entries and leftover temporary files; return the count."""
    removed = 0
    if folder.is_dir():
        for path in folder.glob(f"*{suffix}"):
            if path.is_file():
                path.unlink(missing_ok=True)
                removed += 1
        for path in folder.glob("*.tmp"):
            path.unlink(missing_ok=True)
        for path in folder.glob(".*.tmp"):
            path.unlink(missing_ok=True)
    return removed
