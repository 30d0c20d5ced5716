"""What every rule type shares: the ``Rule`` record, the context it runs in, and ``make_finding``.

A rule type is a module with ``TYPE`` (its name in ``rules.yaml``), ``OPTIONS`` (option name →
``Option``), a module docstring (its documentation) and ``check(claims, rule, context)``
returning findings. ``claims`` is the table ``checker.compare.claims.claims_frame`` builds from ``claim_rows``.
"""

from __future__ import annotations

import hashlib
import string
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd  # imported where used, so `checker validate` starts fast

from checker.model import Article, Entity, Evidence, Finding

SEVERITIES = ("error", "warning", "info")
CATEGORIES = ("discrepancy", "unconfirmed", "single_source", "agreement", "naming")
PLACEHOLDERS = ("entity", "entities", "values", "field", "claim", "sources", "count", "origins", "rule")


@dataclass(frozen=True)
class Option:
    """One option of a rule type: its JSON type, default and a one-line description."""

    type: str  # string | integer | number | boolean | array | object
    default: Any
    doc: str
    choices: tuple[Any, ...] = ()
    items: tuple[Any, ...] = ()  # accepted items of an array (values of an object); empty: any word


@dataclass(frozen=True)
class Rule:
    """One configured rule from ``rules.yaml``."""

    id: str
    type: str
    severity: str
    message: str
    description: str = ""
    where: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    tests: tuple[RuleTest, ...] = ()
    line: int = 0
    path: str = ""  # the rules file that defines it (for messages that point at the rule)


@dataclass(frozen=True)
class RuleTest:
    """One inline test of a rule: a small story and the findings it must (not) produce."""

    articles: tuple[dict[str, Any], ...]  # {outlet, published, text, role?, title?}
    expect: tuple[dict[str, Any], ...] = ()  # {category, entities?, field?, severity?}
    expect_not: tuple[dict[str, Any], ...] = ()  # {category, entities?, field?}
    name: str = ""
    line: int = 0


@dataclass(frozen=True)
class RuleWarning:
    """A rule that cannot do its job on a story (it can never match its sources): data, not an error."""

    path: str  # the rules file
    line: int  # the rule's line in it
    rule: str
    story: str
    message: str

    def render(self) -> str:
        """Format as ``path:line: story: rule 'id' message``."""
        return f"{self.path}:{self.line}: {self.story}: rule '{self.rule}' {self.message}"


@dataclass(frozen=True)
class RuleContext:
    """The story a rule runs on: its articles, entities and the settings in force."""

    story: str
    articles: tuple[Article, ...]
    entities: tuple[Entity, ...]
    settings: dict[str, Any]

    def entity_names(self) -> dict[str, str]:
        """Entity id → canonical name."""
        return {e.id: e.name for e in self.entities}


def select(claims: pd.DataFrame, where: dict[str, Any], roles: dict[str, str]) -> pd.DataFrame:
    """Rows matching a rule's ``where`` selectors (a value or a list of accepted values per column).

    Every column selects rows, except ``source_role``, which selects claims: the rows of every
    claim that a source with one of those roles makes, so that ``source_role: draft`` compares
    the draft's claims with what the other sources say about them.
    """
    import numpy as np

    mask = np.ones(len(claims), dtype=bool)
    for column, accepted in where.items():
        values = {str(v) for v in (accepted if isinstance(accepted, list) else [accepted])}
        if column == "source_role":
            chosen = {k for s, k in zip(claims["source"], claims["claim_key"]) if (roles.get(s) or "") in values}
            mask &= np.fromiter((k in chosen for k in claims["claim_key"]), dtype=bool, count=len(claims))
        else:
            mask &= np.fromiter((str(v) in values for v in claims[column]), dtype=bool, count=len(claims))
    return claims[mask]


def fingerprint(rule: str, story: str, entities: list[str], values: dict[str, str], field_name: str | None) -> str:
    """Stable id of a finding: rule, story, entities and normalised values; no line numbers."""
    parts = [rule, story, field_name or "", *sorted(entities), *sorted(f"{k}={v.lower()}" for k, v in values.items())]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def render(template: str, **values: Any) -> str:
    """Fill a message template's plain ``{name}`` placeholders (``{{`` and ``}}`` are braces).

    Validation admits nothing else; a format spec, conversion or unknown name that reaches here
    anyway (a rule built in code) is filled as plain text or left empty, never evaluated.
    """
    parts = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(str(values.get(name, "")))
    return "".join(parts)


class Record(dict):  # type: ignore[type-arg]
    """One claims row as a plain mapping that also reads as attributes (``row.source``)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


Rows = "pd.DataFrame | list[Record]"


_SHARED: tuple[frozenset[str], dict[Any, Record]] | None = None


@contextmanager
def shared_records(claims: pd.DataFrame, rows: list[dict[str, Any]] | None = None) -> Iterator[None]:
    """Convert a story's claims to records once for every rule that runs on (a selection of) them.

    ``records`` then looks rows up by index instead of converting again; a frame with columns the
    claims table lacks (a rule's own working columns) is converted as usual. Records are read-only.
    ``rows``: the claims as dicts, in frame order, when the caller has them already.
    """
    global _SHARED
    previous = _SHARED
    if rows is None:
        rows = frame_records(claims)
    _SHARED = (frozenset(claims.columns), {i: Record(r) for i, r in zip(claims.index, rows)})
    try:
        yield
    finally:
        _SHARED = previous


#: Types that ``DataFrame.to_dict`` returns unchanged from an ``object`` column.
_NATIVE = frozenset({str, dict, list, tuple, type(None), int, float, bool})


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame.to_dict("records")``, the same dicts built from one list per column: pandas boxes
    every cell on its own, which on a story's claims cost more than the rules reading them. A
    column is read as ``itertuples`` reads it; an ``object`` column holding anything but plain
    Python values (or of an extension type) is boxed by pandas' own function, as ``to_dict`` does."""
    from pandas.api.extensions import ExtensionDtype

    if not frame.columns.is_unique or not len(frame.columns):
        return frame.to_dict("records")
    columns: dict[Any, list[Any]] = {}
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        values = list(column)
        boxed = column.dtype == object or isinstance(column.dtype, ExtensionDtype)
        if boxed and not all(type(v) in _NATIVE for v in values):
            from pandas.core.dtypes.cast import maybe_box_native

            values = [maybe_box_native(v) for v in values]
        columns[name] = values
    return [dict(zip(columns, row)) for row in zip(*columns.values())]


def records(rows: Any) -> list[Record]:
    """Rows of a DataFrame (or an existing list) as ``Record`` objects."""
    if hasattr(rows, "to_dict"):
        if _SHARED is not None and frozenset(rows.columns) <= _SHARED[0]:
            shared = _SHARED[1]
            if all(i in shared for i in rows.index):
                return [shared[i] for i in rows.index]
        return [Record(r) for r in frame_records(rows)]
    return list(rows)


def claim_groups(claims: pd.DataFrame) -> list[tuple[str, list[Record]]]:
    """The claims grouped by ``claim_key`` (sorted), each group's rows sorted by source and line.

    One conversion per rule, then plain lists: per-group DataFrame operations cost milliseconds
    each, which on thousands of claims was most of the compare stage's time.
    """
    groups: dict[str, list[Record]] = {}
    for row in records(claims):
        groups.setdefault(row["claim_key"], []).append(row)
    return [(key, sorted(rows, key=lambda r: (r["source"], r["line"], r["start"]))) for key, rows in sorted(groups.items())]


def first_per_source(rows: list[Record]) -> list[Record]:
    """The first row of each source (rows sorted by source and line)."""
    seen: set[str] = set()
    out = []
    for row in rows:
        if row["source"] not in seen:
            seen.add(row["source"])
            out.append(row)
    return out


def evidence_of(rows: Any) -> tuple[Evidence, ...]:
    """One evidence item per distinct quote, sorted by source and line."""
    items = {(r["source"], r["quote"], int(r["line"]), int(r["start"]), int(r["end"])) for r in records(rows)}
    return tuple(Evidence(*item) for item in sorted(items, key=lambda i: (i[0], i[2], i[3])))


def make_finding(rule: Rule, context: RuleContext, category: str, rows: Any, entities: list[str],
                 values: dict[str, str], field_name: str | None = None, severity: str | None = None,
                 claim: str = "", template: str | None = None, **extra: Any) -> Finding:
    """Build a finding with its evidence, message and fingerprint (``rows``: a DataFrame or records)."""
    rows = records(rows)
    sources = tuple(sorted({r["source"] for r in rows})) if rows else tuple(sorted(values))
    shown = "; ".join(f"{k}: {v}" for k, v in sorted(values.items()))
    entity_text = ", ".join(entities)
    message = render(template or rule.message, entity=entities[0] if entities else claim, entities=entity_text,
                     values=shown, field=field_name or "", claim=claim, sources=", ".join(sources),
                     count=len(sources), rule=rule.id, **extra)
    return Finding(
        id=fingerprint(rule.id, context.story, entities, values, field_name),
        rule=rule.id, category=category, severity=severity or rule.severity,
        entities=tuple(entities), field=field_name, values=dict(sorted(values.items())),
        sources=sources, evidence=evidence_of(rows), message=message, claim=claim,
    )
