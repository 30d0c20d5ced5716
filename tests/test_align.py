"""Claim alignment across sources: paraphrases meet, different facts stay apart, matches are one-to-one."""

from __future__ import annotations

from typing import Any

from checker.compare.align import align, content_words, stem
from checker.model import Entity

PEOPLE = [
    Entity("person:mara-ostrova", "Mara Ostrova", "PERSON", {"a": ("Mara Ostrova",), "b": ("Mara Ostrova",),
                                                               "c": ("Ostrova",)}),
    Entity("person:teo-brandt", "Teo Brandt", "PERSON", {"a": ("Teo Brandt",), "b": ("Teo Brandt",)}),
    Entity("org:velmont-foods", "Velmont Foods", "ORG", {"a": ("Velmont Foods",), "b": ("Velmont",)}),
]
OUTLETS = {"a": "Lake Wire", "b": "Hill Post", "c": "Harbor Times"}


def row(source: str, kind: str, key: str, line: int = 1, **fields: Any) -> dict[str, Any]:
    """A claims row with the columns alignment reads; ``fields`` override the defaults."""
    base = {"source": source, "outlet": OUTLETS[source], "kind": kind, "claim_key": key, "predicate": "say",
            "subject": "", "object": "", "subject_entity": "", "object_entity": "", "slots": {}, "quote": "",
            "line": line, "start": line * 100, "time_start": "", "time_end": "", "published": "2024-05-02",
            "unit": "", "value": "", "modality": "asserted", "negated": False, "entity_names": ()}
    base.update(fields)
    return base


def statement(source: str, words: str, line: int = 1, speaker: str = "person:mara-ostrova") -> dict[str, Any]:
    """Mara Ostrova (by default) said ``words``."""
    return row(source, "statement", f"say|{speaker}|{source}{line}", line, subject_entity=speaker, object=words,
               quote=f"Mara Ostrova said {words}.")


def test_stems_meet_across_inflections() -> None:
    assert stem("expanding") == stem("expand") == stem("expands")
    assert content_words("The company is willing to keep expanding") == {stem("company"), stem("willing"),
                                                                         stem("keep"), stem("expanding")}


def test_a_paraphrased_remark_is_one_claim() -> None:
    rows = [statement("a", "Velmont is willing to further expand business cooperation in Lisbon"),
            statement("b", "Velmont is willing to keep expanding in the country"),
            statement("a", "the harbour needs dredging before winter storms", line=5)]
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] == rows[1]["claim_key"]
    assert rows[2]["claim_key"] != rows[0]["claim_key"]


def test_a_speaker_on_another_subject_is_only_related() -> None:
    rows = [statement("a", "the harbour dredging must start before the winter storms arrive"),
            statement("b", "the harbour dredging budget was approved by a narrow margin")]
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] != rows[1]["claim_key"]  # not compared
    assert rows[0]["related_outlets"] == rows[1]["related_outlets"] == 1  # but not single-source either


def test_different_speakers_never_align() -> None:
    rows = [statement("a", "the plant will open in May", speaker="person:mara-ostrova"),
            statement("b", "the plant will open in May", speaker="person:teo-brandt")]
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] != rows[1]["claim_key"]
    assert rows[0]["related_outlets"] == 0


def quantity(source: str, value: str, measure: str, line: int = 1, owner: str = "", **slots: Any) -> dict[str, Any]:
    """A figure of ``measure`` (owned by ``owner``, an entity id)."""
    return row(source, "quantity", f"quantity|{owner}|{measure}|", line, subject_entity=owner, value=value,
               predicate=measure, slots={"measure": measure, **slots}, quote=f"{value} {measure}")


def test_figures_of_one_owner_and_measure_are_compared() -> None:
    rows = [quantity("a", "420", "job", owner="org:velmont-foods"), quantity("b", "380", "job", owner="org:velmont-foods")]
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] == rows[1]["claim_key"]


def test_figures_that_count_different_things_are_not_compared() -> None:
    # No owner: "198 people he follows" and "45,000 people who might see it" are not one figure.
    rows = [quantity("a", "198", "people", verb="follow"), quantity("b", "45000", "people", verb="see")]
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] != rows[1]["claim_key"]
    # Same owner, different verbs: not one figure either.
    rows = [quantity("a", "5", "seat", owner="org:velmont-foods", verb="win"),
            quantity("b", "60", "seat", owner="org:velmont-foods", verb="lose")]
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] != rows[1]["claim_key"]


def test_one_distinctive_figure_is_one_claim_under_two_nouns() -> None:
    rows = [quantity("a", "180000000", "project", unit="$"), quantity("b", "180000000", "expansion", unit="$")]
    for r in rows:
        r["unit"] = "$"
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] == rows[1]["claim_key"]


def meeting(source: str, day: str, published: str = "2024-05-02", line: int = 1) -> dict[str, Any]:
    """Mara Ostrova met Teo Brandt on ``day`` (an ISO date)."""
    return row(source, "meeting", "meeting|person:mara-ostrova|person:teo-brandt", line, predicate="meet",
               subject_entity="person:mara-ostrova", object_entity="person:teo-brandt", time_start=day, time_end=day,
               published=published, quote="Mara Ostrova met Teo Brandt.")


def test_one_to_one_matching_pairs_each_meeting_with_its_own() -> None:
    # Source a reports two meetings (Monday and Wednesday); source b only Wednesday's.
    rows = [meeting("a", "2024-04-29"), meeting("a", "2024-05-01", line=3), meeting("b", "2024-05-01")]
    align(rows, PEOPLE, {})
    assert rows[1]["claim_key"] == rows[2]["claim_key"]
    assert rows[0]["claim_key"] != rows[2]["claim_key"]


def test_background_and_news_are_two_events() -> None:
    rows = [meeting("a", "2023-10-10"), meeting("b", "2024-04-30")]
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] != rows[1]["claim_key"]


def test_an_outlet_cannot_report_what_happened_after_it_went_to_press() -> None:
    rows = [meeting("a", "2024-04-28", published="2024-04-29"), meeting("b", "2024-05-02", published="2024-05-03")]
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] != rows[1]["claim_key"]
    close = [meeting("a", "2024-04-30"), meeting("b", "2024-05-01")]
    align(close, PEOPLE, {})
    assert close[0]["claim_key"] == close[1]["claim_key"]  # a real date discrepancy stays comparable


def test_thresholds_come_from_settings() -> None:
    def pair() -> list[dict[str, Any]]:
        return [statement("a", "the harbour needs dredging before the winter storms arrive"),
                statement("b", "the harbour dredging budget was approved by a narrow margin")]
    rows = pair()
    align(rows, PEOPLE, {"alignment": {"strict": 0.3, "lenient": 0.2}})
    assert rows[0]["claim_key"] == rows[1]["claim_key"]
    rows = pair()
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] != rows[1]["claim_key"]


def test_a_large_story_is_blocked_not_scored_pairwise() -> None:
    # 3,000 statements of 300 speakers: candidates come only from shared speakers and rare words.
    speakers = [f"person:s{i}" for i in range(300)]
    rows = [statement("abc"[i % 3], f"topic{i % 97} remark{i}", line=i, speaker=speakers[i % 300]) for i in range(3000)]
    align(rows, [], {})
    assert len({r["claim_key"] for r in rows}) > 2000


def test_two_figures_of_one_outlet_are_two_claims() -> None:
    # "at least 40 states" and "23 states" in one article count different sets of states.
    rows = [quantity("a", "40", "state"), quantity("a", "23", "state", line=9), quantity("b", "23", "state")]
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] != rows[1]["claim_key"]
    assert rows[1]["claim_key"] == rows[2]["claim_key"]


def test_figures_orders_of_magnitude_apart_are_different_sums() -> None:
    rows = [quantity("a", "141000000", "earning", owner="org:velmont-foods"),
            quantity("b", "750000", "earning", owner="org:velmont-foods")]
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] != rows[1]["claim_key"]
    assert rows[0]["related_outlets"] == 1  # still not single-source


def test_a_denied_detail_is_not_a_denied_event() -> None:
    charged = row("a", "event", "event|person:teo-brandt|charge|", predicate="charge", subject_entity="",
                  object_entity="person:teo-brandt", object="Teo Brandt",
                  quote="A grand jury charged Teo Brandt in a seven-count indictment.")
    not_with = dict(charged, source="b", outlet=OUTLETS["b"], negated=True,
                    quote="The indictment does not charge Teo Brandt with conspiring with the harbour board.")
    rows = [charged, not_with]
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] != rows[1]["claim_key"]


def test_alignment_does_not_depend_on_the_hash_seed() -> None:
    import os
    import subprocess
    import sys

    code = ("import sys; sys.path.insert(0, 'tests'); from test_align import *\n"
            "rows = [statement('abc'[i % 3], f'harbour dredging budget topic{i % 7} remark{i % 5} vote', line=i) "
            "for i in range(60)]\nalign(rows, PEOPLE, {})\nprint([r['claim_key'] for r in rows])")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(outputs) == 1


def _filed(source: str, subject: str, obj: str, day: str = "2024-05-02") -> dict[str, Any]:
    return row(source, "event", f"event|text:{subject}|file|{source}", predicate="file", subject=subject,
               object=obj, quote=f"{subject} filed {obj} on Thursday.", time_start=day, time_end=day)


def test_an_unnamed_actor_is_the_same_when_its_nouns_are() -> None:
    rows = [_filed("a", "the two port unions", "a federal lawsuit"),
            _filed("b", "port unions", "the first lawsuit against the levy"),
            _filed("c", "three shipping firms", "a federal lawsuit")]
    align(rows, PEOPLE, {})
    assert rows[0]["claim_key"] == rows[1]["claim_key"]  # the same unions, the same day, the same act
    assert rows[2]["claim_key"] != rows[0]["claim_key"]  # other plaintiffs
