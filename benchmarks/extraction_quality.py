"""Extraction quality per assertion kind on the hand-annotated sample.

Loads ``tests/extraction/annotated.yaml`` (assertions a careful reader extracts from each of a
sample of articles in ``tests/stories/``), runs extraction on those stories (``checker.sources``
then ``checker.extract.extract_story`` with ``load_lexicons()``; no entity resolution) and matches
the extracted rows of every annotated article to the annotated assertions, one to one:

* same ``kind`` and same ``line``;
* subject match: case-insensitive token overlap, every token of the shorter name in the longer,
  after dropping possessive 's, diacritics, articles and short honorifics (``the``, ``Mr.``,
  ``Sen.``) and a plural ``s``. An annotation may name a description's referent in ``refers_to``
  ("the company" -> "Corvane"); either side matches. For pronoun subjects the extracted
  ``subject`` column holds the antecedent text. A quantity is "what or who": its annotated
  subject or ``measure`` (the noun counted: "workers", "vote") may match the extracted subject or
  object (the thing measured). Meetings match in either orientation;
* quantity: the extracted ``slots["value"]`` equals the annotated value ("1300000", or "61-38"
  for votes);
* role: the titles overlap (the same token test after the title lexicon's abbreviations:
  "Chief Executive" = "CEO", "Sen." = "senator").

Among several compatible rows the one whose object, stance or organisation also agrees is
preferred. Precision is over every extracted row of the annotated articles: a row that would
have matched an annotation already taken by another row is a duplicate and counts as false.

Usage::

    python benchmarks/extraction_quality.py [-v] [--json PATH]

``-v`` lists the unmatched annotations (with what was extracted on that line) and the false
extractions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from checker.extract import extract_story
from checker.extract.lexicon import load_lexicons
from checker.sources import find_stories, load_story

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "tests" / "stories"
ANNOTATED = ROOT / "tests" / "extraction" / "annotated.yaml"
KINDS = ("meeting", "statement", "role", "travel", "plan", "quantity", "event", "comment")
STATUSES = ("declined_to_comment", "no_response", "not_confirmed", "confirmed", "denied")
_DROP = frozenset({"the", "a", "an", "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "lt"})
_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)(?=\s|$)")
_VOTE = re.compile(r"^\s*(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\s*$")


# ----------------------------------------------------------------------------- annotation

def load_annotation(path: Path = ANNOTATED) -> list[dict[str, Any]]:
    """The annotated articles; raises ``ValueError`` naming the entry on a malformed one."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    articles = data.get("articles") or []
    for n, article in enumerate(articles, 1):
        where = f"{path}: article {n} ({article.get('story')}/{article.get('source')})"
        if not article.get("story") or not article.get("source"):
            raise ValueError(f"{where}: needs story and source")
        for item in article.get("assertions") or []:
            if item.get("kind") not in KINDS:
                raise ValueError(f"{where}: kind {item.get('kind')!r} is not one of {', '.join(KINDS)}")
            if not isinstance(item.get("line"), int) or not str(item.get("subject") or "").strip():
                raise ValueError(f"{where}: every assertion needs a subject and an integer line: {item}")
            if item["kind"] == "quantity" and not str(item.get("value") or "").strip():
                raise ValueError(f"{where}: a quantity needs a value: {item}")
            if item["kind"] == "role" and not str(item.get("title") or "").strip():
                raise ValueError(f"{where}: a role needs a title: {item}")
            if item["kind"] == "comment" and item.get("status") not in STATUSES:
                raise ValueError(f"{where}: comment status must be one of {', '.join(STATUSES)}: {item}")
    return articles


# ----------------------------------------------------------------------------- comparison

def name_tokens(text: str) -> frozenset[str]:
    """Comparable tokens of a name: lower-case, no diacritics, no possessive, articles or honorifics."""
    folded = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode("ascii")
    folded = _POSSESSIVE.sub("", folded.lower().replace("’", "'"))
    tokens = set()
    for token in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", folded):
        if token in _DROP:
            continue
        if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        tokens.add(token)
    return frozenset(tokens)


def names_match(a: str, b: str) -> bool:
    """Every token of the shorter name is in the longer one (both non-empty)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return short <= long_


def _any_match(golds: list[str], ours: list[str]) -> bool:
    return any(names_match(g, o) for g in golds if g for o in ours if o)


def normalise_title(text: str, abbreviations: dict[str, str]) -> str:
    """A title with the lexicon's abbreviations and synonyms applied ("Chief Executive" -> "ceo")."""
    out = re.sub(r"\s+", " ", str(text or "").lower().replace("’s", "").replace("'s", "").strip(" ,."))
    for long, short in sorted(abbreviations.items(), key=lambda kv: -len(kv[0])):
        # "Sen." may come through with its full stop dropped ("sen"): expand both spellings.
        pattern = re.escape(long[:-1]) + r"\.?" if long.endswith(".") else re.escape(long)
        out = re.sub(rf"(?<![\w.]){pattern}(?![\w])", short, out)
    return out


def _same_value(gold: str, ours: str) -> bool:
    g, o = str(gold).strip(), str(ours or "").strip()
    gv, ov = _VOTE.match(g), _VOTE.match(o)
    if gv or ov:
        return bool(gv and ov) and gv.groups() == ov.groups()
    try:
        a, b = float(g.replace(",", "")), float(o.replace(",", ""))
    except ValueError:
        return g.lower() == o.lower()
    return abs(a - b) < 1e-6 * max(1.0, abs(a))


def _slots(row: dict[str, Any]) -> dict[str, Any]:
    slots = row.get("slots")
    return slots if isinstance(slots, dict) else {}


def compatible(gold: dict[str, Any], row: dict[str, Any], abbreviations: dict[str, str],
               check_subject: bool = True) -> str:
    """Why ``row`` cannot stand for ``gold`` ("" when it can)."""
    if row["kind"] != gold["kind"]:
        return "kind"
    if int(row["line"]) != int(gold["line"]):
        return "line"
    golds = [gold["subject"], gold.get("refers_to", "")]
    if gold["kind"] == "quantity":
        golds.append(gold.get("measure", ""))
    subject, obj = str(row.get("subject") or ""), str(row.get("object") or "")
    if not check_subject:
        pass
    elif gold["kind"] == "meeting":
        gold_objects = [str(gold.get("object") or "")]
        if not (_any_match(golds, [subject]) or _any_match(golds, [obj]) and _any_match(gold_objects, [subject])):
            return "subject"
    else:
        ours = [subject, obj, str(_slots(row).get("measure") or "")] if gold["kind"] == "quantity" else [subject]
        if not _any_match(golds, ours):
            return "subject"
    if gold["kind"] == "quantity" and not _same_value(str(gold["value"]), str(_slots(row).get("value") or "")):
        return "value"
    if gold["kind"] == "role":
        titles = [normalise_title(_slots(row).get(k, ""), abbreviations) for k in ("title", "role")]
        if not _any_match([normalise_title(gold["title"], abbreviations)], titles):
            return "title"
    return ""


def preference(gold: dict[str, Any], row: dict[str, Any]) -> int:
    """Higher for rows whose secondary fields also agree (object, stance, organisation, status)."""
    slots = _slots(row)
    score = 0
    parties = [str(row.get("object") or ""), str(row.get("subject") or "")]
    if gold.get("object") and _any_match([str(gold["object"])], parties):
        score += 2
    if gold.get("stance") and slots.get("stance") == gold["stance"]:
        score += 2
    if not gold.get("stance") and gold["kind"] == "statement" and not slots.get("stance"):
        score += 1
    if gold.get("org") and _any_match([str(gold["org"])], [str(slots.get("org") or ""), str(row.get("object") or "")]):
        score += 1
    if gold.get("status") and slots.get("status") == gold["status"]:
        score += 2
    if _any_match([gold["subject"]], [str(row.get("subject") or "")]):
        score += 1
    if gold.get("predicate") and str(row.get("predicate") or "") in (gold["predicate"], slots.get("action")):
        score += 2
    return score


@dataclass
class ArticleMatch:
    """The one-to-one alignment of one article's annotated assertions and extracted rows."""

    story: str
    source: str
    gold: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    pairs: dict[int, int] = field(default_factory=dict)  # gold index -> row index
    duplicates: set[int] = field(default_factory=set)  # rows compatible only with gold already taken
    wrong_subject: set[int] = field(default_factory=set)  # unmatched gold with a free row right but for the subject

    def unmatched_gold(self) -> list[int]:
        return [i for i in range(len(self.gold)) if i not in self.pairs]

    def false_rows(self) -> list[int]:
        taken = set(self.pairs.values())
        return [j for j in range(len(self.rows)) if j not in taken]


def match_article(story: str, source: str, gold: list[dict[str, Any]], rows: list[dict[str, Any]],
                  abbreviations: dict[str, str]) -> ArticleMatch:
    """One-to-one matching with the most pairs, then the highest total preference.

    Rows can only match annotations of their own kind and line, so each (kind, line) group is
    solved exactly by search; the groups are small (a handful of statements on one line).
    """
    edges: dict[int, list[int]] = {}
    for i, item in enumerate(gold):
        options = [j for j, row in enumerate(rows) if not compatible(item, row, abbreviations)]
        edges[i] = sorted(options, key=lambda j: (-preference(item, rows[j]), j))
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, item in enumerate(gold):
        groups[(item["kind"], int(item["line"]))].append(i)
    pairs: dict[int, int] = {}
    for members in groups.values():
        pairs.update(_best_assignment(members, edges, {i: {j: preference(gold[i], rows[j]) for j in edges[i]}
                                                        for i in members}))
    result = ArticleMatch(story, source, gold, rows, pairs=pairs)
    result.duplicates = {j for j in result.false_rows() if any(j in options for options in edges.values())}
    free = [j for j in result.false_rows() if j not in result.duplicates]
    result.wrong_subject = {i for i in result.unmatched_gold()
                            if any(not compatible(gold[i], rows[j], abbreviations, check_subject=False) for j in free)}
    return result


def _best_assignment(members: list[int], edges: dict[int, list[int]],
                     weights: dict[int, dict[int, int]]) -> dict[int, int]:
    best: tuple[int, int, dict[int, int]] = (0, 0, {})

    def search(k: int, used: frozenset[int], chosen: dict[int, int], weight: int) -> None:
        nonlocal best
        if k == len(members):
            if (len(chosen), weight) > best[:2]:
                best = (len(chosen), weight, dict(chosen))
            return
        if len(chosen) + (len(members) - k) < best[0]:
            return  # cannot beat the best count any more
        i = members[k]
        for j in edges[i]:
            if j not in used:
                chosen[i] = j
                search(k + 1, used | {j}, chosen, weight + weights[i][j])
                del chosen[i]
        search(k + 1, used, chosen, weight)

    search(0, frozenset(), {}, 0)
    return best[2]


# ----------------------------------------------------------------------------- scoring

def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(matches: list[ArticleMatch]) -> dict[str, Any]:
    """Per-kind and total counts, precision, recall and F1."""
    blank = {"annotated": 0, "extracted": 0, "matched": 0, "duplicates": 0, "wrong_subject": 0}
    counts = {kind: dict(blank) for kind in KINDS}
    stance_total = stance_right = 0
    for m in matches:
        for item in m.gold:
            counts[item["kind"]]["annotated"] += 1
        for j, row in enumerate(m.rows):
            bucket = counts.setdefault(row["kind"], dict(blank))
            bucket["extracted"] += 1
            bucket["duplicates"] += j in m.duplicates
        for i in m.wrong_subject:
            counts[m.gold[i]["kind"]]["wrong_subject"] += 1
        for i, j in m.pairs.items():
            counts[m.gold[i]["kind"]]["matched"] += 1
            if m.gold[i].get("stance"):
                stance_total += 1
                stance_right += _slots(m.rows[j]).get("stance") == m.gold[i]["stance"]
    kinds = {}
    for kind, c in counts.items():
        p, r = _ratio(c["matched"], c["extracted"]), _ratio(c["matched"], c["annotated"])
        kinds[kind] = {**c, "precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4)}
    total = {k: sum(c[k] for c in counts.values()) for k in blank}
    p, r = _ratio(total["matched"], total["extracted"]), _ratio(total["matched"], total["annotated"])
    total.update(precision=round(p, 4), recall=round(r, 4), f1=round(_f1(p, r), 4))
    return {"kinds": kinds, "total": total,
            "stance": {"annotated_with_stance_matched": stance_total, "stance_agrees": stance_right}}


def format_table(figures: dict[str, Any]) -> str:
    """The per-kind table as Markdown."""
    lines = ["| kind | annotated | extracted | matched | precision | recall | F1 |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    rows = [(kind, figures["kinds"][kind]) for kind in figures["kinds"]] + [("**total**", figures["total"])]
    for name, c in rows:
        lines.append(f"| {name} | {c['annotated']} | {c['extracted']} | {c['matched']} | "
                     f"{c['precision']:.2f} | {c['recall']:.2f} | {c['f1']:.2f} |")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- running

def _describe_gold(item: dict[str, Any]) -> str:
    keys = ("object", "value", "measure", "title", "org", "stance", "status", "predicate", "refers_to")
    extra = [f"{k}={item[k]}" for k in keys if item.get(k) not in (None, "")]
    return f"{item['kind']:<9} subject={item['subject']!r} " + " ".join(extra)


def _describe_row(row: dict[str, Any]) -> str:
    slots = _slots(row)
    keys = ("value", "title", "stance", "status", "action")
    extra = [f"{k}={slots[k]}" for k in keys if slots.get(k) not in (None, "")]
    return (f"{row['kind']:<9} {row['predicate']:<8} subject={row['subject']!r} object={str(row['object'])[:50]!r} "
            + " ".join(extra))


def _quote(row_or_line: str, width: int = 110) -> str:
    text = " ".join(str(row_or_line).split())
    return text if len(text) <= width else text[:width - 1] + "…"


def report_errors(matches: list[ArticleMatch], abbreviations: dict[str, str], out: TextIO,
                  lines_of: dict[tuple[str, str], list[str]]) -> None:
    """Unmatched annotations (with the same-kind rows on that line and why they failed) and false rows."""
    print("\n## Unmatched annotations", file=out)
    for m in matches:
        for i in m.unmatched_gold():
            item = m.gold[i]
            text = lines_of[(m.story, m.source)][item["line"] - 1]
            print(f"{m.story}/{m.source}:{item['line']}: {_describe_gold(item)}", file=out)
            print(f"    line: {_quote(text)}", file=out)
            near = [(compatible(item, row, abbreviations), row) for row in m.rows
                    if row["kind"] == item["kind"] and int(row["line"]) == item["line"]]
            for why, row in near:
                taken = " (taken by another annotation)" if not why else f" ({why} differs)"
                print(f"    got: {_describe_row(row)}{taken}", file=out)
            if not near:
                print(f"    got: no {item['kind']} row on this line", file=out)
    print("\n## False extractions", file=out)
    for m in matches:
        for j in m.false_rows():
            row = m.rows[j]
            dup = " [duplicate]" if j in m.duplicates else ""
            print(f"{m.story}/{m.source}:{row['line']}: {_describe_row(row)}{dup}", file=out)
            print(f"    quote: {_quote(row['quote'])}", file=out)


def run(annotated: Path = ANNOTATED, stories: Path = STORIES, verbose: bool = False,
        out: TextIO | None = None) -> dict[str, Any]:
    """Extract the annotated stories, match, print the table (and errors if verbose); return the figures."""
    out = out or sys.stdout
    articles = load_annotation(annotated)
    wanted: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for article in articles:
        key = (article["story"], article["source"])
        if key in wanted:
            raise ValueError(f"{annotated}: {key[0]}/{key[1]} is annotated twice")
        wanted[key] = list(article.get("assertions") or [])
    story_names = {story for story, _ in wanted}
    lex = load_lexicons()
    abbreviations = {str(k).lower(): str(v).lower() for k, v in (lex["titles"].get("abbreviations") or {}).items()}
    matches: list[ArticleMatch] = []
    lines_of: dict[tuple[str, str], list[str]] = {}
    found: set[tuple[str, str]] = set()
    for story, files in find_stories([stories]):
        if story not in story_names:
            continue
        loaded = load_story(story, files)
        _mentions, table = extract_story(loaded, lex)
        records = table.to_dict("records")
        for article in loaded:
            key = (story, article.id)
            if key not in wanted:
                continue
            found.add(key)
            lines_of[key] = Path(article.path).read_text(encoding="utf-8-sig").splitlines()
            rows = [r for r in records if r["source"] == article.id]
            matches.append(match_article(story, article.id, wanted[key], rows, abbreviations))
    missing = sorted(set(wanted) - found)
    if missing:
        raise ValueError(f"{annotated}: annotated articles not found under {stories}: "
                         + ", ".join(f"{s}/{a}" for s, a in missing))
    figures = score(matches)
    figures.update(date=dt.date.today().isoformat(), articles=len(matches), stories=len(story_names),
                   annotation=str(annotated.relative_to(ROOT) if annotated.is_relative_to(ROOT) else annotated))
    print(f"Extraction quality on {len(matches)} hand-annotated articles from {len(story_names)} stories "
          f"({figures['date']})\n", file=out)
    print(format_table(figures), file=out)
    t, s = figures["total"], figures["stance"]
    print(f"\nFalse extractions that duplicate a matched assertion: {t['duplicates']} of "
          f"{t['extracted'] - t['matched']}. Missed only for the subject (a row of that kind, line and value "
          f"or title has another subject): {t['wrong_subject']} of {t['annotated'] - t['matched']} misses "
          "(" + ", ".join(f"{k} {c['wrong_subject']}" for k, c in figures["kinds"].items() if c["wrong_subject"])
          + f"). Stance agrees on {s['stance_agrees']} of {s['annotated_with_stance_matched']} matched statements "
          "annotated with one.", file=out)
    if verbose:
        report_errors(matches, abbreviations, out, lines_of)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list unmatched annotations and false extractions")
    parser.add_argument("--json", metavar="PATH", type=Path, help="write the figures as JSON")
    parser.add_argument("--annotated", type=Path, default=ANNOTATED, help="annotation file (default: %(default)s)")
    parser.add_argument("--stories", type=Path, default=STORIES, help="folder of story folders (default: %(default)s)")
    args = parser.parse_args(argv)
    figures = run(args.annotated, args.stories, verbose=args.verbose)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
