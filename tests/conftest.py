"""Shared fixtures: the repository root and one spaCy-backed CLI run of the example story per session.

The example run goes through click's ``CliRunner`` in this process, so the spaCy model is loaded
once and later in-process runs (exit codes, golden report) reuse it.
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from checker.cli import main

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "musk-china-2023"
EXAMPLE_DIR = REPO_ROOT / "sources" / EXAMPLE
STORIES_DIR = REPO_ROOT / "tests" / "stories"


@contextmanager
def working_directory(path: Path) -> Iterator[None]:
    """Run a block with ``path`` as the current directory (the CLI resolves paths from it)."""
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def invoke(args: list[str], cwd: Path) -> Any:
    """Run ``checker <args>`` in this process with ``cwd`` as the current directory."""
    with working_directory(cwd):
        return CliRunner().invoke(main, args, catch_exceptions=True)


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, keyed by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class ExampleRun:
    """One ``checker check sources/musk-china-2023 --format json`` run and what it left behind."""

    exit_code: int
    stdout: str
    stderr: str
    document: dict[str, Any]
    story: dict[str, Any]
    report_dir: Path
    markdown: str
    json_file: str
    sources_before: dict[str, str]


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> ExampleRun:
    """The example story checked once per session (no cache, reports in a temporary folder)."""
    report_dir = tmp_path_factory.mktemp("example-reports")
    before = tree_hashes(REPO_ROOT / "sources")
    result = invoke(["check", f"sources/{EXAMPLE}", "--report-dir", str(report_dir), "--no-cache", "-q",
                     "--format", "json"], REPO_ROOT)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    document = json.loads(result.stdout)
    return ExampleRun(
        exit_code=result.exit_code, stdout=result.stdout, stderr=result.stderr, document=document,
        story=document["stories"][0], report_dir=report_dir,
        markdown=(report_dir / f"{EXAMPLE}.md").read_text(encoding="utf-8"),
        json_file=(report_dir / f"{EXAMPLE}.json").read_text(encoding="utf-8"),
        sources_before=before,
    )


def findings(story: dict[str, Any], category: str | None = None, **match: Any) -> list[dict[str, Any]]:
    """Findings of a JSON story, filtered by category and exact field values."""
    chosen = []
    for finding in story["findings"]:
        if category is not None and finding["category"] != category:
            continue
        if all(finding.get(k) == v for k, v in match.items()):
            chosen.append(finding)
    return chosen
