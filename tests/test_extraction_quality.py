"""The extraction-quality benchmark runs on the hand-annotated sample and reports every kind.

The figures themselves are the benchmark's job (``benchmarks/extraction_quality.py``); this test
only checks that the annotation loads, that the benchmark runs end to end on it (spaCy included)
and that it reports every assertion kind, with a sanity floor on total recall.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCHMARK = REPO_ROOT / "benchmarks" / "extraction_quality.py"
KINDS = ("meeting", "statement", "role", "travel", "plan", "quantity", "event", "comment")


def _load_benchmark() -> ModuleType:
    name = "extraction_quality_benchmark"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _load_benchmark()


@pytest.fixture(scope="module")
def figures_and_output(bench: ModuleType) -> tuple[dict, str]:
    out = io.StringIO()
    figures = bench.run(verbose=True, out=out)
    return figures, out.getvalue()


def test_annotation_is_well_formed(bench: ModuleType) -> None:
    articles = bench.load_annotation()
    assert len(articles) >= 16
    assert len({a["story"] for a in articles}) >= 8
    kinds = {item["kind"] for a in articles for item in a["assertions"]}
    assert kinds == set(KINDS)
    for article in articles:
        path = REPO_ROOT / "tests" / "stories" / article["story"] / f"{article['source']}.md"
        lines = path.read_text(encoding="utf-8").splitlines()
        for item in article["assertions"]:
            assert 1 <= item["line"] <= len(lines) and lines[item["line"] - 1].strip(), (article["source"], item)


def test_name_matching(bench: ModuleType) -> None:
    assert bench.names_match("Harold Pruett Jr.", "Pruett Jr.")
    assert bench.names_match("Choi Da-eun", "Da-eun Choi")
    assert bench.names_match("Evelyn Castaño", "Evelyn Castano")
    assert bench.names_match("Winfield's office", "Winfield 's office")
    assert bench.names_match("the company", "company")
    assert bench.names_match("Mr. Castellano", "Jim Castellano")
    assert not bench.names_match("Dana Whitlock", "Roy Whitlock")
    assert not bench.names_match("", "anyone")


def test_title_and_value_matching(bench: ModuleType) -> None:
    abbreviations = {"sen.": "senator", "chief executive": "ceo", "lt.": "lieutenant", "gov.": "governor"}
    assert bench.normalise_title("Chief Executive", abbreviations) == "ceo"
    assert bench.normalise_title("Sen.", abbreviations) == "senator"
    assert bench.normalise_title("sen", abbreviations) == "senator"
    assert bench.normalise_title("Lt. Gov.", abbreviations) == "lieutenant governor"
    assert bench._same_value("61-38", "61-38") and bench._same_value("61 to 38", "61-38")
    assert not bench._same_value("61-38", "61")
    assert bench._same_value("1300000", "1300000.0") and not bench._same_value("12500", "12000")


def test_benchmark_reports_every_kind(figures_and_output: tuple[dict, str]) -> None:
    figures, output = figures_and_output
    assert figures["articles"] >= 16 and figures["stories"] >= 8
    for kind in KINDS:
        row = figures["kinds"][kind]
        assert row["annotated"] > 0, kind
        assert 0.0 <= row["precision"] <= 1.0 and 0.0 <= row["recall"] <= 1.0 and 0.0 <= row["f1"] <= 1.0
        assert row["matched"] <= min(row["annotated"], row["extracted"])
        assert f"| {kind} |" in output
    total = figures["total"]
    assert total["annotated"] == sum(figures["kinds"][k]["annotated"] for k in KINDS)
    assert total["recall"] > 0.2  # sanity floor only; the numbers are the benchmark's job
    assert "## Unmatched annotations" in output and "## False extractions" in output


def test_json_output(bench: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     figures_and_output: tuple[dict, str]) -> None:
    figures, _ = figures_and_output
    monkeypatch.setattr(bench, "run", lambda *args, **kwargs: figures)
    target = tmp_path / "out" / "quality.json"
    assert bench.main(["--json", str(target)]) == 0
    written = json.loads(target.read_text(encoding="utf-8"))
    assert set(written["kinds"]) >= set(KINDS) and written["total"] == figures["total"]
