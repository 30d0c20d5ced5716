"""Quantity extraction on real news, printed for reading.

Reads the annotated real stories in ``../shared/realnews/dev`` at run time (never copied into the
repository; skips cleanly when the folder is absent), extracts every article (``extract_story``
with ``load_lexicons()``, no entity resolution) and prints one line per ``quantity`` assertion:

    source:line  value_text  [value unit]  measure=  mods=  owner=  verb=  subject=

so a reader can judge each by eye (precision: a right value with the right measure). It then
lists the numbers the stories' ``expected.yaml`` mention under ``values`` (years left out: they
are dates, not quantities) and whether some quantity of the story carries each (recall).

Usage::

    python benchmarks/quantities_realnews.py [--dev DIR] [--story NAME] [--quiet]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "realnews" / "dev"
_DATE = re.compile(r"\d\d-\d\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d", re.I)
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10", "eighth": "8", "twelve": "12", "dozen": "12"}


def _expected_numbers(expected: Path) -> list[list[str]]:
    """The ``values`` alternatives of the expected items that are numbers and not years."""
    data = yaml.safe_load(expected.read_text(encoding="utf-8")) or {}
    groups: list[list[str]] = []
    for item in [*(data.get("items") or [])]:
        for group in item.get("values") or []:
            options = [str(g) for g in (group if isinstance(group, list) else [group])]
            numeric = [o for o in options if re.search(r"\d", o) or o.lower() in _NUMBER_WORDS]
            if not numeric or any(_is_date(o) for o in numeric):
                continue
            if numeric not in groups:
                groups.append(numeric)
    return groups


def _is_date(option: str) -> bool:
    """Years and calendar dates are times, not quantities."""
    return bool(re.fullmatch(r"(1[89]|20)\d\d", option) or _DATE.search(option))


def _digits(option: str) -> str:
    option = option.lower().replace(",", "").replace("$", "").strip().split()[0]  # "6 years" -> 6
    return _NUMBER_WORDS.get(option, option)


def _found(group: list[str], rows: list[dict[str, Any]]) -> bool:
    for row in rows:
        slots = row["slots"]
        value = str(slots.get("value", ""))
        text = str(slots.get("value_text", "")).lower()
        for option in group:
            digits = _digits(option)
            unit = option.lower().split()[1].rstrip("s") if len(option.split()) > 1 else ""
            if unit and unit not in text and unit != slots.get("unit"):
                continue  # "6 years" is not "six months"
            if digits in value.split("-") or digits == value or option.lower() in text:
                return True
    return False


def _line(row: dict[str, Any]) -> str:
    s = row["slots"]
    return (f"{row['source']}:{row['line']}  {s.get('value_text', '')!r}  [{s.get('value', '')} {s.get('unit', '')}]"
            f"  measure={s.get('measure', '')}  mods={s.get('measure_mods', '')}  owner={s.get('owner', '')}"
            f"  verb={s.get('verb', '')}  subject={row['subject']}")


def main(argv: list[str] | None = None) -> int:
    """Print the quantities of every dev story and the recall of the expected numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--story", default="")
    parser.add_argument("--quiet", action="store_true", help="only the recall lines and totals")
    args = parser.parse_args(argv)
    if not args.dev.is_dir():
        print(f"skipped: {args.dev} not found")
        return 0
    from checker.extract import extract_story
    from checker.extract.lexicon import load_lexicons
    from checker.sources import find_stories, load_story

    lex = load_lexicons()
    total = found = count = 0
    for story, files in find_stories([args.dev]):
        name = Path(story).name
        if args.story and args.story not in name:
            continue
        articles = load_story(story, files)
        _mentions, table = extract_story(articles, lex)
        rows = [r for r in table.to_dict("records") if r["kind"] == "quantity"]
        count += len(rows)
        print(f"== {name}: {len(rows)} quantities")
        if not args.quiet:
            for row in rows:
                print("  " + _line(row))
        expected = args.dev / name / "expected.yaml"
        for group in _expected_numbers(expected) if expected.is_file() else []:
            hit = _found(group, rows)
            total += 1
            found += hit
            print(f"  expected {'/'.join(group)}: {'found' if hit else 'MISSING'}")
    print(f"quantities: {count}; expected numbers found: {found}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
