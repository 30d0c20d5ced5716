"""JSON Lines output: one finding per line, for ``jq``, log pipelines and spreadsheets.

Each line is one JSON object: ``story`` (the story folder name) followed by the finding exactly as in
the JSON report (schema_version 1): ``id``, ``rule``, ``category``, ``severity``, ``entities``, ``field``,
``values``, ``sources``, ``evidence`` (``source``, ``quote``, ``line``, ``start``, ``end``) and ``message``.
Stories come in the order given and findings in their order within the story; there is no header
line and no summary, and no finding means empty output.

Every line ends with ``\\n`` and no line contains a line break of any kind: JSON already escapes
control characters, and U+0085, U+2028 and U+2029 (which some line splitters treat as line ends) are
written as ``\\u`` escapes too. Other non-ASCII characters are written as UTF-8.

    checker check sources --format jsonl | jq -r 'select(.severity == "error") | .message'
"""

from __future__ import annotations

import json
from typing import Any

from checker.model import StoryResult
from checker.report.json_report import finding_dict

_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _line(record: dict[str, Any]) -> str:
    text = json.dumps(record, ensure_ascii=False)
    for char, escaped in _LINE_BREAKS.items():
        text = text.replace(char, escaped)
    return text + "\n"


def render_jsonl(results: list[StoryResult]) -> str:
    """One JSON object per finding per line, each with ``story`` first (stable order)."""
    return "".join(_line({"story": result.story, **finding_dict(finding)})
                   for result in results for finding in result.findings)
