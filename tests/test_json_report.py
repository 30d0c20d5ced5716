"""The JSON report's encoder writes exactly what ``json.dumps(indent=2, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.report.json_report import dumps_indented

LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text())
TREES = st.recursive(LEAVES, lambda inner: st.one_of(
    st.lists(inner), st.tuples(inner, inner), st.dictionaries(st.one_of(st.text(), st.integers()), inner)),
    max_leaves=30)


@settings(max_examples=300)
@given(TREES)
def test_same_text_as_json_dumps(value: object) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_unusual_values_are_left_to_json() -> None:
    class Ratio(float):
        pass

    value = {"a": [Ratio(0.5), math.inf, {1: "x"}, "é\n\"", ()], "b": {}}
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
