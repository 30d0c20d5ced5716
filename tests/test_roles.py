"""Roles as a model: the reading of a title (synonyms, kinds, seats, tense), how two sources' titles
compare, and what the role-consistency rule reports on small invented stories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.compare.claims import Equivalences
from checker.compare.rules.base import Record
from checker.compare.rules.config import load_rules
from checker.compare.rules.roles import compare_sources, verdict
from checker.extract.lexicon import load_lexicons
from checker.extract.titles import TitleWords
from checker.pipeline import Options, run


@pytest.fixture(scope="module")
def model() -> Any:
    return TitleWords(load_lexicons()).model


@pytest.mark.parametrize("phrase, title, tense", [
    ("Rep.", "representative", ""),
    ("Congresswoman", "representative", ""),
    ("U.S. Representative", "representative", ""),
    ("Sen.", "senator", ""),
    ("attorney", "lawyer", ""),
    ("Chief Executive Officer", "ceo", ""),
    ("chairwoman", "chair", ""),
    ("former Rep.", "representative", "ended"),
    ("ex-CEO", "ceo", "ended"),
    ("then-Gov.", "governor", "past"),
    ("president and chief executive", "president and ceo", ""),
])
def test_a_title_reads_as_its_canonical_post_and_tense(model: Any, phrase: str, title: str, tense: str) -> None:
    reading = model.read(phrase)
    assert (reading.title, reading.tense) == (title, tense)


@pytest.mark.parametrize("phrase, kind", [
    ("Majority Leader", "senator"), ("Majority Leader", "representative"), ("Minority Whip", "representative"),
    ("Speaker", "representative"), ("partner", "lawyer"), ("prosecutor", "lawyer"), ("senior adviser", "adviser"),
    ("Foreign Minister", "minister"), ("chief executive", "executive"), ("acting director", "director"),
])
def test_a_post_within_a_body_implies_the_membership(model: Any, phrase: str, kind: str) -> None:
    assert kind in model.read(phrase).kinds


def test_a_deputy_is_not_the_post_but_claims_its_seat(model: Any) -> None:
    reading = model.read("deputy director")
    assert "director" not in reading.kinds
    assert "seat of director" in reading.seats


def _row(source: str, title: str, model: Any, org: str = "", tense_words: tuple[str, ...] = (),
         org_entity: str = "") -> Record:
    reading = model.read(title, tense_words)
    slots: dict[str, Any] = {"role": title, "title": reading.title, "kinds": list(reading.kinds),
                             "seats": reading.seats, "tense": reading.tense}
    return Record(source=source, outlet=source, title=reading.title, role=title, org=org, org_key=org.lower(),
                  object_entity=org_entity, slots=slots, line=1, start=0)


@pytest.mark.parametrize("a, b, expected", [
    (("Rep.", ""), ("Congressman", ""), "same"),
    (("Majority Leader", "Senate"), ("Senator", ""), "subset"),
    (("partner", "Hale LLP"), ("attorney", ""), "subset"),
    (("chairwoman", "Velmont Foods"), ("chief executive", "Velmont Foods"), "conflict"),
    (("vice chair", "Harbor Caucus"), ("chair", "Harbor Caucus"), "conflict"),
    (("Senator", ""), ("Representative", ""), "conflict"),
    (("judge", ""), ("attorney", ""), "unrelated"),
    (("spokesman", ""), ("adviser", ""), "unrelated"),
    (("chairwoman", "Velmont Foods"), ("chief executive", "Orland Mills"), "unrelated"),
    (("chairwoman", ""), ("chief executive", ""), "unrelated"),  # no organisation named: may be two
])
def test_two_titles_conflict_only_in_one_seat(model: Any, a: tuple[str, str], b: tuple[str, str], expected: str) -> None:
    assert verdict(_row("x", a[0], model, a[1]), _row("y", b[0], model, b[1])) == expected


def test_a_past_title_never_contradicts_a_present_one(model: Any) -> None:
    then = _row("x", "Gov.", model, "Oland", tense_words=("then",))
    now = _row("y", "Senator", model)
    assert verdict(then, now) == "unrelated"
    assert verdict(_row("x", "former judge", model), _row("y", "attorney", model)) == "unrelated"


def test_a_post_called_former_contradicts_the_same_post_given_as_current(model: Any) -> None:
    former = _row("x", "former executive", model, "Velmont Foods")
    current = _row("y", "chief executive", model, "Velmont Foods")
    assert verdict(former, current) == "conflict"
    assert verdict(former, _row("y", "chief executive", model, "Orland Mills")) == "unrelated"


def test_an_organisation_that_is_a_person_or_a_demonym_is_no_employer(model: Any) -> None:
    lawyer = _row("x", "lawyer", model, "Tomas Veidt", org_entity="e1")
    assert verdict(lawyer, _row("y", "attorney", model), {"e1": "PERSON"}) == "same"
    minister = _row("x", "former minister", model, "Baptist", org_entity="e2")
    assert verdict(minister, _row("y", "minister", model, "Baptist", org_entity="e2"), {"e2": "NORP"}) == "unrelated"


def test_several_posts_at_once_void_a_conflict(model: Any) -> None:
    both = [_row("x", "chairwoman", model, "Velmont Foods"), _row("x", "chief executive", model, "Velmont Foods")]
    kind, _rows = compare_sources(both, [_row("y", "CEO", model, "Velmont Foods")])
    assert kind != "conflict"
    kind, rows = compare_sources(both[:1], [_row("y", "CEO", model, "Velmont Foods")])
    assert kind == "conflict" and len(rows) == 2


def test_equivalence_groups_that_share_a_value_are_one() -> None:
    packaged = [list(g) for g in load_rules(None).equivalences]
    equal = Equivalences([*packaged, ["chairman", "CEO"]])
    assert equal("chair") == equal("chief executive") == equal("CEO") == equal("chairwoman")
    assert Equivalences(packaged)("chair") != Equivalences(packaged)("ceo")


# --- end to end on invented stories ---------------------------------------------------------------------------------

STORIES = {
    "congress-synonyms": ("Rep. Mara Ostrova spoke on Tuesday.",
                          "Congresswoman Mara Ostrova spoke on Tuesday. Representative Mara Ostrova left."),
    "leader-is-senator": ("Senate Majority Leader Tomas Veidt spoke on Tuesday.", "Sen. Tomas Veidt spoke on Tuesday."),
    "partner-is-attorney": ("Mara Ostrova, a partner at Velmont & Hale, spoke on Tuesday.",
                            "Attorney Mara Ostrova spoke on Tuesday."),
    "former-prosecutor": ("Tomas Veidt, a former prosecutor, spoke on Tuesday.", "Judge Tomas Veidt spoke on Tuesday."),
    "vice-chair-vs-chair": ("Mara Ostrova, vice chair of the Harbor Caucus, spoke on Tuesday.",
                            "Mara Ostrova, chair of the Harbor Caucus, spoke on Tuesday."),
    "former-vs-current": ("Former Velmont Foods executive Mara Ostrova spoke on Tuesday.",
                          "Mara Ostrova, chief executive of Velmont Foods, spoke on Tuesday."),
    "two-posts-at-once": ("Mara Ostrova, chairwoman and chief executive of Velmont Foods, spoke on Tuesday.",
                          "Velmont Foods CEO Mara Ostrova spoke on Tuesday."),
    "chair-vs-ceo": ("Velmont Foods' chief executive, Mara Ostrova, spoke on Tuesday.",
                     "Mara Ostrova, chairwoman of Velmont Foods, spoke on Tuesday."),
    "relative-clause": ("It came in the words of the president Tomas Veidt worked for.", "Tomas Veidt spoke on Tuesday."),
    "client-is-no-employer": ("Mara Ostrova, a lawyer for Tomas Veidt, spoke on Tuesday.",
                              "Attorney Mara Ostrova spoke on Tuesday."),
    "title-of-the-next-name": ("Pell, House Minority Whip Tomas Veidt and Mara Ostrova spoke on Tuesday.",
                               "Mara Ostrova spoke on Tuesday."),
}


def _check(tmp_path: Path, rules: Path | None = None) -> dict[str, Any]:
    for name, (lake, hill) in STORIES.items():
        folder = tmp_path / "stories" / name
        folder.mkdir(parents=True, exist_ok=True)
        for slug, outlet, text in (("lake-wire", "Lake Wire", lake), ("hill-post", "Hill Post", hill)):
            (folder / f"{slug}.md").write_text(f"---\noutlet: {outlet}\npublished: 2024-05-02\n---\n{text}\n",
                                               encoding="utf-8")
    results = run([tmp_path / "stories"], load_rules(rules), Options(cache_dir=None, jobs=1))
    return {r.story: r for r in results}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _check(tmp_path_factory.mktemp("roles"))


def _role_findings(result: Any, category: str) -> list[Any]:
    return [f for f in result.findings if f.rule == "role-consistency" and f.category == category]


@pytest.mark.parametrize("story", ["congress-synonyms", "leader-is-senator", "partner-is-attorney", "former-prosecutor",
                                   "two-posts-at-once", "relative-clause", "client-is-no-employer",
                                   "title-of-the-next-name"])
def test_compatible_titles_are_no_discrepancy(checked: dict[str, Any], story: str) -> None:
    assert not _role_findings(checked[story], "discrepancy")


@pytest.mark.parametrize("story", ["vice-chair-vs-chair", "former-vs-current", "chair-vs-ceo"])
def test_two_titles_for_one_seat_are_a_warning(checked: dict[str, Any], story: str) -> None:
    [finding] = _role_findings(checked[story], "discrepancy")
    assert finding.severity == "warning"


def test_a_post_within_a_body_is_reported_as_compatible(checked: dict[str, Any]) -> None:
    [finding] = _role_findings(checked["leader-is-senator"], "agreement")
    assert finding.severity == "info" and "Majority Leader" in finding.message


def _roles(result: Any) -> list[dict[str, Any]]:
    frame = result.assertions
    return frame[frame["kind"] == "role"].to_dict("records")


def test_a_title_is_never_read_from_a_relative_clause_or_the_next_name(checked: dict[str, Any]) -> None:
    assert not _roles(checked["relative-clause"])
    assert {r["subject"] for r in _roles(checked["title-of-the-next-name"])} <= {"Tomas Veidt"}


def test_a_person_is_never_the_organisation_of_a_role(checked: dict[str, Any]) -> None:
    assert all(r["org"] != "Tomas Veidt" for r in _roles(checked["client-is-no-employer"]))


def test_user_equivalence_of_chairman_and_ceo_removes_the_discrepancy(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: default\nequivalences:\n  - [chairman, CEO]\n", encoding="utf-8")
    results = _check(tmp_path, rules)
    assert not _role_findings(results["chair-vs-ceo"], "discrepancy")
    assert _role_findings(results["vice-chair-vs-chair"], "discrepancy")  # other titles still differ


def test_a_plural_title_before_a_list_gives_each_name_the_singular_title() -> None:
    words = TitleWords(load_lexicons())
    assert words.normalise("Senators") == words.normalise("Senator")
    assert words.is_head("senators") and not words.is_head("senses")

    from tests.test_statements import rows_of

    rows = rows_of("The harbour plan split the committee. Senators Helen Foster of Dunmore and Peter Hale backed it.\n",
                   "role")
    assert any(r["subject"] == "Helen Foster" and r["slots"].get("title", "").lower().startswith("senator") for r in rows), rows
