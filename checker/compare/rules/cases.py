"""Inline rule tests: the ``tests:`` of a rule, checked when loaded and run by ``checker test``.

Each test is a small story and what the rule must (not) find in it:

    tests:
      - name: a plan overtaken by the vote is no discrepancy
        articles:
          - outlet: North Wire
            published: 2024-03-04
            text: The Harlow City Council is expected to vote on the budget on Thursday.
          - outlet: South Post
            published: 2024-03-08
            text: The Harlow City Council voted on the budget on Wednesday.
        expect: [{category: agreement, field: time}]
        expect_not: [{category: discrepancy}]

An ``expect`` entry passes when one finding has its ``category`` and, when given, its ``field``,
``severity`` and ``entities`` (each name matches one of the finding's entities, in any order of
words). An ``expect_not`` entry passes when no finding matches it. ``checker test`` writes each
test's articles to a temporary story folder and checks it with only that rule.

Running is left to the caller (``run_tests`` takes the function that checks a folder of
stories), so this module never imports the pipeline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

import yaml

from checker.model import Finding
from checker.resolve.names import fold
from checker.compare.rules.base import CATEGORIES, SEVERITIES, Rule, RuleTest
from checker.compare.rules.nodes import error_at, items_of, line_of, pairs_of, suggest, value_of

TEST_KEYS = ("name", "articles", "expect", "expect_not")
ARTICLE_KEYS = ("outlet", "published", "text", "role", "title")
EXPECT_KEYS = ("category", "entities", "field", "severity")
TEST_FIX = "write each test as {articles: [{outlet, published, text}, ...], expect: [{category: ...}]}"


def _article(path: str, node: yaml.Node) -> dict[str, Any]:
    article: dict[str, Any] = {}
    for key, value in pairs_of(path, node, "each test article", "; write {outlet: ..., published: 2024-05-02, "
                                                               "text: ...}"):
        if key.value not in ARTICLE_KEYS:
            raise error_at(path, key, f"unknown key '{key.value}' in test article{suggest(key.value, ARTICLE_KEYS)}")
        article[key.value] = value_of(value)
        if key.value == "published":
            article["published"] = _date(path, value, article["published"])
        elif not isinstance(article[key.value], str):
            raise error_at(path, value, f"{key.value} must be text")
    for needed in ("outlet", "published", "text"):
        if needed not in article:
            raise error_at(path, node, f"test article is missing '{needed}'; add it")
    return article


def _date(path: str, node: yaml.Node, value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise error_at(path, node, f"published '{value}' is not a date; write it as 2024-05-02") from None


def _expectation(path: str, node: yaml.Node, what: str) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for key, value in pairs_of(path, node, f"each {what} entry", "; write {category: discrepancy, field: time}"):
        if key.value not in EXPECT_KEYS:
            raise error_at(path, key, f"unknown key '{key.value}' in {what}{suggest(key.value, EXPECT_KEYS)}")
        entry[key.value] = value_of(value)
        accepted = {"category": CATEGORIES, "severity": SEVERITIES}.get(key.value)
        if accepted and entry[key.value] not in accepted:
            raise error_at(path, value, f"{key.value} '{entry[key.value]}' is not one"
                                        f"{suggest(str(entry[key.value]), accepted)}")
        if key.value == "entities" and not (isinstance(entry["entities"], list)
                                            and all(isinstance(e, str) for e in entry["entities"])):
            raise error_at(path, value, "entities must be a list of names: [Ana Lima]")
    if "category" not in entry:
        raise error_at(path, node, f"{what} entry is missing 'category'; add one of: {', '.join(CATEGORIES)}")
    return entry


def parse_tests(path: str, node: yaml.Node) -> tuple[RuleTest, ...]:
    """The ``tests:`` of one rule, every key and value checked."""
    tests = []
    for item in items_of(path, node, "tests", TEST_FIX):
        fields = {key.value: value for key, value in pairs_of(path, item, "each test", f"; {TEST_FIX}")}
        for key, _value in item.value:
            if key.value not in TEST_KEYS:
                raise error_at(path, key, f"unknown key '{key.value}' in test{suggest(key.value, TEST_KEYS)}")
        if "articles" not in fields:
            raise error_at(path, item, f"test is missing 'articles'; {TEST_FIX}")
        if "expect" not in fields and "expect_not" not in fields:
            raise error_at(path, item, "test needs 'expect' or 'expect_not' (or both)")
        articles = items_of(path, fields["articles"], "articles", TEST_FIX)
        tests.append(RuleTest(
            articles=tuple(_article(path, a) for a in articles),
            expect=tuple(_expectation(path, e, "expect") for e in _listed(path, fields.get("expect"))),
            expect_not=tuple(_expectation(path, e, "expect_not") for e in _listed(path, fields.get("expect_not"))),
            name=str(value_of(fields["name"])) if "name" in fields else "", line=line_of(item)))
    return tuple(tests)


def _listed(path: str, node: yaml.Node | None) -> list[yaml.Node]:
    return [] if node is None else items_of(path, node, "expect and expect_not", "write - {category: ...}")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "article"


def write_story(test: RuleTest, folder: Path) -> None:
    """The test's articles as a story folder: one Markdown file with front matter per article."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, article in enumerate(test.articles, 1):
        front = {k: article[k] for k in ("outlet", "published", "title", "role") if article.get(k) is not None}
        text = f"---\n{yaml.safe_dump(front, sort_keys=False, allow_unicode=True)}---\n{article['text'].strip()}\n"
        (folder / f"{n:02d}-{_slug(str(article['outlet']))}.md").write_text(text, encoding="utf-8")


def _names_match(wanted: str, entities: tuple[str, ...]) -> bool:
    want = set(fold(wanted).split())
    return any(want and (want <= set(fold(e).split()) or set(fold(e).split()) <= want) for e in entities)


def matches(entry: dict[str, Any], finding: Finding) -> bool:
    """True when a finding satisfies an ``expect`` / ``expect_not`` entry."""
    if finding.category != entry["category"]:
        return False
    if "field" in entry and finding.field != entry["field"]:
        return False
    if "severity" in entry and finding.severity != entry["severity"]:
        return False
    return all(_names_match(str(name), finding.entities) for name in entry.get("entities", []))


@dataclass(frozen=True)
class CaseOutcome:
    """One inline test run: which rule, which test, and what went wrong (nothing when it passed)."""

    rule: Rule
    test: RuleTest
    index: int
    problems: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.problems


def _shown(entry: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in entry.items())


def judge(test: RuleTest, findings: list[Finding]) -> tuple[str, ...]:
    """What a test's findings get wrong: missing expected findings and present unwanted ones."""
    problems = [f"expected a finding with {_shown(e)}" for e in test.expect if not any(matches(e, f) for f in findings)]
    for entry in test.expect_not:
        for finding in findings:
            if matches(entry, finding):
                problems.append(f"expected no finding with {_shown(entry)}, got: {finding.message}")
    return tuple(problems)


#: Checks every story folder under a folder with one rule; returns story name → findings.
StoryChecker = Callable[[Path, Rule], dict[str, list[Finding]]]


def run_tests(rules: tuple[Rule, ...], check_folder: StoryChecker, workdir: Path) -> list[CaseOutcome]:
    """Run every inline test of every rule (one ``check_folder`` call per rule, one story per test)."""
    outcomes = []
    for rule in rules:
        if not rule.tests:
            continue
        folder = workdir / rule.id
        for n, test in enumerate(rule.tests, 1):
            write_story(test, folder / f"test-{n}")
        found = check_folder(folder, replace(rule, tests=()))
        for n, test in enumerate(rule.tests, 1):
            findings = found.get(f"test-{n}", [])
            outcomes.append(CaseOutcome(rule, test, n, judge(test, findings), tuple(findings)))
    return outcomes
