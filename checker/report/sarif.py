"""SARIF 2.1.0 output, for GitHub code scanning and any other SARIF viewer.

The whole run is one SARIF log with one ``run`` whose ``tool.driver`` is ``checker`` with its
``version`` and ``informationUri``:

* ``tool.driver.rules`` lists every rule in force, sorted by id (then any other rule id a finding
  names). Each has ``shortDescription`` (the rule's ``description`` in ``rules.yaml``),
  ``fullDescription`` (that and the first paragraph of its rule type's documentation), ``help``
  (the rule type's whole documentation, as ``checker rules show ID`` prints it) and
  ``defaultConfiguration.level``.
* ``results`` holds one result per finding, stories in the order given and findings in their order
  within the story; agreements are left out (they are not alerts) unless asked for. Each result has
  ``ruleId`` and ``ruleIndex``, ``level`` (``error`` → ``error``, ``warning`` → ``warning``,
  ``info`` → ``note``) and ``message.text`` (the finding's message, then links to the other quotes).
* ``locations`` has one ``physicalLocation``: the first evidence quote. ``artifactLocation.uri`` is the
  article's path as checker shows it (relative, ``/``-separated, percent-encoded where a URI needs it,
  e.g. a space is ``%20``); ``region`` has the quote's ``startLine``, ``startColumn``, ``endLine``,
  ``endColumn`` (Unicode code points, ``run.columnKind``) and ``snippet.text``. The other quotes are
  ``relatedLocations`` (``id`` 1, 2, ...), linked from the message, since viewers such as GitHub code
  scanning show only the first location.
* ``partialFingerprints["checkerFinding/v1"]`` is checker's own finding fingerprint (the finding id),
  which stays the same while the finding does, even when the paragraph around it is edited, so code
  scanning tracks one alert across commits.
* Baselined and suppressed findings are results too, with ``suppressions``: ``external`` (the baseline
  file) or ``inSource`` (the ``<!-- checker: ignore -->`` comment), the reason as ``justification``.
* ``properties`` carries ``story``, ``category``, ``field`` (``null`` when the rule compares no field),
  ``values`` (source id → value as each source gives it) and ``entities`` (entity names).

Upload the file with ``github/codeql-action/upload-sarif``; run checker from the repository root so
the URIs resolve against it. The output is deterministic: keys sorted, two-space indent, UTF-8
characters kept as they are, one trailing newline.
"""

from __future__ import annotations

import json
from typing import Any, Sequence
from urllib.parse import quote

from checker import HOMEPAGE, __version__
from checker.compare.rules.base import Rule
from checker.model import Article, Evidence, Finding, StoryResult, Waiver
from checker.report.positions import span_of

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "checker"
FINGERPRINT_KEY = "checkerFinding/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SUPPRESSION_KINDS = {"baselined": "external", "suppressed": "inSource"}


def artifact_uri(path: str) -> str:
    """An article path as a relative URI reference: ``/`` separators, unsafe characters percent-encoded."""
    return quote(path.replace("\\", "/"), safe="/")


def _physical(evidence: Evidence, articles: dict[str, Article]) -> dict[str, Any]:
    article = articles.get(evidence.source)
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(article.path if article else evidence.source)}}
    if evidence.line >= 1:
        region: dict[str, Any] = {"startLine": evidence.line, "snippet": {"text": evidence.quote}}
        span = span_of(evidence, article)
        if span is not None:
            region.update(startColumn=span.column, endLine=span.end_line, endColumn=span.end_column + 1)
        physical["region"] = region
    return physical


def _message(finding: Finding, articles: dict[str, Article]) -> str:
    # SARIF viewers turn "[text](id)" into a link to the related location with that id.
    others = []
    for index, evidence in enumerate(finding.evidence[1:], start=1):
        article = articles.get(evidence.source)
        name = (article.path if article else evidence.source).rsplit("/", 1)[-1]
        others.append(f"[{name.replace('[', '(').replace(']', ')')}:{evidence.line}]({index})")
    text = finding.message.replace("[", "\\[").replace("]", "\\]")
    return f"{text} (also: {', '.join(others)})" if others else text


def _result(finding: Finding, story: str, articles: dict[str, Article], rule_index: dict[str, int],
            waiver: Waiver | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": _message(finding, articles)},
        "locations": [{"physicalLocation": _physical(e, articles)} for e in finding.evidence[:1]],
        "partialFingerprints": {FINGERPRINT_KEY: finding.id},
        "properties": {
            "story": story, "category": finding.category, "field": finding.field,
            "values": dict(finding.values), "entities": list(finding.entities),
        },
    }
    if len(finding.evidence) > 1:
        result["relatedLocations"] = [
            {"id": index, "physicalLocation": _physical(e, articles),
             "message": {"text": f"{articles[e.source].outlet if e.source in articles else e.source}: {e.quote}"}}
            for index, e in enumerate(finding.evidence[1:], start=1)]
    if waiver is not None:
        suppression: dict[str, Any] = {"kind": SUPPRESSION_KINDS.get(waiver.kind, "external"), "status": "accepted",
                                       "justification": f"{waiver.kind}: {waiver.reason}" if waiver.reason else waiver.kind}
        if waiver.path:
            suppression["location"] = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(waiver.path)},
                                                            "region": {"startLine": max(1, waiver.line)}}}
        result["suppressions"] = [suppression]
    return result


def _first_paragraph(text: str) -> str:
    return " ".join(text.split("\n\n", 1)[0].split())


def _rule_descriptor(rule_id: str, rule: Rule | None, categories: set[str]) -> dict[str, Any]:
    from checker.compare.rules.reference import type_doc

    if rule is None:
        text = ", ".join(sorted(categories)) or rule_id
        return {"id": rule_id, "shortDescription": {"text": text}, "fullDescription": {"text": text},
                "help": {"text": f"Run `checker rules show {rule_id}` for this rule's documentation."}}
    doc = type_doc(rule.type)
    short = rule.description or f"{rule.type} rule {rule.id}"
    return {
        "id": rule.id, "name": rule.id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": f"{short} Rule type {_first_paragraph(doc)}"
                                    if doc.startswith(f"{rule.type}: ") else f"{short} Rule type {rule.type}."},
        "help": {"text": f"{short}\n\n{doc}", "markdown": f"**{rule.id}**: {short}\n\nRule type `{rule.type}`.\n\n{doc}"},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"type": rule.type, "tags": ["news", rule.type]},
    }


def _rules(results: list[StoryResult], rules: Sequence[Rule]) -> list[dict[str, Any]]:
    categories: dict[str, set[str]] = {rule.id: set() for rule in rules}
    for result in results:
        for finding in [*result.findings, *(w.finding for w in result.waived)]:
            categories.setdefault(finding.rule, set()).add(finding.category)
    by_id = {rule.id: rule for rule in rules}
    return [_rule_descriptor(rule_id, by_id.get(rule_id), categories[rule_id]) for rule_id in sorted(categories)]


def sarif_log(results: list[StoryResult], rules: Sequence[Rule] = (), agreements: bool = False) -> dict[str, Any]:
    """The SARIF log as a plain dict (what :func:`render_sarif` serialises)."""
    descriptors = _rules(results, rules)
    rule_index = {rule["id"]: index for index, rule in enumerate(descriptors)}
    sarif_results: list[dict[str, Any]] = []
    for result in results:
        articles = {article.id: article for article in result.articles}
        sarif_results.extend(_result(f, result.story, articles, rule_index) for f in result.findings
                             if agreements or f.category != "agreement")
        sarif_results.extend(_result(w.finding, result.story, articles, rule_index, w) for w in result.waived
                             if agreements or w.finding.category != "agreement")
    driver = {"name": TOOL_NAME, "version": __version__, "informationUri": HOMEPAGE, "rules": descriptors}
    run = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": sarif_results}
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(results: list[StoryResult], rules: Sequence[Rule] = (), agreements: bool = False) -> str:
    """The whole run as one SARIF 2.1.0 log (sorted keys, stable order, trailing newline)."""
    return json.dumps(sarif_log(results, rules, agreements), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
