"""The top-level sections of ``rules.yaml`` other than ``rules``: their shapes, checked node by node.

``SECTIONS`` documents each key (it feeds ``docs/rules.md`` and the JSON Schema); ``SETTINGS``
lists the keys ``settings`` accepts. A wrong shape is a ``CheckerError`` at the offending node
that shows how to write it.
"""

from __future__ import annotations

from typing import Any, Callable

import yaml

from checker.extract.lexicon import LEXICON_NAMES, packaged_lexicons
from checker.compare.rules.nodes import error_at, items_of, pairs_of, suggest, text_list, value_of

SECTIONS: dict[str, str] = {
    "version": "Format version of the file; only 1 exists.",
    "extends": "`default` keeps the packaged rules, settings, aliases, distinct names and equivalences; "
               "rules of this file override the packaged ones by id.",
    "settings": "Tuning that is not a rule: a mapping of the keys listed under Settings.",
    "aliases": "Names no algorithm can infer: a list of `{name: <canonical>, also: [<other names>]}`.",
    "distinct": "Names that must never be merged into one entity: a list of `[<name>, <name>]` pairs.",
    "equivalences": "Values that mean the same when compared (titles, stances): a list of lists of words.",
    "lexicons": "Extensions of the packaged lexicons: `{<lexicon>: {<key>: <value>}}`; lists are extended, "
                "mappings updated. Lexicons: " + ", ".join(LEXICON_NAMES) + ".",
    "rules": "The rules: a list of mappings, each with `id`, `type`, `severity`, `message` and the "
             "options of its type.",
}

#: settings key → (JSON type, description).
SETTINGS: dict[str, tuple[str, str]] = {
    "opposites": ("array", "event predicates that contradict each other, as [positive, negative] pairs"),
    "outcomes": ("array", "event predicates keyed on what they act upon (passed the bill, failed the bill)"),
    "legislation_nouns": ("array", "nouns that name a bill or measure, so 'the bill' and 'the measure' are one"),
    "gate_sentences": ("boolean", "parse only the sentences that can hold an assertion (faster on large corpora)"),
    "alignment": ("object", "thresholds of the score that aligns claims across sources, between 0 and 1: "
                            "{strict: 0.6, lenient: 0.35}; strict matches are compared, lenient ones only keep "
                            "a claim from being called single-source"),
}

ALIAS_FIX = "write each alias as {name: <canonical name>, also: [<other name>, ...]}"
DISTINCT_FIX = "write each entry as a pair of names: - [<name>, <other name>]"
EQUIVALENCE_FIX = "write each group as a list of words that mean the same: - [ceo, chief executive]"


def check_version(path: str, node: yaml.Node) -> int:
    """``version: 1``."""
    value = value_of(node)
    if value != 1:
        raise error_at(path, node, f"version {value} is not supported; use version: 1")
    return 1


def check_extends(path: str, node: yaml.Node) -> str:
    """``extends: default``."""
    value = value_of(node)
    if value != "default":
        raise error_at(path, node, f"extends: '{value}' is unknown; use 'default' or remove it")
    return "default"


def check_settings(path: str, node: yaml.Node) -> dict[str, Any]:
    """A mapping of known settings, each of its documented type."""
    settings: dict[str, Any] = {}
    for key, value in pairs_of(path, node, "settings", f" (one of: {', '.join(SETTINGS)}), e.g. settings: "
                                                     "{opposites: [[pass, fail]]}"):
        if key.value not in SETTINGS:
            raise error_at(path, key, f"unknown setting '{key.value}'{suggest(key.value, tuple(SETTINGS))}")
        kind, _doc = SETTINGS[key.value]
        if key.value == "opposites":
            fix = "write each entry as a pair: - [pass, fail]"
            settings[key.value] = [text_list(path, item, "each opposite", fix, size=2)
                                   for item in items_of(path, value, "opposites", fix)]
        elif kind == "array":
            settings[key.value] = text_list(path, value, key.value, f"write {key.value}: [<word>, ...]", at_least=0)
        elif kind == "object":
            settings[key.value] = _thresholds(path, value)
        else:
            settings[key.value] = value_of(value)
            if not isinstance(settings[key.value], bool):
                raise error_at(path, value, f"{key.value} must be true or false")
    return settings


def _thresholds(path: str, node: yaml.Node) -> dict[str, float]:
    """``alignment: {strict: <0..1>, lenient: <0..1>}`` with lenient at most strict."""
    fix = "write alignment: {strict: 0.6, lenient: 0.35} (numbers between 0 and 1)"
    found: dict[str, float] = {}
    for key, value in pairs_of(path, node, "alignment", f"; {fix}"):
        if key.value not in ("strict", "lenient"):
            raise error_at(path, key, f"unknown key '{key.value}' in alignment{suggest(key.value, ('strict', 'lenient'))}")
        number = value_of(value)
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not 0 <= number <= 1:
            raise error_at(path, value, f"alignment {key.value} must be a number between 0 and 1; {fix}")
        found[key.value] = float(number)
    if found.get("lenient", 0.0) > found.get("strict", 1.0):
        raise error_at(path, node, f"alignment lenient must not exceed strict; {fix}")
    return found


def check_aliases(path: str, node: yaml.Node) -> list[dict[str, Any]]:
    """A list of ``{name, also}`` mappings."""
    aliases = []
    for item in items_of(path, node, "aliases", ALIAS_FIX):
        fields = {key.value: value for key, value in pairs_of(path, item, "each alias", f"; {ALIAS_FIX}")}
        for key, _value in item.value:
            if key.value not in ("name", "also"):
                raise error_at(path, key, f"unknown key '{key.value}' in alias{suggest(key.value, ('name', 'also'))}")
        if "name" not in fields or "also" not in fields:
            missing = "name" if "name" not in fields else "also"
            raise error_at(path, item, f"alias is missing '{missing}'; {ALIAS_FIX}")
        name = value_of(fields["name"])
        if not isinstance(name, (str, int)) or isinstance(name, bool) or str(name) == "":
            raise error_at(path, fields["name"], f"alias name must be a name; {ALIAS_FIX}")
        also = fields["also"]
        others = [str(also.value)] if isinstance(also, yaml.ScalarNode) and also.value else \
            text_list(path, also, "also", ALIAS_FIX)
        aliases.append({"name": str(name), "also": others})
    return aliases


def check_distinct(path: str, node: yaml.Node) -> list[list[str]]:
    """A list of two-name lists."""
    return [text_list(path, item, "each distinct entry", DISTINCT_FIX, size=2)
            for item in items_of(path, node, "distinct", DISTINCT_FIX)]


def check_equivalences(path: str, node: yaml.Node) -> list[list[str]]:
    """A list of lists of at least two words."""
    return [text_list(path, item, "each equivalence", EQUIVALENCE_FIX, at_least=2)
            for item in items_of(path, node, "equivalences", EQUIVALENCE_FIX)]


def check_lexicons(path: str, node: yaml.Node) -> dict[str, Any]:
    """A mapping of lexicon name → mapping of entries."""
    lexicons: dict[str, Any] = {}
    for key, value in pairs_of(path, node, "lexicons", ", e.g. lexicons: {titles: {...}}"):
        if key.value not in LEXICON_NAMES:
            raise error_at(path, key, f"unknown lexicon '{key.value}'{suggest(key.value, LEXICON_NAMES)}")
        if not isinstance(value, yaml.MappingNode):
            raise error_at(path, value, f"lexicons: {key.value} must be a mapping of entries, as in the packaged "
                                        f"{key.value}.yaml")
        _like(path, value, packaged_lexicons()[key.value], f"lexicons: {key.value}", top=True)
        lexicons[key.value] = value_of(value)
    return lexicons


def _exemplar(values: list[Any]) -> Any:
    """What a new entry must look like, from the packaged entries: None when they differ in shape."""
    if values and all(isinstance(v, dict) for v in values):
        merged: dict[str, Any] = {}
        for value in values:
            for key, item in value.items():
                merged.setdefault(key, item)
        return merged
    if values and all(isinstance(v, list) for v in values):
        return next((v for v in values if v), [])
    if values and all(not isinstance(v, (dict, list)) for v in values):
        return ""
    return None


def _like(path: str, node: yaml.Node, template: Any, where: str, top: bool = False) -> None:
    """A lexicon extension has the shape of the packaged lexicon: mappings where it has mappings,
    lists where it has lists, single words where it has words."""
    shape = "a mapping" if isinstance(template, dict) else "a list" if isinstance(template, list) else "a word"
    fix = f"; write it as {shape}, as in the packaged lexicon"
    if isinstance(template, dict):
        exemplar = _exemplar(list(template.values()))
        for key, value in pairs_of(path, node, where, fix):
            if key.value in template:
                _like(path, value, template[key.value], f"{where}: {key.value}")
            elif top:
                raise error_at(path, key, f"{where}: unknown key '{key.value}'{suggest(str(key.value), tuple(template))}")
            elif exemplar is not None:
                _like(path, value, exemplar, f"{where}: {key.value}")
    elif isinstance(template, list):
        exemplar = _exemplar(template)
        for item in items_of(path, node, where, fix[2:]):
            if exemplar is not None:
                _like(path, item, exemplar, f"{where} item")
    elif not isinstance(node, yaml.ScalarNode) or value_of(node) is None:
        raise error_at(path, node, f"{where} must be a word, not {_shape(node)}{fix}")


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    return "a list" if isinstance(node, yaml.SequenceNode) else "an empty value"


CHECKS: dict[str, Callable[[str, yaml.Node], Any]] = {
    "version": check_version, "extends": check_extends, "settings": check_settings, "aliases": check_aliases,
    "distinct": check_distinct, "equivalences": check_equivalences, "lexicons": check_lexicons,
}


def check_section(path: str, key: str, node: yaml.Node) -> Any:
    """The plain value of a top-level section, its shape checked; an empty section is empty."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and key not in ("version", "extends"):
        return None
    return CHECKS[key](path, node)
