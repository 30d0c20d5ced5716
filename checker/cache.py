"""The one cache of checker: entries of plain data, content-addressed, checked on every read.

Three stores share it, each a subfolder of the cache folder (``.checker-cache/`` by default,
``--cache-dir``): ``extract/`` (per-article extraction), ``stories/`` (checked stories) and
``reports/`` (rendered reports). An entry is ``<key>.entry``: one line of JSON header, then the
zlib-compressed payload (JSON data or report text)::

    {"format": "checker-cache", "version": 1, "kind": "stories", "key": "<key>", "size": 1234, "sha256": "..."}

A read serves the payload only when the header matches this format, version, store and key, and
the payload has the stated size and checksum; the store's own shape check then decides. Anything
else (a truncated, empty, foreign or tampered file, a wrong version) is a miss, recomputed and
rewritten, never an error. Nothing in an entry can run code: it is parsed as JSON, never
unpickled. Writes go through a temporary file, ``fsync`` and a rename. The folder ignores itself
in git (a ``.gitignore`` of ``*``, as ruff's cache does) and carries a ``CACHEDIR.TAG``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import zlib
from pathlib import Path
from typing import Any, Callable

from checker.files import clear_entries, remove_stale_temporaries, write_atomic

FORMAT = "checker-cache"
#: Bump when the layout of entries or of a store's payload changes: older entries become misses.
VERSION = 1
DEFAULT_DIR = Path(".checker-cache")
KINDS = ("extract", "stories", "reports")
SUFFIX = ".entry"
GITIGNORE = "# Automatically created by checker.\n*\n"
CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by checker.\n"
                "# For information about cache directory tags see https://bford.info/cachedir/\n")
_KEY = re.compile(r"^[0-9a-f]{64}$")
_LEGACY = (("", ".json"), ("stories", ".pickle"), ("reports", ".md"), ("reports", ".json"))


def content_key(*parts: Any) -> str:
    """A sha256 over the canonical JSON of ``parts`` (dataclasses, dicts, sequences, dates, text, numbers).

    Keys hash content, never ``repr``: equal content gives the same key in every process.
    """
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_canonical)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"__class__": type(value).__name__,
                **{f.name: getattr(value, f.name) for f in dataclasses.fields(value)}}
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=lambda v: json.dumps(v, sort_keys=True, default=_canonical))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, Path):
        return value.as_posix()
    raise TypeError(f"cannot key on a value of type {type(value).__name__}")


def prepare(root: Path) -> None:
    """Create the cache folder with its ``.gitignore`` and ``CACHEDIR.TAG`` (kept when they exist)."""
    ours = not root.exists() or _is_ours(root) or not any(root.iterdir())
    root.mkdir(parents=True, exist_ok=True)
    if not ours:  # a folder of the user's (``--cache-dir .``): never make git ignore it
        return
    for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
        try:
            with open(root / name, "x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            pass


def _is_ours(root: Path) -> bool:
    """A folder checker made for its cache (a user's folder given as ``--cache-dir`` is not)."""
    return root.name == DEFAULT_DIR.name or (root / "CACHEDIR.TAG").is_file()


class Store:
    """One kind of entry (``extract``, ``stories`` or ``reports``) under a cache folder."""

    def __init__(self, root: Path, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown cache store {kind!r}")
        self.root = root
        self.kind = kind
        self.folder = root / kind
        self._prepared = False

    def path(self, key: str) -> Path:
        """Where the entry of ``key`` lives (``key``: 64 hex digits, as ``content_key`` makes)."""
        if not _KEY.match(key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.folder / f"{key}{SUFFIX}"

    def has(self, key: str) -> bool:
        """Whether an entry exists (a read may still find it damaged)."""
        return self.path(key).is_file()

    def read_bytes(self, key: str) -> bytes | None:
        """The payload of an intact entry, or None (absent, damaged, foreign or of another version)."""
        try:
            raw = self.path(key).read_bytes()
            head, newline, body = raw.partition(b"\n")
            header = json.loads(head)
            expected = {"format": FORMAT, "version": VERSION, "kind": self.kind, "key": key, "size": len(body),
                        "sha256": hashlib.sha256(body).hexdigest()}
            if not newline or header != expected:
                return None
            return zlib.decompress(body)
        except (OSError, ValueError, zlib.error, RecursionError):
            return None

    def get(self, key: str, decode: Callable[[Any], Any]) -> Any:
        """``decode(json payload)`` of an intact entry, or None when absent, damaged or of the wrong shape."""
        payload = self.read_bytes(key)
        return None if payload is None else parse(payload, decode)

    def put_bytes(self, key: str, payload: bytes) -> bool:
        """Store a payload atomically and durably; False when the cache cannot be written (it is skipped)."""
        body = zlib.compress(payload, 1)
        header = {"format": FORMAT, "version": VERSION, "kind": self.kind, "key": key, "size": len(body),
                  "sha256": hashlib.sha256(body).hexdigest()}
        try:
            if not self._prepared:
                prepare(self.root)
                remove_stale_temporaries(self.folder)
                self._prepared = True
            write_atomic(self.path(key), json.dumps(header, sort_keys=True).encode("utf-8") + b"\n" + body)
        except OSError:
            return False
        return True

    def put(self, key: str, data: Any) -> bool:
        """Store JSON-able data (see ``put_bytes``); data JSON cannot hold (NaN, objects) is not stored."""
        try:
            payload = dump(data)
        except (TypeError, ValueError):
            return False
        return self.put_bytes(key, payload)

    def clear(self) -> int:
        """Delete every entry of this store and its leftover temporary files; return how many entries."""
        return clear_entries(self.folder, SUFFIX)


def parse(payload: bytes, decode: Callable[[Any], Any]) -> Any:
    """``decode`` of a JSON payload, or None when it is not JSON or ``decode`` rejects its shape."""
    try:
        return decode(json.loads(payload))
    except Exception:  # noqa: BLE001 - an entry is untrusted data: whatever it makes decode raise is a miss
        return None


def dump(data: Any) -> bytes:
    """JSON-able data as the compact UTF-8 JSON that entries hold (and content digests hash)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def clear_cache(root: Path) -> int:
    """Delete every entry of every store under ``root`` (and entries of earlier layouts); return the count."""
    removed = sum(Store(root, kind).clear() for kind in KINDS)
    if _is_ours(root):  # entries of earlier layouts (``*.json``, pickles, report texts) only in checker's folder
        removed += sum(clear_entries(root / folder, suffix) for folder, suffix in _LEGACY)
    return removed
