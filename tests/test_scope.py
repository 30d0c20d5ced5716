"""Cues by scope: a hedge, denial, non-confirmation or attribution marks a claim only when it governs
the claim's clause or names it; an appositive aside (an age) is the writer's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.compare.rules.config import load_rules
from checker.pipeline import Options, run

STORIES = {
    "age-aside": "Mara Ostrova, 44, resigned on Tuesday, two people familiar with the matter said.",
    "reportedly": "Mara Ostrova reportedly met Tomas Veidt on Tuesday.",
    "unnamed-refusal": "Mara Ostrova met Tomas Veidt on Tuesday. A spokesman did not respond to requests for comment.",
    "other-matter": "Mara Ostrova met Tomas Veidt on Tuesday. The ministry could not confirm the budget figures.",
    "party-declines": "Velmont Foods chief executive Mara Ostrova met Tomas Veidt on Tuesday. "
                      "Velmont Foods declined to comment.",
    "names-the-event": "Mara Ostrova met Tomas Veidt on Tuesday. The two companies have not confirmed the meeting.",
    "could-not-confirm": "It could not be confirmed that Mara Ostrova met Tomas Veidt on Tuesday.",
    "because-clause": "Tomas Veidt could not be impartial because Mara Ostrova resigned in May.",
    "relative-clause": "Mara Ostrova, who may run for mayor, met Tomas Veidt on Tuesday.",
    "denial": "Tomas Veidt denied that he met Mara Ostrova on Tuesday.",
    "conditional": "If Mara Ostrova resigned on Tuesday, Tomas Veidt would lead the company.",
    "disputed-report": "The ministry disputed the report that said Tomas Veidt met Mara Ostrova on Tuesday.",
    "forecast": "Mara Ostrova could win the race in November.",
    "may-have": "Mara Ostrova may have met Tomas Veidt on Tuesday.",
    "comment-on-the-event": "Mara Ostrova met Tomas Veidt on Tuesday. The ministry declined to comment on the meeting.",
    "respond-to-another-matter": "Mara Ostrova did not respond to the call for her resignation. "
                                 "She said the harbor budget was balanced last year.",
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("scope") / "stories"
    for name, text in STORIES.items():
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "lake-wire.md").write_text(f"---\noutlet: Lake Wire\npublished: 2024-05-02\n---\n{text}\n",
                                             encoding="utf-8")
    return {r.story: r for r in run([root], load_rules(None), Options(cache_dir=None, jobs=1))}


def _rows(result: Any, kind: str, predicate: str | None = None) -> list[dict[str, Any]]:
    frame = result.assertions
    rows = frame[frame["kind"] == kind].to_dict("records")
    return [r for r in rows if predicate is None or r["predicate"] == predicate]


def _unconfirmed(result: Any) -> list[Any]:
    return [f for f in result.findings if f.category == "unconfirmed"]


def test_an_age_in_an_aside_is_not_what_the_sources_are_credited_with(checked: dict[str, Any]) -> None:
    result = checked["age-aside"]
    [age] = [r for r in _rows(result, "quantity") if r["slots"].get("measure") == "age"]
    assert (age["attribution"], age["modality"]) == ("", "asserted")
    assert not [f for f in _unconfirmed(result) if "age" in f.claim]
    [resigned] = _rows(result, "event", "resign")
    assert resigned["attribution_type"] == "anonymous" and resigned["modality"] == "reported"


def test_a_hedge_on_the_predicate_marks_it(checked: dict[str, Any]) -> None:
    [meeting] = _rows(checked["reportedly"], "meeting")
    assert meeting["modality"] == "reported"
    assert _unconfirmed(checked["reportedly"])


@pytest.mark.parametrize("story", ["unnamed-refusal", "other-matter", "respond-to-another-matter"])
def test_a_non_confirmation_that_names_neither_party_nor_event_marks_nothing(checked: dict[str, Any], story: str) -> None:
    assert not _unconfirmed(checked[story])


@pytest.mark.parametrize("story", ["party-declines", "names-the-event", "comment-on-the-event"])
def test_a_non_confirmation_that_names_a_party_or_the_event_marks_it(checked: dict[str, Any], story: str) -> None:
    [finding] = _unconfirmed(checked[story])
    assert "not confirmed by the parties" in " ".join(finding.values.values())


def test_could_not_be_confirmed_governs_its_complement(checked: dict[str, Any]) -> None:
    [meeting] = _rows(checked["could-not-confirm"], "meeting")
    assert meeting["modality"] == "unconfirmed"


def test_a_denial_governs_its_complement(checked: dict[str, Any]) -> None:
    [meeting] = _rows(checked["denial"], "meeting")
    assert meeting["modality"] == "denied"


@pytest.mark.parametrize("story, kind", [("because-clause", "event"), ("relative-clause", "meeting")])
def test_a_hedge_in_another_clause_does_not_reach_the_claim(checked: dict[str, Any], story: str, kind: str) -> None:
    rows = _rows(checked[story], kind)
    assert rows and all(r["modality"] == "asserted" for r in rows)


def test_an_if_clause_is_hypothetical(checked: dict[str, Any]) -> None:
    rows = _rows(checked["conditional"], "event", "resign")
    assert rows and all(r["modality"] != "asserted" for r in rows)


def test_a_denial_of_a_report_reaches_what_the_report_says(checked: dict[str, Any]) -> None:
    [meeting] = _rows(checked["disputed-report"], "meeting")
    assert meeting["modality"] == "denied"


def test_a_modal_on_a_bare_verb_is_a_forecast_and_on_a_perfect_a_hedge(checked: dict[str, Any]) -> None:
    assert all(r["modality"] == "expected" for r in _rows(checked["forecast"], "event"))
    assert not _unconfirmed(checked["forecast"])
    [meeting] = _rows(checked["may-have"], "meeting")
    assert meeting["modality"] == "hedged"
