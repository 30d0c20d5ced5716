"""JUnit XML output, for CI systems that show test reports (Jenkins, GitLab, Azure Pipelines, ...).

Layout (valid against the Jenkins xUnit plugin's ``junit-10.xsd``)::

    <testsuites name="checker" tests="T" failures="F" errors="0">
      <testsuite name="STORY" tests="n" failures="f" errors="0" skipped="s">
        <testcase classname="checker.STORY.RULE" name="CLAIM">
          <failure type="warning" message="MESSAGE">PATH:LINE: QUOTE (one line per evidence quote)</failure>
        </testcase>
        <testcase classname="checker.STORY.RULE" name="CLAIM">
          <system-out>info: MESSAGE, then PATH:LINE: QUOTE lines</system-out>
        </testcase>
        <testcase classname="checker.STORY.RULE" name="CLAIM">
          <skipped type="baselined" message="REASON"/>
        </testcase>
      </testsuite>
    </testsuites>

* One ``testsuite`` per story, in the order given; one ``testcase`` per finding, in finding order,
  then one per baselined or suppressed finding (``skipped``, with the reason).
* A test case is named after what the sources say, the finding's claim (its message when it has
  none), so a CI page reads "Mara Ostrova's role", not a hash; a name repeated within one rule gets
  `` (2)``, `` (3)``. The class name is ``checker.STORY.RULE``, so CI groups cases by story, then rule.
* A ``failure`` only for a finding that fails the run under ``--fail-on`` (the same rule as the exit
  code: severity at or above it, never an agreement), with the severity as ``type``, the message as
  ``message`` and the evidence as text. Every other finding is a passing case whose ``system-out``
  holds its severity, message and evidence. A story without findings has one passing case,
  ``no findings``.
* ``tests``, ``failures`` and ``skipped`` count those cases; ``errors`` is always 0.

No timestamps or durations are written, so the same findings always give the same bytes. Characters
XML 1.0 cannot carry (most control characters) are dropped. UTF-8, XML declaration, two-space indent,
trailing newline.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from checker.model import Finding, StoryResult
from checker.triage import fails

NO_FINDINGS = "no findings"
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot carry."""
    return _INVALID_XML.sub("", value)


def _evidence_lines(finding: Finding, paths: dict[str, str]) -> list[str]:
    return [f"{paths.get(e.source, e.source)}:{e.line}: {e.quote}" for e in finding.evidence]


class _Names:
    """Readable, unique test-case names within one class (``checker.STORY.RULE``)."""

    def __init__(self) -> None:
        self.seen: Counter[tuple[str, str]] = Counter()

    def __call__(self, classname: str, finding: Finding) -> str:
        name = " ".join((finding.claim or finding.message).split())
        self.seen[(classname, name)] += 1
        count = self.seen[(classname, name)]
        return name if count == 1 else f"{name} ({count})"


def _case(suite: ET.Element, story: str, finding: Finding, names: _Names) -> ET.Element:
    classname = xml_text(f"checker.{story}.{finding.rule}")
    return ET.SubElement(suite, "testcase", classname=classname, name=xml_text(names(classname, finding)))


def _suite(parent: ET.Element, result: StoryResult, fail_on: str) -> tuple[int, int]:
    paths = {article.id: article.path for article in result.articles}
    suite = ET.SubElement(parent, "testsuite", name=xml_text(result.story))
    names = _Names()
    failures = 0
    for finding in result.findings:
        case = _case(suite, result.story, finding, names)
        evidence = _evidence_lines(finding, paths)
        if fails(finding, fail_on):
            failures += 1
            failure = ET.SubElement(case, "failure", type=finding.severity, message=xml_text(finding.message))
            failure.text = xml_text("\n".join(evidence))
        else:
            out = [f"{finding.severity} ({finding.category}): {finding.message}"] + evidence
            ET.SubElement(case, "system-out").text = xml_text("\n".join(out))
    for waiver in result.waived:
        case = _case(suite, result.story, waiver.finding, names)
        reason = f"{waiver.kind} at {waiver.path}:{waiver.line}" + (f": {waiver.reason}" if waiver.reason else "")
        ET.SubElement(case, "skipped", type=waiver.kind, message=xml_text(reason))
    if not result.findings and not result.waived:
        ET.SubElement(suite, "testcase", classname=xml_text(f"checker.{result.story}"), name=NO_FINDINGS)
    tests = max(1, len(result.findings) + len(result.waived))
    for key, value in (("tests", tests), ("failures", failures), ("errors", 0), ("skipped", len(result.waived))):
        suite.set(key, str(value))
    return tests, failures


def render_junit(results: list[StoryResult], fail_on: str = "error") -> str:
    """The whole run as one JUnit XML document (stable order, no timestamps, trailing newline)."""
    root = ET.Element("testsuites", name="checker")
    tests = failures = 0
    for result in results:
        suite_tests, suite_failures = _suite(root, result, fail_on)
        tests, failures = tests + suite_tests, failures + suite_failures
    for key, value in (("tests", tests), ("failures", failures), ("errors", 0)):
        root.set(key, str(value))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
