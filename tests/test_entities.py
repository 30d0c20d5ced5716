"""Entity resolution across sources on hand-built mentions (no spaCy): merges, reasons, aliases, distinct."""

from __future__ import annotations

import random
from typing import Any

import pytest

from checker.entities import resolve_entities
from checker.extract.lexicon import load_lexicons
from checker.model import Entity, Mention


@pytest.fixture(scope="module")
def lex() -> dict[str, Any]:
    return load_lexicons()


class Story:
    """Builds mentions source by source, with increasing offsets."""

    def __init__(self) -> None:
        self.mentions: list[Mention] = []
        self.count: dict[str, int] = {}

    def add(self, source: str, text: str, label: str = "PERSON", form: str = "name", antecedent: str = "",
            reason: str = "") -> str:
        n = self.count.get(source, 0) + 1
        self.count[source] = n
        mention_id = f"{source}:m{n}"
        self.mentions.append(Mention(id=mention_id, source=source, text=text, label=label, start=100 * n,
                                     end=100 * n + len(text), line=n, sentence=n, form=form,
                                     antecedent=antecedent, reason=reason))
        return mention_id


def resolve(story: Story, lex: dict[str, Any], **kwargs: Any) -> tuple[list[Entity], dict[str, str]]:
    return resolve_entities(story.mentions, lex, **kwargs)


def by_id(entities: list[Entity]) -> dict[str, Entity]:
    return {e.id: e for e in entities}


def test_name_order_merges_across_sources(lex: dict[str, Any]) -> None:
    story = Story()
    a = story.add("wire", "Kim Min-jun")
    b = story.add("herald", "Min-jun Kim")
    entities, mapping = resolve(story, lex)
    assert mapping[a] == mapping[b]
    [entity] = entities
    assert entity.type == "PERSON"
    assert entity.surface_forms == {"herald": ("Min-jun Kim",), "wire": ("Kim Min-jun",)}
    reasons = [(reason, field) for _form, _into, reason, field in entity.merges]
    assert reasons == [("name order", "name_order")]


def test_father_and_son_stay_apart(lex: dict[str, Any]) -> None:
    story = Story()
    father = story.add("record", "Harold Pruett")
    son = story.add("gazette", "Harold Pruett Jr.")
    son_again = story.add("wire", "Harold Pruett Jr")
    entities, mapping = resolve(story, lex)
    assert mapping[father] != mapping[son]
    assert mapping[son] == mapping[son_again]
    names = sorted(e.name for e in entities)
    assert names == ["Harold Pruett", "Harold Pruett Jr."]


@pytest.mark.xfail(reason="entities._merge_people joins a surname-only form to the one unsuffixed full name "
                          "and ignores the form's own suffix: 'Pruett Jr.' becomes the father", strict=False)
def test_surname_with_suffix_joins_the_son(lex: dict[str, Any]) -> None:
    story = Story()
    father = story.add("record", "Harold Pruett")
    son = story.add("gazette", "Harold Pruett Jr.")
    short = story.add("gazette", "Pruett Jr.")
    _entities, mapping = resolve(story, lex)
    assert mapping[short] != mapping[father]
    assert mapping[short] == mapping[son]


@pytest.mark.xfail(reason="entities.py module doc: 'a surname-only name joins a full name only when exactly one "
                          "full name in the story has it', but suffixed full names are not counted", strict=False)
def test_bare_surname_shared_by_father_and_son_stays_unresolved(lex: dict[str, Any]) -> None:
    story = Story()
    father = story.add("record", "Harold Pruett")
    son = story.add("gazette", "Harold Pruett Jr.")
    bare = story.add("wire", "Pruett", form="surname")
    _entities, mapping = resolve(story, lex)
    assert mapping[bare] not in (mapping[father], mapping[son])


def test_surname_joins_the_only_full_name(lex: dict[str, Any]) -> None:
    story = Story()
    full = story.add("wire", "Joe Biden")
    bare = story.add("herald", "Biden", form="surname")
    entities, mapping = resolve(story, lex)
    assert mapping[bare] == mapping[full]
    entity = by_id(entities)[mapping[full]]
    assert entity.name == "Joe Biden"
    assert ("biden", "joe biden", "surname of joe biden", "") in entity.merges


def test_surname_shared_by_two_people_stays_apart(lex: dict[str, Any]) -> None:
    story = Story()
    dana = story.add("herald", "Dana Whitlock")
    roy = story.add("herald", "Roy Whitlock")
    bare = story.add("wire", "Whitlock", form="surname")
    _entities, mapping = resolve(story, lex)
    assert len({mapping[dana], mapping[roy], mapping[bare]}) == 3


def test_diminutive_merges(lex: dict[str, Any]) -> None:
    story = Story()
    full = story.add("herald", "William Osgood")
    short = story.add("business", "Will Osgood")
    entities, mapping = resolve(story, lex)
    assert mapping[full] == mapping[short]
    entity = by_id(entities)[mapping[full]]
    assert entity.name == "William Osgood"
    assert [field for *_rest, field in entity.merges] == ["given_name"]


@pytest.mark.xfail(reason="the merge record says 'william osgood → diminutive of william' (report Entities table): "
                          "the reason is phrased for one form but stored on the other", strict=False)
def test_diminutive_merge_names_the_short_form(lex: dict[str, Any]) -> None:
    story = Story()
    story.add("herald", "William Osgood")
    story.add("business", "Will Osgood")
    [entity] = resolve(story, lex)[0]
    [(form, _into, reason, _field)] = entity.merges
    assert reason == "diminutive of william"
    assert form == "will osgood"


def test_acronym_merges_with_the_full_name(lex: dict[str, Any]) -> None:
    story = Story()
    full = story.add("metals", "Northern Basalt Mining Corporation Ltd.", "ORG")
    short = story.add("lusaka", "NBMC", "ORG")
    entities, mapping = resolve(story, lex)
    assert mapping[full] == mapping[short]
    entity = by_id(entities)[mapping[full]]
    assert entity.name == "Northern Basalt Mining Corporation Ltd."  # the acronym is never the canonical name
    [(form, _into, reason, field)] = entity.merges
    assert (form, field) == ("nbmc", "acronym")
    assert reason.startswith("acronym of northern basalt mining")


def test_legal_suffix_and_diacritics_merge(lex: dict[str, Any]) -> None:
    story = Story()
    group = story.add("wire", "Veltro Group AG", "ORG")
    bare = story.add("herald", "Veltro", "ORG")
    accented = story.add("wire", "Markus Schäfle")
    plain = story.add("herald", "Markus Schafle")
    entities, mapping = resolve(story, lex)
    assert mapping[group] == mapping[bare]
    assert mapping[accented] == mapping[plain]
    assert len(entities) == 2


def test_user_distinct_pair_prevents_a_merge(lex: dict[str, Any]) -> None:
    story = Story()
    full = story.add("herald", "William Osgood")
    short = story.add("business", "Will Osgood")
    entities, mapping = resolve(story, lex, distinct=[("William Osgood", "Will Osgood")])
    assert mapping[full] != mapping[short]
    assert sorted(e.name for e in entities) == ["Will Osgood", "William Osgood"]
    assert all(not e.merges for e in entities)


def test_distinct_is_checked_on_every_union(lex: dict[str, Any]) -> None:
    # "Kim Min-jun" = "Min-jun Kim" by name order; "Kim" would join them as the only full name with it,
    # but the user says "Kim" is someone else.
    story = Story()
    a = story.add("wire", "Kim Min-jun")
    b = story.add("herald", "Min-jun Kim")
    bare = story.add("daily", "Kim", form="surname")
    _entities, mapping = resolve(story, lex, distinct=[["Kim", "Min-jun Kim"]])
    assert mapping[a] == mapping[b]
    assert mapping[bare] != mapping[a]


def test_user_alias_forces_a_merge(lex: dict[str, Any]) -> None:
    story = Story()
    a = story.add("wire", "Foreign Ministry", "ORG")
    b = story.add("herald", "Ministry of Foreign Affairs", "ORG")
    _entities, mapping = resolve(story, lex)
    assert mapping[a] != mapping[b]
    entities, mapping = resolve(story, lex, aliases=[{"name": "Ministry of Foreign Affairs",
                                                      "also": ["Foreign Ministry"]}])
    assert mapping[a] == mapping[b]
    entity = by_id(entities)[mapping[a]]
    assert entity.name == "Ministry of Foreign Affairs"
    assert any(field == "alias" and "rules.yaml" in reason for _f, _i, reason, field in entity.merges)


def test_pronouns_and_descriptions_follow_their_antecedent(lex: dict[str, Any]) -> None:
    story = Story()
    musk = story.add("bloomberg", "Elon Musk")
    desc = story.add("bloomberg", "The billionaire", form="description", antecedent=musk,
                     reason="description resolved to Elon Musk in the same article")
    pronoun = story.add("bloomberg", "he", form="pronoun", antecedent=desc)
    entities, mapping = resolve(story, lex)
    assert mapping[desc] == mapping[pronoun] == mapping[musk]
    [entity] = entities
    assert entity.surface_forms == {"bloomberg": ("Elon Musk", "The billionaire")}  # pronouns are not forms
    assert ("The billionaire", "Elon Musk", "description resolved to Elon Musk in the same article", "") \
        in entity.merges


def test_places_use_the_place_name(lex: dict[str, Any]) -> None:
    story = Story()
    adjective = story.add("wire", "Chinese", "NORP")
    country = story.add("herald", "China", "GPE")
    entities, mapping = resolve(story, lex)
    assert mapping[adjective] == mapping[country]
    [entity] = entities
    assert (entity.name, entity.type, entity.id) == ("China", "GPE", "place:china")


def test_result_does_not_depend_on_mention_order(lex: dict[str, Any]) -> None:
    story = Story()
    for source, text, label in [("a", "Kim Min-jun", "PERSON"), ("b", "Min-jun Kim", "PERSON"),
                                ("a", "Harold Pruett", "PERSON"), ("b", "Harold Pruett Jr.", "PERSON"),
                                ("a", "Northern Basalt Mining Corporation Ltd.", "ORG"), ("b", "NBMC", "ORG"),
                                ("b", "William Osgood", "PERSON"), ("a", "Will Osgood", "PERSON")]:
        story.add(source, text, label)
    expected = resolve_entities(story.mentions, lex)
    shuffled = list(story.mentions)
    random.Random(7).shuffle(shuffled)
    assert resolve_entities(shuffled, lex) == expected
