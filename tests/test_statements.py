"""Statements: who said what, on invented sentences, one test per way news credits a speaker."""

from __future__ import annotations

from typing import Any

import pytest

from checker.extract import extract_story
from checker.extract.lexicon import load_lexicons
from checker.model import Article


def rows_of(text: str, kind: str) -> list[dict[str, Any]]:
    """The assertion rows of one kind extracted from one invented article."""
    article = Article(id="t", story="t", path="t.md", outlet="test", published=None, url=None, title=None,
                      author=None, role=None, text=text, body_start=0, line_starts=(0,))
    _, table = extract_story([article], load_lexicons())
    return table[table["kind"] == kind].to_dict("records")


def statements(text: str) -> list[tuple[str, str]]:
    """(speaker, content) of every ``say`` statement extracted from one invented article."""
    return [(row["subject"], row["slots"]["content"]) for row in rows_of(text, "statement") if row["predicate"] == "say"]


def said_by(found: list[tuple[str, str]], speaker: str, words: str) -> bool:
    return any(speaker in who and words in what for who, what in found)


def test_a_quote_of_several_sentences_belongs_to_its_speaker() -> None:
    found = statements("“The bridge will close in May. Drivers should plan other routes,” Ana Ruiz said.\n")
    assert said_by(found, "Ana Ruiz", "The bridge will close in May")
    assert said_by(found, "Ana Ruiz", "Drivers should plan other routes")


def test_a_split_quote_gives_both_halves_to_the_speaker() -> None:
    found = statements("“We expect delays on the northern line,” Tomas Varga said, “but the trains will run every day.”\n")
    assert said_by(found, "Tomas Varga", "We expect delays on the northern line")
    assert said_by(found, "Tomas Varga", "the trains will run every day")


def test_a_quote_runs_on_into_the_next_paragraph() -> None:
    found = statements("“The council approved the budget on Tuesday,” Lena Ortiz said.\n\n"
                       "“The new library will open next spring.”\n")
    assert said_by(found, "Lena Ortiz", "The new library will open next spring")


def test_according_to_credits_the_clause_without_the_phrase() -> None:
    found = statements("The factory will hire 400 workers next year, according to Corvane Industries.\n")
    assert said_by(found, "Corvane", "The factory will hire 400 workers next year")
    assert not any("according" in what for _, what in found)


def test_according_to_a_document_is_no_speaker() -> None:
    found = statements("According to the plan, the factory will hire 400 workers next year.\n")
    assert not any(who.lower() == "plan" for who, _ in found)


def test_a_colon_after_the_crediting_clause_introduces_the_quote() -> None:
    found = statements("Ana Ruiz told reporters on Monday: “The port will reopen before the holidays.”\n")
    assert said_by(found, "Ana Ruiz", "The port will reopen before the holidays")


def test_a_headline_name_before_a_colon_is_the_speaker() -> None:
    found = statements("Tomas Varga: Voters will reject the new toll plan\n\nTomas Varga spoke on Sunday.\n")
    assert said_by(found, "Tomas Varga", "Voters will reject the new toll plan")


def test_a_parenthetical_said_credits_the_clause_around_it() -> None:
    found = statements("The new toll, Lena Ortiz said, would raise money for the bridge repairs.\n")
    assert said_by(found, "Lena Ortiz", "The new toll would raise money for the bridge repairs")


@pytest.mark.parametrize("verb", ["tweeted", "acknowledged", "predicted", "complained"])
def test_reporting_verbs_beyond_say(verb: str) -> None:
    found = statements(f"Ana Ruiz {verb} that the council had delayed the vote on the harbour plan.\n")
    assert said_by(found, "Ana Ruiz", "the council had delayed the vote")


def test_a_quote_is_not_given_to_a_speaker_of_another_paragraph() -> None:
    found = statements("“The market is stable,” Ana Ruiz said.\n\n"
                       "Prices rose in March. Traders called the rise “a normal spring pattern for the harbour.”\n")
    assert not said_by(found, "Ana Ruiz", "normal spring pattern")


def test_an_endless_sentence_is_quoted_by_a_window_around_each_statement() -> None:
    clauses = " and ".join(f"Ana Ruiz said the council would vote on plan {i} in March" for i in range(60))
    article = Article(id="t", story="t", path="t.md", outlet="test", published=None, url=None, title=None,
                      author=None, role=None, text=clauses + "\n", body_start=0, line_starts=(0,))
    _, table = extract_story([article], load_lexicons())
    assert len(table) > 10
    assert table["quote"].str.len().max() < 1000  # not the whole 4,000-character sentence each time


def test_every_line_starts_a_sentence() -> None:
    from checker.nlp import load_nlp

    doc = load_nlp()("Item 1: the council met\nItem 2: the mayor spoke\nItem 3: the vote passed\n")
    assert [s.text.strip() for s in doc.sents if s.text.strip()][:3] == [
        "Item 1: the council met", "Item 2: the mayor spoke", "Item 3: the vote passed"]


@pytest.mark.parametrize("text", [
    "Reporters asked Ana Ruiz whether she had signed the contract with the port authority.\n",
    "Tomas Varga would not say if the council would vote on the harbour plan.\n",
    "Lena Ortiz asked how the new tram line would cross the river.\n",
    "“Is that the contract you signed with the port?” Tomas Varga asked.\n",
])
def test_a_reported_question_is_said_but_marked_as_no_claim(text: str) -> None:
    rows = rows_of(text, "statement")
    assert rows and all(row["slots"].get("question") for row in rows)


def test_a_claim_beside_a_question_is_still_a_statement() -> None:
    rows = rows_of("Ana Ruiz said the council had approved the harbour plan.\n", "statement")
    assert rows and not any(row["slots"].get("question") for row in rows)


def events(text: str) -> list[tuple[str, str, str]]:
    return [(row["subject"], row["predicate"], str(row["object"])) for row in rows_of(text, "event")]


@pytest.mark.parametrize(("text", "predicate"), [
    ("Velmont Foods filed a lawsuit against the port authority on Thursday.\n", "file"),
    ("Ana Ruiz testified before the harbour committee on Tuesday.\n", "testify"),
    ("Velmont Foods laid off 300 workers at its Dunmore plant in March.\n", "lay off"),
    ("The council suspended the tram contract on Monday.\n", "suspend"),
    ("Helen Foster has led the harbour board since 2004.\n", "lead"),
    ("About 300 dock workers at Velmont Foods went on strike on Monday.\n", "strike"),
    ("Some 300 dock workers walked off the job on Monday over pay.\n", "strike"),
    ("Peter Hale founded the ferry company in 1979.\n", "found"),
])
def test_common_news_events_are_extracted(text: str, predicate: str) -> None:
    assert any(p == predicate for _, p, _ in events(text)), events(text)


@pytest.mark.parametrize(("text", "predicate", "what"), [
    ("Helen Foster was elected chairman of the harbour board on Tuesday.\n", "elect", "chairman"),
    ("Peter Hale was charged with fraud in March.\n", "charge", "fraud"),
])
def test_a_passive_without_agent_keeps_what_it_names(text: str, predicate: str, what: str) -> None:
    assert any(p == predicate and what in o for _, p, o in events(text)), events(text)


def test_a_quote_after_a_colon_belongs_to_the_clause_subject() -> None:
    found = statements("Ana Ruiz released a statement on Friday: “The harbour plan will cost the city far too much.”\n")
    assert said_by(found, "Ana Ruiz", "The harbour plan will cost the city far too much")


def test_a_document_is_a_source_after_according_to() -> None:
    found = statements("According to a new poll, most residents of Dunmore oppose the harbour plan.\n")
    assert said_by(found, "poll", "most residents of Dunmore oppose the harbour plan")
    assert statements("According to the plan, the harbour will close for three weeks in May.\n") == []


@pytest.mark.parametrize(("text", "speaker", "words"), [
    ("Ada Quill called for an independent inquiry into the harbour contract.\n", "Ada Quill", "an independent inquiry"),
    ("Ada Quill called on the city council to close the harbour.\n", "Ada Quill", "close the harbour"),
    ("Teo Brandt urged voters to reject the harbour plan on Tuesday.\n", "Teo Brandt", "reject the harbour plan"),
    ("Teo Brandt demanded the resignation of the harbour master.\n", "Teo Brandt", "the resignation of the harbour master"),
])
def test_what_a_speaker_demands_is_their_statement(text: str, speaker: str, words: str) -> None:
    assert said_by(statements(text), speaker, words), statements(text)


def test_calling_something_a_name_is_not_a_demand() -> None:
    assert statements("Ada Quill called the harbour plan a disaster for the town.\n") == []


def test_an_account_of_how_something_happened_is_a_claim() -> None:
    rows = rows_of("Ana Ruiz described how the police had stopped her car twice on the coast road.\n", "statement")
    assert rows and not any(row["slots"].get("question") for row in rows)


@pytest.mark.parametrize(("text", "speaker", "words"), [
    ('Ada Quill called the harbour plan a "costly mistake" on Tuesday.\n', "Ada Quill", "the harbour plan a costly mistake"),
    ('Helen Foster referred to a reporter as a "clown" during the briefing.\n', "Helen Foster", "a reporter"),
    ('Peter Hale dismissed the audit as "a political stunt" on Monday.\n', "Peter Hale", "a political stunt"),
    ('Helen Foster called a council report which says the mayor left "early" a "gross distortion".\n',
     "Helen Foster", "gross distortion"),
])
def test_a_quoted_name_put_on_something_is_the_speakers_statement(text: str, speaker: str, words: str) -> None:
    found = statements(text)
    assert said_by(found, speaker, words), found


def test_a_name_not_quoted_is_not_a_statement() -> None:
    assert statements("Ada Quill dismissed the audit as a political stunt on Monday.\n") == []


def test_a_description_with_an_adjective_is_the_person_named_before() -> None:
    text = ("Rep. Peter Hale spoke in Dunmore on Monday. Peter Hale said the harbour would reopen.\n"
            'The combative congressman then called the audit a "political stunt".\n')
    assert said_by(statements(text), "Peter Hale", "political stunt"), statements(text)
    text = ("Rep. Peter Hale spoke in Dunmore on Monday. Peter Hale said the harbour would reopen.\n"
            'The former congressman then called the audit a "political stunt".\n')
    assert not said_by(statements(text), "Peter Hale", "political stunt"), statements(text)


def test_naming_people_in_a_list_appoints_nobody() -> None:
    assert not [e for e in events("Ada Quill praised her allies on Monday, naming Peter Hale and Helen Foster.\n")
                if e[1] == "appoint"]
    assert any(e[1] == "appoint" for e in events("Ada Quill named Peter Hale her chief of staff on Monday.\n"))


def test_what_a_speaker_did_not_say_is_marked() -> None:
    rows = rows_of("Peter Hale did not say which harbour contracts he considered unlawful.\n", "statement")
    assert rows and all(row["slots"].get("unsaid") for row in rows)


def test_a_meeting_with_a_family_listed_after_officials() -> None:
    rows = rows_of("Helen Foster met with harbour officials, as well as Peter Hale's parents, on Monday.\n", "meeting")
    assert any("parents" in str(row["object"]) for row in rows), rows


@pytest.mark.parametrize("text", [
    "None of the harbour officials were charged with fraud.\n",
    "No charges were filed against Peter Hale on Monday.\n",
])
def test_an_event_its_subject_denies_is_negated(text: str) -> None:
    rows = rows_of(text, "event")
    assert rows and all(row["negated"] for row in rows), rows


def test_a_quote_reported_second_hand_belongs_to_the_inner_speaker() -> None:
    found = statements("“We lost the harbour vote badly in the north,” aides said Helen Foster told her colleagues.\n")
    assert said_by(found, "Helen Foster", "We lost the harbour vote badly"), found


def test_a_spokesman_or_a_campaign_speaks_for_the_one_named() -> None:
    rows = rows_of("Helen Foster's campaign said the audit of the harbour accounts was a political stunt.\n", "statement")
    assert any(row["subject"] == "Helen Foster" and row["slots"].get("via") == "campaign" for row in rows), rows
    rows = rows_of("Helen Foster's neighbour said the audit of the harbour accounts was a political stunt.\n", "statement")
    assert not any(row["subject"] == "Helen Foster" for row in rows), rows


def test_a_nationality_describes_the_company_named_before() -> None:
    text = ("Velmont Foods Ltd. opened an office in Dunmore on Monday. Velmont Foods said sales rose. Velmont Foods "
            "employs 300 people.\nThe Portuguese company plans to build a bottling plant in Dunmore.\n")
    rows = rows_of(text, "plan")
    assert any("Velmont" in row["subject"] for row in rows), rows


def test_one_person_on_both_sides_of_an_event_is_no_event() -> None:
    text = "Peter Hale said Peter Hale had fired the harbour master, and Peter Hale fired Peter Hale.\n"
    assert not any(s == o for s, _p, o in events(text)), events(text)


def test_an_event_inside_a_quotation_is_the_speakers_remark_not_a_claim_to_check() -> None:
    from checker.compare.rules.corroboration import concrete

    quoted = rows_of("“Peter Hale fired the harbour master on Monday,” Helen Foster said.\n", "event")
    assert quoted and all(row["slots"].get("quoted") for row in quoted)
    assert not any(concrete({**row, "subject_entity": "x", "object_entity": "y", "place": "", "time": "t"})
                   for row in quoted)
    told = rows_of("Peter Hale fired the harbour master on Monday, Helen Foster said.\n", "event")
    assert told and not any(row["slots"].get("quoted") for row in told)


def test_charging_that_something_happened_is_a_claim_not_a_charge() -> None:
    assert not [e for e in events("Opponents charged that the council had hidden the harbour costs.\n") if e[1] == "charge"]
    assert [e for e in events("Prosecutors charged Peter Hale with fraud on Monday.\n") if e[1] == "charge"]
