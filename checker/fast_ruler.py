"""A drop-in for spaCy's ``attribute_ruler`` that gives the same annotations in a fraction of the time.

The English pipelines map every tag to its part of speech and morphology, and fix some lemmas,
with an ``AttributeRuler`` of about 180 token patterns. spaCy's ``Matcher`` tests each token
against every pattern, which made that component 15 % of the pipeline's time, as much as the
parser. Almost all of those patterns test one token on its tag, lower-case form, dependency or
whitespace, so ``FastAttributeRuler`` indexes them by lower-case form and tag and tests only the
few that can apply; the rest (multi-token patterns) still go through a ``Matcher``. Matches are
then applied with the original's result: sorted by rule, later rules overriding earlier ones.
Keys are read from the Doc's arrays, and the one-token rules are written through one
``Doc.from_array`` when it sets each attribute as ``set_token_attrs`` does; a token that a
multi-token pattern also matched gets all its rules one by one, in order. ``tests/test_fast_ruler.py`` checks the
annotations are identical to the original component's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Token attributes a one-token pattern may test here; any other key sends it to the Matcher.
_KEYS = ("LOWER", "TAG", "DEP", "IS_SPACE")
Test = Callable[[Any], bool]
#: Distinct (form, tag, dependency, space) keys remembered before the memo starts afresh.
MEMO_LIMIT = 100_000


def _test(value: Any) -> Test | None:
    """A predicate for one attribute's pattern value, or None when it is not one handled here."""
    if isinstance(value, (str, bool)):
        return lambda v: v == value
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN":
            accepted = set(arg)
            return lambda v: v in accepted
        if op == "NOT_IN":
            refused = set(arg)
            return lambda v: v not in refused
        if op == "REGEX":
            search = re.compile(arg).search
            return lambda v: bool(search(v))
    return None


class FastAttributeRuler:
    """Applies the rules of an ``AttributeRuler`` (see the module docstring)."""

    def __init__(self, ruler: Any) -> None:
        from spacy.matcher import Matcher

        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        self.by_lower: dict[str, list[tuple[int, list[tuple[str, Test]]]]] = {}
        self.by_tag: dict[str, list[tuple[int, list[tuple[str, Test]]]]] = {}
        self.general: list[tuple[int, list[tuple[str, Test]]]] = []
        self.matcher = Matcher(ruler.vocab, validate=False)
        self.strings = ruler.vocab.strings
        #: Patterns of several plain tokens (no operator): (rule, tests of each token by key position).
        self.sequences: list[tuple[int, list[list[tuple[int, Test]]]]] = []
        #: string ids of (form, tag, dependency, space) -> (one-token rules, sequences that can start
        #: there, the four as strings)
        self._memo: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...], tuple[str, str, str, bool]]] = {}
        #: Token attributes the rules set, when all are plain values an array can carry (else
        #: empty: every token is set through ``set_token_attrs``); merged settings per rule tuple.
        self.columns = _array_columns(self.attrs, ruler.vocab)
        self._merged: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}
        for rule, spec in enumerate(ruler.patterns):
            for pattern in spec["patterns"]:
                if not self._index(rule, pattern) and not self._sequence(rule, pattern):
                    self.matcher.add(str(rule), [pattern])

    def _sequence(self, rule: int, pattern: list[dict[str, Any]]) -> bool:
        """Keep a pattern of several tokens, each tested on the keys handled here and none with an
        operator, to be matched here ("gon na", "there is"); False if it is not one."""
        if len(pattern) < 2 or any(not token or any(key not in _KEYS for key in token) for token in pattern):
            return False
        tests = []
        for token in pattern:
            token_tests = []
            for key, value in token.items():
                test = _test(value)
                if test is None:
                    return False
                token_tests.append((_KEYS.index(key), test))
            tests.append(token_tests)
        self.sequences.append((rule, tests))
        return True

    def _index(self, rule: int, pattern: list[dict[str, Any]]) -> bool:
        """File a one-token pattern under the most selective key it has; False if it is not one."""
        if len(pattern) != 1 or not pattern[0] or self.indices[rule] not in (0, -1) \
                or any(key not in _KEYS for key in pattern[0]):
            return False
        tests = []
        for key, value in pattern[0].items():
            test = _test(value)
            if test is None:
                return False
            tests.append((key, test))
        entry = (rule, tests)
        for key, table in (("LOWER", self.by_lower), ("TAG", self.by_tag)):
            value = pattern[0].get(key)
            values = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
            if values:
                for v in dict.fromkeys(values):
                    table.setdefault(v, []).append(entry)
                return True
        self.general.append(entry)
        return True

    def _rules(self, values: dict[str, Any]) -> tuple[int, ...]:
        """The one-token rules that match a token with these attribute values, in rule order."""
        candidates = (*self.by_lower.get(values["LOWER"], ()), *self.by_tag.get(values["TAG"], ()), *self.general)
        return tuple(sorted({rule for rule, tests in candidates if all(test(values[key]) for key, test in tests)}))

    def _starts(self, key: tuple[str, str, str, bool]) -> tuple[int, ...]:
        """The sequences whose first token a token with these attribute values passes."""
        return tuple(number for number, (_rule, tests) in enumerate(self.sequences)
                     if all(test(key[position]) for position, test in tests[0]))

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        per_token: dict[int, list[int]] = {}
        memo, strings = self._memo, self.strings
        keys: list[tuple[str, str, str, bool]] = []
        starting: list[tuple[int, tuple[int, ...]]] = []
        extra: set[int] = set()  # tokens a sequence or the Matcher matched too
        # the attributes are read as string ids from the Doc's array: a Token per word costs more
        for i, ids in enumerate(doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist() if len(doc) else ()):
            found = memo.get(tuple(ids))
            if found is None:
                if len(memo) > MEMO_LIMIT:
                    memo.clear()
                lower, tag, dep, space = ids
                key = (strings[lower], strings[tag], strings[dep], bool(space))
                found = memo[tuple(ids)] = (self._rules(dict(zip(_KEYS, key))), self._starts(key), key)
            rules, starts, key = found
            keys.append(key)
            if rules:
                per_token[i] = list(rules)
            if starts:
                starting.append((i, starts))
        # a sequence applies at every start where each of its tokens passes its tests, as a Matcher finds it
        for start, starts in starting:
            for number in starts:
                rule, tests = self.sequences[number]
                end = start + len(tests)
                if end <= len(keys) and all(test(keys[start + k][position]) for k in range(1, len(tests))
                                            for position, test in tests[k]):
                    index = self.indices[rule]
                    target = start + index if index >= 0 else end + index
                    per_token.setdefault(target, []).append(rule)
                    extra.add(target)
        if len(self.matcher):
            for match, start, end in self.matcher(doc, allow_missing=True, as_spans=False):
                rule = int(self.strings[match])
                target = doc[start:end][self.indices[rule]].i
                per_token.setdefault(target, []).append(rule)
                extra.add(target)
        if self.columns and per_token:
            self._write(doc, per_token, extra)
            per_token = {i: per_token[i] for i in extra}
        for i, rules in per_token.items():
            token = doc[i]
            for rule in sorted(set(rules)):  # later rules override earlier ones, as in spaCy
                set_token_attrs(token, self.attrs[rule])
        return doc

    def _write(self, doc: Doc, per_token: dict[int, list[int]], extra: set[int]) -> None:
        """Set the attributes of the one-token rules of every token through one array, each
        column taking the value of the last rule that sets it, as applying them in order does.
        Tokens that a sequence or the Matcher also matched (``extra``) are set afterwards, token
        by token, with all their rules in order."""
        columns = self.columns
        values = doc.to_array(columns)
        merged = self._merged
        for i, rules in per_token.items():
            if i in extra:
                continue
            key = tuple(rules)
            sets = merged.get(key)
            if sets is None:
                combined: dict[int, int] = {}
                for rule in key:
                    combined.update(self.attrs[rule])
                sets = merged[key] = tuple((columns.index(attr), value) for attr, value in combined.items())
            for column, value in sets:
                values[i, column] = value
        doc.from_array(columns, values)


def _array_columns(attrs: list[dict[Any, Any]], vocab: Any) -> list[int]:
    """The attribute ids the rules set, sorted, if ``Doc.from_array`` sets each exactly as
    ``set_token_attrs`` does (a plain id on the token: part of speech, tag, lemma, dependency, and
    a morphology already in the vocabulary's table); else []."""
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    used = {name for settings in attrs for name in settings}
    values = [value for settings in attrs for value in settings.values()]
    if not used or not used <= {POS, TAG, LEMMA, DEP, MORPH} or not all(isinstance(v, int) for v in values):
        return []
    for settings in attrs:  # from_array adds each morphology to the table anew, from its string
        if MORPH in settings and (settings[MORPH] not in vocab.strings
                                  or vocab.morphology.add(vocab.strings[settings[MORPH]]) != settings[MORPH]):
            return []
    return sorted(used)


def speed_up(nlp: Language) -> None:
    """Replace the pipeline's ``attribute_ruler`` (if any) with a ``FastAttributeRuler`` of its
    rules; the component keeps its name."""
    from spacy.language import Language

    if "attribute_ruler" not in nlp.pipe_names:
        return
    fast = FastAttributeRuler(nlp.get_pipe("attribute_ruler"))
    name = f"checker_attribute_ruler_{id(fast)}"
    Language.component(name, func=fast)
    nlp.replace_pipe("attribute_ruler", name)
