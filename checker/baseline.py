"""The baseline file: findings a team has accepted, so CI fails only on new ones.

``checker baseline`` writes ``checker-baseline.yaml`` in the folder it runs in; ``checker check``
reads it when it is there (``--baseline FILE`` picks another). One entry per accepted finding::

    version: 1
    findings:
      - fingerprint: "9f5386831bf53e20"   # the finding id, stable while the finding stays
        rule: role-consistency
        story: vale-visit
        summary: "Ada Vale has different titles depending on the source: ..."
        reason: "both titles are correct: she holds both posts"
        expires: 2025-06-30                # optional: after this day the finding counts again

``fingerprint`` is required; ``rule``, ``story`` and ``summary`` tell a reader what was accepted
(``story`` also keeps an entry from being called stale when another story is checked); ``reason``
says why. Regenerating keeps the ``reason`` and ``expires`` of every entry whose finding is still
there. Agreements are never written: they are not problems.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checker import yaml_safe
from checker.errors import CheckerError
from checker.model import Finding

BASELINE_FILE = "checker-baseline.yaml"
VERSION = 1
ENTRY_KEYS = ("fingerprint", "rule", "story", "summary", "reason", "expires")
HEADER = """\
# checker baseline: findings accepted as they are. `checker check` lists them as baselined and
# leaves them out of the exit code; a new finding still fails. Say why in `reason`, and add
# `expires: YYYY-MM-DD` to look at one again later. `checker baseline` rewrites this file and
# keeps the reason and expiry date of every finding that is still there.
"""


@dataclass(frozen=True)
class BaselineEntry:
    """One accepted finding."""

    fingerprint: str
    rule: str
    story: str
    summary: str
    reason: str
    expires: dt.date | None
    line: int  # 1-based line of the entry in the file


@dataclass(frozen=True)
class Baseline:
    """The entries of one baseline file, and the path it is shown as."""

    path: str
    entries: tuple[BaselineEntry, ...]


def _entry_line(raw: str, fingerprint: str) -> int:
    offset = raw.find(fingerprint)
    return raw.count("\n", 0, offset) + 1 if offset >= 0 else 1


def _expires(value: Any, path: str, line: int) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise CheckerError(path, f"expires: {value!r} is not a date; write it as YYYY-MM-DD", line=line) from None


def _entry(item: Any, raw: str, path: str, index: int) -> BaselineEntry:
    if not isinstance(item, dict) or not item.get("fingerprint"):
        raise CheckerError(path, f"findings[{index}]: each entry needs a fingerprint (the finding id)")
    fingerprint = str(item["fingerprint"])
    line = _entry_line(raw, fingerprint)
    unknown = sorted(str(k) for k in item if k not in ENTRY_KEYS)
    if unknown:
        raise CheckerError(path, f"unknown key {unknown[0]!r}; an entry has {', '.join(ENTRY_KEYS)}", line=line)
    text = {key: "" if item.get(key) is None else str(item[key]) for key in ("rule", "story", "summary", "reason")}
    return BaselineEntry(fingerprint=fingerprint, expires=_expires(item.get("expires"), path, line), line=line, **text)


def load_baseline(path: Path, shown: str | None = None) -> Baseline:
    """Read a baseline file; a file a user broke raises ``CheckerError`` with its line."""
    where = shown or path.as_posix()
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CheckerError(where, f"cannot read the baseline: {error.strerror or error}") from None
    try:
        data = yaml_safe.load(raw)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise CheckerError(where, f"{getattr(error, 'problem', None) or 'invalid YAML'}; fix the YAML",
                           line=mark.line + 1 if mark else None) from None
    if data is None:
        data = {}
    if not isinstance(data, dict) or not isinstance(data.get("findings", []) or [], list):
        raise CheckerError(where, "a baseline is a mapping with `version: 1` and a `findings:` list")
    if data.get("version", VERSION) != VERSION:
        raise CheckerError(where, f"version {data.get('version')!r} is not supported; this checker reads version 1")
    items = data.get("findings") or []
    return Baseline(where, tuple(_entry(item, raw, where, i) for i, item in enumerate(items)))


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, and it keeps every character on one line.
    return json.dumps(text, ensure_ascii=False)


def render_baseline(findings: list[tuple[str, Finding]], previous: Baseline | None = None) -> str:
    """The baseline file for ``(story, finding)`` pairs, sorted; keeps reasons and expiry dates from ``previous``."""
    kept = {entry.fingerprint: entry for entry in previous.entries} if previous else {}
    lines = [HEADER.rstrip("\n"), f"version: {VERSION}"]
    chosen = sorted({(story, f.rule, f.id): (story, f) for story, f in findings if f.category != "agreement"}.items())
    if not chosen:
        return "\n".join(lines + ["findings: []"]) + "\n"
    lines.append("findings:")
    for (story, rule, fingerprint), (_, finding) in chosen:
        old = kept.get(fingerprint)
        lines += [f"  - fingerprint: {_quoted(fingerprint)}", f"    rule: {_quoted(rule)}",
                  f"    story: {_quoted(story)}", f"    summary: {_quoted(finding.message)}",
                  f"    reason: {_quoted(old.reason if old else '')}"]
        if old and old.expires:
            lines.append(f"    expires: {old.expires.isoformat()}")
    return "\n".join(lines) + "\n"
