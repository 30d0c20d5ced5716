"""Statement extraction measured against PolNeAR's hand-annotated attributions.

PolNeAR (github.com/networkdynamics/PolNeAR) is 1,008 articles of US political news from seven
publishers, 2015-2016, in which trained annotators marked every attribution: its SOURCE (who),
CUE ("said", "according to") and CONTENT (what was said or thought), in BRAT standoff files.
The corpus is read from a git directory (``--corpus``, default the ``fetch`` mirror) and
extracted to a temporary folder at run time: no PolNeAR text is ever stored in this repository.

Each article of a split (``train``, ``dev``, ``test``; the first annotator's file when several
annotated it) goes through ``checker.extract.extract_story`` (``nlp.pipe`` of the checker model,
every extractor). For every ``statement`` assertion, the reported content (``slots["content"]``,
or the stance topic) is located in its sentence, giving a character span. Then:

* coverage: the share of annotated CONTENT characters (whitespace excluded) inside some
  statement's content span;
* precision: the share of statements whose content span overlaps an annotated attribution
  (its content or cue);
* speaker agreement: among statements overlapping an annotated content, the share whose
  ``subject`` shares a word with that attribution's SOURCE (pronoun sources skipped, since the
  subject column holds the antecedent).

Usage::

    python benchmarks/polnear.py [--split dev] [--corpus GITDIR] [--limit N] [-v]

It skips cleanly (exit 0) when the corpus is absent. Develop on ``train`` and ``dev``; measure
``test`` once at the end, as the corpus README asks.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = Path("/work/.mirror/networkdynamics+PolNeAR/repo")
PRONOUNS = frozenset("i you he she it we they him her them his its their this that who which".split())
QUOTES = "\"“”‘’'"


@dataclass
class Attribution:
    """One annotated attribution: character spans of its parts."""

    content: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    source: list[tuple[int, int]] = field(default_factory=list)


def read_ann(text: str) -> list[Attribution]:
    """Attributions of one BRAT ``.ann`` file: text-bound ``T`` spans joined by ``E`` events."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, ranges = parts[1].partition(" ")
            pieces = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
            spans[parts[0]] = (label, [(a, b) for a, b in pieces])
        elif line.startswith("E") and len(parts) >= 2:
            events.append([tuple(arg.split(":", 1)) for arg in parts[1].split()])  # type: ignore[misc]
    out = []
    for args in events:
        attribution = Attribution()
        for role, ref in args:
            if ref in spans and role.lower() in ("content", "cue", "source"):
                getattr(attribution, role.lower()).extend(spans[ref][1])
        out.append(attribution)
    return out


def extract_corpus(corpus: Path, split: str, target: Path) -> Path:
    """``data/<split>`` of the corpus (a git directory or a checkout) under ``target``."""
    if (corpus / "data" / split).is_dir():
        return corpus / "data" / split
    archive = subprocess.run(["git", "-C", str(corpus), "archive", "HEAD", f"data/{split}/text",
                              f"data/{split}/attributions"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "data" / split


def load_split(folder: Path, limit: int | None) -> list[tuple[str, str, list[Attribution]]]:
    """(name, text, attributions) per article, sorted by name."""
    out = []
    for path in sorted((folder / "text").glob("*.txt"))[:limit]:
        anns = sorted((folder / "attributions").glob(path.stem + "_*.ann"))
        if anns:
            out.append((path.stem, path.read_text(encoding="utf-8"), read_ann(anns[0].read_text(encoding="utf-8"))))
    return out


def content_span(text: str, row: dict[str, Any]) -> tuple[int, int] | None:
    """Where a statement's reported content lies in the article: its words found in order in the
    statement's sentence, a few characters apart at most (a content drops quotation marks and
    the phrases it leaves out, such as "according to X")."""
    content = (row["slots"] or {}).get("content") or (row["slots"] or {}).get("topic_text") or row["object"]
    words = [w.strip(QUOTES) for w in re.findall(r"\w+|[^\w\s]", str(content))]
    words = [w for w in words if w]
    if len(str(content)) >= 300:  # cut at 300 characters: the last word may be partial
        words = words[:-1]
    if not words:
        return None
    sentence = text[row["start"]:row["end"]]
    position = sentence.find(words[0])
    while position >= 0:
        end = _follow(sentence, words, position)
        if end is not None:
            return row["start"] + position, row["start"] + end
        position = sentence.find(words[0], position + 1)
    return None


def _follow(sentence: str, words: list[str], position: int, gap: int = 40) -> int | None:
    end = position + len(words[0])
    for word in words[1:]:
        found = sentence.find(word, end, end + gap + len(word))
        if found < 0:
            return None
        end = found + len(word)
    return end


def _overlaps(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in ranges)


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w-]+", text) if len(w) > 1 or w.isupper()}


@dataclass
class Score:
    """Totals over the articles scored."""

    content_chars: int = 0
    covered_chars: int = 0
    statements: int = 0
    located: int = 0
    precise: int = 0
    speaker_checked: int = 0
    speaker_right: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    def line(self, split: str, articles: int) -> str:
        coverage = self.covered_chars / max(self.content_chars, 1)
        precision = self.precise / max(self.statements, 1)
        speaker = self.speaker_right / max(self.speaker_checked, 1)
        return (f"{split}: {articles} articles, coverage {coverage:.3f} ({self.covered_chars}/{self.content_chars} "
                f"content chars), precision {precision:.3f} ({self.precise}/{self.statements} statements, "
                f"{self.located} located), speaker {speaker:.3f} ({self.speaker_right}/{self.speaker_checked})")


def score_article(text: str, attributions: list[Attribution], rows: list[dict[str, Any]], score: Score) -> None:
    """Add one article's coverage and precision counts to ``score``."""
    spans = []
    for row in rows:
        span = content_span(text, row)
        score.statements += 1
        if span is None:
            score.false.append(f"(not located) {row['subject']} | {row['object'][:100]}")
            continue
        score.located += 1
        spans.append(span)
        hits = [a for a in attributions if _overlaps(span, a.content + a.cue)]
        if hits:
            score.precise += 1
        else:
            score.false.append(f"{row['predicate']} {row['subject']} | {text[span[0]:span[1]][:120]}")
        for attribution in (a for a in hits if a.source):
            source = " ".join(text[a:b] for a, b in attribution.source)
            if _words(source) - PRONOUNS:
                score.speaker_checked += 1
                score.speaker_right += bool(_words(source) & _words(row["subject"]))
            break
    covered = _union(spans)
    solid = [0]  # solid[i]: non-space characters before offset i
    for char in text:
        solid.append(solid[-1] + (not char.isspace()))
    for attribution in attributions:
        for a, b in attribution.content:
            score.content_chars += solid[b] - solid[a]
            score.covered_chars += sum(solid[min(b, e)] - solid[max(a, s)] for s, e in covered if s < b and a < e)
        if attribution.content and not any(_overlaps(r, covered) for r in attribution.content):
            score.misses.append(" … ".join(text[a:b] for a, b in attribution.content)[:160]
                                + "  <- " + " ".join(text[a:b] for a, b in attribution.cue))


def run(corpus: Path, split: str, limit: int | None, verbose: bool) -> Score:
    """Score the statements of one split."""
    from checker.extract import extract_story
    from checker.extract.lexicon import load_lexicons
    from checker.model import Article

    with tempfile.TemporaryDirectory() as tmp:
        articles = load_split(extract_corpus(corpus, split, Path(tmp)), limit)
    lex = load_lexicons()
    docs = [Article(id=name, story="polnear", path=name + ".txt", outlet=name.split("_")[0], published=None,
                    url=None, title=None, author=None, role=None, text=text, body_start=0,
                    line_starts=tuple([0] + [m.end() for m in re.finditer("\n", text)]))
            for name, text, _ in articles]
    _, table = extract_story(docs, lex)
    table = table[table["kind"] == "statement"]
    score = Score()
    for (name, text, attributions), article in zip(articles, docs):
        rows = table[table["source"] == article.id].to_dict("records")
        score_article(text, attributions, rows, score)
    print(score.line(split, len(articles)))
    if verbose:
        print("\n# annotated attributions with no statement:")
        print("\n".join(score.misses[:300]))
        print("\n# statements overlapping no attribution:")
        print("\n".join(score.false))
    return score


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: no PolNeAR corpus at {args.corpus} (fetch github:networkdynamics/PolNeAR)")
        return 0
    run(args.corpus, args.split, args.limit, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
