"""Benchmark: a warm re-check after one article of a real story set was edited (the pre-commit case).

``python -m benchmarks.warm_recheck`` copies ``../shared/realnews/basil`` (72 real stories, 216
articles) to a temporary folder (never into the repository), then times ``checker check`` there,
each run in a fresh process as a user runs it:

1. ``cold``: empty cache;
2. ``warm``: nothing changed (every story and report from the cache);
3. ``edited``: one sentence appended to one article (its story is parsed and compared again, in
   a worker process while this one reads the cache); ``edited_jobs1``: the same for an article
   of another story with ``--jobs 1`` (everything in one process).

Each run reports wall seconds and CPU seconds (user + system of the process): on a shared,
busy machine the CPU time is the steadier figure.

The target for ``edited`` is under 3 s. It also checks that the warm run's reports are
byte-identical to the cold run's, and, with ``--verify``, that the edited run's reports equal
those of a ``--no-cache`` run on the same files (a second cold run). Figures go to stdout and
to ``benchmarks/out/warm_recheck.json``; ``--gate`` exits 1 when the target is missed. Without
the real-news folder it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
TARGET_S = 3.0
SENTENCE = "\n\nThe officials said they would meet again on Friday to review the plan.\n"


def _realnews() -> Path | None:
    for candidate in (os.environ.get("CHECKER_REALNEWS"), REPO.parent / "shared" / "realnews", "/work/shared/realnews"):
        if candidate and (Path(candidate) / "basil").is_dir():
            return Path(candidate) / "basil"
    return None


def _checker() -> list[str]:
    script = Path(sys.executable).parent / "checker"
    return [str(script)] if script.is_file() else [sys.executable, "-c", "from checker.cli import main; main()"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(work: Path, *extra: str, cpu: dict[str, float] | None = None, name: str = "") -> float:
    start, used = time.perf_counter(), _cpu()
    done = subprocess.run([*_checker(), "check", "basil", "-q", "--fail-on", "never", "--format", "text", *extra],
                          cwd=work, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if cpu is not None:
        cpu[name] = _cpu() - used
    if done.returncode not in (0, 1):
        raise SystemExit(f"checker failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return seconds


def _reports(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def benchmark(source: Path, verify: bool) -> dict[str, Any]:
    """Cold, warm and edited runs on a copy of ``source``; seconds and report checks."""
    with tempfile.TemporaryDirectory(prefix="checker-warm-") as tmp:
        work = Path(tmp)
        shutil.copytree(source, work / "basil")
        figures: dict[str, Any] = {"stories": sum(1 for p in (work / "basil").iterdir() if p.is_dir()),
                                   "articles": len(list((work / "basil").glob("*/*.md")))}
        cpu: dict[str, float] = {}
        figures["cold_s"] = _run(work, cpu=cpu, name="cold_cpu_s")
        cold = _reports(work / "reports")
        figures["warm_s"] = _run(work, cpu=cpu, name="warm_cpu_s")
        figures["warm_reports_identical"] = _reports(work / "reports") == cold
        article = sorted((work / "basil").glob("*/*.md"))[0]
        with open(article, "a", encoding="utf-8") as handle:
            handle.write(SENTENCE)
        figures["edited_article"] = article.relative_to(work).as_posix()
        figures["edited_s"] = _run(work, cpu=cpu, name="edited_cpu_s")
        other = sorted((work / "basil").glob("*/*.md"))[-1]  # another story, checked in this process alone
        with open(other, "a", encoding="utf-8") as handle:
            handle.write(SENTENCE)
        figures["edited_jobs1_s"] = _run(work, "--jobs", "1", cpu=cpu, name="edited_jobs1_cpu_s")
        figures.update(cpu)
        if verify:
            _run(work, "--no-cache", "--report-dir", "fresh")
            figures["edited_reports_identical_to_no_cache"] = _reports(work / "reports") == _reports(work / "fresh")
    figures["target_s"] = TARGET_S
    figures["met"] = figures["edited_s"] < TARGET_S
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print and store the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verify", action="store_true", help="also compare the edited run with a --no-cache run")
    parser.add_argument("--gate", action="store_true", help=f"exit 1 when the edited run takes {TARGET_S} s or more")
    args = parser.parse_args(argv)
    source = _realnews()
    if source is None:
        print("skipped: ../shared/realnews/basil is not there (set CHECKER_REALNEWS to its parent folder)")
        return 0
    figures = benchmark(source, args.verify)
    for name, value in figures.items():
        print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "warm_recheck.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 1 if args.gate and not figures["met"] else 0


if __name__ == "__main__":
    sys.exit(main())
