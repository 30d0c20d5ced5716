"""JUnit XML output, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines, ...).

Layout::

    <testsuites name="checker" tests="T" failures="F" errors="0" skipped="0">
      <testsuite name="STORY" tests="n" failures="f" errors="0" skipped="0">
        <testcase classname="checker.STORY" name="RULE FINDING-ID" file="PATH" line="N">
          <failure type="warning" message="MESSAGE">PATH:LINE: QUOTE (one line per evidence quote)</failure>
        </testcase>
        ...
        <testcase classname="checker.STORY" name="info findings">
          <system-out>PATH:LINE: RULE MESSAGE (one line per info finding)</system-out>
        </testcase>
      </testsuite>
    </testsuites>

* One ``testsuite`` per story, in the order given.
* One failing ``testcase`` per finding of severity ``error`` or ``warning``, in finding order. Its
  name is the rule id and the finding id (stable across runs while the finding stays, so CI can track
  it); ``file`` and ``line`` point at the first evidence quote. The ``failure`` element has the
  severity as ``type``, the finding's message as ``message`` and the evidence as its text.
* One passing ``testcase`` per story named ``info findings`` that lists the story's ``info``
  findings (agreements, single-source claims, ...) in ``system-out``, or says there are none.
* ``tests`` and ``failures`` count those test cases; ``errors`` and ``skipped`` are always 0.

No timestamps or durations are written, so the same findings always give the same bytes. Characters
XML 1.0 cannot carry (most control characters) are dropped. UTF-8, XML declaration, two-space indent,
trailing newline.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.model import Finding, StoryResult

FAILING = ("error", "warning")
INFO_CASE = "info findings"
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot carry."""
    return _INVALID_XML.sub("", value)


def _where(finding: Finding, paths: dict[str, str]) -> tuple[str, int] | None:
    if not finding.evidence:
        return None
    evidence = finding.evidence[0]
    return paths.get(evidence.source, evidence.source), evidence.line


def _failure_case(suite: ET.Element, story: str, finding: Finding, paths: dict[str, str]) -> None:
    case = ET.SubElement(suite, "testcase", classname=f"checker.{story}", name=f"{finding.rule} {finding.id}")
    where = _where(finding, paths)
    if where:
        case.set("file", xml_text(where[0]))
        case.set("line", str(where[1]))
    failure = ET.SubElement(case, "failure", type=finding.severity, message=xml_text(finding.message))
    lines = [f"{paths.get(e.source, e.source)}:{e.line}: {e.quote}" for e in finding.evidence]
    failure.text = xml_text("\n".join(lines))


def _info_case(suite: ET.Element, story: str, infos: list[Finding], paths: dict[str, str]) -> None:
    case = ET.SubElement(suite, "testcase", classname=f"checker.{story}", name=INFO_CASE)
    lines = []
    for finding in infos:
        where = _where(finding, paths)
        prefix = f"{where[0]}:{where[1]}" if where else story
        lines.append(f"{prefix}: {finding.rule} {finding.message}")
    ET.SubElement(case, "system-out").text = xml_text("\n".join(lines) if lines else "no info findings")


def _suite(parent: ET.Element, result: StoryResult) -> tuple[int, int]:
    paths = {article.id: article.path for article in result.articles}
    failing = [f for f in result.findings if f.severity in FAILING]
    infos = [f for f in result.findings if f.severity not in FAILING]
    tests = len(failing) + 1
    suite = ET.SubElement(parent, "testsuite", name=xml_text(result.story), tests=str(tests),
                          failures=str(len(failing)), errors="0", skipped="0")
    for finding in failing:
        _failure_case(suite, xml_text(result.story), finding, paths)
    _info_case(suite, xml_text(result.story), infos, paths)
    return tests, len(failing)


def render_junit(results: list[StoryResult]) -> str:
    """The whole run as one JUnit XML document (stable order, no timestamps, trailing newline)."""
    root = ET.Element("testsuites", name="checker")
    tests = failures = 0
    for result in results:
        suite_tests, suite_failures = _suite(root, result)
        tests, failures = tests + suite_tests, failures + suite_failures
    for key, value in (("tests", tests), ("failures", failures), ("errors", 0), ("skipped", 0)):
        root.set(key, str(value))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
