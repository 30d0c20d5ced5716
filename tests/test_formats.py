"""Machine output formats (SARIF, GitHub workflow commands, JUnit XML, JSON Lines) on hand-made results.

No spaCy: the StoryResult objects are built by hand, with an empty assertion table.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pandas as pd
import pytest

from checker.model import ASSERTION_COLUMNS, RESOLVED_COLUMNS, Article, Evidence, Finding, StoryResult
from checker.report.github import escape_data, escape_property, render_github
from checker.report.json_report import finding_dict
from checker.report.jsonl import render_jsonl
from checker.report.junit import render_junit
from checker.report.sarif import render_sarif

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-2.1.0-subset.json"


def article(story: str, source: str, path: str) -> Article:
    return Article(id=source, story=story, path=path, outlet=source.title(), published=date(2024, 5, 1), url=None,
                   title=None, author=None, role=None, text="", body_start=0, line_starts=(0,))


def finding(fid: str, rule: str, category: str, severity: str, message: str, *evidence: Evidence,
            field: str | None = None, values: dict[str, str] | None = None) -> Finding:
    sources = tuple(dict.fromkeys(e.source for e in evidence))
    return Finding(id=fid, rule=rule, category=category, severity=severity, entities=("Ada Vale",), field=field,
                   values=values or {}, sources=sources, evidence=tuple(evidence), message=message)


def story(name: str, articles: tuple[Article, ...], findings: tuple[Finding, ...]) -> StoryResult:
    table = pd.DataFrame(columns=list(ASSERTION_COLUMNS + RESOLVED_COLUMNS))
    return StoryResult(story=name, articles=articles, entities=(), assertions=table, findings=findings)


A1 = Evidence("wire", "Ada Vale, the mayor, arrived on Tuesday.", 7, 120, 160)
A2 = Evidence("herald", "Mayor Ada Vale arrived on Wednesday.", 12, 300, 336)
A3 = Evidence("herald", "Vale called it \"100% done: finished, signed\".", 15, 400, 446)


@pytest.fixture()
def results() -> list[StoryResult]:
    arts = (article("vale-visit", "wire", "sources/vale-visit/wire.md"),
            article("vale-visit", "herald", "sources/vale-visit/the herald.md"))
    first = story("vale-visit", arts, (
        finding("f1", "time-consistency", "discrepancy", "error", "Ada Vale arrived: Tuesday vs Wednesday", A1, A2,
                field="time", values={"herald": "Wednesday", "wire": "Tuesday"}),
        finding("f2", "unconfirmed-claim", "unconfirmed", "warning", "Deal is \"100% done\":\nnot confirmed, yet", A3),
        finding("f3", "corroboration", "single_source", "info", "Only the wire says the mayor arrived", A1),
        finding("f4", "time-consistency", "agreement", "info", "Both say Ada Vale is mayor", A1, A2),
    ))
    second = story("quiet-story", (article("quiet-story", "wire", "sources/quiet-story/wire.md"),), ())
    return [first, second]


# --- SARIF -------------------------------------------------------------------------------------------------


def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert "subset" in schema["description"].lower()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_validates_against_schema_subset(results: list[StoryResult]) -> None:
    sarif_validator().validate(json.loads(render_sarif(results)))
    sarif_validator().validate(json.loads(render_sarif([])))


@pytest.mark.parametrize("path, bad", [
    (("version",), "2.0.0"),
    (("runs", 0, "results", 0, "level"), "info"),
    (("runs", 0, "results", 0, "locations", 0, "physicalLocation", "region", "startLine"), 0),
    (("runs", 0, "results", 0, "message"), {"markdown": "no text"}),
    (("runs", 0, "tool", "driver", "rules", 0, "shortDescription"), {}),
    (("runs", 0, "results", 0, "partialFingerprints", "checkerFinding/v1"), 1),
    (("runs", 0, "results", 0, "locations", 0, "physicalLocation", "region", "startline"), 3),
])
def test_sarif_schema_subset_rejects_broken_logs(results: list[StoryResult], path: tuple, bad: object) -> None:
    log = json.loads(render_sarif(results))
    node = log
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = bad
    assert not sarif_validator().is_valid(log)


def test_sarif_content(results: list[StoryResult]) -> None:
    log = json.loads(render_sarif(results))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "checker"
    assert [(r["id"], r["shortDescription"]["text"]) for r in driver["rules"]] == [
        ("corroboration", "single_source"), ("time-consistency", "agreement, discrepancy"),
        ("unconfirmed-claim", "unconfirmed")]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("time-consistency", "error"), ("unconfirmed-claim", "warning"), ("corroboration", "note"),
        ("time-consistency", "note")]
    assert all(driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    first = run["results"][0]
    assert first["message"]["text"] == "Ada Vale arrived: Tuesday vs Wednesday"
    assert first["partialFingerprints"] == {"checkerFinding/v1": "f1"}
    assert first["properties"] == {"story": "vale-visit", "category": "discrepancy", "field": "time",
                                   "values": {"herald": "Wednesday", "wire": "Tuesday"}, "entities": ["Ada Vale"]}
    locations = [loc["physicalLocation"] for loc in first["locations"]]
    assert locations == [
        {"artifactLocation": {"uri": "sources/vale-visit/wire.md"},
         "region": {"startLine": 7, "snippet": {"text": A1.quote}}},
        {"artifactLocation": {"uri": "sources/vale-visit/the%20herald.md"},
         "region": {"startLine": 12, "snippet": {"text": A2.quote}}},
    ]
    assert run["results"][3]["properties"]["field"] is None


def test_sarif_uris_are_relative_references_to_the_article(results: list[StoryResult]) -> None:
    log = json.loads(render_sarif(results))
    paths = {a.path for r in results for a in r.articles}
    for result in log["runs"][0]["results"]:
        for location in result["locations"]:
            uri = location["physicalLocation"]["artifactLocation"]["uri"]
            parts = urlsplit(uri)
            assert not parts.scheme and not parts.netloc and " " not in uri
            assert unquote(uri) in paths


def test_sarif_is_deterministic_with_sorted_keys(results: list[StoryResult]) -> None:
    text = render_sarif(results)
    assert text == render_sarif(results)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def test_sarif_without_findings_has_empty_rules_and_results(results: list[StoryResult]) -> None:
    run = json.loads(render_sarif(results[1:]))["runs"][0]
    assert run["tool"]["driver"]["rules"] == [] and run["results"] == []


# --- GitHub workflow commands ------------------------------------------------------------------------------


def test_github_one_command_per_finding(results: list[StoryResult]) -> None:
    lines = render_github(results).splitlines()
    assert len(lines) == 4
    assert lines[0] == "::error file=sources/vale-visit/wire.md,line=7,title=time-consistency::" \
                       "Ada Vale arrived: Tuesday vs Wednesday"
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning", "::notice", "::notice"]
    assert lines[2] == "::notice file=sources/vale-visit/wire.md,line=7,title=corroboration::" \
                       "Only the wire says the mayor arrived"


def test_github_escapes_message_data(results: list[StoryResult]) -> None:
    line = render_github(results).splitlines()[1]
    assert line == "::warning file=sources/vale-visit/the herald.md,line=15,title=unconfirmed-claim::" \
                   "Deal is \"100%25 done\":%0Anot confirmed, yet"


def test_github_escapes_properties() -> None:
    arts = (article("s", "odd", "dir:x/a,b%.md"),)
    evidence = Evidence("odd", "quote", 3, 0, 5)
    result = story("s", arts, (finding("x", "rule:one,two", "naming", "warning", "a\r\nb %0A", evidence),))
    expected = "::warning file=dir%3Ax/a%2Cb%25.md,line=3,title=rule%3Aone%2Ctwo::a%0D%0Ab %250A\n"
    assert render_github([result]) == expected


@pytest.mark.parametrize("raw, data, prop", [
    ("plain", "plain", "plain"),
    ("50%", "50%25", "50%25"),
    ("%0A", "%250A", "%250A"),
    ("a\nb\rc", "a%0Ab%0Dc", "a%0Ab%0Dc"),
    ("k: v, w", "k: v, w", "k%3A v%2C w"),
    ("::error::", "::error::", "%3A%3Aerror%3A%3A"),
])
def test_github_escape_functions(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_github_finding_without_evidence_and_empty_run() -> None:
    result = story("s", (), (finding("x", "r", "unconfirmed", "error", "no quote"),))
    assert render_github([result]) == "::error title=r::no quote\n"
    assert render_github([]) == ""


# --- JUnit XML ---------------------------------------------------------------------------------------------


def test_junit_parses_and_counts_failures(results: list[StoryResult]) -> None:
    text = render_junit(results)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n') and text.endswith("</testsuites>\n")
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("4", "2", "0", "0")
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in suites] == [
        ("vale-visit", "3", "2"), ("quiet-story", "1", "0")]
    assert len(root.findall(".//failure")) == 2
    assert len(root.findall(".//testcase")) == int(root.get("tests"))


def test_junit_failure_content(results: list[StoryResult]) -> None:
    cases = ET.fromstring(render_junit(results)).find("testsuite").findall("testcase")
    first = cases[0]
    assert first.get("classname") == "checker.vale-visit" and first.get("name") == "time-consistency f1"
    assert (first.get("file"), first.get("line")) == ("sources/vale-visit/wire.md", "7")
    failure = first.find("failure")
    assert failure.get("type") == "error" and failure.get("message") == "Ada Vale arrived: Tuesday vs Wednesday"
    assert failure.text.splitlines() == [f"sources/vale-visit/wire.md:7: {A1.quote}",
                                         f"sources/vale-visit/the herald.md:12: {A2.quote}"]
    assert cases[1].find("failure").get("message") == "Deal is \"100% done\":\nnot confirmed, yet"


def test_junit_info_findings_are_one_passing_case(results: list[StoryResult]) -> None:
    suites = ET.fromstring(render_junit(results)).findall("testsuite")
    info = suites[0].findall("testcase")[-1]
    assert info.get("name") == "info findings" and info.find("failure") is None
    assert info.find("system-out").text.splitlines() == [
        "sources/vale-visit/wire.md:7: corroboration Only the wire says the mayor arrived",
        "sources/vale-visit/wire.md:7: time-consistency Both say Ada Vale is mayor"]
    (quiet,) = suites[1].findall("testcase")
    assert quiet.find("system-out").text == "no info findings"


def test_junit_drops_characters_xml_cannot_carry_and_is_deterministic() -> None:
    evidence = Evidence("wire", "bad \x00\x0b\x1b char", 2, 0, 10)
    result = story("s", (article("s", "wire", "s/wire.md"),),
                   (finding("x", "r", "discrepancy", "warning", "ctrl \x07 <&> é", evidence),))
    text = render_junit([result])
    failure = ET.fromstring(text).find(".//failure")
    assert failure.get("message") == "ctrl  <&> é"
    assert failure.text == "s/wire.md:2: bad  char"
    assert text == render_junit([result])


# --- JSON Lines --------------------------------------------------------------------------------------------


def test_jsonl_one_object_per_finding(results: list[StoryResult]) -> None:
    text = render_jsonl(results)
    assert text.endswith("\n")
    lines = text.splitlines()
    assert len(lines) == 4
    records = [json.loads(line) for line in lines]
    expected = [{"story": "vale-visit", **finding_dict(f)} for f in results[0].findings]
    assert records == json.loads(json.dumps(expected))
    assert list(records[0])[0] == "story"
    assert render_jsonl([]) == "" and render_jsonl(results[1:]) == ""


def test_jsonl_never_breaks_a_record_across_lines() -> None:
    message = "line\nbreak, unicode\u2028separators\u2029and\x85NEL, é"
    result = story("s", (), (finding("x", "r", "naming", "info", message), finding("y", "r", "naming", "info", "ok")))
    text = render_jsonl([result])
    assert len(text.splitlines()) == 2 and text.count("\n") == 2
    assert json.loads(text.splitlines()[0])["message"] == message
    assert "é" in text
