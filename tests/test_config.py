"""Config found like ruff's: the nearest rules.yaml or pyproject.toml [tool.checker] above the checked
paths, --config FILE, and command-line flags over both; agreements never fail a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.compare.rules.config import load_rules
from checker.config import Config, discover, load_config
from checker.errors import CheckerError
from conftest import invoke

ARTICLE = "---\noutlet: {outlet}\npublished: 2024-05-02\n---\nMara Ostrova met Teo Brandt on Tuesday.\n"


@pytest.fixture()
def desk(tmp_path: Path) -> Path:
    """A repository (``.git``) with one story in which two outlets agree, and nothing else."""
    root = tmp_path / "desk"
    story = root / "stories" / "meeting"
    story.mkdir(parents=True)
    (root / ".git").mkdir()
    for name, outlet in (("wire", "Lake Wire"), ("post", "River Post")):
        (story / f"{name}.md").write_text(ARTICLE.format(outlet=outlet), encoding="utf-8")
    return root


def test_agreements_never_fail_a_run(desk: Path) -> None:
    result = invoke(["check", "stories", "--no-cache", "-q", "--fail-on", "info"], desk)
    assert " info corroboration Mara Ostrova met Teo Brandt: 2 sources agree" in result.stdout
    assert result.exit_code == 0, result.output


def test_the_nearest_rules_file_above_the_paths_is_used(desk: Path) -> None:
    (desk / "rules.yaml").write_text("extends: default\n", encoding="utf-8")
    (desk / "stories" / "rules.yaml").write_text("extends: default\nrules:\n  - {id: corroboration, enabled: false}\n",
                                                 encoding="utf-8")
    result = invoke(["check", "meeting", "--no-cache", "-q", "-v"], desk / "stories")
    assert result.exit_code == 0, result.output
    assert "checker: config: rules.yaml (rules rules.yaml)" in result.stderr
    assert "corroboration" not in result.stdout  # switched off by the nearer file
    other = invoke(["check", "stories/meeting", "--no-cache", "-q", "-v"], desk)
    assert "checker: config: stories/rules.yaml" in other.stderr  # from the paths, not the current folder


def test_discovery_stops_at_the_repository_root(desk: Path) -> None:
    (desk.parent / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    assert discover([desk / "stories"], desk) == Config()
    (desk / ".git").rmdir()
    assert discover([desk / "stories"], desk).rules == desk.parent / "rules.yaml"


def test_pyproject_settings_and_flags_over_them(desk: Path) -> None:
    (desk / "ci").mkdir()
    (desk / "ci" / "news.yaml").write_text("extends: default\n", encoding="utf-8")
    (desk / "pyproject.toml").write_text(
        '[project]\nname = "desk"\n\n[tool.checker]\nrules = "ci/news.yaml"\nreport-dir = "out"\nfail-on = "info"\n'
        'select = ["corroboration"]\n', encoding="utf-8")
    config = discover([desk / "stories"], desk)
    assert (config.rules, config.report_dir, config.fail_on, config.select) == (
        Path("ci/news.yaml"), Path("out"), "info", ("corroboration",))  # shown relative to the current folder
    result = invoke(["check", "stories", "--no-cache", "-q", "-v"], desk)
    assert result.stderr.startswith("checker: config: pyproject.toml [tool.checker] (rules ci/news.yaml; "
                                    "report-dir out; fail-on info; select corroboration)\n")
    assert (desk / "out" / "meeting.md").is_file() and not (desk / "reports").exists()
    flags = invoke(["check", "stories", "--no-cache", "-q", "--report-dir", "flags", "--ignore", "corroboration"], desk)
    assert flags.exit_code == 0 and (desk / "flags" / "meeting.md").is_file()
    assert "corroboration" not in flags.stdout.splitlines()[0]


def test_config_option_replaces_discovery(desk: Path, tmp_path: Path) -> None:
    (desk / "rules.yaml").write_text("extends: default\nrules:\n  - {id: corroboration, enabled: false}\n",
                                     encoding="utf-8")
    other = tmp_path / "checker.toml"
    other.write_text('report-dir = "elsewhere"\n', encoding="utf-8")
    result = invoke(["check", "stories", "--no-cache", "-q", "-v", "--config", str(other)], desk)
    assert result.exit_code == 0, result.output
    assert invoke(["check", "stories", "--no-cache", "-q"], desk).stdout.count("corroboration") == 0
    assert "corroboration" in result.stdout  # the packaged rules, not the discovered file's
    assert (tmp_path / "elsewhere" / "meeting.md").is_file()
    assert load_config(desk / "rules.yaml").rules == desk / "rules.yaml"


@pytest.mark.parametrize("text, message, line", [
    ('[tool.checker]\nfail-on = "often"\n', "fail-on: 'often' must be one of: error, warning, info, never", 2),
    ('[tool.checker]\nrules = "r.yaml"\nreprot-dir = "x"\n', "[tool.checker]: unknown key 'reprot-dir'", 3),
    ('[tool.checker]\nselect = 3\n', "select: expected a list of rule ids", 2),
    ('[tool.checker\n', "invalid TOML", 1),
])
def test_a_bad_pyproject_is_one_error_line(desk: Path, text: str, message: str, line: int) -> None:
    (desk / "pyproject.toml").write_text(text, encoding="utf-8")
    with pytest.raises(CheckerError) as raised:
        discover([desk / "stories"], desk)
    assert raised.value.line == line and message in raised.value.message
    result = invoke(["check", "stories", "--no-cache", "-q"], desk)
    assert result.exit_code == 2 and result.stderr.startswith(f"checker: {desk / 'pyproject.toml'}:{line}")


def test_a_packaged_rule_is_changed_by_id_without_repeating_it(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: default\nrules:\n  - {id: corroboration, enabled: false}\n"
                     "  - {id: role-consistency, severity: error}\n", encoding="utf-8")
    by_id = {rule.id: rule for rule in load_rules(rules).rules}
    default = {rule.id: rule for rule in load_rules(None).rules}
    assert "corroboration" not in by_id and set(by_id) == set(default) - {"corroboration"}
    changed = by_id["role-consistency"]
    assert (changed.severity, default["role-consistency"].severity) == ("error", "warning")
    assert (changed.message, changed.options, changed.where) == (default["role-consistency"].message,
                                                                 default["role-consistency"].options,
                                                                 default["role-consistency"].where)
    assert (changed.path, changed.line) == (str(rules), 4)


def test_validate_reports_every_problem_of_a_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "extends: default\nsetings: {}\nrules:\n  - {id: role-consistency, severity: fatal}\n"
        "  - {id: Bad-Id, type: consistency, field: time, severity: error, message: x}\n"
        "  - {id: ok-rule, type: consistency, field: time, severity: info, message: x, colour: red, size: 2}\n",
        encoding="utf-8")
    result = invoke(["validate", str(rules)], tmp_path)
    assert result.exit_code == 2
    assert [line.split("; expected")[0] for line in result.stderr.splitlines()] == [
        f"checker: {rules}:2:1: unknown key 'setings'; did you mean 'settings'?",
        f"checker: {rules}:4:38: severity 'fatal' must be one of: error, warning, info",
        f"checker: {rules}:5:10: id 'Bad-Id' must be kebab-case (lower-case words joined by '-')",
        f"checker: {rules}:6:79: unknown key 'colour' in rule",
        f"checker: {rules}:6:92: unknown key 'size' in rule",
    ]
