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


def _single_source(tmp_path: Path, rules_text: str | None = None) -> list:
    story = tmp_path / "sources" / "harbour"
    story.mkdir(parents=True)
    (story / "lake.md").write_text(LAKE, encoding="utf-8")
    (story / "hill.md").write_text(HILL, encoding="utf-8")
    rules_path = None
    if rules_text is not None:
        rules_path = tmp_path / "rules.yaml"
        rules_path.write_text(rules_text, encoding="utf-8")
    result = run([story], load_rules(rules_path), Options(cache_dir=None, jobs=1))[0]
    return [f for f in result.findings if f.category == "single_source" and f.rule == "corroboration"]


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
