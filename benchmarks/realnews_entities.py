"""Entity resolution on real news: pairwise scores against hand-annotated clusters.

Runs load → extract → resolve on the 12 annotated stories of ``../shared/realnews/dev`` and
compares the clustering of every person and organisation mention the extractor sees (names,
surnames and descriptions such as "the senator"; pronouns are not annotated) with
``benchmarks/data/realnews_entities.yaml``. That file stores, per story and article, the
mention surface forms in order of appearance and the cluster each belongs to (``p:`` a person,
``o:`` an organisation, ``-`` not an entity at all, such as a headline fragment or a description
that names nobody of the story); it holds short name strings only, never the texts.

Figures:

* pairwise precision / recall over the pairs of aligned mentions put in one entity (a ``-``
  mention is its own cluster, so joining it to anything is a wrong pair);
* ``wrong_person_merges``: entities that join two annotated people who are both named in full;
* alignment counts (annotated mentions the extraction no longer sees, extracted ones nobody
  annotated), reported apart.

Usage::

    python -m benchmarks.realnews_entities [--verbose] [--draft FILE]

``--draft FILE`` writes the current output in the annotation format (the starting point of an
annotation, to be judged mention by mention). Skips cleanly when ``../shared/realnews`` is absent.
Targets: precision >= 0.98, recall >= 0.95, no wrong person merges.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

from benchmarks.entities_quality import Aligned, align_article, scores
from checker.extract import extract_story
from checker.extract.lexicon import load_lexicons
from checker.model import Mention
from checker.resolve.entities import resolve_entities
from checker.sources import find_stories, load_story

ROOT = Path(__file__).resolve().parent.parent
REALNEWS = ROOT.parent / "shared" / "realnews"
ANNOTATED = ROOT / "benchmarks" / "data" / "realnews_entities.yaml"
OUT = ROOT / "benchmarks" / "out" / "realnews_entities.json"
FORMS = ("name", "surname", "description")
TYPES = ("PERSON", "ORG")


def _ours(mentions: list[Mention], source: str) -> list[Mention]:
    return sorted((m for m in mentions if m.source == source and m.form in FORMS and m.label in TYPES),
                  key=lambda m: m.start)


def extracted(folder: Path) -> list[tuple[str, list[Any], list[Mention], dict[str, str], list[Any]]]:
    """``(story, articles, mentions, mention -> entity, entities)`` of every story under ``folder``."""
    lex = load_lexicons()
    out = []
    for story, files in find_stories([folder]):
        articles = load_story(story, files)
        mentions, _table = extract_story(articles, lex)
        entities, mapping = resolve_entities(mentions, lex)
        out.append((story, articles, mentions, mapping, entities))
    return out


def draft(stories: list[tuple[str, list[Any], list[Mention], dict[str, str], list[Any]]]) -> dict[str, Any]:
    """The current output in the annotation format."""
    result: dict[str, Any] = {}
    for story, articles, mentions, mapping, _entities in stories:
        result[story] = {a.id: [[m.text, mapping.get(m.id, "-")] for m in _ours(mentions, a.id)] for a in articles}
    return result


def _unique(gold: str, story: str, source: str, index: int) -> str:
    return f"{story}/{source}/{index}" if gold == "-" else f"{story}/{gold}"


def run(verbose: bool = False) -> dict[str, Any]:
    """Score every annotated story; return the figures (and print errors if ``verbose``)."""
    annotated = yaml.safe_load(ANNOTATED.read_text(encoding="utf-8"))["stories"]
    rows: list[Aligned] = []
    extras: list[tuple[str, Mention]] = []
    wrong: list[str] = []
    for story, articles, mentions, mapping, _entities in extracted(REALNEWS / "dev"):
        by_source = annotated.get(story, {})
        story_rows: list[Aligned] = []
        for article in articles:
            gold = [{"text": t, "entity": _unique(c, story, article.id, i)}
                    for i, (t, c) in enumerate(by_source.get(article.id, []))]
            got, extra = align_article(story, article.id, gold, _ours(mentions, article.id), mapping)
            story_rows += got
            extras += [(story, m) for m in extra]
        rows += story_rows
        wrong += _wrong_person_merges(story_rows)
    figures: dict[str, Any] = {k: round(v, 4) for k, v in scores(rows).items() if k.startswith("pairwise")}
    figures.update(annotated=len(rows), missed_by_extraction=sum(r.how == "missed" for r in rows),
                   unannotated_extracted=len(extras), wrong_person_merges=len(wrong))
    if verbose:
        _print_errors(rows, extras, wrong)
    return figures


def _wrong_person_merges(rows: list[Aligned]) -> list[str]:
    """Our entities that hold two annotated people each named with two words or more."""
    named: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        gold = r.gold.split("/", 1)[1]
        if r.predicted and gold.startswith("p:") and len(r.text.split()) >= 2 and r.text[:1].isupper():
            named[r.predicted].add(gold)
    return [f"{p}: {', '.join(sorted(g))}" for p, g in sorted(named.items()) if len(g) > 1]


def _print_errors(rows: list[Aligned], extras: list[tuple[str, Mention]], wrong: list[str]) -> None:
    by_story: dict[str, list[Aligned]] = defaultdict(list)
    for row in rows:
        by_story[row.story].append(row)
    for story, items in sorted(by_story.items()):
        gold_of: dict[str, Counter[str]] = defaultdict(Counter)
        pred_of: dict[str, Counter[str]] = defaultdict(Counter)
        for r in items:
            if r.predicted:
                gold_of[r.gold][r.predicted] += 1
                pred_of[r.predicted][r.gold] += 1
        for gold, ours in sorted(gold_of.items()):
            if len(ours) > 1 and "/" not in gold.split("/", 1)[1]:
                print(f"SPLIT  {gold}: {dict(ours)}")
        for predicted, golds in sorted(pred_of.items()):
            if len(golds) > 1:
                forms = sorted({f"{r.text}({r.gold.split('/', 1)[1]})" for r in items if r.predicted == predicted})
                print(f"MERGED {predicted}: {', '.join(forms)}")
        for r in items:
            if r.how == "missed":
                print(f"MISSED {r.story}/{r.source}: {r.text!r}")
    for story, mention in extras:
        print(f"EXTRA  {story}/{mention.source}: {mention.text!r} ({mention.label}, {mention.form})")
    for item in wrong:
        print(f"WRONG PERSON MERGE {item}")


def main(argv: list[str] | None = None) -> int:
    """Print the figures and write them to ``benchmarks/out/realnews_entities.json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every split, false merge and unaligned mention")
    parser.add_argument("--draft", type=Path, help="write the current output in the annotation format")
    args = parser.parse_args(argv)
    if not (REALNEWS / "dev").is_dir():
        print(f"skipped: {REALNEWS / 'dev'} is absent")
        return 0
    if args.draft:
        text = yaml.safe_dump({"stories": draft(extracted(REALNEWS / "dev"))}, allow_unicode=True, sort_keys=True,
                              default_flow_style=None, width=200)
        args.draft.write_text(text, encoding="utf-8")
        return 0
    figures = run(args.verbose)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name, value in figures.items():
        print(f"{name:24} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
