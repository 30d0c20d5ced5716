"""What the rules find on the example story (one shared spaCy run) and on an invented court story."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.pipeline import Options, run
from checker.compare.rules.config import load_rules

from conftest import REPO_ROOT, STORIES_DIR, ExampleRun, findings


def joined(finding: dict[str, Any]) -> str:
    return " | ".join(finding["values"].values())


def test_json_contract(example_run: ExampleRun) -> None:
    document = example_run.document
    assert document["schema_version"] == 1
    [story] = document["stories"]
    assert story["story"] == "musk-china-2023"
    assert [s["id"] for s in story["sources"]] == ["bloomberg", "global-times"]
    assert [s["outlet"] for s in story["sources"]] == ["Bloomberg", "Global Times"]
    assert {s["published"] for s in story["sources"]} == {"2023-05-31"}
    counted = {c: len(findings(story, c)) for c in story["summary"]}
    assert story["summary"] == counted
    assert len({f["id"] for f in story["findings"]}) == len(story["findings"])


def test_zeng_title_discrepancy(example_run: ExampleRun) -> None:
    [finding] = [f for f in findings(example_run.story, "discrepancy", field="role")
                 if "Zeng Yuqun" in f["entities"]]
    assert finding["rule"] == "role-consistency"
    assert finding["severity"] == "warning"
    assert "chairman" in finding["values"]["global-times"]
    assert "CEO" in finding["values"]["bloomberg"]
    assert finding["sources"] == ["bloomberg", "global-times"]
    assert finding["message"].startswith("Zeng Yuqun has different titles depending on the source")


def test_zeng_name_order(example_run: ExampleRun) -> None:
    [finding] = findings(example_run.story, "naming", field="name_order")
    assert finding["entities"] == ["Zeng Yuqun"]
    assert finding["values"] == {"bloomberg": "Yuqun Zeng", "global-times": "Zeng Yuqun"}
    assert finding["severity"] == "warning"


def test_other_naming_differences(example_run: ExampleRun) -> None:
    fields = {f["entities"][0]: f["field"] for f in findings(example_run.story, "naming")}
    assert fields.get("Contemporary Amperex Technology Co. Ltd.") == "acronym"
    assert fields.get("Tesla Inc.") == "legal_suffix"


def test_musk_zeng_meeting_is_unconfirmed(example_run: ExampleRun) -> None:
    [finding] = [f for f in findings(example_run.story, "unconfirmed")
                 if {"Elon Musk", "Zeng Yuqun"} <= set(f["entities"])]
    assert finding["severity"] == "warning"
    assert finding["sources"] == ["bloomberg", "global-times"]
    assert "ArenaEV" in finding["values"]["bloomberg"]
    assert all("not confirmed by the parties" in v for v in finding["values"].values())
    quotes = " ".join(e["quote"] for e in finding["evidence"])
    assert "CATL declined to comment." in quotes
    assert "have not publicly confirmed the meeting" in quotes


def test_jin_zhuanglong_meeting_is_single_source(example_run: ExampleRun) -> None:
    chosen = [f for f in findings(example_run.story, "single_source") if "Jin Zhuanglong" in f["entities"]]
    meetings = [f for f in chosen if "Elon Musk" in f["entities"]]
    assert len(meetings) == 1
    [meeting] = meetings
    assert meeting["sources"] == ["global-times"]
    assert "Jin Zhuanglong met with Tesla CEO Elon Musk" in meeting["values"]["global-times"]  # its own words
    assert "2023-05-31" in meeting["values"]["global-times"]  # "on Wednesday", the publication day
    assert meeting["severity"] == "info"
    assert meeting["evidence"][0]["line"] == 8


def test_musk_qin_meeting_agreement(example_run: ExampleRun) -> None:
    [finding] = [f for f in findings(example_run.story, "agreement", rule="corroboration")
                 if f["message"].startswith("Elon Musk met Qin Gang")]
    assert finding["sources"] == ["bloomberg", "global-times"]
    for value in finding["values"].values():
        assert "2023-05-30" in value
        assert "Beijing" in value
    assert finding["severity"] == "info"
    assert "2 sources agree" in finding["message"]


def test_decoupling_stance_agreement(example_run: ExampleRun) -> None:
    [finding] = [f for f in findings(example_run.story, "agreement") if "decoupling" in joined(f)]
    assert finding["entities"] == ["Tesla Inc."]
    assert all("stance: oppose" in v for v in finding["values"].values())
    assert set(finding["values"]) == {"bloomberg", "global-times"}
    assert not [f for f in findings(example_run.story, "discrepancy") if "decoupling" in joined(f)]


def test_qin_gang_subset_title_is_an_agreement(example_run: ExampleRun) -> None:
    assert not [f for f in findings(example_run.story, "discrepancy") if "Qin Gang" in f["entities"]]
    [finding] = findings(example_run.story, "agreement", rule="role-consistency")
    assert finding["entities"] == ["Qin Gang"]
    assert finding["field"] == "role"
    assert finding["severity"] == "info"
    assert finding["values"]["bloomberg"] == "Foreign Minister"
    assert "State Councilor and Foreign Minister" in finding["values"]["global-times"]


def test_no_error_findings_on_the_example(example_run: ExampleRun) -> None:
    assert not findings(example_run.story, severity="error")


def test_evidence_quotes_and_lines_match_the_files(example_run: ExampleRun) -> None:
    raw = {s["id"]: (REPO_ROOT / s["path"]).read_text(encoding="utf-8") for s in example_run.story["sources"]}
    checked = 0
    for finding in example_run.story["findings"]:
        for evidence in finding["evidence"]:
            text = raw[evidence["source"]]
            assert text[evidence["start"]:evidence["end"]] == evidence["quote"]
            assert text.count("\n", 0, evidence["start"]) + 1 == evidence["line"]
            checked += 1
    for assertion in example_run.story["assertions"]:
        text = raw[assertion["source"]]
        assert text[assertion["start"]:assertion["end"]] == assertion["quote"]
        assert text.count("\n", 0, assertion["start"]) + 1 == assertion["line"]
    assert checked > 30


def test_entities_of_the_example(example_run: ExampleRun) -> None:
    entities = {e["name"]: e for e in example_run.story["entities"]}
    zeng = entities["Zeng Yuqun"]
    assert zeng["type"] == "PERSON"
    assert "Yuqun Zeng" in zeng["surface_forms"]["bloomberg"]
    assert "Zeng Yuqun" in zeng["surface_forms"]["global-times"]
    assert any(m["reason"] == "name order" and m["field"] == "name_order" for m in zeng["merges"])
    catl = entities["Contemporary Amperex Technology Co. Ltd."]
    assert catl["surface_forms"]["global-times"] == ["CATL"]
    assert entities["China"]["type"] == "GPE"
    assert "Chinese" in entities["China"]["surface_forms"]["bloomberg"]


def test_a_discrepancy_is_not_also_an_agreement(example_run: ExampleRun) -> None:
    disputed = {tuple(f["entities"]) for f in findings(example_run.story, "discrepancy")}
    contradicting = [f["message"] for f in findings(example_run.story, "agreement", rule="corroboration")
                     if tuple(f["entities"]) in disputed and "role" in f["message"]]
    assert contradicting == []


# --- an invented court story: father "Harold Pruett" (72) and son "Harold Pruett Jr." (41) ----------------------

@pytest.fixture(scope="module")
def pruett() -> Any:
    [result] = run([STORIES_DIR / "pruett-wire-fraud-plea"], load_rules(None), Options(cache_dir=None, root=REPO_ROOT))
    return result


def test_pruett_father_and_son_are_two_entities(pruett: Any) -> None:
    names = {e.name for e in pruett.entities if e.type == "PERSON"}
    assert {"Harold Pruett", "Harold Pruett Jr."} <= names


def test_pruett_ages_are_not_a_discrepancy(pruett: Any) -> None:
    father = next(e for e in pruett.entities if e.name == "Harold Pruett")
    assert all("Jr" not in form for forms in father.surface_forms.values() for form in forms)
    for finding in pruett.findings:
        values = " ".join(finding.values.values())
        assert not (finding.category == "discrepancy" and "41" in values and "72" in values), finding.message
