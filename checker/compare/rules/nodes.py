"""YAML nodes with their positions: plain values, shape checks and errors that point at a node.

Every check here raises ``CheckerError`` with the file, the node's line and column, and the fix.
"""

from __future__ import annotations

import difflib
from typing import Any

import yaml

from checker.errors import CheckerError


def value_of(node: yaml.Node | None) -> Any:
    """The plain Python value of a node (None for a missing node), built by PyYAML's safe
    constructor straight from the node (no round trip through text)."""
    if node is None:
        return None
    return yaml.constructor.SafeConstructor().construct_document(node)


def error_at(path: str, node: yaml.Node, message: str) -> CheckerError:
    """A ``CheckerError`` at the node's first character."""
    return CheckerError(path, message, line=node.start_mark.line + 1, column=node.start_mark.column + 1)


def line_of(node: yaml.Node) -> int:
    """The 1-based line where a node starts."""
    return int(node.start_mark.line) + 1


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    """"; did you mean 'x'?" for a close match, else the list of accepted words."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(choices)}"


def pairs_of(path: str, node: yaml.Node, what: str, fix: str = "") -> list[tuple[yaml.Node, yaml.Node]]:
    """The (key, value) nodes of a mapping; a non-mapping or a repeated key is an error."""
    if not isinstance(node, yaml.MappingNode):
        raise error_at(path, node, f"{what} must be a mapping of keys{fix}")
    seen: dict[str, yaml.Node] = {}
    for key, _value in node.value:
        if key.value in seen:
            first = line_of(seen[key.value])
            raise error_at(path, key, f"duplicate key '{key.value}' (first at line {first}); keep one")
        seen[key.value] = key
    return list(node.value)


def items_of(path: str, node: yaml.Node, what: str, fix: str) -> list[yaml.Node]:
    """The item nodes of a sequence; anything else is an error that says how to write it."""
    if not isinstance(node, yaml.SequenceNode):
        raise error_at(path, node, f"{what} must be a list; {fix}")
    return list(node.value)


def text_list(path: str, node: yaml.Node, what: str, fix: str, size: int | None = None,
              at_least: int = 1) -> list[str]:
    """A list of texts (exactly ``size`` of them, or at least ``at_least``)."""
    items = items_of(path, node, what, fix)
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or item.value == "":
            raise error_at(path, item, f"{what} must hold names or words, not {_shape(item)}; {fix}")
    if (size is not None and len(items) != size) or len(items) < at_least:
        count = f"exactly {size}" if size is not None else f"at least {at_least}"
        raise error_at(path, node, f"{what} needs {count} entries, found {len(items)}; {fix}")
    return [str(item.value) for item in items]


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "an empty value"
