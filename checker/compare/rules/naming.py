"""naming: one entity written differently across sources.

For every person and organisation named by two or more sources, compares the fullest name each
source uses. Differences are classified by the resolution stage's merge reasons: ``name_order``
("Family Given" vs "Given Family"), ``spelling`` (diacritics, one-letter variants, middle
initials), ``given_name`` (diminutives, initials), ``acronym`` (an acronym vs the full name),
``legal_suffix`` ("Brand Inc." vs "Brand": only legal words added), ``short_form`` (a name and its
usual short form, "Senate" vs "U.S. Senate", "House" vs "House of Representatives"; ignored by
default), ``middle_name`` ("Ana Lima" vs "Ana M. Lima"). For a place (``types`` GPE, LOC, FAC), a
difference the resolver did not merge as a one-letter misspelling ("Portugal" / "Portuguese") is a
``short_form``. A ``spelling`` difference is a real
misspelling (one letter in an otherwise identical name) or diacritics; its message says which form
fewer sources use. With three forms, the most severe difference is reported. ``severities`` maps
each kind to a severity, or to ``ignore``.

Options: ``severities`` ({name_order: warning, spelling: warning, given_name: info, acronym: info,
legal_suffix: info, middle_name: info, short_form: ignore}), ``types`` ([PERSON, ORG]).

Passing example: both outlets write "Ana Lima".
Failing example: one writes "Kim Min-jun", the other "Min-jun Kim".
"""

from __future__ import annotations



from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd  # imported where used, so `checker validate` starts fast

from checker.model import Entity, Evidence, Finding
from checker.resolve.names import fold
from checker.compare.rules.base import Option, Rule, RuleContext, fingerprint, render

TYPE = "naming"
OPTIONS = {
    "severities": Option("object", {"name_order": "warning", "spelling": "warning", "given_name": "info",
                                    "acronym": "info", "legal_suffix": "info", "middle_name": "info",
                                    "short_form": "ignore"},
                        "severity per kind of difference", items=("error", "warning", "info", "ignore")),
    "types": Option("array", ["PERSON", "ORG"], "entity types compared"),
}


def _fullest(forms: tuple[str, ...]) -> str:
    names = [f for f in forms if f[:1].isupper() and not f.lower().startswith(("the ", "mr", "ms", "mrs", "dr"))]
    if not names:
        return ""
    return sorted(names, key=lambda f: (-len(f.split()), -len(f), f))[0]


def _legal_words() -> frozenset[str]:
    from checker.extract.lexicon import load_lexicons

    if not _LEGAL:
        _LEGAL.append(frozenset(fold(str(w)).strip(".,") for w in load_lexicons()["names"]["legal_suffixes"]))
    return _LEGAL[0]


_LEGAL: list[frozenset[str]] = []
_SEVERITY_ORDER = {"error": 3, "warning": 2, "info": 1, "ignore": 0}


def _tokens(text: str) -> list[str]:
    return [w.strip(".,[]()") for w in fold(text).split() if w.strip(".,[]()")]


#: Entity types that are places: only the resolver's one-letter merges make them misspelt.
PLACE_TYPES = ("GPE", "LOC", "FAC", "NORP")


def _kind(a: str, b: str, entity: Entity) -> str:
    """The kind of difference between two forms of one entity ("" when they are the same name)."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return "spelling"
    tokens_a, tokens_b = _tokens(a), _tokens(b)
    if tokens_a == tokens_b:
        return ""  # punctuation only: "[Teo] Brandt", "U.S." / "US"
    if sorted(tokens_a) == sorted(tokens_b):
        return "name_order"
    if len(tokens_a) == 1 and tokens_a[0].isalpha() and a.isupper() or len(tokens_b) == 1 and b.isupper():
        return "acronym"
    short, long = sorted((tokens_a, tokens_b), key=len)
    if len(short) >= 2 and short[0] == long[0] and short[-1] == long[-1] and _inside(short[1:-1], long[1:-1]):
        return "middle_name"
    if long[: len(short)] == short:
        return "legal_suffix" if all(w in _legal_words() for w in long[len(short):]) else "short_form"
    for _form, _into, _reason, field in entity.merges:
        if field and fold(_form) in (fa, fb, " ".join(tokens_a), " ".join(tokens_b)):
            return field
    if entity.type in PLACE_TYPES:
        return "short_form"  # "Portugal" / "Portuguese", "Dunmore" / "Dunmore, Maine": one place, no typo
    if tokens_a[-1:] == tokens_b[-1:] and tokens_a[:1] != tokens_b[:1]:
        return "given_name"
    if len(tokens_a) != len(tokens_b):
        return "short_form"  # a body written both ways: "Department of Justice" / "Justice Department"
    return "spelling"


def _inside(short: list[str], long: list[str]) -> bool:
    """Every middle word of the shorter name is among the longer one's (an initial matches a word)."""
    return all(any(w == x or (len(w) == 1 and x.startswith(w)) for x in long) for w in short)


def _minority(values: dict[str, str], pair: tuple[str, str]) -> str:
    """" (<form> is the minority form: n of m sources)" when one form of the pair is rarer."""
    used = {form: sum(v == form for v in values.values()) for form in pair}
    rare, common = sorted(pair, key=lambda f: (used[f], f))
    if used[rare] == used[common]:
        return ""
    return f" ({rare} is the minority form: {used[rare]} of {len(values)} sources)"


def _evidence(entity: Entity, context: RuleContext, shown: dict[str, str]) -> tuple[Evidence, ...]:
    items = []
    for article in context.articles:
        form = shown.get(article.id)
        if not form:
            continue
        index = article.text.find(form)
        if index < 0:
            continue
        line_start = article.text.rfind("\n", 0, index) + 1
        line_end = article.text.find("\n", index)
        line_end = len(article.text) if line_end < 0 else line_end
        quote = article.text[line_start:line_end].strip()
        if len(quote) > 300:
            sentence_start = max(article.text.rfind(". ", line_start, index) + 2, line_start)
            quote = article.text[sentence_start:index + len(form) + 120].strip()
            line_start = sentence_start
        start = article.body_start + line_start
        items.append(Evidence(article.id, quote, article.line_of(index), start, start + len(quote)))
    return tuple(sorted(items, key=lambda e: (e.source, e.line)))


def check(claims: pd.DataFrame, rule: Rule, context: RuleContext) -> list[Finding]:
    """Naming findings, one per entity whose fullest name differs between sources."""
    severities = {**OPTIONS["severities"].default, **rule.options["severities"]}
    findings = []
    for entity in context.entities:
        if entity.type not in rule.options["types"] or len(entity.surface_forms) < 2:
            continue
        shown = {source: _fullest(forms) for source, forms in entity.surface_forms.items()}
        shown = {s: f for s, f in shown.items() if f}
        longest = max((len(f.split()) for f in shown.values()), default=0)
        if entity.type == "PERSON" and longest > 1:
            shown = {s: f for s, f in shown.items() if len(f.split()) > 1}
        distinct = sorted(set(shown.values()))
        if len({d.lower() for d in distinct}) < 2:
            continue  # case only: datelines and headlines in capitals
        pairs = [(x, y) for i, x in enumerate(distinct) for y in distinct[i + 1:]]
        kinds = [(k, pair) for pair in pairs if (k := _kind(pair[0], pair[1], entity))]
        if not kinds:
            continue
        kind, pair = max(kinds, key=lambda kp: (_SEVERITY_ORDER.get(severities.get(kp[0], "info"), 1), -pairs.index(kp[1])))
        severity = severities.get(kind, "info")
        if severity == "ignore":
            continue
        values = dict(sorted(shown.items()))
        message = render(rule.message, entity=entity.name, entities=entity.name,
                         values="; ".join(f"{k}: {v}" for k, v in values.items()), field=kind, claim=entity.name,
                         sources=", ".join(values), count=len(values), rule=rule.id)
        if kind == "spelling":
            message += _minority(values, pair)
        findings.append(Finding(
            id=fingerprint(rule.id, context.story, [entity.id], values, kind), rule=rule.id, category="naming",
            severity=severity, entities=(entity.name,), field=kind, values=values, sources=tuple(values),
            evidence=_evidence(entity, context, shown), message=message, claim=entity.name,
        ))

    return findings
