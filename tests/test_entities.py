"""Entity resolution across sources on hand-built mentions (no spaCy): merges, reasons, aliases, distinct."""

from __future__ import annotations

import random
from typing import Any

import pytest

from checker.resolve.entities import resolve_entities
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


def test_surname_with_suffix_joins_the_son(lex: dict[str, Any]) -> None:
    story = Story()
    father = story.add("record", "Harold Pruett")
    son = story.add("gazette", "Harold Pruett Jr.")
    short = story.add("gazette", "Pruett Jr.")
    _entities, mapping = resolve(story, lex)
    assert mapping[short] != mapping[father]
    assert mapping[short] == mapping[son]


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
    a = story.add("wire", "Pentagon", "ORG")
    b = story.add("herald", "Department of Defense", "ORG")
    _entities, mapping = resolve(story, lex)
    assert mapping[a] != mapping[b]
    entities, mapping = resolve(story, lex, aliases=[{"name": "Department of Defense", "also": ["Pentagon"]}])
    assert mapping[a] == mapping[b]
    entity = by_id(entities)[mapping[a]]
    assert entity.name == "Department of Defense"
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


def merges_of(entities: list[Entity], mapping: dict[str, str], mention: str) -> list[tuple[str, str, str, str]]:
    return list(by_id(entities)[mapping[mention]].merges)


def test_surname_goes_to_the_namesake_named_in_its_article(lex: dict[str, Any]) -> None:
    # Two officials share a family name: each article's bare "Lin" is its own official; an article
    # that names neither leaves "Lin" unresolved.
    story = Story()
    hao = story.add("wire", "Lin Hao")
    hao_short = story.add("wire", "Lin", form="surname", antecedent=hao)
    wei = story.add("herald", "Lin Wei")
    wei_short = story.add("herald", "Lin")  # NER's own span, not linked by extraction
    bare = story.add("daily", "Lin")
    _entities, mapping = resolve(story, lex)
    assert mapping[hao] != mapping[wei]
    assert mapping[hao_short] == mapping[hao]
    assert mapping[wei_short] == mapping[wei]
    assert mapping[bare] not in (mapping[hao], mapping[wei])


def test_surname_prefers_the_full_name_with_the_same_suffix(lex: dict[str, Any]) -> None:
    story = Story()
    son = story.add("gazette", "Harold Pruett Jr.")
    father = story.add("gazette", "Harold Pruett")
    elder = story.add("gazette", "Pruett", form="surname", antecedent=son)
    younger = story.add("gazette", "Pruett Jr.")
    _entities, mapping = resolve(story, lex)
    assert mapping[elder] == mapping[father]
    assert mapping[younger] == mapping[son]


def test_a_surname_before_the_articles_full_name_is_that_person(lex: dict[str, Any]) -> None:
    # A lead that says "Talbrecht" before the article writes "Oren Talbrecht" is one person; a
    # namesake thing ("the Talbrecht Gallery") is dropped by extraction, not here.
    story = Story()
    lead = story.add("museum", "Talbrecht")
    again = story.add("museum", "Talbrecht")
    person = story.add("museum", "Oren Talbrecht")
    elsewhere = story.add("wire", "Oren Talbrecht")
    _entities, mapping = resolve(story, lex)
    assert mapping[lead] == mapping[again] == mapping[person] == mapping[elsewhere]


def test_a_given_name_alone_never_joins_a_full_name_it_begins(lex: dict[str, Any]) -> None:
    # "Queen Elizabeth II" cut to "Elizabeth" is not Elizabeth Varnholt.
    story = Story()
    senator = story.add("wire", "Elizabeth Varnholt")
    queen = story.add("herald", "Elizabeth")
    same_article = story.add("wire", "Elizabeth")
    _entities, mapping = resolve(story, lex)
    assert mapping[queen] != mapping[senator]
    assert mapping[same_article] != mapping[senator]


def test_a_surname_alone_still_joins_across_articles(lex: dict[str, Any]) -> None:
    story = Story()
    full = story.add("wire", "Elizabeth Varnholt")
    short = story.add("herald", "Varnholt")
    _entities, mapping = resolve(story, lex)
    assert mapping[full] == mapping[short]


def test_one_letter_misspelling_is_merged_with_a_fuzzy_reason(lex: dict[str, Any]) -> None:
    story = Story()
    right = story.add("journal", "Marisol Quintero")
    right_again = story.add("journal", "Marisol Quintero")
    wrong = story.add("journal", "Marisol Quintaro")
    entities, mapping = resolve(story, lex)
    assert mapping[right] == mapping[wrong] == mapping[right_again]
    [(form, into, reason, field)] = merges_of(entities, mapping, right)
    assert (form, into, field) == ("marisol quintaro", "marisol quintero", "spelling")  # the rarer form is the typo
    assert reason.startswith("fuzzy ") and int(reason.split()[1]) >= 90


@pytest.mark.parametrize("a, b", [("Li Qiang", "Li Qing"), ("Dana Whitlock", "Dara Whitlock"),
                                  ("Anna Berg", "Anna Borg")])
def test_short_names_one_letter_apart_stay_apart(lex: dict[str, Any], a: str, b: str) -> None:
    story = Story()
    first, second = story.add("wire", a), story.add("herald", b)
    _entities, mapping = resolve(story, lex)
    assert mapping[first] != mapping[second]


def test_honorifics_and_titles_are_the_same_person(lex: dict[str, Any]) -> None:
    story = Story()
    full = story.add("wire", "Anika Brandt")
    doctor = story.add("herald", "Dr. Anika Brandt")
    minister = story.add("daily", "Foreign Minister Anika Brandt")
    mister = story.add("brief", "Ms. Brandt")
    entities, mapping = resolve(story, lex)
    assert mapping[full] == mapping[doctor] == mapping[minister] == mapping[mister]
    [entity] = entities
    assert entity.name == "Anika Brandt"
    assert ("brandt", "anika brandt", "surname of anika brandt", "") in entity.merges


def test_initial_joins_only_an_unambiguous_given_name(lex: dict[str, Any]) -> None:
    story = Story()
    kate = story.add("a", "Kate Sorensen")
    katherine = story.add("b", "Katherine Sorensen")
    initial = story.add("c", "K. Sorensen")
    _entities, mapping = resolve(story, lex)
    assert mapping[kate] == mapping[katherine] == mapping[initial]
    story = Story()
    john, jane = story.add("a", "John Sorensen"), story.add("b", "Jane Sorensen")
    initial = story.add("c", "J. Sorensen")
    _entities, mapping = resolve(story, lex)
    assert len({mapping[john], mapping[jane], mapping[initial]}) == 3


@pytest.mark.parametrize("variant", ["Foreign Ministry", "foreign ministry", "Ministry of Foreign Affairs",
                                     "Chinese Foreign Ministry", "China's foreign ministry",
                                     "Ministry of Foreign Affairs of the People's Republic of China"])
def test_ministry_variants_are_one_ministry(lex: dict[str, Any], variant: str) -> None:
    story = Story()
    formal = story.add("wire", "Ministry of Foreign Affairs", "ORG")
    other = story.add("herald", variant, "ORG")
    entities, mapping = resolve(story, lex)
    assert mapping[formal] == mapping[other]
    assert by_id(entities)[mapping[formal]].name.startswith("Ministry of Foreign Affairs")


def test_two_countries_ministries_stay_apart(lex: dict[str, Any]) -> None:
    story = Story()
    china = story.add("wire", "Chinese Foreign Ministry", "ORG")
    korea = story.add("herald", "South Korean Foreign Ministry", "ORG")
    bare = story.add("daily", "Foreign Ministry", "ORG")
    defence = story.add("daily", "Ministry of Defence", "ORG")
    defense = story.add("wire", "Defense Ministry", "ORG")
    _entities, mapping = resolve(story, lex)
    assert len({mapping[china], mapping[korea], mapping[bare]}) == 3
    assert mapping[defence] == mapping[defense] != mapping[china]


def test_company_tagged_as_a_person_joins_the_company(lex: dict[str, Any]) -> None:
    story = Story()
    legal = story.add("wire", "Corvex Robotics Inc.", "ORG")
    tagged = story.add("herald", "Corvex Robotics", "PERSON")
    brand = story.add("daily", "Corvex", "PERSON")
    entities, mapping = resolve(story, lex)
    assert mapping[legal] == mapping[tagged] == mapping[brand]
    [entity] = entities
    assert (entity.type, entity.name) == ("ORG", "Corvex Robotics Inc.")
    assert ("corvex", "corvex robotics", "short form of corvex robotics", "short_form") in entity.merges


def test_short_forms_join_only_one_longer_name(lex: dict[str, Any]) -> None:
    story = Story()
    senate = story.add("wire", "U.S. Senate", "ORG")
    short = story.add("herald", "Senate", "ORG")
    white = story.add("wire", "White House", "ORG")
    house = story.add("herald", "House", "ORG")  # not "the White House": "White" is no place
    council = story.add("daily", "Tarrow City Council", "ORG")
    city = story.add("brief", "City Council", "ORG")
    committee = story.add("daily", "Senate Education Committee", "ORG")
    _entities, mapping = resolve(story, lex)
    assert mapping[senate] == mapping[short] != mapping[committee]
    assert mapping[white] != mapping[house]
    assert mapping[council] == mapping[city]


def test_acronym_of_two_names_stays_alone(lex: dict[str, Any]) -> None:
    story = Story()
    one = story.add("wire", "Northern Basalt Mining", "ORG")
    two = story.add("wire", "National Bank of Malawi", "ORG")
    short = story.add("herald", "NBM", "ORG")
    _entities, mapping = resolve(story, lex)
    assert len({mapping[one], mapping[two], mapping[short]}) == 3


def test_places_demonyms_official_names_and_capitals(lex: dict[str, Any]) -> None:
    story = Story()
    korea = story.add("wire", "South Korea", "GPE")
    official = story.add("herald", "Republic of Korea", "GPE")
    adjective = story.add("daily", "South Korean", "NORP")
    capital = story.add("wire", "Seoul", "GPE")
    dateline = story.add("herald", "SEOUL", "ORG")  # "Seoul said ..." or a dateline tagged as an organisation
    entities, mapping = resolve(story, lex)
    assert mapping[korea] == mapping[official] == mapping[adjective] != mapping[capital]
    assert mapping[capital] == mapping[dateline]
    assert by_id(entities)[mapping[capital]].type == "GPE"
    assert by_id(entities)[mapping[korea]].name == "South Korea"


def test_organisation_tagged_person_name_joins_the_person(lex: dict[str, Any]) -> None:
    story = Story()
    person = story.add("wire", "Choi Min-seo")
    tagged = story.add("herald", "Min-seo Choi", "ORG")
    entities, mapping = resolve(story, lex)
    assert mapping[person] == mapping[tagged]
    assert by_id(entities)[mapping[person]].type == "PERSON"


def test_synthetic_mentions_resolve_to_their_true_entities(lex: dict[str, Any]) -> None:
    # The speed benchmark's generator, small: every variant it makes must land with its entity.
    from benchmarks.entities_speed import check, generate

    data = generate(2_000, 20, seed=1)
    assert len(data.mentions) == 2_000
    entities, mapping = resolve_entities(data.mentions, lex)
    figures = check(entities, mapping, data)
    assert figures["impure_entities"] == 0, figures["impure_examples"]
    assert figures["split_true_entities"] == 0, figures["split_examples"]
    assert resolve_entities(list(reversed(data.mentions)), lex) == (entities, mapping)


def test_a_title_alone_is_not_a_person(lex: dict[str, Any]) -> None:
    story = Story()
    real = story.add("wire", "Lin Hao")
    title = story.add("wire", "Councilor")  # "State Councilor" cut short by NER
    entities, mapping = resolve(story, lex)
    assert title not in mapping
    assert [e.name for e in entities] == ["Lin Hao"] and real in mapping


def test_the_spelling_most_sources_use_is_the_name(lex: dict[str, Any]) -> None:
    story = Story()
    story.add("wire", "Reinold Pirsbek")
    story.add("wire", "Pirsbek", form="surname")
    story.add("wire", "Pirsbek", form="surname")
    story.add("herald", "Reinold Prisbek")
    story.add("daily", "Reinold Prisbek")
    entities, _mapping = resolve(story, lex)
    [entity] = [e for e in entities if e.type == "PERSON" and " " in e.name]
    assert entity.name == "Reinold Prisbek"


def test_a_bare_surname_is_not_the_son_when_the_father_is_named_in_the_story(lex: dict[str, Any]) -> None:
    story = Story()
    father = story.add("wire", "Corwin Halvard")
    son = story.add("herald", "Corwin Halvard Jr.")
    bare = story.add("herald", "Halvard", form="surname", antecedent=son)
    _entities, mapping = resolve(story, lex)
    assert mapping[bare] != mapping[son]
    assert mapping[father] != mapping[son]


def test_a_formal_name_with_initial_and_suffix_is_the_plain_name(lex: dict[str, Any]) -> None:
    story = Story()
    formal = story.add("paper", "Edmund T. Varga III")
    plain = story.add("wire", "Edmund Varga")
    short = story.add("wire", "Varga", form="surname", antecedent=plain)
    _entities, mapping = resolve(story, lex)
    assert mapping[formal] == mapping[plain] == mapping[short]


# --- Mentions on parsed invented articles (spaCy): cleaning and descriptions -----------------------

def _story(tmp_path: Any, articles: dict[str, str]) -> tuple[list[Mention], list[Entity], dict[str, str]]:
    from checker.extract import extract_story
    from checker.sources import find_stories, load_story

    folder = tmp_path / "story"
    folder.mkdir()
    for name, body in articles.items():
        (folder / f"{name}.md").write_text(f"---\noutlet: {name}\npublished: 2024-03-01\n---\n{body}\n", encoding="utf-8")
    [(story, files)] = find_stories([folder])
    lex = load_lexicons()
    mentions, _table = extract_story(load_story(story, files), lex)
    entities, mapping = resolve_entities(mentions, lex)
    return mentions, entities, mapping


def test_a_headline_first_line_gives_no_title_case_person(tmp_path: Any) -> None:
    # The small model reads "Dennis Morrow Rips" in the headline as one person.
    mentions, entities, mapping = _story(tmp_path, {"wire": (
        "Dennis Morrow Rips Progressivism at Summit\n\n"
        "Talk show host Dennis Morrow, armed with his chalkboard, blamed the plan on Saturday in his keynote "
        "speech. Morrow said the plan would fail.")})
    texts = {m.text for m in mentions if m.label == "PERSON"}
    assert not any("Rips" in t for t in texts)
    assert len({mapping[m.id] for m in mentions if m.label == "PERSON" and m.form != "pronoun"}) == 1


def test_the_senator_joins_the_one_senator_and_the_president_joins_nobody(tmp_path: Any) -> None:
    mentions, _entities, mapping = _story(tmp_path, {"wire": (
        "Sen. Marta Quillon met Majority Leader Harlan Vossberg on Monday to discuss the budget. "
        "Vossberg said the talks were useful. The senator said she would vote against the plan. "
        "The president has not commented on the talks.")})
    by_text = {m.text: m for m in mentions if m.form == "name"}
    senator = [m for m in mentions if m.form == "description" and m.text.lower() == "the senator"]
    president = [m for m in mentions if m.form == "description" and m.text.lower() == "the president"]
    assert senator and mapping[senator[0].id] == mapping[by_text["Marta Quillon"].id]
    assert not president  # nobody in the article is called president: the description stays unlinked


def test_a_former_title_does_not_make_the_president(tmp_path: Any) -> None:
    mentions, _entities, _mapping = _story(tmp_path, {"wire": (
        "Former President Aldous Remberton spoke with Rep. Gil Farrow about the advisory board. "
        "Remberton said Farrow had been offered a seat. Farrow declined. Remberton left on Friday. "
        "Remberton said the president's board was a good fit.")})
    assert not [m for m in mentions if m.form == "description" and "president" in m.text.lower()]


def test_a_quoted_nickname_does_not_cut_a_name_in_half(tmp_path: Any) -> None:
    mentions, _entities, _mapping = _story(tmp_path, {"wire": (
        'Officials said Bartholomew "Bart" Quennell, a retired pilot, flew the plane on Sunday. '
        "Quennell told reporters the engine had failed.")})
    for m in mentions:
        if m.label == "PERSON" and m.form == "name":
            assert m.text.count('"') % 2 == 0, m.text


def test_a_compound_surname_alone_is_the_person(lex: dict[str, Any]) -> None:
    story = Story()
    full = story.add("wire", "Delia Marquand Okafor")
    compound = story.add("herald", "Marquand Okafor")
    bare = story.add("gazette", "Okafor")
    other = story.add("daily", "Mary Okafor")
    _entities, mapping = resolve(story, lex)
    assert mapping[full] == mapping[compound]
    assert mapping[other] != mapping[full]
    assert mapping[bare] not in (mapping[full], mapping[other])  # two Okafors: a bare one joins neither
