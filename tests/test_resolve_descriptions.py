"""Descriptions and bare surnames on parsed invented articles: who "the official", "the president"
or a bare surname stands for, and when it stands for nobody named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checker.extract.lexicon import load_lexicons
from checker.model import Entity, Mention
from checker.resolve.entities import resolve_entities

from tests.test_entities import Story, _story


@pytest.fixture(scope="module")
def lex() -> dict[str, Any]:
    return load_lexicons()


def _descriptions(mentions: list[Mention], word: str) -> list[Mention]:
    return [m for m in mentions if m.form == "description" and m.text.lower() == f"the {word}"]


def test_the_official_after_an_unnamed_source_is_that_source(tmp_path: Path) -> None:
    # "one union official said ... The official said": the unnamed official, not the director named above.
    mentions, _entities, _mapping = _story(tmp_path, {"wire": (
        "Velmont Foods policy director Mara Ostrova said on Friday that the plan had not changed.\n\n"
        "Ostrova said the company wanted a broader package of changes.\n\n"
        "Dock workers held a rally outside the plant on Saturday.\n\n"
        "\"The members will not accept a smaller pension,\" one union official said.\n\n"
        "The official said that the workers would vote on a strike next week.")})
    assert not _descriptions(mentions, "official")


def test_the_official_joins_the_one_official_named(tmp_path: Path) -> None:
    mentions, _entities, mapping = _story(tmp_path, {"wire": (
        "Velmont Foods policy director Mara Ostrova said on Friday that the plan had not changed.\n\n"
        "The official said the company wanted a broader package of changes.")})
    [official] = _descriptions(mentions, "official")
    ostrova = next(m for m in mentions if m.text == "Mara Ostrova")
    assert mapping[official.id] == mapping[ostrova.id]


def test_a_post_of_a_body_is_the_president_only_for_the_person_just_named(tmp_path: Path) -> None:
    # "X, the president of <a body>" is not the bare "the president" once someone else was named.
    mentions, _entities, _mapping = _story(tmp_path, {"wire": (
        "\"Nobody has done this before,\" said Teo Brandt, the president of the Halvard Institute.\n\n"
        "Brandt added that the rules were clear.\n\n"
        "\"Judges bring their own views to the bench,\" said Lena Marsh, a professor of law.\n\n"
        "\"One party has blocked every nominee of the president for a year,\" Marsh said.")})
    marsh = next(m for m in mentions if m.text == "Lena Marsh")
    assert not [m for m in _descriptions(mentions, "president") if m.start > marsh.start]


def test_a_post_of_a_body_is_the_president_right_after_the_name(tmp_path: Path) -> None:
    mentions, _entities, mapping = _story(tmp_path, {"wire": (
        "Mara Ostrova, the president of the Halvard Institute, spoke to reporters on Monday.\n\n"
        "The president said the institute would open a second office in the spring.")})
    ostrova = next(m for m in mentions if m.text == "Mara Ostrova")
    described = _descriptions(mentions, "president")
    assert len(described) == 2 and all(mapping[m.id] == mapping[ostrova.id] for m in described)


def test_an_office_named_in_full_in_a_generic_clause_joins_nobody(tmp_path: Path) -> None:
    # "the president of <a country>" names the office; the article never gives Quill that post.
    mentions, _entities, _mapping = _story(tmp_path, {"wire": (
        "President Ada Quill declared a national emergency on Friday to fund the new barrier.\n\n"
        "Quill said the money would come from military construction.\n\n"
        "Dozens of emergencies are in force. None of them has involved the president of the Republic "
        "moving money that the assembly never approved.")})
    assert not _descriptions(mentions, "president")


def test_the_chairman_of_the_committee_is_the_committees_chairman(tmp_path: Path) -> None:
    mentions, _entities, mapping = _story(tmp_path, {"wire": (
        "The committee's chairman, Representative Gil Farrow, opened the hearing on Tuesday.\n\n"
        "Ada Quill, a member of the panel, defended Farrow and said his record as the chairman of the "
        "committee was strong.")})
    farrow = next(m for m in mentions if m.text == "Gil Farrow")
    [chairman] = _descriptions(mentions, "chairman")
    assert mapping[chairman.id] == mapping[farrow.id]


def test_an_abbreviated_title_is_not_part_of_the_name(tmp_path: Path) -> None:
    mentions, entities, mapping = _story(tmp_path, {"wire": (
        "Senator Teo Brandt criticized President Ada Quill on Monday for the order.\n\n"
        "\"The council should stop Pres Quill from spending without a vote,\" Brandt wrote in 2014.")})
    people = {mapping[m.id] for m in mentions if "Quill" in m.text and m.form != "pronoun"}
    assert len(people) == 1
    assert not any(e.name.startswith("Pres") for e in entities)


def test_a_bare_surname_is_the_father_the_story_is_about(lex: dict[str, Any]) -> None:
    # The son is named once; the father is named in full and by surname again and again.
    story = Story()
    father = story.add("herald", "Harold Pruett")
    for _ in range(4):
        story.add("herald", "Pruett", form="surname", antecedent=father)
    son = story.add("gazette", "Harold Pruett Jr.")
    bare = story.add("wire", "Pruett")
    bare_again = story.add("gazette", "Pruett")
    _entities, mapping = resolve_entities(story.mentions, lex)
    assert mapping[bare] == mapping[bare_again] == mapping[father]
    assert mapping[son] != mapping[father]


def test_a_pronoun_takes_the_one_person_named_before_it_in_its_sentence(tmp_path: Path) -> None:
    text = ("Peter Hale told the council on Monday that the harbour fees would rise.\n\n"
            "The hearing was Helen Foster's first public appearance since she resigned in March.\n")
    mentions, _entities, _mapping = _story(tmp_path, {"wire": text})
    she = [m for m in mentions if m.form == "pronoun" and m.text.lower() == "she"]
    by_id = {m.id: m for m in mentions}
    assert she and by_id[she[0].antecedent].text.startswith("Helen Foster")


def _pronoun_heads(mentions: list[Mention], word: str) -> list[str]:
    by_id = {m.id: m for m in mentions}
    heads = []
    for m in mentions:
        if m.form == "pronoun" and m.text.lower() == word:
            while m.antecedent in by_id:
                m = by_id[m.antecedent]
            heads.append(m.text)
    return heads


@pytest.mark.parametrize("first, second", [("Ms. Mara Ostrova", "Mr. Teo Brandt"),
                                           ("Mara Ostrova, the congresswoman,", "Teo Brandt")])
def test_he_is_not_a_woman_the_article_calls_ms(tmp_path: Path, first: str, second: str) -> None:
    # the latest subject is the woman; "he" is the man named beside her
    mentions, _entities, _mapping = _story(tmp_path, {"wire": (
        f"{first} met {second} in Dunmore on Monday.\n\nHe said the talks had gone well.")})
    assert _pronoun_heads(mentions, "he") == [second.split(",")[0].removeprefix("Mr. ")]


def test_without_a_word_of_sex_he_keeps_the_latest_subject(tmp_path: Path) -> None:
    mentions, _entities, _mapping = _story(tmp_path, {"wire": (
        "Mara Ostrova met Teo Brandt in Dunmore on Monday.\n\nHe said the talks had gone well.")})
    assert _pronoun_heads(mentions, "he") == ["Mara Ostrova"]
