"""Benchmark on real news: findings against the annotated dev stories, volume on the BASIL set, speed.

``python -m benchmarks.realnews`` reads ``../shared/realnews`` (or ``$CHECKER_REALNEWS``) and prints:

* ``dev``: recall over the annotated items and precision over the discrepancy and naming findings
  (``checker eval``), precision over discrepancies alone, per story and in total;
* ``basil``: findings per story (median, mean, max) and per category, and every discrepancy with
  its values (``--list``), for reading the way an editor would;
* ``speed``: end to end (``--jobs`` processes, no cache) against plain ``nlp.pipe`` of the same
  bodies in the same run, each in a fresh process, the median of ``--repeat`` rounds that run
  both back to back.

Nothing of the real texts is written into the repository; the run skips (exit 0, one line) when
the folder is absent. ``--json FILE`` keeps the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def realnews_dir() -> Path | None:
    """``$CHECKER_REALNEWS`` or ``../shared/realnews`` beside the repository, when present."""
    folder = Path(os.environ.get("CHECKER_REALNEWS", REPO.parent / "shared" / "realnews"))
    return folder if (folder / "dev").is_dir() else None


def _results(folder: Path, jobs: int = 1) -> list[Any]:
    from checker.compare.rules.config import load_rules
    from checker.pipeline import Options, run

    return run([folder], load_rules(REPO / "rules.yaml"), Options(cache_dir=None, jobs=jobs, root=folder))


def dev_scores(folder: Path) -> dict[str, Any]:
    """Recall and precision against every ``expected.yaml`` under ``folder``."""
    from checker.evaluate import load_expected, score, totals

    scores, discrepancies, right = [], 0, 0
    for result in _results(folder):
        expected = load_expected(folder / result.story)
        if expected is None:
            continue
        story = score(result, expected)
        scores.append(story)
        wrong = set(story.false_positives)
        for finding in result.findings:
            if finding.category == "discrepancy":
                discrepancies += 1
                right += f"{finding.category}/{finding.field}: {finding.message}" not in wrong
    recall, precision = totals(scores)
    return {"stories": len(scores), "recall": round(recall, 3), "precision": round(precision, 3),
            "items": sum(s.items for s in scores), "found": sum(s.found for s in scores),
            "reported": sum(s.reported for s in scores), "correct": sum(s.correct for s in scores),
            "discrepancies": discrepancies, "discrepancies_right": right,
            "per_story": {s.story: [s.found, s.items, s.correct, s.reported] for s in scores}}


def basil_volume(folder: Path, listing: bool) -> dict[str, Any]:
    """Findings per story and per category on the unannotated stories."""
    counts, categories, shown = [], Counter(), []
    for result in _results(folder):
        counts.append(len(result.findings))
        categories.update(f.category for f in result.findings)
        if listing:
            shown += [f"{result.story}: {f.rule}: {f.message}" for f in result.findings if f.category == "discrepancy"]
    return {"stories": len(counts), "median": statistics.median(counts) if counts else 0,
            "mean": round(statistics.fmean(counts), 1) if counts else 0, "max": max(counts, default=0),
            "by_category": dict(sorted(categories.items())), "discrepancies": shown}


def _child(code: str, folder: Path, jobs: int) -> float:
    out = subprocess.run([sys.executable, "-c", code, str(folder), str(jobs)], capture_output=True, text=True,
                         check=True, cwd=REPO)
    return float(out.stdout.strip().splitlines()[-1])


CHECK = """
import sys, time, tempfile
from pathlib import Path
start = time.perf_counter()
from checker.compare.rules.config import load_rules
from checker.pipeline import Options, iter_results
from checker.report.json_report import render_json
from checker.report.markdown import render_markdown
folder = Path(sys.argv[1])
for result in iter_results([folder], load_rules(Path('rules.yaml')), Options(cache_dir=None, jobs=int(sys.argv[2]), root=folder)):
    render_markdown(result, 'reports'); render_json([result])
print(time.perf_counter() - start)
"""

REFERENCE = """
import sys, time
from pathlib import Path
from checker.pipeline import load
folder = Path(sys.argv[1])
texts = [a.text for _, articles in load([folder]) for a in articles]
start = time.perf_counter()
from checker.nlp import load_model
nlp = load_model()
jobs = int(sys.argv[2])
for _ in nlp.pipe(texts, batch_size=16, n_process=jobs if jobs > 1 else 1):
    pass
print(time.perf_counter() - start)
"""


def speed(folders: list[Path], jobs: int, repeat: int = 3) -> dict[str, Any]:
    """Seconds end to end and for plain ``nlp.pipe``, summed over ``folders``, and their ratio.

    The machine's speed drifts by 10 % or more over minutes on a shared 2-core host, so the two
    sides run back to back, folder by folder, in ``repeat`` rounds that alternate which goes first;
    each round gives one ratio (its check seconds over its ``nlp.pipe`` seconds) and ``ratio`` is
    their median, with the rounds' seconds beside it. Every run is kept in ``runs``.
    """
    runs: dict[str, dict[str, list[float]]] = {f.name: {"check": [], "nlp_pipe": []} for f in folders}
    rounds = []
    for round_ in range(repeat):
        order = [("check", CHECK), ("nlp_pipe", REFERENCE)]
        for folder in folders:
            for side, code in order if round_ % 2 == 0 else order[::-1]:
                runs[folder.name][side].append(round(_child(code, folder, jobs), 2))
        check = sum(t["check"][-1] for t in runs.values())
        reference = sum(t["nlp_pipe"][-1] for t in runs.values())
        rounds.append((check / reference, check, reference))
    ratio, check, reference = sorted(rounds)[len(rounds) // 2]
    return {"check_s": round(check, 1), "nlp_pipe_s": round(reference, 1), "ratio": round(ratio, 3),
            "round_ratios": [round(r[0], 3) for r in rounds], "jobs": jobs, "repeat": repeat, "runs": runs}


def main(argv: list[str] | None = None) -> int:
    """Print the real-news figures; exit 0 without them when the folder is absent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list every discrepancy on basil")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed comparison")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of both sides; the median round counts")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    folder = realnews_dir()
    if folder is None:
        print("skipped: ../shared/realnews is absent (set CHECKER_REALNEWS)")
        return 0
    started = time.perf_counter()
    figures: dict[str, Any] = {"dev": dev_scores(folder / "dev")}
    dev = figures["dev"]
    print(f"dev: recall {dev['recall']:.3f} ({dev['found']}/{dev['items']}), precision {dev['precision']:.3f} "
          f"({dev['correct']}/{dev['reported']}) over discrepancy and naming findings; discrepancies right "
          f"{dev['discrepancies_right']}/{dev['discrepancies']}")
    if (folder / "basil").is_dir():
        figures["basil"] = basil = basil_volume(folder / "basil", args.list)
        print(f"basil: {basil['stories']} stories, findings per story median {basil['median']}, mean "
              f"{basil['mean']}, max {basil['max']}; by category {basil['by_category']}")
        for line in basil["discrepancies"]:
            print("  " + line)
    if not args.no_speed:
        folders = [folder / "dev"] + ([folder / "basil"] if (folder / "basil").is_dir() else [])
        figures["speed"] = fast = speed(folders, args.jobs, max(1, args.repeat))
        print(f"speed (--jobs {fast['jobs']}, median of {fast['repeat']} rounds): end to end {fast['check_s']} s, "
              f"plain nlp.pipe {fast['nlp_pipe_s']} s, ratio {fast['ratio']} (rounds {fast['round_ratios']}); "
              f"runs {fast['runs']}")
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
