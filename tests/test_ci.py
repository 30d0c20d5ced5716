"""CI integration: the pre-commit hook and the GitHub Action run the commands they promise.

The action's and the hook's command lines are run here through the CLI on a copy of the example;
``pre-commit try-repo`` runs the hook for real in a temporary git repository when pre-commit is
installed and PyPI can be reached (pre-commit pip-installs the tool into a fresh virtualenv).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLE, REPO_ROOT, invoke
from test_formats import sarif_validator

#: Output of a pip that cannot reach the package index.
OFFLINE = ("Could not find a version", "No matching distribution", "Failed to establish a new connection",
           "Temporary failure in name resolution", "Network is unreachable", "ConnectionError", "ProxyError")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A repository with the example story in sources/, where the story's bloomberg article now
    puts the meeting on another day in another city (two ``error`` findings)."""
    root = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "sources" / EXAMPLE, root / "sources" / EXAMPLE)
    article = root / "sources" / EXAMPLE / "bloomberg.md"
    text = article.read_text(encoding="utf-8")
    assert "Musk arrived Tuesday in Beijing" in text
    article.write_text(text.replace("Musk arrived Tuesday in Beijing", "Musk arrived Thursday in Shanghai"),
                       encoding="utf-8")
    return root


def hook() -> dict[str, Any]:
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    return hooks[0]


def test_the_hook_checks_the_whole_story_set() -> None:
    definition = hook()
    assert definition["id"] == "checker"
    assert definition["language"] == "python"
    assert definition["pass_filenames"] is False
    assert shlex.split(definition["entry"]) == ["checker", "check"]


def test_the_hook_command_fails_on_a_contradiction(project: Path) -> None:
    definition = hook()
    args = shlex.split(definition["entry"])[1:] + list(definition.get("args", [])) + ["--no-cache"]
    result = invoke(args, project)
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    assert " error time-consistency " in result.stdout
    assert (project / "reports" / f"{EXAMPLE}.md").is_file()


def action() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))


def test_the_action_installs_from_its_path_and_uploads_sarif() -> None:
    definition = action()
    assert definition["runs"]["using"] == "composite"
    steps = definition["runs"]["steps"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    commands = [s for s in steps if s.get("run", "").startswith("checker check")]
    assert [s["name"] for s in commands] == ["checker check (SARIF for code scanning)", "checker check (log)"]
    assert steps.index(upload) < steps.index(commands[1])  # the failing log step comes after the upload
    for step in steps:
        # Inputs reach scripts through env: an expression pasted into a script could inject commands.
        assert "${{" not in step.get("run", ""), step


def expand(step: dict[str, Any], inputs: dict[str, str]) -> list[str]:
    """A step's ``run`` line as the runner's bash would split it, with the inputs' defaults."""
    env = {}
    for key, value in step.get("env", {}).items():
        env[key] = value.replace("${{ inputs.", "").replace(" }}", "")
        env[key] = inputs.get(env[key], env[key])
    words = []
    for word in shlex.split(step["run"]):
        if word.startswith("$"):
            words.extend(env[word[1:]].split())  # unquoted: split on spaces, as bash does
        else:
            words.append(word)
    return words


def test_the_action_commands_write_valid_sarif_and_fail_the_log_step(project: Path) -> None:
    definition = action()
    inputs = {name: str(spec.get("default", "")) for name, spec in definition["inputs"].items()}
    sarif_step, log_step = [s for s in definition["runs"]["steps"] if s.get("run", "").startswith("checker check")]
    sarif = invoke(expand(sarif_step, inputs)[1:] + ["--no-cache"], project)
    assert sarif.exit_code == 0, sarif.output  # --fail-on never: the upload always happens
    assert sarif.stdout == "" and sarif.stderr == ""
    log = json.loads((project / inputs["sarif-file"]).read_text(encoding="utf-8"))
    sarif_validator().validate(log)
    assert "time-consistency" in {r["ruleId"] for r in log["runs"][0]["results"]}
    text = invoke(expand(log_step, inputs)[1:] + ["--no-cache"], project)
    assert text.exit_code == 1
    assert text.stdout.splitlines()[0].startswith(f"sources/{EXAMPLE}/bloomberg.md:")


def hook_repository(tmp_path: Path) -> Path:
    """A git repository holding what pre-commit installs: the package, pyproject.toml, README and hooks."""
    repo = tmp_path / "hook-repo"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(REPO_ROOT / name, repo / name)
    shutil.copytree(REPO_ROOT / "checker", repo / "checker", ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hook")
    return repo


def git(cwd: Path, *args: str) -> None:
    identity = ["-c", "user.name=checker tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def test_pre_commit_try_repo_runs_the_hook(tmp_path: Path, project: Path) -> None:
    pre_commit = shutil.which("pre-commit", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                                  os.environ.get("PATH", "")]))
    if pre_commit is None or shutil.which("git") is None:
        pytest.skip("pre-commit or git is not installed (pip install -e '.[test]')")
    repo = hook_repository(tmp_path)
    git(project, "init", "-q")
    git(project, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    try:
        done = subprocess.run([pre_commit, "try-repo", str(repo), "checker", "--all-files", "--verbose"],
                              cwd=project, env=env, capture_output=True, text=True, timeout=1200)
    except subprocess.TimeoutExpired:
        pytest.skip("pre-commit could not install the hook in 20 minutes")
    output = done.stdout + done.stderr
    log = tmp_path / "pre-commit-home" / "pre-commit.log"
    details = output + (log.read_text(encoding="utf-8", errors="replace") if log.is_file() else "")
    if done.returncode != 0 and any(marker in details for marker in OFFLINE):
        pytest.skip("pre-commit could not pip-install the hook: no package index reachable")
    assert done.returncode == 1, output
    assert "checker (cross-source check of news stories)" in output and "Failed" in output
    assert "- exit code: 1" in output
    assert f"sources/{EXAMPLE}/bloomberg.md:10: error time-consistency" in output
    assert (project / "reports" / f"{EXAMPLE}.md").is_file()
