"""Which settings a run uses: found like ruff's and sqlfluff's, from the checked paths upwards.

Precedence, highest first: command-line flags, then ``--config FILE``, then the nearest config
file. The nearest config file is found by walking up from the checked paths (from the current
folder when there are none, and again from the current folder when the paths are outside it) to
the repository root (a folder holding ``.git``) or the filesystem root. In each folder:

1. ``pyproject.toml`` with a ``[tool.checker]`` table::

       [tool.checker]
       rules = "ci/rules.yaml"      # default: rules.yaml beside pyproject.toml, if there is one
       report-dir = "build/reports"
       fail-on = "warning"
       select = ["role-consistency", "time-consistency"]
       ignore = ["corroboration"]

2. else ``rules.yaml``: the rules, every other setting at its default.

Paths in a config file are relative to the folder that holds it. ``--config FILE`` takes a
``pyproject.toml`` (or any ``.toml`` file with those keys under ``[tool.checker]`` or at the top)
or a rules file (``.yaml``), and turns discovery off.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checker.errors import CheckerError

RULES_FILE = "rules.yaml"
PYPROJECT = "pyproject.toml"
FAIL_ON = ("error", "warning", "info", "never")
KEYS = ("rules", "report-dir", "fail-on", "select", "ignore")


@dataclass(frozen=True)
class Config:
    """Settings from one config file (``path``); None and () mean "not set here"."""

    path: Path | None = None
    rules: Path | None = None
    report_dir: Path | None = None
    fail_on: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for ``-v``: where the settings come from and what they set."""
        if self.path is None:
            return "config: none found; the packaged default rules"
        where = f"{_shown(self.path)} [tool.checker]" if self.path.suffix == ".toml" else _shown(self.path)
        parts = [f"rules {_shown(self.rules)}" if self.rules else "the packaged default rules"]
        parts += [f"report-dir {_shown(self.report_dir)}"] if self.report_dir else []
        parts += [f"fail-on {self.fail_on}"] if self.fail_on else []
        parts += [f"{name} {', '.join(v)}" for name, v in (("select", self.select), ("ignore", self.ignore)) if v]
        return f"config: {where} ({'; '.join(parts)})"


def _shown(path: Path) -> str:
    """A path relative to the current folder when it is under it (as the CLI shows paths)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _words(value: Any, key: str, path: Path, text: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CheckerError(str(path), f"{key}: expected a list of rule ids, e.g. {key} = [\"role-consistency\"]",
                           _line_of(text, key))
    return tuple(part.strip() for v in value for part in v.split(",") if part.strip())


def _from_table(table: dict[str, Any], path: Path, text: str) -> Config:
    """The settings of a ``[tool.checker]`` table, checked; paths made relative to its folder."""
    folder = path.parent
    for key in table:
        if key not in KEYS:
            raise CheckerError(str(path), f"[tool.checker]: unknown key '{key}'; the keys are {', '.join(KEYS)}",
                               _line_of(text, key))
    for key in ("rules", "report-dir"):
        if key in table and not isinstance(table[key], str):
            raise CheckerError(str(path), f"{key}: expected a path in quotes", _line_of(text, key))
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise CheckerError(str(path), f"fail-on: '{fail_on}' must be one of: {', '.join(FAIL_ON)}",
                           _line_of(text, "fail-on"))
    rules = folder / table["rules"] if "rules" in table else None
    if rules is None and (folder / RULES_FILE).is_file():
        rules = folder / RULES_FILE
    return Config(path=path, rules=rules, report_dir=folder / table["report-dir"] if "report-dir" in table else None,
                  fail_on=fail_on, select=_words(table.get("select", []), "select", path, text),
                  ignore=_words(table.get("ignore", []), "ignore", path, text))


def _toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text), text
    except OSError as error:
        raise CheckerError(str(path), f"cannot read the config file: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise CheckerError(str(path), f"invalid TOML: {message}", int(found.group(1)) if found else None,
                           int(found.group(2)) if found else None) from None


def _pyproject_table(path: Path) -> tuple[dict[str, Any], str] | None:
    data, text = _toml(path)
    table = data.get("tool", {}).get("checker")
    return (table, text) if isinstance(table, dict) else None


def load_config(path: Path) -> Config:
    """``--config FILE``: a TOML file with checker's keys, or a rules file."""
    if not path.is_file():
        raise CheckerError(str(path), "no such config file; pass a pyproject.toml, a .toml file or a rules.yaml")
    if path.suffix in (".yaml", ".yml"):
        return Config(path=path, rules=path)
    if path.suffix != ".toml":
        raise CheckerError(str(path), "a config file is a .toml file ([tool.checker]) or a rules file (.yaml)")
    found = _pyproject_table(path)
    if found is None:
        data, text = _toml(path)
        if path.name == PYPROJECT:
            raise CheckerError(str(path), "no [tool.checker] table; add one with the keys " + ", ".join(KEYS))
        found = (data, text)
    return _from_table(found[0], path, found[1])


def _nearest(start: Path) -> Config | None:
    for folder in (start, *start.parents):
        pyproject = folder / PYPROJECT
        if pyproject.is_file():
            found = _pyproject_table(pyproject)
            if found is not None:
                return _from_table(found[0], pyproject, found[1])
        if (folder / RULES_FILE).is_file():
            return Config(path=folder / RULES_FILE, rules=folder / RULES_FILE)
        if (folder / ".git").exists():
            return None
    return None


def discover(paths: list[Path], cwd: Path) -> Config:
    """The nearest config file above the checked paths (above ``cwd`` when there are none, or outside it)."""
    cwd = cwd.resolve()
    folders = [str((p if p.is_dir() else p.parent).resolve()) for p in paths if p.exists()] or [str(cwd)]
    start = Path(os.path.commonpath(folders))
    outside = start != cwd and cwd not in start.parents
    found = _nearest(start) or (_nearest(cwd) if outside else None) or Config()
    # Paths as the user sees them in messages: relative to the current folder when under it.
    return replace(found, path=_relative(found.path, cwd), rules=_relative(found.rules, cwd),
                   report_dir=_relative(found.report_dir, cwd))


def _relative(path: Path | None, cwd: Path) -> Path | None:
    if path is None:
        return None
    try:
        return path.relative_to(cwd)
    except ValueError:
        return path
