"""Machine output formats (SARIF, GitHub workflow commands, JUnit XML, JSON Lines) on hand-made results.

No spaCy: the StoryResult objects are built by hand, with an empty assertion table.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dataclasses import replace

import jsonschema
import pandas as pd
import pytest
from lxml import etree

import checker
from checker.compare.rules.config import load_rules
from checker.compare.rules.reference import type_doc
from checker.model import ASSERTION_COLUMNS, RESOLVED_COLUMNS, Article, Evidence, Finding, StoryResult, Waiver
from checker.report.github import escape_data, escape_property, render_github
from checker.report.json_report import finding_dict
from checker.report.jsonl import render_jsonl
from checker.report.junit import render_junit
from checker.report.sarif import render_sarif, sarif_log
from checker.report.text import render_text
from checker.triage import run_fails

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
JUNIT_XSD = Path(__file__).parent / "data" / "junit-10.xsd"


def article(story: str, source: str, path: str, line_starts: tuple[int, ...] = (0,)) -> Article:
    return Article(id=source, story=story, path=path, outlet=source.title(), published=date(2024, 5, 1), url=None,
                   title=None, author=None, role=None, text="", body_start=0, line_starts=line_starts)


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
        replace(finding("f3", "corroboration", "single_source", "info", "Only the wire says the mayor arrived", A1),
                claim="the wire's claim"),
        finding("f4", "time-consistency", "agreement", "info", "Both say Ada Vale is mayor", A1, A2),
    ))
    second = story("quiet-story", (article("quiet-story", "wire", "sources/quiet-story/wire.md"),), ())
    return [first, second]


# --- SARIF -------------------------------------------------------------------------------------------------


def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_validates_against_the_official_schema(results: list[StoryResult]) -> None:
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
def test_sarif_schema_rejects_broken_logs(results: list[StoryResult], path: tuple, bad: object) -> None:
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
    assert (driver["name"], driver["version"]) == ("checker", checker.__version__)
    assert driver["informationUri"].startswith("https://")
    assert [(r["id"], r["shortDescription"]["text"]) for r in driver["rules"]] == [
        ("corroboration", "single_source"), ("time-consistency", "agreement, discrepancy"),
        ("unconfirmed-claim", "unconfirmed")]
    # The agreement (f4) is good news, not an alert: left out by default.
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("time-consistency", "error"), ("unconfirmed-claim", "warning"), ("corroboration", "note")]
    assert all(driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    first = run["results"][0]
    assert first["message"]["text"] == "Ada Vale arrived: Tuesday vs Wednesday (also: [the herald.md:12](1))"
    assert first["partialFingerprints"] == {"checkerFinding/v1": "f1"}
    assert first["properties"] == {"story": "vale-visit", "category": "discrepancy", "field": "time",
                                   "values": {"herald": "Wednesday", "wire": "Tuesday"}, "entities": ["Ada Vale"]}
    # GitHub shows only the first location: the other source's quote is a related location.
    assert [loc["physicalLocation"] for loc in first["locations"]] == [
        {"artifactLocation": {"uri": "sources/vale-visit/wire.md"},
         "region": {"startLine": 7, "snippet": {"text": A1.quote}}}]
    assert first["relatedLocations"] == [
        {"id": 1, "message": {"text": f"Herald: {A2.quote}"},
         "physicalLocation": {"artifactLocation": {"uri": "sources/vale-visit/the%20herald.md"},
                              "region": {"startLine": 12, "snippet": {"text": A2.quote}}}}]
    assert "relatedLocations" not in run["results"][1] and "suppressions" not in first


def test_sarif_agreements_on_request(results: list[StoryResult]) -> None:
    run = json.loads(render_sarif(results, agreements=True))["runs"][0]
    assert [r["partialFingerprints"]["checkerFinding/v1"] for r in run["results"]] == ["f1", "f2", "f3", "f4"]
    assert run["results"][3]["properties"]["field"] is None


def test_sarif_rules_carry_the_rule_documentation(results: list[StoryResult]) -> None:
    rules = load_rules(None).rules
    log = json.loads(render_sarif(results, rules))
    sarif_validator().validate(log)
    descriptors = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert set(descriptors) == {r.id for r in rules} | {"time-consistency", "unconfirmed-claim"}
    for rule in rules:
        descriptor = descriptors[rule.id]
        assert descriptor["shortDescription"]["text"] == rule.description != ""
        assert descriptor["fullDescription"]["text"].startswith(rule.description)
        assert type_doc(rule.type) in descriptor["help"]["text"] and descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning",
                                                               "info": "note"}[rule.severity]


def test_sarif_writes_baselined_and_suppressed_findings_with_suppressions(results: list[StoryResult]) -> None:
    f1, f2 = results[0].findings[:2]
    waived = (Waiver(f1, "baselined", "both dates are reported", "checker-baseline.yaml", 4),
              Waiver(f2, "suppressed", "", "sources/vale-visit/the herald.md", 14))
    log = json.loads(render_sarif([replace(results[0], findings=results[0].findings[2:], waived=waived)]))
    sarif_validator().validate(log)
    by_id = {r["partialFingerprints"]["checkerFinding/v1"]: r for r in log["runs"][0]["results"]}
    assert set(by_id) == {"f1", "f2", "f3"} and "suppressions" not in by_id["f3"]
    assert by_id["f1"]["suppressions"] == [{
        "kind": "external", "status": "accepted", "justification": "baselined: both dates are reported",
        "location": {"physicalLocation": {"artifactLocation": {"uri": "checker-baseline.yaml"},
                                          "region": {"startLine": 4}}}}]
    assert by_id["f2"]["suppressions"][0]["kind"] == "inSource"
    assert by_id["f2"]["suppressions"][0]["location"]["physicalLocation"]["artifactLocation"]["uri"] == \
        "sources/vale-visit/the%20herald.md"


def spanned() -> StoryResult:
    """A finding whose quotes sit at real offsets: one on line 2 (columns 5-9), one over lines 2-3."""
    text = "---\nHello Ada Vale here.\nnext line\n"
    starts = (0, 4, 24, 34)
    assert text[starts[1] + 6:starts[1] + 14] == "Ada Vale"
    arts = (article("s", "wire", "s/wire.md", starts),)
    one = Evidence("wire", "Ada Vale", 2, starts[1] + 6, starts[1] + 14)
    two = Evidence("wire", "here.\nnext", 2, starts[1] + 15, starts[2] + 4)
    return story("s", arts, (finding("a", "r", "discrepancy", "error", "m", one),
                             finding("b", "r", "discrepancy", "error", "n", two)))


def test_sarif_and_github_regions_come_from_the_evidence_span() -> None:
    result = spanned()
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in sarif_log([result])["runs"][0]["results"]]
    assert [(r["startLine"], r["startColumn"], r["endLine"], r["endColumn"]) for r in regions] == [
        (2, 7, 2, 15), (2, 16, 3, 5)]  # SARIF's endColumn is one past the last character
    assert sarif_log([result])["runs"][0]["columnKind"] == "unicodeCodePoints"
    lines = render_github([result]).splitlines()
    assert lines[0] == "::error file=s/wire.md,line=2,col=7,endColumn=14,title=r::m"
    assert lines[1] == "::error file=s/wire.md,line=2,endLine=3,title=r::n"


def test_sarif_uris_are_relative_references_to_the_article(results: list[StoryResult]) -> None:
    log = json.loads(render_sarif(results))
    paths = {a.path for r in results for a in r.articles}
    for result in log["runs"][0]["results"]:
        for location in result["locations"] + result.get("relatedLocations", []):
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


def test_github_orders_by_severity_and_says_how_many_are_not_shown() -> None:
    evidence = Evidence("wire", "q", 3, 0, 1)
    findings = [finding(f"i{n}", "r", "single_source", "info", f"info {n}", evidence) for n in range(12)]
    findings += [finding(f"e{n}", "r", "discrepancy", "error", f"error {n}", evidence) for n in range(11)]
    findings.append(finding("w", "r", "unconfirmed", "warning", "warn\nline", evidence))
    lines = render_github([story("s", (article("s", "wire", "s/wire.md"),), tuple(findings))]).splitlines()
    commands = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert commands == ["::error"] * 10 + ["::warning"] + ["::notice"] * 10  # GitHub shows 10 per level
    assert lines[:2] == ["::error file=s/wire.md,line=3,title=r::error 0", "::error file=s/wire.md,line=3,title=r::error 1"]
    assert lines[21:24] == ["s/wire.md:3: error r error 10", "s/wire.md:3: info r info 10", "s/wire.md:3: info r info 11"]
    assert lines[24:] == ["checker: 3 more findings (1 error, 2 notices) than GitHub shows as annotations "
                          "(10 per level); they are listed above and in the report"]


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


# --- text --------------------------------------------------------------------------------------------------


def test_text_keeps_a_finding_on_one_line_when_its_message_holds_a_newline(results: list[StoryResult]) -> None:
    lines = render_text(results).splitlines()
    assert len(lines) == 5  # four findings and the summary
    assert lines[1] == 'sources/vale-visit/the herald.md:15: warning unconfirmed-claim Deal is "100% done": ' \
                       "not confirmed, yet"


# --- JUnit XML ---------------------------------------------------------------------------------------------


def junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(JUNIT_XSD)))


@pytest.mark.parametrize("fail_on", ["error", "warning", "info", "never"])
def test_junit_is_valid_for_jenkins_xunit(results: list[StoryResult], fail_on: str) -> None:
    waived = replace(results[0], waived=(Waiver(results[0].findings[0], "baselined", "ok", "b.yaml", 3),))
    for run in (results, [waived], []):
        document = etree.fromstring(render_junit(run, fail_on).encode("utf-8"))
        schema = junit_schema()
        assert schema.validate(document), schema.error_log


def test_junit_fails_only_what_fails_the_run(results: list[StoryResult]) -> None:
    counts = {}
    for fail_on in ("error", "warning", "info", "never"):
        root = ET.fromstring(render_junit(results, fail_on))
        counts[fail_on] = (root.get("failures"), len(root.findall(".//failure")))
    # info: the single-source claim fails too, never the agreement; the exit code follows the same rule.
    assert counts == {"error": ("1", 1), "warning": ("2", 2), "info": ("3", 3), "never": ("0", 0)}
    assert [run_fails(results, f) for f in ("error", "warning", "info", "never")] == [True, True, True, False]


def test_junit_layout_and_readable_names(results: list[StoryResult]) -> None:
    text = render_junit(results, "warning")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n') and text.endswith("</testsuites>\n")
    root = ET.fromstring(text)
    assert dict(root.attrib) == {"name": "checker", "tests": "5", "failures": "2", "errors": "0"}
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures"), s.get("skipped")) for s in suites] == [
        ("vale-visit", "4", "2", "0"), ("quiet-story", "1", "0", "0")]
    cases = suites[0].findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("checker.vale-visit.time-consistency", "Ada Vale arrived: Tuesday vs Wednesday"),
        ("checker.vale-visit.unconfirmed-claim", 'Deal is "100% done": not confirmed, yet'),
        ("checker.vale-visit.corroboration", "the wire's claim"),
        ("checker.vale-visit.time-consistency", "Both say Ada Vale is mayor")]
    assert all(set(c.attrib) == {"classname", "name"} for c in root.iter("testcase"))
    failure = cases[0].find("failure")
    assert failure.get("type") == "error" and failure.get("message") == "Ada Vale arrived: Tuesday vs Wednesday"
    assert failure.text.splitlines() == [f"sources/vale-visit/wire.md:7: {A1.quote}",
                                         f"sources/vale-visit/the herald.md:12: {A2.quote}"]
    assert cases[2].find("failure") is None
    assert cases[2].find("system-out").text.splitlines() == [
        "info (single_source): Only the wire says the mayor arrived", f"sources/vale-visit/wire.md:7: {A1.quote}"]
    (quiet,) = suites[1].findall("testcase")
    assert quiet.get("name") == "no findings"


def test_junit_repeated_claims_get_a_number_and_waived_findings_are_skipped(results: list[StoryResult]) -> None:
    f1 = results[0].findings[0]
    twin = replace(f1, id="f9")
    result = replace(results[0], findings=(f1, twin), waived=(Waiver(results[0].findings[1], "suppressed", "fine",
                                                                     "sources/vale-visit/the herald.md", 14),))
    cases = ET.fromstring(render_junit([result])).find("testsuite").findall("testcase")
    assert [c.get("name") for c in cases] == ["Ada Vale arrived: Tuesday vs Wednesday",
                                              "Ada Vale arrived: Tuesday vs Wednesday (2)",
                                              'Deal is "100% done": not confirmed, yet']
    skipped = cases[2].find("skipped")
    assert (skipped.get("type"), skipped.get("message")) == (
        "suppressed", "suppressed at sources/vale-visit/the herald.md:14: fine")


def test_junit_drops_characters_xml_cannot_carry_and_is_deterministic() -> None:
    evidence = Evidence("wire", "bad \x00\x0b\x1b char", 2, 0, 10)
    result = story("s", (article("s", "wire", "s/wire.md"),),
                   (finding("x", "r", "discrepancy", "warning", "ctrl \x07 <&> é", evidence),))
    text = render_junit([result], "warning")
    failure = ET.fromstring(text).find(".//failure")
    assert failure.get("message") == "ctrl  <&> é"
    assert failure.text == "s/wire.md:2: bad  char"
    assert text == render_junit([result], "warning")


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
