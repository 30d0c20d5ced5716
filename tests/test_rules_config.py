"""rules.yaml loading and validation: every mistake is a CheckerError that points at file:line:col."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.errors import CheckerError
from checker.compare.rules.config import load_rules

from conftest import REPO_ROOT

DEFAULT_IDS = {"role-consistency", "time-consistency", "place-consistency", "value-consistency",
               "stance-consistency", "polarity-consistency", "plan-consistency", "corroboration",
               "accusations-two-outlets", "unconfirmed-claim", "place-spelling", "entity-naming"}

GOOD_RULE = """\
version: 1
rules:
  - id: naming-check
    type: naming
    severity: info
    message: "{entity}: {values}"
"""


def write_rules(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> CheckerError:
    with pytest.raises(CheckerError) as info:
        load_rules(path)
    return info.value


def where(error: CheckerError) -> tuple[str, int, int]:
    match = re.match(r"^(.+?):(\d+):(\d+): ", error.render())
    assert match, error.render()
    return match.group(1), int(match.group(2)), int(match.group(3))


def test_packaged_defaults_load() -> None:
    ruleset = load_rules(None)
    assert {r.id for r in ruleset.rules} >= DEFAULT_IDS
    by_id = {r.id: r for r in ruleset.rules}
    assert by_id["role-consistency"].options["field"] == "role"
    assert by_id["corroboration"].options["min_origins"] == 2
    assert by_id["role-consistency"].severity == "warning"
    assert ["pass", "fail"] in ruleset.settings["opposites"]
    assert any("ceo" in group and "chief executive" in group for group in ruleset.equivalences)


def test_repository_rules_file_loads() -> None:
    ruleset = load_rules(REPO_ROOT / "rules.yaml")
    assert {r.id for r in ruleset.rules} >= DEFAULT_IDS


def test_a_minimal_file(tmp_path: Path) -> None:
    ruleset = load_rules(write_rules(tmp_path, GOOD_RULE))
    [rule] = ruleset.rules
    assert (rule.id, rule.type, rule.severity, rule.line) == ("naming-check", "naming", "info", 3)
    assert rule.options["types"] == ["PERSON", "ORG"]  # option defaults filled in


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = write_rules(tmp_path, "version: 1\nrulez: []\n")
    error = load_error(path)
    assert where(error) == (str(path), 2, 1)
    assert "unknown key 'rulez'" in error.message
    assert "did you mean 'rules'?" in error.message


def test_unknown_rule_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = write_rules(tmp_path, GOOD_RULE + "    severty: warning\n")
    error = load_error(path)
    assert where(error) == (str(path), 7, 5)
    assert "unknown key 'severty' in rule; did you mean 'severity'?" in error.message


def test_unknown_option_of_a_rule_type(tmp_path: Path) -> None:
    path = write_rules(tmp_path, GOOD_RULE + "    min_origins: 2\n")
    error = load_error(path)
    assert where(error)[1] == 7
    assert "unknown key 'min_origins'" in error.message


def test_unknown_type(tmp_path: Path) -> None:
    path = write_rules(tmp_path, 'rules:\n  - id: r1\n    type: corroborashun\n    severity: info\n'
                                 '    message: "x"\n')
    error = load_error(path)
    assert where(error) == (str(path), 3, 11)
    assert "unknown rule type 'corroborashun'" in error.message
    assert "did you mean 'corroboration'?" in error.message


def test_unknown_type_with_its_options(tmp_path: Path) -> None:
    path = write_rules(tmp_path, 'rules:\n  - id: r1\n    type: consistancy\n    field: role\n'
                                 '    severity: info\n    message: "x"\n')
    error = load_error(path)
    assert where(error)[1] == 3
    assert "unknown rule type 'consistancy'" in error.message


def test_duplicate_rule_id(tmp_path: Path) -> None:
    text = GOOD_RULE + '  - id: naming-check\n    type: corroboration\n    severity: info\n    message: "x"\n'
    path = write_rules(tmp_path, text)
    error = load_error(path)
    assert where(error) == (str(path), 7, 5)
    assert "duplicate rule id 'naming-check' (also at line 3)" in error.message
    assert "lines 3 and 7" in error.message  # both places, so the user can pick which to rename


def test_duplicate_key(tmp_path: Path) -> None:
    error = load_error(write_rules(tmp_path, "version: 1\nversion: 1\n"))
    assert where(error)[1:] == (2, 1)
    assert "duplicate key 'version' (first at line 1)" in error.message


def test_bad_severity(tmp_path: Path) -> None:
    path = write_rules(tmp_path, GOOD_RULE.replace("severity: info", "severity: fatal"))
    error = load_error(path)
    assert where(error) == (str(path), 5, 15)
    assert "severity 'fatal' must be one of: error, warning, info" in error.message


@pytest.mark.parametrize("message, bad, suggestion", [
    ("{entity} {valeus}", "{valeus}", "did you mean 'values'?"),
    ("{entity.name}", "{entity.name}", "did you mean 'entity'?"),
    ("{0}", "{0}", "expected one of"),
])
def test_unknown_message_placeholder(tmp_path: Path, message: str, bad: str, suggestion: str) -> None:
    path = write_rules(tmp_path, GOOD_RULE.replace('"{entity}: {values}"', f'"{message}"'))
    error = load_error(path)
    assert where(error) == (str(path), 6, 15 + message.index(bad))  # the placeholder's own column
    assert f"unknown placeholder '{bad}'" in error.message
    assert suggestion in error.message


def test_unbalanced_brace_in_message(tmp_path: Path) -> None:
    path = write_rules(tmp_path, GOOD_RULE.replace('"{entity}: {values}"', '"{entity"'))
    error = load_error(path)
    assert where(error)[1] == 6
    assert "escape literal braces" in error.message


@pytest.mark.parametrize("text, line, column", [
    ('rules:\n  - id: r1\n    type: naming\n  severity: info\n', 4, 3),
    ("version: 1\nrules: [\n", 3, 1),
    ("version: 1\nrules:\n\t- id: x\n", 3, 1),
])
def test_bad_yaml(tmp_path: Path, text: str, line: int, column: int) -> None:
    path = write_rules(tmp_path, text)
    error = load_error(path)
    assert where(error) == (str(path), line, column)
    assert error.message.startswith("invalid YAML")


@pytest.mark.parametrize("snippet, line, text", [
    ("    where: {knd: meeting}\n", 7, "unknown column 'knd'; did you mean 'kind'?"),
])
def test_unknown_where_column(tmp_path: Path, snippet: str, line: int, text: str) -> None:
    error = load_error(write_rules(tmp_path, GOOD_RULE + snippet))
    assert where(error)[1] == line
    assert text in error.message


def test_bad_option_value(tmp_path: Path) -> None:
    text = ('rules:\n  - id: r1\n    type: consistency\n    field: colour\n    severity: info\n'
            '    message: "x"\n')
    error = load_error(write_rules(tmp_path, text))
    assert where(error)[1:] == (4, 12)
    assert "field: 'colour' is not allowed" in error.message
    text = ('rules:\n  - id: r1\n    type: corroboration\n    min_origins: two\n    severity: info\n'
            '    message: "x"\n')
    error = load_error(write_rules(tmp_path, text))
    assert where(error)[1] == 4
    assert "min_origins: expected a integer" in error.message


def test_missing_required_option_and_key(tmp_path: Path) -> None:
    error = load_error(write_rules(tmp_path, 'rules:\n  - id: r1\n    type: consistency\n    severity: info\n'
                                             '    message: "x"\n'))
    assert where(error)[1] == 2
    assert "needs option 'field'" in error.message
    error = load_error(write_rules(tmp_path, 'rules:\n  - id: r1\n    type: naming\n    message: "x"\n'))
    assert "missing 'severity'" in error.message


def test_rule_id_must_be_kebab_case(tmp_path: Path) -> None:
    error = load_error(write_rules(tmp_path, GOOD_RULE.replace("naming-check", "Naming_Check")))
    assert where(error)[1:] == (3, 9)
    assert "kebab-case" in error.message


def test_extends_default_overrides_by_id(tmp_path: Path) -> None:
    text = """\
extends: default
aliases:
  - {name: Ministry of Foreign Affairs, also: [Foreign Ministry]}
equivalences:
  - [strike, walkout]
rules:
  - id: corroboration
    type: corroboration
    min_origins: 3
    severity: warning
    message: "{claim}: {count} source(s)"
  - id: extra-naming
    type: naming
    severity: error
    message: "{entity}"
"""
    ruleset = load_rules(write_rules(tmp_path, text))
    ids = [r.id for r in ruleset.rules]
    assert set(ids) == DEFAULT_IDS | {"extra-naming"}
    assert ids.count("corroboration") == 1
    by_id = {r.id: r for r in ruleset.rules}
    assert by_id["corroboration"].options["min_origins"] == 3
    assert by_id["corroboration"].severity == "warning"
    assert by_id["role-consistency"].options["field"] == "role"  # kept from the defaults
    assert ("strike", "walkout") in ruleset.equivalences
    assert any("ceo" in g for g in ruleset.equivalences)  # defaults' equivalences kept
    assert ruleset.aliases[0]["name"] == "Ministry of Foreign Affairs"
    assert ["pass", "fail"] in ruleset.settings["opposites"]


def test_without_extends_only_the_file_rules_apply(tmp_path: Path) -> None:
    ruleset = load_rules(write_rules(tmp_path, GOOD_RULE))
    assert [r.id for r in ruleset.rules] == ["naming-check"]


def test_unknown_extends_and_version(tmp_path: Path) -> None:
    error = load_error(write_rules(tmp_path, "extends: strict\n"))
    assert "extends: 'strict' is unknown" in error.message
    error = load_error(write_rules(tmp_path, "version: 2\n"))
    assert "version 2 is not supported" in error.message


@pytest.mark.parametrize("text, line", [("# rules\nextends: strict\n", 2), ("# rules\nversion: 2\n", 2)])
def test_unknown_extends_and_version_have_a_line(tmp_path: Path, text: str, line: int) -> None:
    error = load_error(write_rules(tmp_path, text))
    assert error.line == line


@pytest.mark.parametrize("text, line", [
    ("version: 1\nsettings: [opposites]\n", 2),
    ("version: 1\ndistinct:\n  - [Dana Whitlock]\n", 3),
    ("version: 1\naliases:\n  - Foreign Ministry\n", 3),
])
def test_malformed_sections_are_checker_errors(tmp_path: Path, text: str, line: int) -> None:
    error = load_error(write_rules(tmp_path, text))
    assert error.line == line


def test_missing_rules_file(tmp_path: Path) -> None:
    error = load_error(tmp_path / "nope.yaml")
    assert error.render().startswith(f"{tmp_path / 'nope.yaml'}: cannot read rules file")


def test_the_two_copies_of_the_default_rules_are_identical() -> None:
    packaged = (REPO_ROOT / "checker" / "default_rules.yaml").read_text(encoding="utf-8")
    assert (REPO_ROOT / "rules.yaml").read_text(encoding="utf-8") == packaged, \
        "rules.yaml and checker/default_rules.yaml differ; copy one over the other"


@pytest.mark.parametrize("text, line, column, fix", [
    ("version: 1\nsettings: [opposites]\n", 2, 11, "must be a mapping"),
    ("settings:\n  opposits: [[pass, fail]]\n", 2, 3, "did you mean 'opposites'?"),
    ("settings:\n  opposites: [[pass, fail, lose]]\n", 2, 15, "write each entry as a pair"),
    ("settings:\n  gate_sentences: yes please\n", 2, 19, "true or false"),
    ("distinct:\n  - [Dana Whitlock]\n", 2, 5, "exactly 2 entries"),
    ("distinct:\n  - Dana Whitlock\n", 2, 5, "write each entry as a pair of names"),
    ("distinct: Dana Whitlock\n", 1, 11, "must be a list"),
    ("aliases:\n  - Foreign Ministry\n", 2, 5, "{name: <canonical name>, also: [<other name>, ...]}"),
    ("aliases:\n  - {name: Foreign Ministry}\n", 2, 5, "alias is missing 'also'"),
    ("aliases:\n  - {name: Foreign Ministry, aka: [MFA]}\n", 2, 30, "unknown key 'aka' in alias"),
    ("aliases:\n  - {name: Foreign Ministry, also: [[MFA]]}\n", 2, 37, "must hold names or words"),
    ("equivalences:\n  - ceo\n", 2, 5, "write each group as a list"),
    ("equivalences:\n  - [ceo]\n", 2, 5, "at least 2 entries"),
    ("equivalences: {ceo: chief executive}\n", 1, 15, "must be a list"),
    ("lexicons:\n  titels: {}\n", 2, 3, "did you mean 'titles'?"),
])
def test_section_shapes_point_at_the_node_and_say_how_to_fix_it(tmp_path: Path, text: str, line: int, column: int,
                                                                 fix: str) -> None:
    path = write_rules(tmp_path, text)
    error = load_error(path)
    assert where(error) == (str(path), line, column)
    assert fix in error.message


def test_well_formed_sections_load(tmp_path: Path) -> None:
    text = ("settings:\n  opposites: [[pass, fail]]\n  gate_sentences: false\n"
            "aliases:\n  - {name: Ministry of Foreign Affairs, also: Foreign Ministry}\n"
            "distinct:\n  - [Kim, Min-jun Kim]\nequivalences:\n  - [strike, walkout]\n" + GOOD_RULE.replace("version: 1\n", ""))
    ruleset = load_rules(write_rules(tmp_path, text))
    assert ruleset.aliases == ({"name": "Ministry of Foreign Affairs", "also": ["Foreign Ministry"]},)
    assert ruleset.distinct == (("Kim", "Min-jun Kim"),)
    assert ruleset.settings["opposites"] == [["pass", "fail"]]
    assert ("strike", "walkout") in ruleset.equivalences


def test_unknown_extends_and_version_point_at_the_value(tmp_path: Path) -> None:
    path = write_rules(tmp_path, "# rules\nextends: strict\n")
    error = load_error(path)
    assert where(error) == (str(path), 2, 10)
    assert "use 'default' or remove it" in error.message


@pytest.mark.parametrize("snippet, text", [
    ("    where: {kind: meetng}\n", "kind 'meetng' never occurs; did you mean 'meeting'?"),
    ("    where: {modality: [asserted, expectd]}\n", "did you mean 'expected'?"),
    ("    where: kind\n", "where must be a mapping"),
])
def test_where_values_with_a_vocabulary_are_checked(tmp_path: Path, snippet: str, text: str) -> None:
    error = load_error(write_rules(tmp_path, GOOD_RULE + snippet))
    assert where(error)[1] == 7
    assert text in error.message


TEST_HEAD = GOOD_RULE + "    tests:\n"


@pytest.mark.parametrize("snippet, line, text", [
    ("      - articles: []\n        expect: [{category: naming}]\n", 8, ""),
    ("      - expect: [{category: naming}]\n", 8, "test is missing 'articles'"),
    ("      - articles: [{outlet: A, published: 2024-05-02, text: x}]\n", 8, "needs 'expect' or 'expect_not'"),
    ("      - articles: [{outlet: A, published: 2024-05-02, txt: x}]\n        expect: [{category: naming}]\n", 8,
     "did you mean 'text'?"),
    ("      - articles: [{outlet: A, published: May 2, text: x}]\n        expect: [{category: naming}]\n", 8,
     "write it as 2024-05-02"),
    ("      - articles: [{outlet: A, published: 2024-05-02, text: x}]\n        expect: [{category: namng}]\n", 9,
     "did you mean 'naming'?"),
    ("      - articles: [{outlet: A, published: 2024-05-02, text: x}]\n        expect_not: [{field: role}]\n", 9,
     "missing 'category'"),
    ("      - articles: [{outlet: A, published: 2024-05-02, text: x}]\n        expct: [{category: naming}]\n", 9,
     "did you mean 'expect'?"),
])
def test_inline_tests_are_checked_when_the_file_loads(tmp_path: Path, snippet: str, line: int, text: str) -> None:
    path = write_rules(tmp_path, TEST_HEAD + snippet)
    if not text:  # an empty article list is allowed by the loader, and simply finds nothing
        [rule] = load_rules(path).rules
        assert rule.tests[0].articles == () and rule.tests[0].line == line
        return
    error = load_error(path)
    assert where(error)[1] == line
    assert text in error.message


def test_inline_tests_are_loaded_with_their_lines(tmp_path: Path) -> None:
    text = TEST_HEAD + ("      - name: same name\n        articles:\n"
                        "          - {outlet: Lake Wire, published: 2024-05-02, text: Ana Lima spoke.}\n"
                        "        expect_not: [{category: naming, entities: [Ana Lima]}]\n")
    [rule] = load_rules(write_rules(tmp_path, text)).rules
    [test] = rule.tests
    assert (test.name, test.line) == ("same name", 8)
    assert test.articles[0]["published"].isoformat() == "2024-05-02"
    assert test.expect == () and test.expect_not == ({"category": "naming", "entities": ["Ana Lima"]},)


def test_every_default_rule_has_a_passing_and_a_failing_case() -> None:
    for rule in load_rules(None).rules:
        fires = [t for t in rule.tests if any(e["category"] != "agreement" for e in t.expect)]
        quiet = [t for t in rule.tests if t.expect_not]
        assert fires and quiet, f"{rule.id} needs a test where it reports a problem and one where it must not"
