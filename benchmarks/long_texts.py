"""Time of parse and extraction against article length: the curve must be a straight line.

Two invented shapes of long article, each at several sizes, go through
``checker.extract.extract_story`` (the checker model's ``nlp.pipe`` and every extractor, no
cache), one article per run:

* ``lines``: N short lines ("Item 17: the council met on Monday"), each its own sentence, as in
  a list, a table pasted as text or a log;
* ``clauses``: K kilobytes of reported clauses joined by "and" with no full stop anywhere
  ("Ana Ruiz said the council would vote on the plan and ..."), one endless sentence.

For each size it prints the CPU seconds and the seconds per unit (per 1,000 lines, per 10 KB); a
linear implementation keeps the second column flat. spaCy's ``max_length`` is raised for the
run so that the largest inputs are parsed whole.

Usage::

    python benchmarks/long_texts.py [--lines 1000,10000,50000,100000] [--kb 10,50,100,200]
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

SPEAKERS = ("Ana Ruiz", "the mayor", "Tomas Varga", "a spokesman", "Lena Ortiz", "officials")
VERBS = ("said", "told reporters", "added", "warned", "claimed", "noted")


def lines_text(n: int) -> str:
    """N short lines, each a sentence of its own."""
    return "\n".join(f"Item {i}: the council met on Monday" for i in range(n)) + "\n"


def clauses_text(kilobytes: int) -> str:
    """About ``kilobytes`` KB of reported clauses joined by "and", without a full stop."""
    parts, size, i = [], 0, 0
    while size < kilobytes * 1000:
        part = f"{SPEAKERS[i % 6]} {VERBS[i % 5]} the council would vote on plan {i} in March and"
        parts.append(part)
        size += len(part) + 1
        i += 1
    return " ".join(parts) + "\n"


def time_one(text: str, lex: dict[str, Any]) -> tuple[float, int]:
    """CPU seconds of this process to parse and extract one article (wall time would count the
    other jobs of a shared machine), and how many assertions it gave."""
    from checker.extract import extract_story
    from checker.model import Article

    article = Article(id="long", story="long", path="long.md", outlet="long", published=None, url=None,
                      title=None, author=None, role=None, text=text, body_start=0,
                      line_starts=(0,))
    started = time.process_time()
    _, table = extract_story([article], lex)
    return time.process_time() - started, len(table)


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", default="1000,10000,50000,100000")
    parser.add_argument("--kb", default="10,50,100,200")
    args = parser.parse_args(argv)
    from checker.extract.lexicon import load_lexicons
    from checker.nlp import load_nlp

    lex = load_lexicons()
    nlp = load_nlp()
    time_one("Warm up: the mayor said the council would vote.\n", lex)
    print(f"{'input':>22} {'chars':>10} {'rows':>7} {'cpu s':>9}  per unit")
    for n in (int(x) for x in args.lines.split(",") if x):
        text = lines_text(n)
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        seconds, rows = time_one(text, lex)
        print(f"{n:>16,} lines {len(text):>10,} {rows:>7,} {seconds:>9.2f}  {seconds / n * 1000:.3f} s/1,000 lines",
              flush=True)
    for kb in (int(x) for x in args.kb.split(",") if x):
        text = clauses_text(kb)
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        seconds, rows = time_one(text, lex)
        print(f"{kb:>13} KB clauses {len(text):>10,} {rows:>7,} {seconds:>9.2f}  {seconds / kb * 10:.3f} s/10 KB",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
