"""Benchmark: seconds per stage, words/s, peak RSS and the ratio to plain ``nlp.pipe``.

``python -m benchmarks.run --sizes 100 1000`` generates (once) a seeded corpus per size under
``benchmarks/out/`` and measures, each in a fresh process so imports, model load and peak RSS
count as a user sees them:

* ``check``: the pipeline end to end (load, extract = parse + extraction, resolve, compare,
  report = Markdown and JSON written to a temporary folder), with and without sentence gating;
* ``reference``: the same article bodies through plain ``nlp.pipe`` of the model as spaCy ships
  it, with the same settings (batch size 16, the same number of processes); checker's pipeline
  adds a line-break sentence splitter and swaps in a faster, output-identical attribute ruler
  (``checker.fast_ruler``);
* ``incremental`` (sizes up to 1,000): ``checker check`` with a warm cache after one article
  changed; ``dask``: the dask engine on a local cluster, and whether its reports are
  byte-identical to the local engine's; ``startup``: ``checker --help`` and ``checker validate``.

Stage seconds are summed over worker processes, so with ``--jobs 2`` they add up to about twice
the wall time; ``share`` is each stage's part of that sum. Results go to
``benchmarks/out/results-<size>.json``; ``--sizes 20`` is the CI-sized run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import write_corpus

OUT = Path(__file__).resolve().parent / "out"
REPO = Path(__file__).resolve().parent.parent


def corpus(size: int, seed: int, out: Path = OUT) -> Path:
    """The corpus of ``size`` articles, generated on first use."""
    folder = out / f"corpus-{size}-seed{seed}"
    marker = folder / ".complete"
    if not marker.exists():
        write_corpus(folder, size, seed)
        marker.write_text("ok\n", encoding="utf-8")
    return folder


def _bodies(folder: Path) -> list[str]:
    from checker.pipeline import load

    return [a.text for _, articles in load([folder]) for a in articles]


def _peak_rss_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def measure_check(folder: Path, jobs: int, gate: bool, engine: str, reports: Path) -> dict[str, Any]:
    """One end-to-end run in this process; reports are written to ``reports``."""
    start = time.perf_counter()
    from checker.pipeline import Options, Timings, iter_results
    from checker.report import write_atomic
    from checker.report.json_report import render_json
    from checker.report.markdown import render_markdown
    from checker.compare.rules.config import load_rules

    timings = Timings()
    options = Options(cache_dir=None, jobs=jobs, root=folder.parent, gate=gate, engine=engine)
    findings = 0
    for result in iter_results([folder], load_rules(REPO / "rules.yaml"), options, timings=timings):
        with timings.stage("report"):
            write_atomic(reports / f"{result.story}.md", render_markdown(result, "reports"))
            write_atomic(reports / f"{result.story}.json", render_json([result]))
        findings += len(result.findings)
    wall = time.perf_counter() - start
    return {"wall": wall, "stages": dict(timings), "findings": findings, "peak_rss_mib": _peak_rss_mib()}


def measure_reference(folder: Path, jobs: int) -> dict[str, Any]:
    """The same bodies through plain ``nlp.pipe`` of the stock model (model load included in ``wall``)."""
    from checker.pipeline import PARALLEL_MIN_ARTICLES

    texts = _bodies(folder)
    start = time.perf_counter()
    from checker.nlp import load_model

    nlp = load_model()  # the model as spaCy ships it: none of checker's components
    loaded = time.perf_counter()
    n_process = jobs if jobs > 1 and len(texts) >= PARALLEL_MIN_ARTICLES else 1
    for _ in nlp.pipe(texts, batch_size=16, n_process=n_process):
        pass
    end = time.perf_counter()
    return {"wall": end - start, "pipe": end - loaded, "n_process": n_process, "peak_rss_mib": _peak_rss_mib()}


def _child(args: list[str]) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return its JSON."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.run", *args], cwd=REPO, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=False, capture_output=True)
    return time.perf_counter() - start


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _findings_digest(folder: Path) -> str:
    """Digest of the findings in every JSON report (assertion tables left out)."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.json")):
        stories = json.loads(path.read_text(encoding="utf-8"))["stories"]
        digest.update(json.dumps([s["findings"] for s in stories], sort_keys=True).encode())
    return digest.hexdigest()


def measure_incremental(folder: Path, jobs: int) -> dict[str, Any]:
    """``checker check`` on a copy of the corpus: cold with cache, warm, then after one article changed."""
    import shutil

    checker = str(Path(sys.executable).with_name("checker"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(folder, work / "stories")
        command = [checker, "check", "stories", "-q", "--fail-on", "never", "--jobs", str(jobs)]
        cold = _timed(command, work)
        warm = _timed(command, work)
        first = sorted((work / "stories").glob("*/*.md"))[0]
        first.write_text(first.read_text(encoding="utf-8") + "\nThe talks ended on a cordial note.\n",
                         encoding="utf-8")
        changed = _timed(command, work)
    return {"cold_with_cache": cold, "warm": warm, "one_changed": changed}


def measure_startup() -> dict[str, float]:
    """Wall time of ``checker --help`` and ``checker validate`` (best of three)."""
    checker = str(Path(sys.executable).with_name("checker"))
    return {name: min(_timed([checker, *args], REPO) for _ in range(3))
            for name, args in (("help", ["--help"]), ("validate", ["validate"]))}


def benchmark(size: int, seed: int, jobs: int, dask: bool, incremental: bool, out: Path = OUT,
              gates: tuple[str, ...] = ("off", "on")) -> dict[str, Any]:
    """Every measurement for one corpus size (the corpus is kept under ``out``)."""
    folder = corpus(size, seed, out)
    words = sum(len(text.split()) for text in _bodies(folder))
    result: dict[str, Any] = {"articles": size, "words": words, "jobs": jobs, "seed": seed}
    result["reference"] = _child(["--measure", "reference", str(folder), "--jobs", str(jobs)])
    digests, found = {}, {}
    for gate in gates:
        with tempfile.TemporaryDirectory() as reports:
            run = _child(["--measure", "check", str(folder), "--jobs", str(jobs), "--gate", gate, "--reports", reports])
            digests[gate] = _tree_digest(Path(reports))
            found[gate] = _findings_digest(Path(reports))
        run["words_per_s"] = words / run["wall"]
        run["ratio_to_nlp_pipe"] = run["wall"] / result["reference"]["wall"]
        total = sum(run["stages"].values())
        run["share"] = {k: v / total for k, v in run["stages"].items()}
        result[f"check_gate_{gate}"] = run
    if "on" in digests:
        result["gate_changes_reports"] = digests["on"] != digests["off"]
        result["gate_changes_findings"] = found["on"] != found["off"]
    if dask:
        with tempfile.TemporaryDirectory() as reports:
            run = _child(["--measure", "check", str(folder), "--jobs", str(jobs), "--gate", "off", "--engine", "dask",
                          "--reports", reports])
            run["identical_to_local"] = _tree_digest(Path(reports)) == digests["off"]
        run["overhead_vs_local"] = run["wall"] / result["check_gate_off"]["wall"]
        result["dask"] = run
    if incremental:
        result["incremental"] = measure_incremental(folder, jobs)
    return result


def table(results: list[dict[str, Any]]) -> str:
    """A Markdown table of the main figures."""
    lines = ["| articles | words | gate | load | extract | resolve | compare | report | wall s | words/s | "
             "× nlp.pipe | peak RSS MiB |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        for gate in ("off", "on"):
            if f"check_gate_{gate}" not in r:
                continue
            c = r[f"check_gate_{gate}"]
            s = c["stages"]
            lines.append(f"| {r['articles']:,} | {r['words']:,} | {gate} | " + " | ".join(
                f"{s.get(k, 0):.2f}" for k in ("load", "extract", "resolve", "compare", "report"))
                + f" | {c['wall']:.1f} | {c['words_per_s']:,.0f} | {c['ratio_to_nlp_pipe']:.2f} | {c['peak_rss_mib']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    """Entry point; ``--measure`` is the child-process mode used by ``benchmark``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-dask", action="store_true", help="Skip the dask engine run.")
    parser.add_argument("--no-gate", action="store_true", help="Skip the run with sentence gating.")
    parser.add_argument("--measure", choices=["check", "reference"], help=argparse.SUPPRESS)
    parser.add_argument("folder", nargs="?", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--gate", choices=["on", "off"], default="off", help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    parser.add_argument("--reports", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure == "check":
        print(json.dumps(measure_check(args.folder, args.jobs, args.gate == "on", args.engine, args.reports)))
        return
    if args.measure == "reference":
        print(json.dumps(measure_reference(args.folder, args.jobs)))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        result = benchmark(size, args.seed, args.jobs, dask=not args.no_dask and size <= 1000,
                           incremental=size <= 1000, gates=("off",) if args.no_gate else ("off", "on"))
        result["startup"] = measure_startup()
        (OUT / f"results-{size}.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        results.append(result)
        print(json.dumps({k: result[k] for k in result if k not in ("check_gate_off", "check_gate_on")}, indent=1))
    print(table(results))


if __name__ == "__main__":
    main()
