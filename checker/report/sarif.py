"""SARIF 2.1.0 output, for GitHub code scanning and any other SARIF viewer.

The whole run is one SARIF log with one ``run`` whose ``tool.driver`` is ``checker``:

* ``tool.driver.rules`` lists each rule id that produced a finding, sorted by id. Its
  ``shortDescription.text`` is the finding category (``discrepancy``, ``unconfirmed``, ``naming``,
  ``single_source``, ``agreement``); a rule that produced findings of several categories lists them
  all, sorted and comma-separated (``agreement, discrepancy``).
* ``results`` holds one result per finding, stories in the order given and findings in their order
  within the story. Each result has ``ruleId`` and ``ruleIndex`` (into ``rules``), ``level``
  (severity ``error`` → ``error``, ``warning`` → ``warning``, ``info`` → ``note``) and
  ``message.text`` (the finding's message).
* ``locations`` has one ``physicalLocation`` per evidence quote, in evidence order: ``artifactLocation.uri``
  is the article's path as checker shows it (relative to the folder checker ran in, ``/``-separated,
  percent-encoded where a URI needs it, e.g. a space is ``%20``), ``region.startLine`` the 1-based line
  of the quote and ``region.snippet.text`` the quote. Viewers such as GitHub code scanning show the first
  location; the others are the rest of the evidence. A finding without evidence has no locations.
* ``partialFingerprints["checkerFinding/v1"]`` is the finding id, which stays the same from run to run
  while the finding does, so code scanning can track a finding across commits.
* ``properties`` carries ``story``, ``category``, ``field`` (``null`` when the rule compares no field),
  ``values`` (source id → value as each source gives it) and ``entities`` (entity names).

Upload the file with ``github/codeql-action/upload-sarif``; run checker from the repository root so
the URIs resolve against it. The output is deterministic: keys sorted, two-space indent, UTF-8
characters kept as they are, one trailing newline.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from checker.model import Evidence, Finding, StoryResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "checker"
FINGERPRINT_KEY = "checkerFinding/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """An article path as a relative URI reference: ``/`` separators, unsafe characters percent-encoded."""
    return quote(path.replace("\\", "/"), safe="/")


def _location(evidence: Evidence, paths: dict[str, str]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(paths.get(evidence.source, evidence.source))}}
    region: dict[str, Any] = {"snippet": {"text": evidence.quote}}
    if evidence.line >= 1:
        region["startLine"] = evidence.line
        physical["region"] = region
    return {"physicalLocation": physical}


def _result(finding: Finding, story: str, paths: dict[str, str], rule_index: dict[str, int]) -> dict[str, Any]:
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [_location(e, paths) for e in finding.evidence],
        "partialFingerprints": {FINGERPRINT_KEY: finding.id},
        "properties": {
            "story": story, "category": finding.category, "field": finding.field,
            "values": dict(finding.values), "entities": list(finding.entities),
        },
    }


def _rules(results: list[StoryResult]) -> list[dict[str, Any]]:
    categories: dict[str, set[str]] = {}
    for result in results:
        for finding in result.findings:
            categories.setdefault(finding.rule, set()).add(finding.category)
    return [{"id": rule, "shortDescription": {"text": ", ".join(sorted(categories[rule]))}}
            for rule in sorted(categories)]


def sarif_log(results: list[StoryResult]) -> dict[str, Any]:
    """The SARIF log as a plain dict (what :func:`render_sarif` serialises)."""
    rules = _rules(results)
    rule_index = {rule["id"]: index for index, rule in enumerate(rules)}
    sarif_results = []
    for result in results:
        paths = {article.id: article.path for article in result.articles}
        sarif_results.extend(_result(f, result.story, paths, rule_index) for f in result.findings)
    run = {"tool": {"driver": {"name": TOOL_NAME, "rules": rules}}, "results": sarif_results}
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(results: list[StoryResult]) -> str:
    """The whole run as one SARIF 2.1.0 log (sorted keys, stable order, trailing newline)."""
    return json.dumps(sarif_log(results), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
