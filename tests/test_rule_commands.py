"""The rules as the user's language: `checker rules`, `rules show`, `schema`, `test`, the published
reference files, help text, a YAML-only extension and the README's draft recipe, end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click
import jsonschema
import pytest
import yaml

from checker.cli import main
from checker.compare.rules.config import load_rules
from checker.compare.rules.reference import json_schema, render_docs

from conftest import REPO_ROOT, findings, invoke

DEFAULT_TYPES = {"role-consistency": "consistency", "plan-consistency": "temporal", "corroboration": "corroboration",
                 "accusations-two-outlets": "required", "unconfirmed-claim": "confirmation", "entity-naming": "naming"}


def write_story(folder: Path, articles: dict[str, str]) -> Path:
    """A story folder with one file per ``name: "outlet|published|text"``."""
    folder.mkdir(parents=True)
    for name, spec in articles.items():
        outlet, published, text = spec.split("|", 2)
        (folder / f"{name}.md").write_text(f"---\noutlet: {outlet}\npublished: {published}\n---\n{text}\n",
                                           encoding="utf-8")
    return folder


def check_json(story: Path, tmp_path: Path, *extra: str) -> tuple[Any, dict[str, Any]]:
    result = invoke(["check", str(story), "--report-dir", str(tmp_path / "reports"), "--no-cache", "-q",
                     "--format", "json", "--fail-on", "never", *extra], tmp_path)
    assert result.exit_code == 0, result.output
    return result, json.loads(result.stdout)["stories"][0]


# --- listing and explaining ---------------------------------------------------------------------------------------

def test_rules_lists_every_rule_with_type_severity_and_description(tmp_path: Path) -> None:
    result = invoke(["rules"], tmp_path)
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.stdout.splitlines()}
    assert set(lines) == {r.id for r in load_rules(None).rules}
    for rule_id, rule_type in DEFAULT_TYPES.items():
        assert lines[rule_id][1] == rule_type
    assert lines["time-consistency"][2] == "error"
    assert "must be reported by at least two outlets" in result.stdout


def test_rules_reads_a_user_file(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text('rules:\n  - id: only-naming\n    type: naming\n    severity: info\n'
                                        '    message: "{entity}"\n    description: Names only.\n', encoding="utf-8")
    result = invoke(["rules", "--rules", "mine.yaml"], tmp_path)
    assert result.stdout.split() == ["only-naming", "naming", "info", "Names", "only."]


def test_rules_show_explains_a_rule_with_its_type_doc_and_an_example(tmp_path: Path) -> None:
    result = invoke(["rules", "show", "plan-consistency"], tmp_path)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("plan-consistency: a temporal rule, severity warning (")
    assert "changed_plan_severity: info" in text  # its configuration
    assert "plan overtaken by outcome" in text  # the type's docstring
    assert "Example:" in text and "The Harlow City Council voted on the budget on Wednesday." in text


def test_rules_show_an_unknown_id_suggests_one(tmp_path: Path) -> None:
    result = invoke(["rules", "show", "plan-consistensy"], tmp_path)
    assert result.exit_code == 2
    assert "no rule 'plan-consistensy'; did you mean 'plan-consistency'?" in result.stderr


# --- published reference files ------------------------------------------------------------------------------------

def test_rules_schema_json_is_what_checker_schema_prints(tmp_path: Path) -> None:
    result = invoke(["schema"], tmp_path)
    assert json.loads(result.stdout) == json_schema()
    published = (REPO_ROOT / "rules.schema.json").read_text(encoding="utf-8")
    assert published == result.stdout, "rules.schema.json is stale; regenerate it: checker schema > rules.schema.json"


def _as_json(data: Any) -> Any:
    return json.loads(json.dumps(data, default=str))  # YAML dates become strings, as an editor sees them


def test_the_schema_accepts_the_default_rules_and_rejects_mistakes() -> None:
    validator = jsonschema.Draft7Validator(json_schema())
    defaults = _as_json(yaml.safe_load((REPO_ROOT / "rules.yaml").read_text(encoding="utf-8")))
    assert list(validator.iter_errors(defaults)) == []
    for mistake in ({"rulez": []}, {"rules": [{"id": "x", "type": "consistency", "severity": "info", "message": "m"}]},
                    {"rules": [{"id": "x", "type": "naming", "severity": "fatal", "message": "m"}]},
                    {"rules": [{"id": "x", "type": "temporal", "severity": "info", "message": "m", "field": "time"}]},
                    {"distinct": [["only one"]]}):
        assert list(validator.iter_errors(mistake)), mistake


def test_docs_rules_md_is_generated_from_the_rule_modules() -> None:
    published = (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert published == render_docs(load_rules(None)), \
        "docs/rules.md is stale; regenerate it: checker rules docs > docs/rules.md"
    for rule_type in ("consistency", "temporal", "corroboration", "required", "confirmation", "naming"):
        assert f"### {rule_type}\n" in published


def _commands(group: click.Group, prefix: str = "checker") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
    return found


def test_every_command_and_option_has_help_text() -> None:
    for name, command in _commands(main):
        assert (command.help or "").strip(), f"{name} has no docstring (its --help)"
        for param in command.params:
            if isinstance(param, click.Option):
                assert (param.help or "").strip(), f"{name} {param.opts[0]} has no help text"


# --- checker test -------------------------------------------------------------------------------------------------

def test_checker_test_runs_every_default_rule_test(tmp_path: Path) -> None:
    result = invoke(["test"], tmp_path)
    assert result.exit_code == 0, result.output
    ruleset = load_rules(None)
    total = sum(len(r.tests) for r in ruleset.rules)
    assert f"{total} tests: {total} passed, 0 failed" in result.stdout
    assert result.stdout.count("PASS ") == total
    assert "rules without tests" not in result.stdout


FAILING_TEST = """\
extends: default
rules:
  - id: strict-dates
    type: consistency
    field: time
    severity: error
    message: "{claim}: {values}"
    tests:
      - name: wrongly expects a discrepancy
        articles:
          - {outlet: Lake Wire, published: 2024-05-02, text: "Mara Ostrova met Teo Brandt on Tuesday."}
          - {outlet: Hill Post, published: 2024-05-02, text: "Mara Ostrova met Teo Brandt on Tuesday."}
        expect: [{category: discrepancy, field: time}]
  - id: untested-naming
    type: naming
    severity: info
    message: "{entity}"
"""


def test_checker_test_exits_1_on_a_failing_test_and_lists_untested_rules(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(FAILING_TEST, encoding="utf-8")
    result = invoke(["test", "mine.yaml", "-v"], tmp_path)
    assert result.exit_code == 1, result.output
    assert "FAIL strict-dates: wrongly expects a discrepancy (mine.yaml:9)" in result.stdout
    assert "expected a finding with category: discrepancy, field: time" in result.stdout
    assert "rules without tests: untested-naming" in result.stdout
    assert re.search(r"\d+ tests: \d+ passed, 1 failed", result.stdout)


def test_checker_test_on_an_invalid_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("rules:\n  - id: x\n    type: naming\n    severity: info\n    message: m\n"
                                       "    tests: [{articles: [{outlet: A, text: x}], expect: [{category: naming}]}]\n",
                                       encoding="utf-8")
    result = invoke(["test", "bad.yaml"], tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("checker: bad.yaml:6:") and "missing 'published'" in result.stderr


# --- a user's YAML changes what is found ---------------------------------------------------------------------------

USER_RULES = """\
extends: default
aliases:
  - {name: Velmont Foods, also: [Velmo]}
equivalences:
  - [managing director, general manager]
rules:
  - id: job-cuts-three-outlets
    type: required
    min_sources: 3
    severity: error
    message: "{claim}: job cuts need three outlets, {count} report them"
    where: {kind: event, predicate: cut}
"""

STORY = {
    "lake-wire": "Lake Wire|2024-05-02|Mara Ostrova, managing director of Velmont Foods, spoke on Tuesday. "
                 "Velmont Foods will cut 420 jobs, the company said.",
    "hill-post": "Hill Post|2024-05-02|Mara Ostrova, general manager of Velmont Foods, spoke on Tuesday. "
                 "Velmo will cut 420 jobs, the company said.",
}


def test_a_rule_an_alias_and_an_equivalence_in_yaml_alone_change_the_report(tmp_path: Path) -> None:
    story = write_story(tmp_path / "velmont", STORY)
    _, before = check_json(story, tmp_path)
    assert findings(before, "discrepancy", field="role")  # two titles, not yet known to be one
    assert {"Velmont Foods", "Velmo"} <= {e["name"] for e in before["entities"]}
    assert not [f for f in before["findings"] if f["rule"] == "job-cuts-three-outlets"]

    (tmp_path / "rules.yaml").write_text(USER_RULES, encoding="utf-8")
    _, after = check_json(story, tmp_path, "--rules", "rules.yaml")
    assert not findings(after, "discrepancy", field="role")  # the equivalence
    names = {e["name"] for e in after["entities"]}
    assert "Velmont Foods" in names and "Velmo" not in names  # the alias
    [cuts] = [f for f in after["findings"] if f["rule"] == "job-cuts-three-outlets"]  # the new rule
    assert (cuts["category"], cuts["severity"]) == ("single_source", "error")
    assert cuts["sources"] == ["hill-post", "lake-wire"]  # one claim once Velmo is Velmont Foods
    assert cuts["message"] == "Velmo will cut 420 jobs: job cuts need three outlets, 2 report them"  # its own words


# --- the README recipe: checking a draft against the wires ---------------------------------------------------------

def _recipe() -> tuple[list[str], str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Checking a draft against the wires\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```markdown\n(.*?)```", section, re.S), re.findall(r"```yaml\n(.*?)```", section, re.S)[0]


def test_the_readme_draft_recipe_works_as_written(tmp_path: Path) -> None:
    (draft, wire), rules = _recipe()
    story = tmp_path / "velmont-draft"
    story.mkdir()
    (story / "draft.md").write_text(draft, encoding="utf-8")
    (story / "lake-wire.md").write_text(wire, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(rules, encoding="utf-8")
    result = invoke(["check", "velmont-draft", "--rules", "rules.yaml", "--report-dir", "reports", "--no-cache",
                     "-q", "--format", "json"], tmp_path)
    assert result.exit_code == 1, result.output  # errors: the draft does not match the wire
    assert result.stderr == ""  # the story has a draft: no "can never match" warning
    story_json = json.loads(result.stdout)["stories"][0]
    assert [s["role"] for s in story_json["sources"]] == ["draft", "wire"]
    [dates] = [f for f in story_json["findings"] if f["rule"] == "draft-dates-match-wires"]
    assert (dates["category"], dates["field"]) == ("discrepancy", "time")
    assert "Wednesday" in dates["values"]["draft"] and "Tuesday" in dates["values"]["lake-wire"]
    unbacked = [f for f in story_json["findings"] if f["rule"] == "draft-backed-by-wires"]
    assert unbacked and all(f["category"] == "single_source" and f["sources"] == ["draft"] for f in unbacked)
    assert any("420" in f["message"] for f in unbacked)
    assert not any("Teo Brandt" in f["entities"] for f in unbacked)  # the wire carries the meeting


def test_a_draft_rule_on_a_story_without_a_draft_warns_on_stderr(tmp_path: Path) -> None:
    _drafts, rules = _recipe()
    (tmp_path / "rules.yaml").write_text(rules, encoding="utf-8")
    story = write_story(tmp_path / "wires-only", {"lake-wire": "Lake Wire|2024-05-02|Mara Ostrova met Teo Brandt."})
    result = invoke(["check", str(story), "--rules", "rules.yaml", "--report-dir", "reports", "--no-cache", "-q",
                     "--fail-on", "never"], tmp_path)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("checker: warning: ")]
    assert len(warnings) == 2
    assert warnings[0].startswith("checker: warning: rules.yaml:")
    assert "wires-only: rule 'draft-backed-by-wires' can never match: where source_role: draft" in warnings[0]


@pytest.mark.parametrize("path", ["rules.yaml", "checker/default_rules.yaml"])
def test_validate_accepts_the_shipped_rules(tmp_path: Path, path: str) -> None:
    result = invoke(["validate", str(REPO_ROOT / path)], tmp_path)
    assert result.exit_code == 0, result.output
