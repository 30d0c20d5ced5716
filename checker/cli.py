"""Command line: arguments → one call into the pipeline → formatter; errors → exit codes.

Exit codes: 0 no finding at or above ``--fail-on``; 1 there are; 2 usage, config or input error;
3 a bug in checker (an unexpected exception: one line, the traceback with ``--debug`` or
``CHECKER_DEBUG=1``). This is the only module that knows about the terminal.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from checker import DISTRIBUTION, __version__
from checker.errors import CheckerError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_BUG = 0, 1, 2, 3
FORMATS = ("text", "json", "jsonl", "sarif", "github", "junit", "markdown", "html")


def _ruleset(rules: Path | None, paths: tuple[Path, ...] = ()):  # noqa: ANN202 - imported lazily for a fast --help
    """The rules file given, else the nearest config's (see ``checker.config``), else the packaged defaults."""
    from checker.compare.rules.config import load_rules
    from checker.config import discover

    return load_rules(rules if rules is not None else discover(list(paths), Path.cwd()).rules)


def _settings(config: Path | None, paths: tuple[Path, ...], verbose: bool) -> Any:  # checker.config.Config
    """``--config FILE``, else the nearest config file; with ``-v`` say on stderr which one is in force."""
    from checker.config import discover, load_config

    settings = load_config(config) if config is not None else discover(list(paths), Path.cwd())
    if verbose:
        click.echo(f"checker: {settings.describe()}", err=True)
    return settings


def _fail(error: CheckerError) -> None:
    for problem in getattr(error, "errors", [error]):  # CheckerErrors: every problem of a file, one line each
        click.echo(f"checker: {problem.render()}", err=True)
    sys.exit(EXIT_ERROR)


def _shown(path: Path) -> str:
    """A path as reports show it: relative to the working folder when it is under it, ``/``-separated."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _baseline(path: Path | None) -> Any:  # checker.baseline.Baseline | None, imported lazily
    from checker.baseline import BASELINE_FILE, load_baseline

    if path is None:
        if not Path(BASELINE_FILE).is_file():
            return None
        path = Path(BASELINE_FILE)
    elif not path.is_file():
        raise CheckerError(str(path), "no such baseline file; write one with `checker baseline`")
    return load_baseline(path, _shown(path))


def _rule_ids(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({part.strip() for value in values for part in value.split(",") if part.strip()}))


def _triage(results: list[Any], ruleset: Any, select: tuple[str, ...], ignore: tuple[str, ...],
            baseline: Any) -> list[Any]:
    """--select/--ignore, inline suppressions and the baseline; notices go to stderr, one line each."""
    from checker.triage import select_rules, triage

    select, ignore = _rule_ids(select), _rule_ids(ignore)
    known = {rule.id for rule in ruleset.rules}
    results = select_rules(results, known, select, ignore)
    active = {rule for rule in known if (not select or rule in select) and rule not in ignore}
    results, notices = triage(results, active, baseline, known=known)
    for notice in notices:
        click.echo(f"checker: {notice.render()}", err=True)
    return results


def _print_statistics(results: list[Any]) -> None:
    """Findings per rule on stderr: by severity, then baselined and suppressed."""
    from collections import Counter

    counts: Counter[tuple[str, str]] = Counter()
    for result in results:
        counts.update((f.rule, f.severity) for f in result.findings)
        counts.update((w.finding.rule, w.kind) for w in result.waived)
    columns = ("error", "warning", "info", "baselined", "suppressed")
    rules = sorted({rule for rule, _ in counts})
    width = max([len("rule")] + [len(rule) for rule in rules])
    click.echo(f"{'rule':<{width}}  " + "  ".join(f"{c:>10}" for c in columns), err=True)
    for rule in rules:
        click.echo(f"{rule:<{width}}  " + "  ".join(f"{counts[(rule, c)]:>10}" for c in columns), err=True)
    total = [sum(counts[(rule, c)] for rule in rules) for c in columns]
    click.echo(f"{'total':<{width}}  " + "  ".join(f"{n:>10}" for n in total), err=True)


def _stderr_isatty() -> bool:
    return sys.stderr.isatty()


def _stderr_is_terminal() -> bool:
    """A terminal that can draw a progress bar: a tty whose TERM is not ``dumb``."""
    return _stderr_isatty() and os.environ.get("TERM", "") != "dumb"


@contextmanager
def _progress(quiet: bool, paths: list[Path]) -> Iterator[Callable[[str], None] | None]:
    """Progress on stderr: a rich bar on a terminal, one line per story otherwise, nothing with -q.

    stdout is never touched, so machine formats stay clean; the bar disappears when the run ends.
    """
    if quiet:
        yield None
        return
    if not _stderr_is_terminal():
        yield lambda message: click.echo(f"checking {message}", err=True)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from checker.sources import find_stories

    try:
        stories = [(name, len(files)) for name, files in find_stories(paths)]
    except CheckerError:
        stories = []  # the pipeline reports it

    def describe(done: int) -> str:
        if done >= len(stories):
            return "writing reports"
        name, articles = stories[done]
        return f"{name} · {articles} articles · extract, resolve, compare"

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("stories"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(describe(0), total=len(stories) or None)

        def show(message: str) -> None:
            done = int(bar.tasks[0].completed) + 1
            bar.update(task, completed=done, description=describe(done))

        yield show


class _Checker(click.Group):
    """The command group; an exception no command expected is a bug: one line and exit code 3."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Abort, click.exceptions.Exit):
            raise
        except Exception as error:  # noqa: BLE001 - the one place that catches everything
            debug = ctx.meta.get("checker.debug") or os.environ.get("CHECKER_DEBUG", "") not in ("", "0")
            if debug or isinstance(error, BrokenPipeError):  # click ends a closed pipe quietly
                raise
            text = " ".join(f"{type(error).__name__}: {error}".split())[:500]
            click.echo(f"checker: internal error (a bug in checker, not in your input): {text}; please report it "
                       "to the checker maintainers with the command you ran (--debug shows the traceback)", err=True)
            sys.exit(EXIT_BUG)


@click.group(cls=_Checker, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="checker",
                      message=f"%(prog)s %(version)s ({DISTRIBUTION} on PyPI)")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error (also CHECKER_DEBUG=1).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Cross-source consistency checker for news stories.

    Exit codes: 0 no finding at or above --fail-on, 1 there are, 2 usage, rules or input error
    (one line on stderr: file:line:col: what to fix), 3 a bug in checker.
    """
    ctx.meta["checker.debug"] = debug


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rules", "rules", type=click.Path(path_type=Path), default=None,
              help="Rules file [default: from the config, else the packaged defaults].")
@click.option("--config", "config", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Settings from FILE (pyproject.toml [tool.checker] or a rules.yaml) instead of the nearest "
                   "config file above PATHS.")
@click.option("--report-dir", type=click.Path(path_type=Path), default=None,
              help="Folder for <story>.md and <story>.json [default: reports].")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="What stdout (or --output) carries [default: text; github under GitHub Actions].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the --format output to FILE instead of stdout.")
@click.option("--sarif-output", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Also write the SARIF log to FILE (for code scanning), whatever --format prints.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Lowest severity that makes the exit code 1; agreements never do [default: error].")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=Path(".checker-cache"),
              show_default=True, help="Cache folder (it ignores itself in git).")
@click.option("--no-reports", is_flag=True,
              help="Write no report files (--report-dir); with --no-cache, nothing but stdout (or --output).")
@click.option("--jobs", type=int, default=None,
              help="Processes that check stories [default: the number of CPUs]; used from 40 articles to parse on.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine; dask: a Dask cluster (pip install 'newschecker[dask]').")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786) for --engine dask [default: a local cluster].")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Baseline of accepted findings [default: ./checker-baseline.yaml when it exists].")
@click.option("--select", multiple=True, metavar="RULE[,RULE]", help="Report only these rule ids.")
@click.option("--ignore", multiple=True, metavar="RULE[,RULE]", help="Do not report these rule ids.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@click.option("-v", "--verbose", is_flag=True, help="Say on stderr which config file is in force.")
def check(paths: tuple[Path, ...], rules: Path | None, config: Path | None, report_dir: Path | None, fmt: str | None,
          output: Path | None, fail_on: str | None, no_cache: bool, cache_dir: Path, no_reports: bool, jobs: int | None,
          engine: str, scheduler: str | None, baseline_file: Path | None, select: tuple[str, ...],
          ignore: tuple[str, ...], statistics: bool, quiet: bool, sarif_output: Path | None, verbose: bool) -> None:
    """Check every story under PATHS (default: sources/) and write reports.

    Reports go to --report-dir (unless --no-reports), cached results to --cache-dir (unless
    --no-cache); `--no-reports --no-cache` writes nothing but stdout. Findings in the baseline
    and findings under a `<!-- checker: ignore RULE reason -->` comment are listed as baselined or
    suppressed and do not count for the exit code.
    """
    from checker.compare.rules.config import load_rules
    from checker.pipeline import Options, run
    from checker.report import write_atomic

    try:
        # Precedence: command-line flags, then --config, then the nearest config file.
        settings = _settings(config, paths, verbose)
        ruleset = load_rules(rules or settings.rules)
        report_dir = report_dir or settings.report_dir or Path("reports")
        fail_on = fail_on or settings.fail_on or "error"
        select, ignore = select or settings.select, ignore or settings.ignore
        options = Options(cache_dir=None if no_cache else cache_dir, root=Path.cwd(),
                          jobs=max(1, jobs if jobs is not None else os.cpu_count() or 1),
                          engine=engine, scheduler=scheduler)
        baseline = _baseline(baseline_file)
        _check_outputs(list(paths) or [Path("sources")], report_dir, output, sarif_output)
        with _progress(quiet, list(paths) or [Path("sources")]) as progress:
            results = run(list(paths) or [Path("sources")], ruleset, options, progress)
        results = _triage(results, ruleset, select, ignore, baseline)
    except CheckerError as error:
        _fail(error)
        return
    _print_rule_warnings(results, ruleset)
    if statistics:
        _print_statistics(results)
    shown_dir = os.path.relpath(report_dir, Path.cwd()) if report_dir.is_absolute() else str(report_dir)
    if not no_reports:
        try:
            _write_reports(results, report_dir, shown_dir, None if no_cache else cache_dir)
        except CheckerError as error:
            _fail(error)
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    rendered = _render(results, fmt, output, ruleset.rules, fail_on)
    files = [(output, rendered)] + ([(sarif_output, _render(results, "sarif", None, ruleset.rules))] if sarif_output else [])
    for target, text in files:
        if target is not None:
            try:
                write_atomic(target, text)
            except OSError as error:
                _fail(CheckerError(str(target), f"cannot write the output: {error.strerror or error}"))
    if output is None:
        click.echo(rendered, nl=False)
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        _write_step_summary(results, Path(os.environ["GITHUB_STEP_SUMMARY"]))
    from checker.triage import run_fails

    sys.exit(EXIT_FINDINGS if run_fails(results, fail_on) else EXIT_CLEAN)


def _write_reports(results: list, report_dir: Path, shown_dir: str, cache_dir: Path | None) -> None:  # type: ignore[type-arg]
    """``<story>.md``, ``<story>.json`` and ``<story>.html`` per story; unchanged stories come from the report cache.

    A report file that already holds the same text is left alone (not even its time changes).
    """
    from checker.files import remove_stale_temporaries, write_if_changed
    from checker.report.html import render_html
    from checker.report.json_report import render_json
    from checker.report.markdown import render_markdown

    cache = None
    if cache_dir is not None:
        from checker.report.cache import ReportCache
        from checker.story_cache import package_fingerprint

        cache = ReportCache(cache_dir, package_fingerprint())
    remove_stale_temporaries(report_dir)  # left by a run that was killed while writing
    for result in results:
        links_from = os.path.normpath(os.path.join(shown_dir, os.path.dirname(result.story)))  # "a/story": in a/
        renderers = {".md": lambda r=result, d=links_from: render_markdown(r, d),
                     ".json": lambda r=result: render_json([r]),
                     ".html": lambda r=result, d=links_from: render_html([r], d)}
        key = cache.key(result, shown_dir) if cache else ""
        for suffix, render in renderers.items():
            text = cache.rendered(key, suffix, render) if cache and key else render()
            target = report_dir / f"{result.story}{suffix}"
            try:
                write_if_changed(target, text)
            except OSError as error:
                raise CheckerError(_shown(target), f"cannot write the report: {error.strerror or error}; "
                                                   "remove or rename what is in the way") from None


def _check_outputs(paths: list[Path], report_dir: Path, output: Path | None, sarif: Path | None = None) -> None:
    """Nothing checker writes may land in a story folder, where the next run would read it as an article."""
    from checker.sources import find_stories

    if report_dir.exists() and not report_dir.is_dir():
        raise CheckerError(str(report_dir), "--report-dir is a file; pass a folder (it is created when missing)")
    folders = {files[0].parent.resolve() for _, files in find_stories(paths)}
    for what, path in (("--report-dir", report_dir), ("--output", output), ("--sarif-output", sarif)):
        if path is None:
            continue
        inside = next((f for f in sorted(folders) if path.resolve() == f or f in path.resolve().parents), None)
        if inside is not None:
            raise CheckerError(str(path), f"{what} is inside the story folder {_shown(inside)}; the next run would "
                                          "read what checker writes there as articles: write it elsewhere")


def _write_step_summary(results: list[Any], summary: Path) -> None:
    """Append the Markdown report of every story to the job summary GitHub shows on the run page."""
    from checker.report.markdown import render_markdown

    try:
        with summary.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(render_markdown(result, "") for result in results))
    except OSError as error:
        click.echo(f"checker: warning: {summary}: cannot write the step summary: {error.strerror or error}", err=True)


def _render(results: list, fmt: str, output: Path | None, rules: Any = (),  # type: ignore[type-arg]
            fail_on: str = "error") -> str:
    from checker.report.github import render_github
    from checker.report.html import render_html
    from checker.report.json_report import render_json
    from checker.report.jsonl import render_jsonl
    from checker.report.junit import render_junit
    from checker.report.markdown import render_markdown
    from checker.report.sarif import render_sarif
    from checker.report.text import render_text

    if fmt == "markdown":
        links_from = os.path.relpath(output.parent) if output else ""
        return "\n".join(render_markdown(result, links_from) for result in results)
    if fmt == "html":
        return render_html(results, os.path.relpath(output.parent) if output else "")
    if fmt == "sarif":
        return render_sarif(results, rules)
    if fmt == "junit":
        return render_junit(results, fail_on)
    renderers = {"text": render_text, "json": render_json, "jsonl": render_jsonl, "github": render_github}
    return renderers[fmt](results)


@main.group()
def cache() -> None:
    """Manage the cache (.checker-cache/): extraction, checked stories and rendered reports."""


@cache.command(name="clear")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=Path(".checker-cache"),
              show_default=True, help="Cache folder.")
def cache_clear(cache_dir: Path) -> None:
    """Delete every entry of the cache."""
    from checker.cache import clear_cache

    removed = clear_cache(cache_dir)
    click.echo(f"removed {removed} cache entries from {cache_dir}")


@main.command(name="baseline")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rules", "rules", type=click.Path(path_type=Path), default=None,
              help="Rules file (default: ./rules.yaml, else the packaged defaults).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Baseline file to write [default: ./checker-baseline.yaml].")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=Path(".checker-cache"),
              show_default=True, help="Cache folder (it ignores itself in git).")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def baseline_command(paths: tuple[Path, ...], rules: Path | None, output: Path | None, no_cache: bool,
                     cache_dir: Path, quiet: bool) -> None:
    """Accept the current findings of the stories under PATHS (default: sources/) in a baseline file.

    `checker check` then lists them as baselined and fails only on new findings. Agreements are
    not written; findings under a `<!-- checker: ignore ... -->` comment are not either. An
    existing file keeps the reason and expiry date of every finding that is still there. It writes
    no reports: only the baseline file (and the cache, unless --no-cache).
    """
    from checker.baseline import BASELINE_FILE, load_baseline, render_baseline
    from checker.pipeline import Options, run
    from checker.report import write_atomic

    target = output or Path(BASELINE_FILE)
    try:
        ruleset = _ruleset(rules, paths)
        previous = load_baseline(target, _shown(target)) if target.is_file() else None
        options = Options(cache_dir=None if no_cache else cache_dir, root=Path.cwd())
        with _progress(quiet, list(paths) or [Path("sources")]) as progress:
            results = run(list(paths) or [Path("sources")], ruleset, options, progress)
        results = _triage(results, ruleset, (), (), None)
        findings = [(r.story, f) for r in results for f in r.findings]
        text = render_baseline(findings, previous)
        write_atomic(target, text)
    except CheckerError as error:
        _fail(error)
        return
    except OSError as error:
        _fail(CheckerError(str(target), f"cannot write the baseline: {error.strerror or error}"))
        return
    written = text.count("\n  - fingerprint: ")
    click.echo(f"{_shown(target)}: {written} findings baselined (agreements are never baselined)")


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
def validate(file: Path | None) -> None:
    """Check a rules file without running it (exit 0 valid, 2 invalid)."""
    try:
        ruleset = _ruleset(file)
    except CheckerError as error:
        _fail(error)
        return
    click.echo(f"{file or 'rules'}: {len(ruleset.rules)} rules, valid")


@main.command(name="eval")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rules", "rules", type=click.Path(path_type=Path), default=None, help="Rules file.")
@click.option("--min-recall", type=float, default=0.0, show_default=True, help="Exit 1 below this recall.")
@click.option("--min-precision", type=float, default=0.0, show_default=True, help="Exit 1 below this precision.")
@click.option("-v", "--verbose", is_flag=True, help="List missed items and false positives.")
def evaluate(paths: tuple[Path, ...], rules: Path | None, min_recall: float, min_precision: float, verbose: bool) -> None:
    """Score findings against the expected.yaml of every story under PATHS (default: tests/stories)."""
    from checker.evaluate import load_expected, score, totals
    from checker.pipeline import Options, run
    from checker.sources import find_stories

    try:
        ruleset = _ruleset(rules, paths)
        folders = []
        for name, files in find_stories(list(paths) or [Path("tests/stories")]):
            expected = load_expected(files[0].parent)
            if expected is not None:
                folders.append((files[0].parent, expected))
        scores = []
        for folder, expected in folders:
            result = run([folder], ruleset, Options(cache_dir=None, root=Path.cwd()))[0]
            scores.append(score(result, expected))
    except CheckerError as error:
        _fail(error)
        return
    for s in scores:
        recall = s.found / s.items if s.items else 1.0
        precision = s.correct / s.reported if s.reported else 1.0
        click.echo(f"{s.story}: recall {recall:.2f} ({s.found}/{s.items}), precision {precision:.2f} ({s.correct}/{s.reported})")
        if verbose:
            for item in s.missed:
                click.echo(f"  missed: {item}")
            for wrong in s.false_positives:
                click.echo(f"  false positive: {wrong}")
    recall, precision = totals(scores)
    click.echo(f"total: recall {recall:.3f}, precision {precision:.3f} over {len(scores)} stories")
    sys.exit(EXIT_FINDINGS if recall < min_recall or precision < min_precision else EXIT_CLEAN)


def _print_rule_warnings(results: list[Any], ruleset: Any) -> None:
    """Rules that can never match a story's sources: one ``checker: warning:`` line each on stderr."""
    from checker.compare.rules.reach import rule_warnings

    for result in results:
        for warning in rule_warnings(result.story, result.articles, ruleset.rules):
            shown = _shown(Path(warning.path)) if warning.path else "rules"
            click.echo(f"checker: warning: {warning.render().replace(warning.path, shown, 1)}", err=True)


def _rule_or_fail(ruleset: Any, rule_id: str) -> Any:
    from checker.compare.rules.nodes import suggest

    by_id = {rule.id: rule for rule in ruleset.rules}
    if rule_id not in by_id:
        files = sorted({_shown(Path(rule.path)) for rule in ruleset.rules if rule.path}) or ["rules"]
        _fail(CheckerError(", ".join(files), f"no rule '{rule_id}'{suggest(rule_id, tuple(by_id))}"))
    return by_id[rule_id]


@main.group(name="rules", invoke_without_command=True)
@click.option("--rules", "rules_file", type=click.Path(path_type=Path), default=None,
              help="Rules file (default: ./rules.yaml, else the packaged defaults).")
@click.pass_context
def rules_command(ctx: click.Context, rules_file: Path | None) -> None:
    """List the rules in force: id, type, severity and description.

    `checker rules show ID` explains one rule; `checker rules docs` prints docs/rules.md.
    """
    ctx.obj = rules_file
    if ctx.invoked_subcommand is not None:
        return
    from checker.compare.rules.reference import rule_rows

    try:
        rows = rule_rows(_ruleset(rules_file))
    except CheckerError as error:
        _fail(error)
        return
    widths = [max(len(row[i]) for row in rows) if rows else 0 for i in range(3)]
    for row in rows:
        click.echo("  ".join(f"{cell:<{width}}" for cell, width in zip(row, widths)) + f"  {row[3]}".rstrip())


@rules_command.command(name="show")
@click.argument("rule_id", metavar="ID")
@click.option("--rules", "rules_file", type=click.Path(path_type=Path), default=None,
              help="Rules file (default: the one given to `checker rules`, ./rules.yaml, else the packaged defaults).")
@click.pass_context
def rules_show(ctx: click.Context, rule_id: str, rules_file: Path | None) -> None:
    """Explain the rule ID: its configuration, its type's documentation and an example."""
    from checker.compare.rules.reference import explain

    try:
        ruleset = _ruleset(rules_file or ctx.obj)
    except CheckerError as error:
        _fail(error)
        return
    rule = _rule_or_fail(ruleset, rule_id)
    click.echo(explain(rule, _shown(Path(rule.path)) if rule.path else ""), nl=False)


@rules_command.command(name="docs")
def rules_docs() -> None:
    """Print the rules reference in Markdown (docs/rules.md is this output)."""
    from checker.compare.rules.config import load_rules
    from checker.compare.rules.reference import render_docs

    click.echo(render_docs(load_rules(None)), nl=False)


@main.command()
def schema() -> None:
    """Print the JSON Schema of rules.yaml (rules.schema.json is this output)."""
    import json

    from checker.compare.rules.reference import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@main.command(name="test")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Also list the findings of every failing test.")
def test_command(file: Path | None, verbose: bool) -> None:
    """Run the inline tests of a rules file (default: ./rules.yaml, else the packaged defaults).

    Each test's articles become a temporary story that is checked with only its rule. Exit 0 when
    every test passes, 1 when one fails, 2 when the rules file is invalid. Rules without tests
    are listed.
    """
    import dataclasses
    import tempfile

    from checker.pipeline import Options, run
    from checker.compare.rules.cases import run_tests

    try:
        ruleset = _ruleset(file)

        def check_folder(folder: Path, rule: Any) -> dict[str, list[Any]]:
            only = dataclasses.replace(ruleset, rules=(rule,))
            return {r.story: list(r.findings) for r in run([folder], only, Options(cache_dir=None, jobs=1, root=folder))}

        with tempfile.TemporaryDirectory(prefix="checker-test-") as workdir:
            outcomes = run_tests(ruleset.rules, check_folder, Path(workdir))
    except CheckerError as error:
        _fail(error)
        return
    for outcome in outcomes:
        where = f"{_shown(Path(outcome.rule.path))}:{outcome.test.line}" if outcome.rule.path else ""
        name = outcome.test.name or f"test {outcome.index}"
        click.echo(f"{'PASS' if outcome.passed else 'FAIL'} {outcome.rule.id}: {name} ({where})")
        for problem in outcome.problems:
            click.echo(f"  {problem}")
        if verbose and not outcome.passed:
            for finding in outcome.findings:
                click.echo(f"  found: {finding.category} {finding.severity} {finding.field or '-'}: {finding.message}")
    untested = [rule.id for rule in ruleset.rules if not rule.tests]
    if untested:
        click.echo(f"rules without tests: {', '.join(untested)}")
    failed = sum(1 for outcome in outcomes if not outcome.passed)
    click.echo(f"{len(outcomes)} tests: {len(outcomes) - failed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


def run_script() -> None:
    """The ``checker`` script and ``python -m checker``: the command line, then a quick exit.

    Freeing every object of a finished run (pandas, the parsed stories) takes a few tenths of a
    second, which a pre-commit hook pays on every commit. Once the command has returned and its
    output is flushed, the process ends without that teardown, as mypy's command line does. It
    does so only when nothing is left to clean up: no child process and no other thread;
    otherwise it exits the usual way.
    """
    try:
        main(prog_name="checker")
        code: Any = 0
    except SystemExit as stop:
        code = stop.code
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    import multiprocessing
    import threading

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    if multiprocessing.active_children() or threading.active_count() > 1:
        sys.exit(code)
    os._exit(code)
