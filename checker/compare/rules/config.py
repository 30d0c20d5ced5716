"""Loads and validates ``rules.yaml``: every error names the file, line and column, and the fix.

The file is parsed with PyYAML's safe composer so every key keeps its position. A user file
with ``extends: default`` starts from the packaged defaults and overrides rules by id. The
top-level sections are checked in ``sections``, inline tests in ``cases``.
"""

from __future__ import annotations

import codecs
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker import yaml_safe
from checker.errors import CheckerError, CheckerErrors
from checker.compare.rules import REGISTRY
from checker.compare.rules.base import PLACEHOLDERS, SEVERITIES, Rule
from checker.compare.rules.cases import parse_tests
from checker.compare.rules.nodes import error_at as _error
from checker.compare.rules.nodes import line_of, pairs_of, suggest as _suggest, value_of as _node_value
from checker.compare.rules.sections import SECTIONS, check_section

TOP_KEYS = tuple(SECTIONS)
#: Columns a ``where`` selector can name → their documentation.
SELECTORS: dict[str, str] = {
    "kind": "assertion kind", "predicate": "canonical predicate (meet, visit, resign, vote, ...)",
    "modality": "how the source asserts it", "attribution_type": "whom the source credits",
    "source": "source id (the article file name without extension)",
    "source_role": "front-matter role of a source; selects the claims such a source makes, with what every "
                   "other source says about them",
    "outlet": "outlet name from the front matter", "negated": "true for 'did not ...'",
    "subject_entity": "entity id of the subject", "object_entity": "entity id of the object",
    "polarity": "positive or negative, after opposites are applied", "weak": "true when hedged, reported or third-party",
}
SELECTABLE = tuple(SELECTORS)
#: Keys every rule accepts (besides the options of its type) → their documentation.
RULE_FIELDS: dict[str, str] = {
    "id": "unique kebab-case name, shown in every finding",
    "type": "the rule type (see below)", "severity": "error, warning or info",
    "message": "the finding's message; plain placeholders only (no format spec or conversion): "
               + ", ".join("{%s}" % p for p in PLACEHOLDERS),
    "description": "one sentence for people: what must agree", "where": "which claims the rule looks at: "
    "{column: value or [values]}; columns: " + ", ".join(SELECTORS),
    "tests": "inline tests: small stories and the findings they must (not) produce (checker test)",
    "enabled": "false switches the rule off. Under `extends: default` a packaged rule is changed by id without "
               "repeating it: `- {id: corroboration, enabled: false}`, `- {id: role-consistency, severity: error}`",
}
RULE_KEYS = tuple(RULE_FIELDS)
#: Selector columns whose values are a closed vocabulary, checked when the file is loaded.
VOCABULARY: dict[str, tuple[Any, ...]] = {
    "kind": ("meeting", "statement", "role", "travel", "plan", "quantity", "event", "comment"),
    "modality": ("asserted", "reported", "hedged", "expected", "denied", "unconfirmed"),
    "attribution_type": ("self", "outlet", "official", "person", "anonymous", "social_media"),
    "polarity": ("positive", "negative"), "negated": (True, False), "weak": (True, False),
}
DEFAULT_SETTINGS: dict[str, Any] = {"opposites": [["pass", "fail"], ["approve", "reject"], ["win", "lose"],
                                                   ["confirm", "deny"], ["acquit", "convict"]]}
DEFAULT_RULES = Path(__file__).resolve().parents[2] / "default_rules.yaml"
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


def read_text(path: Path) -> str:
    """A YAML file's text: UTF-8 (a BOM allowed), or UTF-16 with a BOM; anything else is an error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CheckerError(str(path), f"cannot read rules file: {exc.strerror or exc}") from None
    encoding = "utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CheckerError(str(path), f"not {encoding.upper().replace('-SIG', '')} text (byte {exc.start}); "
                                      "save the file as UTF-8", line, column) from None


def compose(path: Path) -> yaml.Node | None:
    """Parse a rules file into YAML nodes (with positions); syntax errors become ``CheckerError``."""
    text = read_text(path)
    try:
        return yaml_safe.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise CheckerError(str(path), f"invalid YAML: {getattr(exc, 'problem', exc)}", line, column) from None


def _check_message(path: str, node: yaml.Node, message: str) -> None:
    """Only plain ``{name}`` placeholders: a format spec (``{claim:>300000000}``) or a conversion
    (``{claim!r}``) could crash the run or fill memory when a finding is rendered."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(message)
                  if name is not None]
    except ValueError as exc:
        raise _error(path, node, f"message: {exc}; escape literal braces as {{{{ and }}}}") from None
    for name, spec, conversion in fields:
        written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if spec or conversion:
            raise _placeholder_error(path, node, written, f"message: write the placeholder as {{{name}}}; "
                                     f"format specs and conversions ('{written}') are not allowed")
        if name not in PLACEHOLDERS:
            raise _placeholder_error(path, node, written, f"message: unknown placeholder '{written}'"
                                     f"{_suggest(name, PLACEHOLDERS)}")


def _placeholder_error(path: str, node: yaml.Node, written: str, message: str) -> CheckerError:
    """An error at the placeholder's own column when the message is written on one line."""
    mark, end = node.start_mark, node.end_mark
    if mark.line == end.line:
        try:
            lines = read_text(Path(path)).splitlines()
        except (OSError, CheckerError):
            lines = []
        if mark.line < len(lines):
            found = lines[mark.line].find(written, mark.column, end.column)
            if found >= 0:
                return CheckerError(path, message, mark.line + 1, found + 1)
    return _error(path, node, message)


def _option_type_ok(kind: str, value: Any) -> bool:
    checks = {"string": lambda v: isinstance(v, str), "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
              "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
              "boolean": lambda v: isinstance(v, bool), "array": lambda v: isinstance(v, list),
              "object": lambda v: isinstance(v, dict)}
    return checks[kind](value)


def _option(path: str, module: Any, key: yaml.Node, value: yaml.Node) -> Any:
    """One option of a rule type, checked against its ``Option`` (type and choices)."""
    option = _node_value(value)
    spec = module.OPTIONS[key.value]
    if not _option_type_ok(spec.type, option):
        raise _error(path, value, f"{key.value}: expected a {spec.type}, got {type(option).__name__}")
    if spec.choices and option not in spec.choices:
        raise _error(path, value, f"{key.value}: '{option}' is not allowed"
                                  f"{_suggest(str(option), [str(c) for c in spec.choices])}")
    if spec.type in ("array", "object"):
        _check_items(path, key.value, spec, value)
    return option


def _check_items(path: str, name: str, spec: Any, node: yaml.Node) -> None:
    """The items of an array option (the values of an object option): texts, from ``spec.items``
    when it names them; an object option takes only the keys of its default."""
    pairs = pairs_of(path, node, name) if spec.type == "object" else [(None, item) for item in node.value]
    for key, item in pairs:
        if key is not None and spec.default and key.value not in spec.default:
            raise _error(path, key, f"{name}: unknown key '{key.value}'{_suggest(str(key.value), tuple(spec.default))}")
        value = _node_value(item)
        if not isinstance(item, yaml.ScalarNode) or not isinstance(value, str) or not value:
            raise _error(path, item, f"{name}: each {'value' if key else 'item'} must be a word, "
                                     f"not {type(value).__name__} {value!r}")
        if spec.items and value not in spec.items:
            raise _error(path, item, f"{name}: '{value}' is not allowed{_suggest(value, [str(c) for c in spec.items])}")


def _rule_type(path: str, pairs: list[tuple[yaml.Node, yaml.Node]]) -> Any:
    """The module of the rule's type, checked before any key so a mistyped type is named as such."""
    type_node = next((v for k, v in pairs if k.value == "type"), None)
    rule_type = _node_value(type_node)
    module = REGISTRY.get(rule_type) if isinstance(rule_type, str) else None
    if type_node is not None and module is None:
        raise _error(path, type_node, f"unknown rule type '{rule_type}'{_suggest(str(rule_type), tuple(REGISTRY))}")
    return module


def _where(path: str, node: yaml.Node | None) -> dict[str, Any]:
    """The ``where`` selector: known columns, and known values for the columns with a vocabulary."""
    if node is None or _node_value(node) is None:
        return {}
    where: dict[str, Any] = {}
    for key, value in pairs_of(path, node, "where", " of column: value(s), e.g. where: {kind: meeting}"):
        if key.value not in SELECTABLE:
            raise _error(path, key, f"where: unknown column '{key.value}'{_suggest(key.value, SELECTABLE)}")
        where[key.value] = _node_value(value)
        accepted = VOCABULARY.get(key.value)
        values = where[key.value] if isinstance(where[key.value], list) else [where[key.value]]
        for item in values if accepted else ():
            if item not in accepted:
                raise _error(path, value, f"where: {key.value} '{item}' never occurs"
                                          f"{_suggest(str(item), [str(a).lower() for a in accepted])}")
    return where


def _required(path: str, node: yaml.Node, values: dict[str, Any], nodes: dict[str, yaml.Node]) -> None:
    """The four keys every rule needs, each of the right shape."""
    for required in ("id", "type", "severity", "message"):
        if required not in values:
            raise _error(path, node, f"rule is missing '{required}'; add it")
    if not isinstance(values["id"], str) or not KEBAB.match(values["id"]):
        raise _error(path, nodes["id"], f"id '{values['id']}' must be kebab-case (lower-case words joined by '-')")
    if values["severity"] not in SEVERITIES:
        raise _error(path, nodes["severity"], f"severity '{values['severity']}' must be one of: {', '.join(SEVERITIES)}")
    if not isinstance(values["message"], str):
        raise _error(path, nodes["message"], "message must be text")
    _check_message(path, nodes["message"], values["message"])


def _rule(path: str, node: yaml.Node) -> Rule:
    pairs = pairs_of(path, node, "a rule", " (id, type, severity, message and options)")
    module = _rule_type(path, pairs)
    values: dict[str, Any] = {}
    options: dict[str, Any] = {}
    nodes: dict[str, yaml.Node] = {}
    unknown: list[CheckerError] = []
    for key, value in pairs:
        nodes[key.value] = value
        if key.value in RULE_KEYS:
            values[key.value] = _node_value(value) if key.value not in ("tests", "where") else None
        elif module is not None and key.value in module.OPTIONS:
            options[key.value] = _option(path, module, key, value)
        else:
            allowed = RULE_KEYS + tuple(module.OPTIONS if module else ())
            unknown.append(_error(path, key, f"unknown key '{key.value}' in rule{_suggest(key.value, allowed)}"))
    if unknown:
        raise CheckerErrors(unknown)
    if not isinstance(values.get("enabled", True), bool):
        raise _error(path, nodes["enabled"], "enabled must be true or false")
    _required(path, node, values, nodes)
    for name, spec in module.OPTIONS.items():
        if name not in options:
            if spec.default is None:
                raise _error(path, node, f"rule '{values['id']}' of type {values['type']} needs option '{name}'")
            options[name] = spec.default
    tests = parse_tests(path, nodes["tests"]) if "tests" in nodes and _node_value(nodes["tests"]) else ()
    return Rule(id=values["id"], type=values["type"], severity=values["severity"], message=values["message"],
                description=str(values.get("description") or ""), where=_where(path, nodes.get("where")),
                options=options, tests=tests, line=line_of(node), path=path)


def _override(item: yaml.Node, base: dict[str, yaml.MappingNode]) -> yaml.Node:
    """A rule without ``type`` whose id is a packaged rule's: that rule with the given keys replaced."""
    if not isinstance(item, yaml.MappingNode):
        return item
    given = {key.value: value for key, value in item.value}
    rule_id = _node_value(given["id"]) if "id" in given else None
    if "type" in given or not isinstance(rule_id, str) or rule_id not in base:
        return item
    pairs = [(key, value) for key, value in base[rule_id].value if key.value not in given] + list(item.value)
    return yaml.MappingNode(item.tag, pairs, item.start_mark, item.end_mark)


def _rules(path: str, node: yaml.Node, base: dict[str, yaml.MappingNode],
           errors: list[CheckerError]) -> tuple[list[Rule], set[str]]:
    """The ``rules`` list and the ids switched off (``enabled: false``); problems go to ``errors``."""
    if not isinstance(node, yaml.SequenceNode):
        raise _error(path, node, "rules must be a list of rules (each starting with '- id: ...')")
    rules: list[Rule] = []
    disabled: set[str] = set()
    seen: dict[str, int] = {}
    for item in node.value:
        merged = _override(item, base)
        try:
            rule = _rule(path, merged)
        except CheckerError as error:
            errors.append(error)
            continue
        if rule.id in seen:
            errors.append(_error(path, item, f"duplicate rule id '{rule.id}' (also at line {seen[rule.id]}): the rules "
                                             f"at lines {seen[rule.id]} and {rule.line} share it; rename one"))
            continue
        seen[rule.id] = rule.line
        enabled = next((_node_value(v) for k, v in merged.value if k.value == "enabled"), True)
        if enabled:
            rules.append(rule)
        else:
            disabled.add(rule.id)
    return rules, disabled


def _default_nodes() -> dict[str, yaml.MappingNode]:
    """The packaged rules as YAML nodes by id, for overrides by id."""
    root = compose(DEFAULT_RULES)
    rules = next((v for k, v in root.value if k.value == "rules"), None) if root is not None else None
    return {_node_value(next(v for k, v in item.value if k.value == "id")): item for item in rules.value} if rules else {}


def _parse(path: Path) -> tuple[dict[str, Any], list[Rule], set[str]]:
    """Top-level sections, rules and switched-off ids; every problem in the file is reported at once."""
    shown = str(path)
    root = compose(path)
    if root is None:
        return {}, [], set()
    top: dict[str, Any] = {}
    rules: list[Rule] = []
    disabled: set[str] = set()
    errors: list[CheckerError] = []
    pairs = pairs_of(shown, root, "rules.yaml", " (version, extends, settings, ..., rules)")
    base = _default_nodes() if any(k.value == "extends" and _node_value(v) == "default" for k, v in pairs) else {}
    for key, value in pairs:
        try:
            if key.value not in TOP_KEYS:
                raise _error(shown, key, f"unknown key '{key.value}'{_suggest(key.value, TOP_KEYS)}")
            if key.value == "rules":
                rules, disabled = _rules(shown, value, base, errors)
            else:
                top[key.value] = check_section(shown, key.value, value)
        except CheckerError as error:
            errors.append(error)
    if errors:
        raise CheckerErrors(errors)
    return top, rules, disabled


def load_rules(path: Path | None) -> RuleSet:
    """Load a rules file (the packaged defaults when None); ``extends: default`` merges by id."""
    top, rules, disabled = _parse(path or DEFAULT_RULES)
    if path is not None and top.get("extends") == "default":
        base_top, base_rules, _ = _parse(DEFAULT_RULES)
        own = {r.id for r in rules} | disabled
        rules = [r for r in base_rules if r.id not in own] + rules
        for key in ("aliases", "distinct", "equivalences"):
            top[key] = list(base_top.get(key) or []) + list(top.get(key) or [])
        top["settings"] = {**(base_top.get("settings") or {}), **(top.get("settings") or {})}
    settings = {**DEFAULT_SETTINGS, **(top.get("settings") or {})}
    return RuleSet(
        rules=tuple(rules), settings=settings,
        aliases=tuple(top.get("aliases") or ()),
        distinct=tuple((p[0], p[1]) for p in (top.get("distinct") or ())),
        equivalences=tuple(tuple(str(v) for v in g) for g in (top.get("equivalences") or ())),
        lexicons=dict(top.get("lexicons") or {}),
    )
