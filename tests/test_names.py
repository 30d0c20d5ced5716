"""Name normalisation and pairwise name tests (checker.resolve.names.NameRules with the packaged lexicons)."""

from __future__ import annotations

import pytest

from checker.extract.lexicon import load_lexicons
from checker.resolve.names import NameRules, fold


@pytest.fixture(scope="module")
def rules() -> NameRules:
    return NameRules(load_lexicons())


def person(rules: NameRules, a: str, b: str) -> tuple[str, str]:
    return rules.person_match(rules.key(a, "PERSON"), rules.key(b, "PERSON"))


@pytest.mark.parametrize("a, b", [
    ("Kim Min-jun", "Min-jun Kim"),
    ("Szalai Bence", "Bence Szalai"),
    ("Zeng Yuqun", "Yuqun Zeng"),
])
def test_name_order(rules: NameRules, a: str, b: str) -> None:
    assert person(rules, a, b) == ("name order", "name_order")
    assert person(rules, b, a) == ("name order", "name_order")


@pytest.mark.parametrize("a, b", [
    ("William Osgood", "Will Osgood"),
    ("Bill Osgood", "William Osgood"),
    ("Jim Castellano", "James Castellano"),
    ("Kate Hale", "Katherine Hale"),
])
def test_diminutive_given_name(rules: NameRules, a: str, b: str) -> None:
    reason, field = person(rules, a, b)
    assert reason.startswith("diminutive of ")
    assert field == "given_name"


def test_diminutive_table(rules: NameRules) -> None:
    assert rules.given_match("will", "william") == "diminutive"
    assert rules.given_match("william", "bill") == "diminutive"
    assert rules.given_match("ted", "ned") == "diminutive"  # both short for Edward
    assert rules.given_match("j", "john") == "initial"
    assert rules.given_match("dana", "roy") == ""


def test_different_given_names_with_one_surname_stay_apart(rules: NameRules) -> None:
    assert person(rules, "Dana Whitlock", "Roy Whitlock") == ("", "")


def test_initial_and_middle_initial(rules: NameRules) -> None:
    assert person(rules, "J. Smith", "John Smith") == ("initial", "given_name")
    assert rules.key("Marian K. Holloway", "PERSON") == rules.key("Marian Holloway", "PERSON")


def test_honorifics_and_possessives_are_dropped(rules: NameRules) -> None:
    assert rules.key("Mr. John Smith", "PERSON") == rules.key("John Smith", "PERSON")
    assert rules.key("Apple Inc.'s", "ORG").tokens == ("apple",)
    assert rules.key("Musk’s", "PERSON").tokens == ("musk",)


def test_generational_suffix_keeps_father_and_son_apart(rules: NameRules) -> None:
    father = rules.key("Harold Pruett", "PERSON")
    son = rules.key("Harold Pruett Jr.", "PERSON")
    assert son.tokens == father.tokens == ("harold", "pruett")
    assert (father.suffix, son.suffix) == ("", "jr")
    assert rules.person_match(father, son) == ("", "")
    assert person(rules, "Harold Pruett Jr.", "Harold Pruett Jr") == ("same name", "")
    assert person(rules, "Harold Pruett Sr.", "Harold Pruett Jr.") == ("", "")


@pytest.mark.parametrize("full, short", [
    ("Tesla Inc.", "Tesla"),
    ("Veltro Group AG", "Veltro"),
    ("Pruett Marine Supply Co.", "Pruett Marine Supply"),
    ("The Boeing Company", "Boeing"),
    ("Nordhaven Rail GmbH", "Nordhaven Rail"),
])
def test_legal_suffixes_are_dropped(rules: NameRules, full: str, short: str) -> None:
    assert rules.key(full, "ORG") == rules.key(short, "ORG")


def test_acronym_with_legal_words(rules: NameRules) -> None:
    long_name = "Northern Basalt Mining Corporation Ltd."
    org = rules.key(long_name, "ORG")
    assert org.tokens == ("northern", "basalt", "mining")
    short = rules.key("NBMC", "ORG")
    # the resolution stage passes the full spelling (legal words kept) as ``long_full``
    assert rules.acronym_of(short, org, rules.key(long_name, "PERSON"))
    assert rules.acronym_of(rules.key("NBM", "ORG"), org)
    assert not rules.acronym_of(rules.key("KBMC", "ORG"), org, rules.key(long_name, "PERSON"))


def test_acronym_with_skipped_words(rules: NameRules) -> None:
    ministry = rules.key("Ministry of Foreign Affairs", "ORG")
    assert rules.acronym_of(rules.key("MFA", "ORG"), ministry)
    assert rules.acronym_of(rules.key("MOFA", "ORG"), ministry)
    catl = "Contemporary Amperex Technology Co. Ltd."
    assert rules.acronym_of(rules.key("CATL", "ORG"), rules.key(catl, "ORG"), rules.key(catl, "PERSON"))


def test_diacritics_fold(rules: NameRules) -> None:
    assert fold("Källenius") == "kallenius"
    assert fold("Castaño") == "castano"
    assert rules.key("Markus Schäfle", "PERSON") == rules.key("Markus Schafle", "PERSON")
    assert person(rules, "Ola Källenius", "Ola Kallenius") == ("same name", "")


def test_demonyms_become_places(rules: NameRules) -> None:
    assert rules.place_name("Chinese") == "China"
    assert rules.key("U.S.", "GPE") == rules.key("the United States", "GPE")
    assert rules.key("Berlin", "GPE").tokens == ("berlin",)


def test_diminutive_reason_names_the_full_given_name_either_way(rules: NameRules) -> None:
    assert person(rules, "Will Osgood", "William Osgood")[0] == "diminutive of william"
    assert person(rules, "William Osgood", "Will Osgood")[0] == "diminutive of william"
    assert person(rules, "Ted Lamb", "Ned Lamb")[0] == "diminutive of edward"


@pytest.mark.parametrize("a, b, expected", [
    ("Marisol Quintero", "Marisol Quintaro", True),
    ("Marisol Quintero", "Marisol Qiuntero", True),  # transposition
    ("Li Qiang", "Li Qing", False),  # short tokens: two people
    ("Marisol Quintero", "Narisol Quintero", False),  # first letter differs
    ("Marisol Quintero", "Marisol Quintanilla", False),
])
def test_typo(rules: NameRules, a: str, b: str, expected: bool) -> None:
    reason = rules.typo(rules.key(a, "PERSON"), rules.key(b, "PERSON"))
    assert bool(reason) is expected
    if expected:
        assert reason.startswith("fuzzy ") and 90 <= int(reason.split()[1]) < 100


@pytest.mark.parametrize("text, expected", [
    ("Ministry of Foreign Affairs", ("ministry", "foreign", "")),
    ("Foreign Ministry", ("ministry", "foreign", "")),
    ("the foreign ministry", ("ministry", "foreign", "")),
    ("South Korean Foreign Ministry", ("ministry", "foreign", "South Korea")),
    ("Ministry of Foreign Affairs of the People's Republic of China", ("ministry", "foreign", "China")),
    ("Department of State", ("department", "state", "")),
    ("State Department", ("department", "state", "")),
    ("Ministry of Defence", ("ministry", "defense", "")),
    ("Committee on Foreign Relations", ("committee", "foreign relations", "")),
    ("Veltro Mobility", None),
    ("Ministry", None),
])
def test_government_bodies(rules: NameRules, text: str, expected: tuple[str, str, str] | None) -> None:
    assert rules.body(rules.key(text, "ORG")) == expected


def test_titles_before_a_name_are_dropped(rules: NameRules) -> None:
    plain = rules.key("Lin Hao", "PERSON")
    for text in ("Foreign Minister Lin Hao", "State Councilor Lin Hao", "Lt. Gov. Lin Hao", "Dr. Lin Hao"):
        assert rules.key(text, "PERSON") == plain
    assert rules.key("Minister", "PERSON").tokens == ("minister",)  # never down to nothing


def test_legal_suffix_written_as_a_company_writes_it(rules: NameRules) -> None:
    assert rules.has_legal_suffix("Osterfeld Pharma AG", strict=True)
    assert rules.has_legal_suffix("Kestrel Basalt Mining Corporation Ltd.", strict=True)
    assert rules.has_legal_suffix("Nordhaven Rail GmbH", strict=True)
    assert not rules.has_legal_suffix("Maria Sa", strict=True)  # a Portuguese surname, not a company
    assert rules.has_legal_suffix("Maria Sa")
    assert not rules.has_legal_suffix("Veltro")


def test_official_country_names(rules: NameRules) -> None:
    assert rules.key("Republic of Korea", "GPE") == rules.key("South Korea", "GPE")
    assert rules.key("People's Republic of China", "GPE") == rules.key("Chinese", "NORP")
    assert rules.key("Seoul", "GPE") != rules.key("South Korea", "GPE")


def test_a_quoted_nickname_is_left_out_of_the_name() -> None:
    from checker.extract.lexicon import load_lexicons
    from checker.resolve.names import NameRules

    rules = NameRules(load_lexicons())
    assert rules.key('Robert "Bob" Smith', "PERSON").tokens == ("robert", "smith")
    assert rules.key("Robert “Bobby” Smith", "PERSON").tokens == ("robert", "smith")


def test_a_middle_name_is_its_own_kind_not_a_spelling(rules: NameRules) -> None:
    assert person(rules, "Tomas Ferrante", "Tomas Quill Ferrante") == ("middle name or initial", "middle_name")


def test_a_nickname_of_the_lexicon_is_a_diminutive(rules: NameRules) -> None:
    reason, field = person(rules, "Bibi Orlovsky", "Benjamin Orlovsky")
    assert field == "given_name" and reason == "diminutive of benjamin"


def test_brackets_of_an_editor_are_not_part_of_a_name(rules: NameRules) -> None:
    assert rules.key("[Corbin] Lusk", "PERSON") == rules.key("Corbin Lusk", "PERSON")


def test_common_given_names_are_known_as_given_names(rules: NameRules) -> None:
    assert {"elizabeth", "william", "bill"} <= rules.given_names


@pytest.mark.parametrize("a, b, kind", [
    ("Tomas Ferrante", "Tomas Q. Ferrante", "middle_name"),
    ("Tomas Ferrante", "Ferrante Tomas", "name_order"),
    ("House", "House of Representatives", "short_form"),
    ("Velmora", "Velmora Inc.", "legal_suffix"),
    ("Reinold Prisbek", "Reinold Pirsbek", "spelling"),
    ("[Corbin] Lusk", "Corbin Lusk", ""),
])
def test_naming_kinds_as_an_editor_sees_them(a: str, b: str, kind: str) -> None:
    from checker.compare.rules.naming import _kind
    from checker.model import Entity

    assert _kind(a, b, Entity(id="x", name=a, type="PERSON", surface_forms={})) == kind


def test_a_spelling_finding_names_the_minority_form() -> None:
    from checker.compare.rules.naming import _minority

    values = {"a": "Reinold Prisbek", "b": "Reinold Prisbek", "c": "Reinold Pirsbek"}
    assert "Reinold Pirsbek is the minority form: 1 of 3 sources" in _minority(values, ("Reinold Pirsbek", "Reinold Prisbek"))


def test_a_body_written_both_ways_is_not_a_spelling() -> None:
    from checker.compare.rules.naming import _kind
    from checker.model import Entity

    entity = Entity(id="x", name="Ministry of Tides", type="ORG", surface_forms={})
    assert _kind("Ministry of Tides", "Tides Ministry", entity) == "short_form"
