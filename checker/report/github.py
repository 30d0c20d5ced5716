"""GitHub Actions workflow commands: one annotation per finding, for ``--format github`` in a workflow step.

Each finding becomes one line on stdout::

    ::error file=sources/story/outlet.md,line=12,col=5,endColumn=48,title=role-consistency::Ana Lima has ...

* The command is the severity: ``error`` → ``::error``, ``warning`` → ``::warning``, ``info`` → ``::notice``.
* ``file`` and ``line`` are the article path (as checker shows it, ``/``-separated) and the 1-based line of
  the finding's first evidence quote; ``col`` and ``endColumn`` are the quote's first and last column
  when it sits on one line, ``endLine`` its last line when it runs over several. A finding without
  evidence has none of these and is annotated on the run.
* ``title`` is the rule id; the message is the finding's message.
* Errors come first, then warnings, then notices; within a level, stories and findings in the order given.

GitHub shows at most 10 annotations of each level per step. After the first 10 of a level the other
findings of that level are printed as plain ``file:line: severity rule message`` lines (they stay in
the log), and one closing line says how many findings GitHub does not show as annotations. Values
are escaped as the Actions runner expects: in the message ``%`` → ``%25``, carriage return → ``%0D``,
line feed → ``%0A``; in ``file`` and ``title`` also ``:`` → ``%3A`` and ``,`` → ``%2C``. The output
ends with a newline (and is empty when there is no finding).
"""

from __future__ import annotations

from checker.model import Article, Finding, StoryResult
from checker.report.positions import one_line, span_of

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
ORDER = {"error": 0, "warning": 1, "notice": 2}
SHOWN_PER_LEVEL = 10
NOUNS = {"error": "error", "warning": "warning", "notice": "notice"}


def escape_data(value: str) -> str:
    """Escape a workflow-command message (the part after ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow-command property value (``file=``, ``title=``)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _where(finding: Finding, articles: dict[str, Article]) -> list[tuple[str, str]]:
    if not finding.evidence:
        return []
    evidence = finding.evidence[0]
    article = articles.get(evidence.source)
    path = article.path if article else evidence.source
    properties = [("file", path.replace("\\", "/")), ("line", str(evidence.line))]
    span = span_of(evidence, article)
    if span is not None and span.end_line == span.line:
        properties += [("col", str(span.column)), ("endColumn", str(span.end_column))]
    elif span is not None:
        properties.append(("endLine", str(span.end_line)))
    return properties


def annotation(finding: Finding, articles: dict[str, Article]) -> str:
    """One finding as one workflow command line (no newline)."""
    command = COMMANDS.get(finding.severity, "warning")
    properties = _where(finding, articles) + [("title", finding.rule)]
    shown = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{command} {shown}::{escape_data(finding.message)}"


def _plain(finding: Finding, articles: dict[str, Article], story: str) -> str:
    properties = dict(_where(finding, articles))
    where = f"{properties['file']}:{properties['line']}" if properties else story
    return f"{where}: {finding.severity} {finding.rule} {one_line(finding.message)}"


def _closing(hidden: dict[str, int]) -> str:
    parts = [f"{n} {NOUNS[level]}{'s' if n != 1 else ''}" for level, n in hidden.items() if n]
    total = sum(hidden.values())
    return (f"checker: {total} more finding{'s' if total != 1 else ''} ({', '.join(parts)}) than GitHub shows as "
            f"annotations ({SHOWN_PER_LEVEL} per level); they are listed above and in the report")


def render_github(results: list[StoryResult]) -> str:
    """The first 10 findings of each level as annotations (errors first), the rest as plain lines."""
    entries: list[tuple[Finding, dict[str, Article], str]] = []
    for result in results:
        articles = {article.id: article for article in result.articles}
        entries.extend((finding, articles, result.story) for finding in result.findings)
    entries.sort(key=lambda entry: ORDER[COMMANDS.get(entry[0].severity, "warning")])  # stable: keeps run order
    annotated: list[str] = []
    plain: list[str] = []
    shown = {level: 0 for level in ORDER}
    hidden = {level: 0 for level in ORDER}
    for finding, articles, story in entries:
        level = COMMANDS.get(finding.severity, "warning")
        if shown[level] < SHOWN_PER_LEVEL:
            shown[level] += 1
            annotated.append(annotation(finding, articles))
        else:
            hidden[level] += 1
            plain.append(_plain(finding, articles, story))
    lines = annotated + plain + ([_closing(hidden)] if plain else [])
    return "".join(f"{line}\n" for line in lines)
