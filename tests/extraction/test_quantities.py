"""Quantities on invented sentences: what a number counts, and numbers that count nothing.

Each case is one sentence and the quantity an editor would read from it (``value`` plus the slots
that tell two figures apart), or a number that must not become a quantity (names, dates, labels).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import pytest

from checker.extract import extract_article
from checker.extract.lexicon import load_lexicons
from checker.extract.quantities import format_number, parse_number
from checker.model import Article
from checker.nlp import load_nlp


@lru_cache(maxsize=None)
def _lexicons() -> Any:
    return load_lexicons()


def quantities(text: str) -> list[dict[str, Any]]:
    """The quantity rows of a one-paragraph article, each flattened with its slots."""
    article = Article(id="wire", story="invented", path="wire.md", outlet="Wire", published=dt.date(2024, 3, 6),
                      url=None, title=None, author=None, role=None, text=text, body_start=0, line_starts=(0,))
    _mentions, rows = extract_article(article, load_nlp()(text), _lexicons(), {"wire"})
    return [{**r["slots"], "subject": r["subject"]} for r in rows if r["kind"] == "quantity"]


def one(text: str, value: str) -> dict[str, Any]:
    found = [q for q in quantities(text) if q["value"] == value]
    assert len(found) == 1, quantities(text)
    return found[0]


VOTES = [
    "The council approved the plan by a 7-to-2 vote on Tuesday.",
    "The council approved the plan 7-2 on Tuesday.",
    "Mayor Lena Hartwick won, 7 to 2, after a long debate.",
    "Mayor Lena Hartwick defeated her rival by a vote of 7 to 2.",
    "The motion passed by 7 votes to 2.",
]


@pytest.mark.parametrize("text", VOTES)
def test_a_tally_is_one_vote_quantity(text: str) -> None:
    found = one(text, "7-2")
    assert (found["unit"], found["measure"]) == ("vote", "vote")
    assert not [q for q in quantities(text) if q["value"] in ("7", "2")]


AGES = [
    ("Orla Brennick, 58, runs the harbour authority.", "Orla Brennick"),
    ("The 58-year-old Orla Brennick runs the harbour authority.", "Orla Brennick"),
    ("Orla Brennick, who is 58, runs the harbour authority.", "Orla Brennick"),
    ("The authority is run by a woman aged 58 from Dunmore.", "woman"),
]


@pytest.mark.parametrize(("text", "person"), AGES)
def test_an_age_belongs_to_its_person(text: str, person: str) -> None:
    found = one(text, "58")
    assert found["measure"] == "age"
    assert person in found["subject"]


COUNTS = [
    # text, value, measure, slot checks
    ("The Greens picked up just six seats in the election.", "6", "seat", {"verb": "pick_up"}),
    ("The Liberals lost 60 seats over the decade.", "60", "seat", {"verb": "lose"}),
    ("The mayor held two meetings with the union.", "2", "meeting", {"verb": "hold"}),
    ("Police made a dozen arrests overnight.", "12", "arrest", {"approx": ""}),
    ("The blogger follows 312 accounts on the site.", "312", "account", {"verb": "follow"}),
    ("Ana Ruiz is one of 312 people that the blogger follows.", "312", "people", {"verb": "follow"}),
    ("Kellan's 134 votes were not enough.", "134", "vote", {"owner": "Kellan"}),
    ("Eighteen members of the harbour board signed the letter.", "18", "member", {"owner": "harbour board"}),
    ("Weed from the farm reached at least 40 different states.", "40", "state",
     {"approx": "at least", "value_text": "at least 40", "measure_mods": "different"}),
    ("Twelve states with medical cannabis laws joined the suit.", "12", "state",
     {"measure_mods": "cannabis law medical"}),
    ("The bill fell one vote short.", "1", "vote", {"unit": "margin"}),
]


@pytest.mark.parametrize(("text", "value", "measure", "slots"), COUNTS)
def test_a_count_names_what_it_counts(text: str, value: str, measure: str, slots: dict[str, str]) -> None:
    found = one(text, value)
    assert found["measure"] == measure
    assert {key: found[key] for key in slots} == slots
    assert found["frame_entities"] == ""


MONEY = [
    ("The province pledged $5 billion in aid to the farmers.", "5000000000", "aid"),
    ("The treasury faces a $1.3 billion deficit this year.", "1300000000", "deficit"),
    ("Staff will receive a bonus of $12,500 each.", "12500", "bonus"),
    ("The city raised about $3.6 billion in taxes last year.", "3600000000", "tax"),
]


@pytest.mark.parametrize(("text", "value", "measure"), MONEY)
def test_money_is_measured_by_the_noun_it_prices(text: str, value: str, measure: str) -> None:
    found = one(text, value)
    assert (found["unit"], found["measure"]) == ("$", measure)


def test_the_approximation_is_written_once() -> None:
    found = one("The city raised about $3.6 billion in taxes last year.", "3600000000")
    assert (found["approx"], found["value_text"]) == ("about", "about $3.6 billion")


def test_shares_percentages_and_ordinals() -> None:
    share = one("The mayor won two-thirds of the vote.", "0.6667")
    assert (share["unit"], share["measure"]) == ("share", "vote")
    percent = one("Turnout fell to 41 percent of registered voters.", "41")
    assert percent["unit"] == "%"
    ordinal = one("Mayor Lena Hartwick began an eighth term on Monday.", "8")
    assert (ordinal["unit"], ordinal["measure"]) == ("ordinal", "term")


def test_a_duration_of_an_activity() -> None:
    found = one("Dara Venn served six years in the navy reserve.", "6")
    assert (found["unit"], found["measure"]) == ("year", "duration")


NOT_QUANTITIES = [
    "The state passed Amendment 64 after a long campaign.",
    "Ms. Venn invoked the Fifth Amendment on Tuesday.",
    "The House took up H.R. 1 on Tuesday.",
    "Ms. Venn has led the caucus since 2003.",
    "The talks were held on March 12 in Dunmore.",
    "Ms. Venn kept the No. 2 job in the caucus.",
    "The office at 221 Harbour Street closed early.",
    "Call the office on 555-201-3344 for details.",
    "The film \"Ocean Eleven 12\" opened on Friday.",
    "The memorial honours the victims of 9/11.",
    "If I spoke to 45,000 people, nobody would listen.",
    "There should be no one-on-one meeting with the envoy.",
    "The two men met again later.",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_numbers_that_count_nothing(text: str) -> None:
    assert quantities(text) == []


@pytest.mark.parametrize(("text", "value"), [
    ("$12,500", 12500.0), ("3 million", 3e6), ("one-third", 1 / 3), ("Twelve", 12.0), ("two dozen", 24.0),
    ("one hundred-eighteen", 118.0), ("twenty-five", 25.0), ("about $3.6 billion", 3.6e9), ("several", None),
])
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_format_number() -> None:
    assert [format_number(v) for v in (12500.0, 7312.4, 1 / 3)] == ["12500", "7312.4", "0.3333"]


@pytest.mark.parametrize(("text", "value", "measure"), [
    ("Ms. Venn was paid $9.5 million for 40 speeches.", "9500000", "speech"),
    ("The council will spend $1.3 billion on road repairs.", "1300000000", "repair"),
    ("Ms. Venn said $1.3 billion was their highest bid.", "1300000000", "bid"),
    ("The couple paid $43 million in federal taxes.", "43000000", "tax"),
])
def test_money_paid_for_something_is_measured_by_it(text: str, value: str, measure: str) -> None:
    assert one(text, value)["measure"] == measure


def test_an_ordinal_counts_the_noun_it_is_hyphened_to() -> None:
    found = one("Dara Venn, a second-term councillor, lost the vote.", "2")
    assert (found["unit"], found["measure"]) == ("ordinal", "term")
    assert quantities("He was charged with second-degree assault.") == []


def test_an_ordinal_before_a_name_counts_nothing() -> None:
    assert quantities("Setting the tone for the 112th Congress, the members read the charter of Dunmore.") == []


@pytest.mark.parametrize(("text", "first", "second", "measure"), [
    ("The harbour police made six arrests on Friday, compared with 40 on Thursday.", "6", "40", "arrest"),
    ("Velmont Foods hired 300 workers this year, up from 200 a year earlier.", "300", "200", "worker"),
])
def test_a_figure_set_beside_another_counts_the_same_thing(text: str, first: str, second: str, measure: str) -> None:
    assert one(text, first)["measure"] == measure
    assert one(text, second)["measure"] == measure


def test_a_bare_number_without_a_comparison_still_counts_nothing() -> None:
    assert not any(q["value"] == "47" for q in quantities("The harbour police made six arrests, and 47 was the code."))
