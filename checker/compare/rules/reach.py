"""Which rules can never match the sources of a story: warnings, not errors.

A ``where`` selector that names a source, an outlet or a front-matter role that no article of
the story has selects nothing, whatever the articles say: the rule is silently idle, which is
almost always a typo or a missing ``role:`` in the front matter. ``rule_warnings`` reports each
such rule once per story; the pipeline's caller decides how to show them.
"""

from __future__ import annotations

from typing import Any, Iterable

from checker.model import Article
from checker.compare.rules.base import Rule, RuleWarning

#: Selector column → what each article offers for it.
SOURCE_COLUMNS = {"source": lambda a: a.id, "outlet": lambda a: a.outlet, "source_role": lambda a: a.role or ""}
WHAT = {"source": "source", "outlet": "outlet", "source_role": "role"}


def _accepted(value: Any) -> list[str]:
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def rule_warnings(story: str, articles: Iterable[Article], rules: Iterable[Rule]) -> list[RuleWarning]:
    """One warning per rule whose source, outlet or role selector matches no article of the story."""
    articles = list(articles)
    warnings = []
    for rule in rules:
        for column, offered_by in SOURCE_COLUMNS.items():
            if column not in rule.where:
                continue
            offered = sorted({offered_by(a) for a in articles} - {""})
            wanted = _accepted(rule.where[column])
            if set(wanted) & set(offered):
                continue
            have = ", ".join(offered) or "none"
            warnings.append(RuleWarning(
                rule.path, rule.line, rule.id, story,
                f"can never match: where {column}: {', '.join(wanted)}, but no article has that {WHAT[column]} "
                f"(this story has: {have}); fix the selector or the front matter"))
    return warnings
