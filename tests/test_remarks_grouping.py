"""Remarks that only one outlet carries: one finding per outlet naming every speaker, or one per
speaker with ``remarks_by_outlet: false``; every quote stays as evidence."""

from __future__ import annotations

from pathlib import Path

from checker.compare.rules.config import load_rules
from checker.pipeline import Options, run

LAKE = """---
outlet: Lake Wire
published: 2024-05-02
---
The harbour committee of Dunmore held its monthly meeting on Thursday evening at the town hall.

Mayor Helen Foster said the harbour dredging would cost the city far more than the council had been told.

Tomas Varga said the ferry timetable would change completely in the first week of June.
"""
HILL = """---
outlet: Hill Post
published: 2024-05-02
---
The Dunmore library reopened on Tuesday after a two-year renovation of its reading rooms.
"""


def _findings(tmp_path: Path, articles: dict[str, str], category: str, rules_text: str | None = None) -> list:
    """The corroboration findings of one category on an invented story of ``articles`` (name → text)."""
    story = tmp_path / "sources" / "harbour"
    story.mkdir(parents=True)
    for name, text in articles.items():
        (story / name).write_text(text, encoding="utf-8")
    rules_path = None
    if rules_text is not None:
        rules_path = tmp_path / "rules.yaml"
        rules_path.write_text(rules_text, encoding="utf-8")
    result = run([story], load_rules(rules_path), Options(cache_dir=None, jobs=1))[0]
    return [f for f in result.findings if f.category == category and f.rule == "corroboration"]


def _single_source(tmp_path: Path, rules_text: str | None = None) -> list:
    return _findings(tmp_path, {"lake.md": LAKE, "hill.md": HILL}, "single_source", rules_text)


def test_remarks_only_one_outlet_carries_are_one_finding(tmp_path: Path) -> None:
    found = [f for f in _single_source(tmp_path) if "remarks by" in f.message]
    assert len(found) == 1
    assert set(found[0].entities) == {"Helen Foster", "Tomas Varga"}
    assert found[0].message.startswith("2 remarks by Helen Foster and Tomas Varga")
    assert len(found[0].evidence) == 2


def test_one_finding_per_speaker_when_asked(tmp_path: Path) -> None:
    rules = "extends: default\nrules:\n  - id: corroboration\n    remarks_by_outlet: false\n"
    found = [f for f in _single_source(tmp_path, rules) if " said: " in f.message]
    assert sorted(f.entities[0] for f in found) == ["Helen Foster", "Tomas Varga"]


AGREED = """Mayor Helen Foster said the harbour dredging would cost the city far more than the council had been told.

Mayor Helen Foster said the ferry timetable would change completely in the first week of June.

Senator Tomas Varga said the northern pier would close for repairs in July.
"""


def _agreements(tmp_path: Path, rules_text: str | None = None) -> list:
    articles = {name: f"---\noutlet: {outlet}\npublished: 2024-05-02\n---\n{AGREED}"
                for name, outlet in (("lake.md", "Lake Wire"), ("hill.md", "Hill Post"))}
    return _findings(tmp_path, articles, "agreement", rules_text)


def test_remarks_of_one_speaker_the_same_outlets_agree_on_are_one_agreement(tmp_path: Path) -> None:
    found = [f for f in _agreements(tmp_path) if "Helen Foster said" in f.message]
    assert len(found) == 1
    assert found[0].message.startswith("Helen Foster said: the harbour dredging")
    assert "(and 1 more remark)" in found[0].message
    assert len(found[0].evidence) == 4  # both remarks in both outlets
    assert any("Tomas Varga said" in f.message for f in _agreements(tmp_path / "again"))


def test_titles_the_same_outlets_agree_on_are_one_agreement(tmp_path: Path) -> None:
    found = [f for f in _agreements(tmp_path) if f.field == "role"]
    assert len(found) == 1
    assert found[0].message.startswith("Titles of Helen Foster and Tomas Varga")


def test_one_agreement_per_remark_and_title_when_asked(tmp_path: Path) -> None:
    rules = ("extends: default\nrules:\n  - id: corroboration\n    group_agreed_remarks: false\n"
             "    group_agreed_roles: false\n")
    found = _agreements(tmp_path, rules)
    assert len([f for f in found if "Helen Foster said" in f.message]) == 2
    assert len([f for f in found if f.field == "role"]) == 2
