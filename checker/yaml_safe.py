"""YAML that a user wrote, loaded safely: no tags beyond plain data, and no alias bombs.

PyYAML's safe loader builds one object per anchor and shares it between its aliases, so a
few hundred bytes of nested aliases (``b: [*a, *a, ...]``, nine levels deep) stand for
billions of values; anything that then walks the data (``str``, ``json.dumps``, a cache key)
hangs or runs out of memory. Every YAML text a user writes (rules files, lexicons, front
matter) goes through ``compose`` or ``load`` here, which count the nodes the document stands
for, aliases expanded, before anything is built from it, and refuse a document whose aliases
add more than ``ALIAS_BUDGET`` nodes. A document without aliases always passes.
"""

from __future__ import annotations

from typing import Any

import yaml

#: Nodes that aliases may add to a document beyond the nodes written out in it.
ALIAS_BUDGET = 10_000
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AliasExpansionError(yaml.MarkedYAMLError):
    """A document whose aliases expand beyond ``ALIAS_BUDGET`` nodes, or refer to themselves."""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def check_expansion(root: yaml.Node, budget: int = ALIAS_BUDGET) -> None:
    """Raise ``AliasExpansionError`` at the first node whose aliases expand beyond the budget.

    Sizes are memoised per node, so a bomb is measured in time linear in its written size.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    written = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > written + budget:
                raise AliasExpansionError(None, None, f"aliases expand to more than {budget:,} extra values; "
                                          "write the values out instead of nesting aliases", node.start_mark)
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise AliasExpansionError(None, None, "an alias refers to the node that contains it; remove it",
                                      node.start_mark)
        open_nodes.add(key)
        written += 1
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(_children(node)) if id(child) not in sizes)


def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML text, with positions (C composer when built), alias expansion checked."""
    node = yaml.compose(text, Loader=_FAST_LOADER)
    if node is not None:
        check_expansion(node)
    return node


def load(text: str) -> Any:
    """The plain data of a YAML text (C loader when built), alias expansion checked first.

    Raises ``yaml.YAMLError`` (with ``problem`` and ``problem_mark``) like ``yaml.safe_load``.
    """
    loader = _FAST_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_expansion(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()
