"""GitHub Actions workflow commands: one annotation per finding, for ``--format github`` in a workflow step.

Each finding becomes one line on stdout::

    ::error file=sources/story/outlet.md,line=12,title=role-consistency::Ana Lima has different titles ...

* The command is the severity: ``error`` → ``::error``, ``warning`` → ``::warning``, ``info`` → ``::notice``.
* ``file`` and ``line`` are the article path (as checker shows it, ``/``-separated) and the 1-based line of
  the finding's first evidence quote; a finding without evidence has neither and is annotated on the run.
* ``title`` is the rule id; the message is the finding's message.

GitHub reads these lines as annotations and shows them on the run summary and, for files the
pull request touches, in the diff. Values are escaped as the Actions runner expects: in the message
``%`` → ``%25``, carriage return → ``%0D``, line feed → ``%0A``; in ``file`` and ``title`` also ``:`` → ``%3A``
and ``,`` → ``%2C``. Stories and findings come in the order given; the output ends with a newline
(and is empty when there is no finding).

GitHub shows at most 10 annotations of each kind (error, warning, notice) per step and 50 per job;
lines past those limits are still in the step's log but get no annotation.
"""

from __future__ import annotations

from checker.model import Finding, StoryResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """Escape a workflow-command message (the part after ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow-command property value (``file=``, ``title=``)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, paths: dict[str, str]) -> str:
    """One finding as one workflow command line (no newline)."""
    command = COMMANDS.get(finding.severity, "warning")
    properties: list[tuple[str, str]] = []
    if finding.evidence:
        evidence = finding.evidence[0]
        properties.append(("file", paths.get(evidence.source, evidence.source).replace("\\", "/")))
        properties.append(("line", str(evidence.line)))
    properties.append(("title", finding.rule))
    shown = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{command} {shown}::{escape_data(finding.message)}"


def render_github(results: list[StoryResult]) -> str:
    """One ``::error``/``::warning``/``::notice`` line per finding, in story then finding order."""
    lines = []
    for result in results:
        paths = {article.id: article.path for article in result.articles}
        lines.extend(annotation(finding, paths) for finding in result.findings)
    return "".join(f"{line}\n" for line in lines)
