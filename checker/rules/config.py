"""Loads and validates ``rules.yaml``: every error names the file, line and column, and the fix.

The file is parsed with PyYAML's safe composer so every key keeps its position. A user file
with ``extends: default`` starts from the packaged defaults and overrides rules by id.
"""

from __future__ import annotations

import difflib
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker.errors import CheckerError
from checker.rules import REGISTRY
from checker.rules.base import PLACEHOLDERS, SEVERITIES, Rule

TOP_KEYS = ("version", "extends", "settings", "aliases", "distinct", "equivalences", "lexicons", "rules")
RULE_KEYS = ("id", "type", "severity", "message", "description", "where", "tests", "options")
SELECTABLE = ("kind", "predicate", "modality", "attribution_type", "source", "source_role", "outlet", "negated",
              "subject_entity", "object_entity", "polarity", "weak")
DEFAULT_SETTINGS: dict[str, Any] = {"opposites": [["pass", "fail"], ["approve", "reject"], ["win", "lose"],
                                                   ["confirm", "deny"], ["acquit", "convict"]]}
DEFAULT_RULES = Path(__file__).resolve().parent.parent / "default_rules.yaml"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class RuleSet:
    """Everything ``rules.yaml`` configures."""

    rules: tuple[Rule, ...]
    settings: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[dict[str, Any], ...] = ()
    distinct: tuple[tuple[str, str], ...] = ()
    equivalences: tuple[tuple[str, ...], ...] = ()
    lexicons: dict[str, Any] = field(default_factory=dict)


def _node_value(node: yaml.Node) -> Any:
    return yaml.safe_load(yaml.serialize(node)) if node is not None else None


def _error(path: str, node: yaml.Node, message: str) -> CheckerError:
    return CheckerError(path, message, line=node.start_mark.line + 1, column=node.start_mark.column + 1)


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(choices)}"


def _mapping(path: str, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise _error(path, node, f"{what} must be a mapping of keys")
    seen: dict[str, yaml.Node] = {}
    for key, _value in node.value:
        if key.value in seen:
            first = seen[key.value].start_mark.line + 1
            raise _error(path, key, f"duplicate key '{key.value}' (first at line {first}); keep one")
        seen[key.value] = key
    return node.value


def compose(path: Path) -> yaml.Node | None:
    """Parse a rules file into YAML nodes (with positions); syntax errors become ``CheckerError``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CheckerError(str(path), f"cannot read rules file: {exc.strerror}") from None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise CheckerError(str(path), f"invalid YAML: {getattr(exc, 'problem', exc)}", line, column) from None


def _check_message(path: str, node: yaml.Node, message: str) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(message) if name]
    except ValueError as exc:
        raise _error(path, node, f"message: {exc}; escape literal braces as {{{{ and }}}}") from None
    for name in fields:
        if name not in PLACEHOLDERS:
            raise _error(path, node, f"message: unknown placeholder '{{{name}}}'{_suggest(name, PLACEHOLDERS)}")


def _option_type_ok(kind: str, value: Any) -> bool:
    checks = {"string": lambda v: isinstance(v, str), "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
              "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
              "boolean": lambda v: isinstance(v, bool), "array": lambda v: isinstance(v, list),
              "object": lambda v: isinstance(v, dict)}
    return checks[kind](value)


def _rule(path: str, node: yaml.Node) -> Rule:
    pairs = _mapping(path, node, "a rule")
    values: dict[str, Any] = {}
    options: dict[str, Any] = {}
    nodes: dict[str, yaml.Node] = {}
    rule_type = next((_node_value(v) for k, v in pairs if k.value == "type"), None)
    module = REGISTRY.get(rule_type) if isinstance(rule_type, str) else None
    type_node = next((v for k, v in pairs if k.value == "type"), None)
    if type_node is not None and module is None:
        raise _error(path, type_node, f"unknown rule type '{rule_type}'{_suggest(str(rule_type), tuple(REGISTRY))}")
    for key, value in pairs:
        nodes[key.value] = value
        if key.value in RULE_KEYS:
            values[key.value] = _node_value(value)
        elif module is not None and key.value in module.OPTIONS:
            options[key.value] = _node_value(value)
            spec = module.OPTIONS[key.value]
            if not _option_type_ok(spec.type, options[key.value]):
                raise _error(path, value, f"{key.value}: expected a {spec.type}, got {type(options[key.value]).__name__}")
            if spec.choices and options[key.value] not in spec.choices:
                raise _error(path, value, f"{key.value}: '{options[key.value]}' is not allowed"
                                          f"{_suggest(str(options[key.value]), [str(c) for c in spec.choices])}")
        else:
            allowed = RULE_KEYS + tuple(module.OPTIONS if module else ())
            raise _error(path, key, f"unknown key '{key.value}' in rule{_suggest(key.value, allowed)}")
    for required in ("id", "type", "severity", "message"):
        if required not in values:
            raise _error(path, node, f"rule is missing '{required}'; add it")
    if not isinstance(values["id"], str) or not KEBAB.match(values["id"]):
        raise _error(path, nodes["id"], f"id '{values['id']}' must be kebab-case (lower-case words joined by '-')")
    if module is None:
        raise _error(path, nodes["type"], f"unknown rule type '{rule_type}'{_suggest(str(rule_type), tuple(REGISTRY))}")
    if values["severity"] not in SEVERITIES:
        raise _error(path, nodes["severity"], f"severity '{values['severity']}' must be one of: {', '.join(SEVERITIES)}")
    if not isinstance(values["message"], str):
        raise _error(path, nodes["message"], "message must be text")
    _check_message(path, nodes["message"], values["message"])
    where = values.get("where") or {}
    if not isinstance(where, dict):
        raise _error(path, nodes["where"], "where must be a mapping of column: value(s)")
    for column in where:
        if column not in SELECTABLE:
            raise _error(path, nodes["where"], f"where: unknown column '{column}'{_suggest(column, SELECTABLE)}")
    for name, spec in module.OPTIONS.items():
        if name not in options:
            if spec.default is None:
                raise _error(path, node, f"rule '{values['id']}' of type {rule_type} needs option '{name}'")
            options[name] = spec.default
    return Rule(id=values["id"], type=rule_type, severity=values["severity"], message=values["message"],
                description=str(values.get("description") or ""), where=where, options=options,
                tests=tuple(values.get("tests") or ()), line=node.start_mark.line + 1)


def _parse(path: Path) -> tuple[dict[str, Any], list[Rule]]:
    shown = str(path)
    root = compose(path)
    if root is None:
        return {}, []
    top: dict[str, Any] = {}
    rules: list[Rule] = []
    seen_ids: dict[str, int] = {}
    for key, value in _mapping(shown, root, "rules.yaml"):
        if key.value not in TOP_KEYS:
            raise _error(shown, key, f"unknown key '{key.value}'{_suggest(key.value, TOP_KEYS)}")
        if key.value != "rules":
            top[key.value] = _node_value(value)
            continue
        if not isinstance(value, yaml.SequenceNode):
            raise _error(shown, value, "rules must be a list of rules (each starting with '- id: ...')")
        for item in value.value:
            rule = _rule(shown, item)
            if rule.id in seen_ids:
                raise _error(shown, item, f"duplicate rule id '{rule.id}' (also at line {seen_ids[rule.id]}); rename one")
            seen_ids[rule.id] = rule.line
            rules.append(rule)
    if top.get("version", 1) != 1:
        raise CheckerError(shown, f"version {top.get('version')} is not supported; use version: 1")
    return top, rules


def load_rules(path: Path | None) -> RuleSet:
    """Load a rules file (the packaged defaults when None); ``extends: default`` merges by id."""
    top, rules = _parse(path or DEFAULT_RULES)
    if path is not None and top.get("extends") == "default":
        base_top, base_rules = _parse(DEFAULT_RULES)
        own = {r.id for r in rules}
        rules = [r for r in base_rules if r.id not in own] + rules
        for key in ("aliases", "distinct", "equivalences"):
            top[key] = list(base_top.get(key) or []) + list(top.get(key) or [])
        top["settings"] = {**(base_top.get("settings") or {}), **(top.get("settings") or {})}
    elif path is not None and top.get("extends") not in (None, "default"):
        raise CheckerError(str(path), f"extends: '{top.get('extends')}' is unknown; use 'default' or remove it")
    settings = {**DEFAULT_SETTINGS, **(top.get("settings") or {})}
    return RuleSet(
        rules=tuple(rules), settings=settings,
        aliases=tuple(top.get("aliases") or ()),
        distinct=tuple(tuple(p) for p in (top.get("distinct") or ())),
        equivalences=tuple(tuple(str(v) for v in g) for g in (top.get("equivalences") or ())),
        lexicons=dict(top.get("lexicons") or {}),
    )
