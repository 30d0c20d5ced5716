"""Loads the YAML lexicons shipped under ``lexicons/`` and merges a user's extensions.

Each lexicon file is a mapping; a user extends one from ``rules.yaml`` with
``lexicons: {<file stem>: {<key>: <value>}}``. Lists are extended, mappings updated.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from checker import yaml_safe

LEXICON_DIR = Path(__file__).parent / "lexicons"
LEXICON_NAMES = ("predicates", "titles", "cues", "names", "places")


@functools.lru_cache(maxsize=1)
def _packaged() -> dict[str, dict[str, Any]]:
    data = {}
    for name in LEXICON_NAMES:
        data[name] = yaml_safe.load((LEXICON_DIR / f"{name}.yaml").read_text(encoding="utf-8")) or {}
    return data


def packaged_lexicons() -> dict[str, dict[str, Any]]:
    """The lexicons as shipped (read-only: shared between callers), the shape extensions must follow."""
    return _packaged()


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return base + [item for item in extra if item not in base]
    return extra


def load_lexicons(extensions: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Return every lexicon, with ``extensions`` (from ``rules.yaml``) merged in."""
    data = copy.deepcopy(_packaged())
    for name, extra in (extensions or {}).items():
        data[name] = _merge(data.get(name, {}), extra)
    return data


def lexicon_fingerprint(lexicons: dict[str, Any]) -> str:
    """A short hash of the lexicons in force (part of the extraction cache key)."""
    text = json.dumps(lexicons, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def lowered(values: Any) -> frozenset[str]:
    """A lower-cased frozenset of a lexicon list (or of a mapping's keys)."""
    return frozenset(str(v).lower() for v in (values or ()))
