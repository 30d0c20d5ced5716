"""CI integration: the pre-commit hook and the GitHub Action run the commands they promise.

The action's and the hook's command lines are run here through the CLI on a copy of the example;
``pre-commit try-repo`` runs the hook for real in a temporary git repository when pre-commit is
installed and PyPI can be reached (pre-commit pip-installs the tool into a fresh virtualenv).
"""

from __future__ import annotations

import json
import os
import re
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
    assert (project / ".checker-cache" / "hook-reports" / f"{EXAMPLE}.md").is_file()
    assert not (project / "reports").exists()


def test_the_hook_runs_only_for_story_files() -> None:
    definition = hook()
    assert definition["types_or"] == ["markdown", "plain-text"]  # not the rules, not YAML, not code
    assert definition["exclude"] == "^reports/"


def test_the_hook_leaves_a_repository_that_commits_its_reports_clean(project: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    assert invoke(["check", "--no-cache", "-q"], project).exit_code == 1  # writes reports/ as users do
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "stories and their reports")
    article = project / "sources" / EXAMPLE / "global-times.md"
    article.write_text(article.read_text(encoding="utf-8").replace("Tesla CEO", "Tesla chief"), encoding="utf-8")
    git(project, "add", "-A")
    definition = hook()
    result = invoke(shlex.split(definition["entry"])[1:] + list(definition["args"]), project)
    assert result.exit_code == 1, result.output
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=project,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    assert status == [f"M  sources/{EXAMPLE}/global-times.md"]  # only the staged story: the hook changed nothing


def action() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))


def test_the_action_pins_its_actions_and_uploads_only_when_asked() -> None:
    definition = action()
    assert definition["runs"]["using"] == "composite"
    inputs = definition["inputs"]
    assert inputs["upload-sarif"]["default"] == "false"  # forks and repos without code scanning fail an upload
    steps = definition["runs"]["steps"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    for step in steps:
        if "uses" in step:
            assert re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        # Inputs reach scripts through env: an expression pasted into a script could inject commands.
        assert "${{" not in step.get("run", ""), step
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"] == {"path": "${{ steps.pip-cache.outputs.dir }}", "key": "${{ steps.pip-cache.outputs.key }}"}
    key_step = next(s for s in steps if s.get("id") == "pip-cache")
    assert steps.index(key_step) < steps.index(cache) < steps.index(install)
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["if"] == "inputs.upload-sarif == 'true'"
    assert upload["with"] == {"sarif_file": "${{ inputs.sarif-file }}", "category": "${{ inputs.category }}"}
    runs = [s for s in steps if "checker check" in s.get("run", "")]
    assert len(runs) == 1  # one run gives the annotations, the summary and the SARIF log
    failing = steps[-1]
    assert failing["if"] == "steps.check.outputs.exit-code == '1'" and steps.index(upload) < steps.index(failing)


def check_step() -> dict[str, Any]:
    return next(s for s in action()["runs"]["steps"] if s.get("id") == "check")


def test_the_pip_cache_key_step_runs(tmp_path: Path) -> None:
    step = next(s for s in action()["runs"]["steps"] if s.get("id") == "pip-cache")
    output = tmp_path / "github-output"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=tmp_path,
                          env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "GITHUB_OUTPUT": str(output),
                               "ACTION_PATH": str(REPO_ROOT)}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("dir=") and len(lines[0]) > 4
    assert re.fullmatch(r"key=checker-pip-\w+-3\.\d+-[0-9a-f]{16}", lines[1])


def run_check_step(tmp_path: Path, inputs: dict[str, str]) -> tuple[subprocess.CompletedProcess, list[list[str]], str]:
    """The check step's script in bash, as the runner runs it, with a stand-in ``checker`` that records argv."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls.jsonl"
    stand_in = bin_dir / "checker"
    stand_in.write_text(f"#!{sys.executable}\nimport json, sys\nopen({str(calls)!r}, 'a').write(json.dumps(sys.argv[1:]) "
                        "+ '\\n')\nsys.exit(1)\n", encoding="utf-8")
    stand_in.chmod(0o755)
    (bin_dir / "python").symlink_to(sys.executable)
    defaults = {name: str(spec.get("default", "")) for name, spec in action()["inputs"].items()}
    step = check_step()
    env = {key: value.replace("${{ inputs.", "").replace(" }}", "") for key, value in step["env"].items()}
    env = {key: {**defaults, **inputs}[name] for key, name in env.items()}
    output = tmp_path / "github-output"
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=tmp_path,
                          env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "GITHUB_OUTPUT": str(output), **env},
                          capture_output=True, text=True, timeout=60)
    recorded = [json.loads(line) for line in calls.read_text(encoding="utf-8").splitlines()] if calls.exists() else []
    return done, recorded, output.read_text(encoding="utf-8") if output.exists() else ""


def test_the_action_runs_checker_once_without_splitting_words(tmp_path: Path) -> None:
    inputs = {"paths": "sources 'more stories/desk'", "args": '--rules "ci/news rules.yaml" --select role-consistency',
              "fail-on": "warning"}
    done, calls, output = run_check_step(tmp_path, inputs)
    assert done.returncode == 0, done.stderr  # exit 1 is reported as an output, after the upload
    assert calls == [["check", "sources", "more stories/desk", "--rules", "ci/news rules.yaml", "--select",
                      "role-consistency", "--format", "github", "--sarif-output", "checker.sarif", "--fail-on", "warning"]]
    assert output == "exit-code=1\n"


def test_the_action_rejects_unbalanced_quotes_in_args(tmp_path: Path) -> None:
    done, calls, _ = run_check_step(tmp_path, {"args": '--rules "unclosed'})
    assert done.returncode != 0 and calls == []
    assert "checker action: input args: No closing quotation" in done.stderr


def test_the_action_command_writes_annotations_a_summary_and_valid_sarif(tmp_path: Path, project: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _, calls, _ = run_check_step(tmp_path, {})
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = invoke(calls[0][0:] + ["--no-cache", "-q"], project)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0].startswith(f"::error file=sources/{EXAMPLE}/bloomberg.md,line=10,col=")
    log = json.loads((project / "checker.sarif").read_text(encoding="utf-8"))
    sarif_validator().validate(log)
    assert "time-consistency" in {r["ruleId"] for r in log["runs"][0]["results"]}
    assert "agreement" not in {r["properties"]["category"] for r in log["runs"][0]["results"]}
    assert summary.read_text(encoding="utf-8").startswith(f"# {EXAMPLE}")


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
    assert (project / ".checker-cache" / "hook-reports" / f"{EXAMPLE}.md").is_file()
