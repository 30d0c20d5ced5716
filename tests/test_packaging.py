"""Packaging: the distribution name, metadata, licence and the ways to start the command."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import checker
from conftest import REPO_ROOT, invoke


def test_python_dash_m_checker_and_version_flags() -> None:
    done = subprocess.run([sys.executable, "-m", "checker", "-V"], capture_output=True, text=True, timeout=60,
                          cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"checker {checker.__version__} (newschecker on PyPI)\n"
    assert invoke(["--version"], REPO_ROOT).stdout == done.stdout
    usage = subprocess.run([sys.executable, "-m", "checker", "--help"], capture_output=True, text=True, timeout=60)
    assert usage.stdout.startswith("Usage: checker ")


def test_distribution_metadata() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == checker.DISTRIBUTION == "newschecker"  # "checker" on PyPI is another project
    assert project["scripts"] == {"checker": "checker.cli:run_script"}
    assert {"Homepage", "Source", "Issues"} <= set(project["urls"])
    assert project["urls"]["Homepage"] == checker.HOMEPAGE
    assert "License :: OSI Approved :: MIT License" in project["classifiers"]
    assert any(c.startswith("Programming Language :: Python :: 3.11") for c in project["classifiers"])
    assert (REPO_ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install newschecker" in readme
