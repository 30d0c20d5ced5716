"""Plain records passed between the stages: Article, Mention, Assertion, Entity, Finding, Waiver.

This module imports nothing from the package. Every stage takes these records (or
DataFrames whose columns are documented here) and returns new ones; none is mutated
after it leaves the stage that made it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: Columns of the assertion table produced by extraction (one row per assertion).
ASSERTION_COLUMNS: tuple[str, ...] = (
    "id",  # "<source>:<n>", stable within a run
    "source",  # source id (article file stem)
    "kind",  # meeting | statement | role | travel | plan | quantity | event | comment
    "predicate",  # canonical predicate from the lexicon (meet, arrive, oppose, resign, ...)
    "subject",  # surface text of the subject (resolved antecedent for pronouns)
    "object",  # surface text of the object / counterpart / content
    "subject_mention",  # mention id of the subject, or "" when it is not a named entity
    "object_mention",  # mention id of the object, or ""
    "slots",  # dict of named slots: time, time_text, place, role, title, org, value, unit, stance, topic, status, ...
    "attribution",  # who the article credits ("" when the article asserts it itself)
    "attribution_type",  # self | outlet | official | person | anonymous | social_media
    "modality",  # asserted | reported | hedged | expected | denied | unconfirmed
    "negated",  # bool
    "quote",  # the sentence the assertion comes from
    "line",  # 1-based line in the source file
    "start",  # character offset of the quote in the source file
    "end",
    "sentence",  # sentence index in the article (for proximity between assertions)
)

#: Columns the resolution stage adds to the assertion table.
RESOLVED_COLUMNS: tuple[str, ...] = ("subject_entity", "object_entity", "entities")


@dataclass(frozen=True)
class Article:
    """One article file: its metadata and its body with offsets into the file."""

    id: str
    story: str
    path: str
    outlet: str
    published: date | None
    url: str | None
    title: str | None
    author: str | None
    role: str | None
    text: str
    body_start: int
    line_starts: tuple[int, ...]
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def line_of(self, offset_in_body: int) -> int:
        """Return the 1-based line in the file of a character offset in the body."""
        return bisect.bisect_right(self.line_starts, self.body_start + offset_in_body)


@dataclass(frozen=True)
class Mention:
    """A proper-name mention (or a resolved pronoun/description) in one article."""

    id: str
    source: str
    text: str
    label: str  # PERSON | ORG | GPE | NORP | LOC | FAC
    start: int  # offsets in the file
    end: int
    line: int
    sentence: int
    form: str = "name"  # name | surname | pronoun | description
    antecedent: str = ""  # for surnames, pronouns and descriptions: mention id it refers back to
    reason: str = ""  # why it was linked to the antecedent


@dataclass(frozen=True)
class Entity:
    """A cluster of mentions across the sources of one story."""

    id: str
    name: str
    type: str
    surface_forms: dict[str, tuple[str, ...]]  # source id -> distinct forms, in order of appearance
    merges: tuple[tuple[str, str, str, str], ...] = ()  # (form, merged into, reason, naming field or "")


@dataclass(frozen=True)
class Evidence:
    """Where a finding comes from: one quote in one source."""

    source: str
    quote: str
    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """One result of one rule, with the evidence that supports it."""

    id: str
    rule: str
    category: str  # agreement | discrepancy | single_source | unconfirmed | naming
    severity: str  # error | warning | info
    entities: tuple[str, ...]
    field: str | None
    values: dict[str, str]
    sources: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    message: str
    claim: str = ""


@dataclass(frozen=True)
class Waiver:
    """A finding kept out of the exit code: accepted in the baseline file or suppressed by an inline comment."""

    finding: Finding
    kind: str  # baselined | suppressed
    reason: str
    path: str  # the baseline file or the article that holds the comment
    line: int  # 1-based line of the baseline entry or of the comment


@dataclass(frozen=True)
class StoryResult:
    """Everything the report stage needs for one story."""

    story: str
    articles: tuple[Article, ...]
    entities: tuple[Entity, ...]
    assertions: Any  # pandas.DataFrame with ASSERTION_COLUMNS + RESOLVED_COLUMNS
    findings: tuple[Finding, ...]  # the findings that count (not baselined or suppressed)
    waived: tuple[Waiver, ...] = ()  # baselined and suppressed findings, set by triage
