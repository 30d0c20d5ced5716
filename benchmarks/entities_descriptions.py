"""Descriptions joined to people on real news: a listing to read, one line per description.

Runs load → extract → resolve on every story under ``../shared/realnews/basil`` (or the folders
given) and prints, for each person entity that holds a description mention ("the president",
"the senator"), one line per description: story, article, line, the entity's canonical name, the
description, and the sentence around it. Each line is to be read and judged by a person: is the
description this person in this sentence? The last line counts descriptions and entities.

Usage::

    python -m benchmarks.entities_descriptions [FOLDER ...] [--width N]

Prints to the terminal only (the sentences are the outlets' text: never commit the output).
Skips cleanly when ``../shared/realnews`` is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from benchmarks.realnews_entities import REALNEWS, extracted
from checker.model import Article, Mention


def _sentence(article: Article, mention: Mention, width: int) -> str:
    """The text around a mention: from the previous sentence end to the next, cut to ``width``."""
    text = article.text
    at = mention.start - article.body_start
    starts = [m.end() for m in re.finditer(r"[.!?][\"”’]?\s+|\n", text[:at])]
    begin = starts[-1] if starts else 0
    after = re.search(r"[.!?][\"”’]?(?:\s|$)|\n", text[mention.end - article.body_start:])
    end = mention.end - article.body_start + (after.end() if after else len(text))
    snippet = " ".join(text[begin:end].split())
    if len(snippet) > width:
        here = max(0, at - begin - width // 2)
        snippet = "…" + snippet[here:here + width] + "…"
    return snippet


def listing(folders: list[Path], width: int = 240) -> tuple[list[str], int, int]:
    """Lines of the listing, and the numbers of descriptions and of entities listed."""
    lines: list[str] = []
    entities = 0
    for folder in folders:
        for story, articles, mentions, mapping, found in extracted(folder):
            by_id = {a.id: a for a in articles}
            names = {e.id: e.name for e in found if e.type == "PERSON"}
            rows = sorted((mapping[m.id], m.source, m.start, m) for m in mentions
                          if m.form == "description" and m.label == "PERSON" and mapping.get(m.id) in names)
            entities += len({r[0] for r in rows})
            for entity, source, _start, m in rows:
                lines.append(f"{Path(story).name}/{source}:{m.line}  {names[entity]!r} <- {m.text!r}  | "
                             f"{_sentence(by_id[source], m, width)}")
    return lines, len(lines), entities


def main(argv: list[str] | None = None) -> int:
    """Print the listing and its counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="story folders (default: ../shared/realnews/basil)")
    parser.add_argument("--width", type=int, default=240, help="characters of sentence to show")
    args = parser.parse_args(argv)
    folders = args.folders or [REALNEWS / "basil"]
    if not all(f.is_dir() for f in folders):
        print(f"skipped: {', '.join(str(f) for f in folders if not f.is_dir())} absent")
        return 0
    lines, descriptions, entities = listing(folders, args.width)
    for line in lines:
        print(line)
    print(f"{descriptions} descriptions on {entities} person entities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
