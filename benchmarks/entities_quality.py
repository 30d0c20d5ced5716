"""Entity-resolution quality on the annotated test stories: pairwise and B-cubed scores.

Runs the real pipeline up to resolution (load → extract with spaCy → resolve) on every story
in ``tests/stories/``, aligns our name mentions with the annotated ones in
``tests/entities/mentions.yaml`` (same story and source, same text, in order of appearance),
and scores the clustering of the aligned mentions:

* pairwise precision / recall / F1 over the pairs of mentions put in one entity;
* B-cubed precision / recall / F1 (per mention, averaged);
* alignment counts: annotated mentions our extraction missed and our mentions nobody
  annotated are reported apart (they do not enter the scores, and they are never dropped
  silently).

Usage::

    python benchmarks/entities_quality.py [--verbose]

Writes ``benchmarks/out/entities_quality.json``. Targets: pairwise F1 >= 0.95, precision >= 0.98.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checker.resolve.entities import resolve_entities
from checker.extract import extract_story
from checker.extract.lexicon import load_lexicons
from checker.model import Mention
from checker.resolve.names import fold
from checker.sources import find_stories, load_story

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "tests" / "stories"
ANNOTATED = ROOT / "tests" / "entities" / "mentions.yaml"
OUT = ROOT / "benchmarks" / "out" / "entities_quality.json"
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|dr|the)\.?\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(frozen=True)
class Aligned:
    """One annotated mention paired with ours (``ours`` empty when extraction missed it)."""

    story: str
    source: str
    text: str
    gold: str  # annotated entity
    ours: str  # our mention id, or ""
    predicted: str  # our entity id (story-qualified), or ""
    how: str  # exact | partial | missed


def _key(text: str) -> str:
    key = _POSSESSIVE.sub("", fold(text).strip()).strip(" .,")
    while _HONORIFIC.match(key):
        key = _HONORIFIC.sub("", key, count=1)
    return key


def _overlaps(a: str, b: str) -> bool:
    """One key is a run of whole words of the other ("Province of Nova Scotia" / "Nova Scotia")."""
    return bool(a and b) and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def align_article(story: str, source: str, gold: list[dict[str, Any]], ours: list[Mention],
                  mapping: dict[str, str]) -> tuple[list[Aligned], list[Mention]]:
    """Pair annotated and extracted mentions of one article in order; return pairs and our extras."""
    gkeys = [_key(g["text"]) for g in gold]
    okeys = [_key(m.text) for m in ours]
    pairs: dict[int, tuple[int, str]] = {}
    matcher = difflib.SequenceMatcher(a=gkeys, b=okeys, autojunk=False)
    for tag, g0, g1, o0, o1 in matcher.get_opcodes():
        if tag == "equal":
            pairs.update({g0 + k: (o0 + k, "exact") for k in range(g1 - g0)})
        elif tag == "replace":
            o = o0
            for g in range(g0, g1):  # partial spans, still in order
                for j in range(o, o1):
                    if _overlaps(gkeys[g], okeys[j]):
                        pairs[g] = (j, "partial")
                        o = j + 1
                        break
    used = {j for j, _ in pairs.values()}
    rows = []
    for g, item in enumerate(gold):
        j, how = pairs.get(g, (-1, "missed"))
        mention = ours[j] if j >= 0 else None
        predicted = f"{story}/{mapping.get(mention.id, mention.id)}" if mention else ""
        rows.append(Aligned(story, source, item["text"], item["entity"], mention.id if mention else "",
                            predicted, how))
    return rows, [m for j, m in enumerate(ours) if j not in used]


def _pairs(sizes: Counter[Any]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def scores(rows: list[Aligned]) -> dict[str, float]:
    """Pairwise and B-cubed precision, recall and F1 over the aligned mentions."""
    matched = [r for r in rows if r.predicted]
    cells = Counter((r.gold, r.predicted) for r in matched)
    gold_sizes = Counter(r.gold for r in matched)
    pred_sizes = Counter(r.predicted for r in matched)
    same = _pairs(cells)
    precision = same / _pairs(pred_sizes) if _pairs(pred_sizes) else 1.0
    recall = same / _pairs(gold_sizes) if _pairs(gold_sizes) else 1.0
    b_p = sum(cells[(r.gold, r.predicted)] / pred_sizes[r.predicted] for r in matched) / max(len(matched), 1)
    b_r = sum(cells[(r.gold, r.predicted)] / gold_sizes[r.gold] for r in matched) / max(len(matched), 1)
    return {"pairwise_precision": precision, "pairwise_recall": recall, "pairwise_f1": _f1(precision, recall),
            "bcubed_precision": b_p, "bcubed_recall": b_r, "bcubed_f1": _f1(b_p, b_r)}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def run(verbose: bool = False) -> dict[str, Any]:
    """Extract and resolve every annotated story; return the figures (and print errors if verbose)."""
    with open(ANNOTATED, encoding="utf-8") as handle:
        annotated = yaml.safe_load(handle)["mentions"]
    by_article: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for item in annotated:
        by_article[(item["story"], item["source"])].append(item)
    lex = load_lexicons()
    rows: list[Aligned] = []
    extras: list[tuple[str, Mention]] = []
    for story, files in find_stories([STORIES]):
        articles = load_story(story, files)
        mentions, _table = extract_story(articles, lex)
        _entities, mapping = resolve_entities(mentions, lex)
        for article in articles:
            ours = sorted((m for m in mentions if m.source == article.id and m.form in ("name", "surname")),
                          key=lambda m: m.start)
            got, extra = align_article(story, article.id, by_article.pop((story, article.id), []), ours, mapping)
            rows += got
            extras += [(story, m) for m in extra]
    for (story, source), items in sorted(by_article.items()):  # annotated articles we did not load
        rows += [Aligned(story, source, i["text"], i["entity"], "", "", "missed") for i in items]
    figures: dict[str, Any] = {k: round(v, 4) for k, v in scores(rows).items()}
    figures.update(annotated=len(rows), matched_exact=sum(r.how == "exact" for r in rows),
                   matched_partial=sum(r.how == "partial" for r in rows),
                   missed_by_extraction=sum(r.how == "missed" for r in rows), unannotated_extracted=len(extras))
    if verbose:
        _print_errors(rows, extras)
    return figures


def _print_errors(rows: list[Aligned], extras: list[tuple[str, Mention]]) -> None:
    by_story: dict[str, list[Aligned]] = defaultdict(list)
    for row in rows:
        by_story[row.story].append(row)
    for story, items in sorted(by_story.items()):
        gold_of: dict[str, set[str]] = defaultdict(set)
        pred_of: dict[str, set[str]] = defaultdict(set)
        for r in items:
            if r.predicted:
                gold_of[r.gold].add(r.predicted)
                pred_of[r.predicted].add(r.gold)
        for gold, ours in sorted(gold_of.items()):
            if len(ours) > 1:
                forms = sorted({f"{r.text}->{r.predicted.split('/', 1)[1]}" for r in items if r.gold == gold})
                print(f"SPLIT  {gold}: {', '.join(forms)}")
        for predicted, golds in sorted(pred_of.items()):
            if len(golds) > 1:
                forms = sorted({f"{r.text}({r.gold.split('/', 1)[1]})" for r in items if r.predicted == predicted})
                print(f"MERGED {predicted}: {', '.join(forms)}")
        for r in items:
            if r.how != "exact":
                print(f"{r.how.upper():7} {r.story}/{r.source}: {r.text!r}")
    for story, mention in extras:
        print(f"EXTRA   {story}/{mention.source}: {mention.text!r} ({mention.label}, {mention.form})")


def main(argv: list[str] | None = None) -> int:
    """Print the figures and write them to ``benchmarks/out/entities_quality.json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every split, false merge and unaligned mention")
    args = parser.parse_args(argv)
    figures = run(args.verbose)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name, value in figures.items():
        print(f"{name:24} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
