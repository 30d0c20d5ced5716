"""A user extends the extraction lexicons from rules.yaml alone and sees the effect in the report."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main

ARTICLE = "---\noutlet: {outlet}\npublished: 2024-05-08\n---\nSarah Mitchell greeted James Porter in Ottawa on Monday.\n"
RULES = """version: 1
extends: default
lexicons:
  predicates:
    verbs:
      greet: {kind: meeting, predicate: meet}
"""


def _meetings(tmp_path: Path, rules: Path | None) -> list[dict]:
    args = ["check", str(tmp_path / "story"), "--no-cache", "-q", "--report-dir", str(tmp_path / "out"),
            "--format", "json", "--fail-on", "never"]
    if rules is not None:
        args += ["--rules", str(rules)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    story = json.loads(result.stdout)["stories"][0]
    return [a for a in story["assertions"] if a["kind"] == "meeting"]


def test_a_verb_added_in_rules_yaml_becomes_a_meeting(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    story = tmp_path / "story"
    story.mkdir()
    for name in ("harbor-wire", "valley-post"):
        (story / f"{name}.md").write_text(ARTICLE.format(outlet=name), encoding="utf-8")
    assert _meetings(tmp_path, None) == []
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    meetings = _meetings(tmp_path, rules)
    assert {(m["subject"], m["object"]) for m in meetings} == {("Sarah Mitchell", "James Porter")}
    assert {m["slots"]["time"] for m in meetings} == {"2024-05-06"}
