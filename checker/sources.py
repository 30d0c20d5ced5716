"""Load stage: story folders → ``Article`` records with front matter and body offsets.

A story is a folder of ``*.md`` or ``*.txt`` articles (``README.md`` is skipped).
``find_stories`` accepts story folders and folders of story folders. Front matter is
YAML between two ``---`` lines at the top of the file, loaded with PyYAML's safe loader (in C when built).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from checker.errors import CheckerError
from checker.model import Article

ARTICLE_SUFFIXES = (".md", ".txt")
KNOWN_KEYS = ("outlet", "published", "url", "title", "author", "role")
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


def _article_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and p.stem.lower() != "readme"
    )


def find_stories(paths: list[Path]) -> list[tuple[str, list[Path]]]:
    """Return ``(story name, article files)`` for every story under the given paths, sorted."""
    stories: dict[str, list[Path]] = {}
    for path in paths:
        if not path.exists():
            raise CheckerError(str(path), "no such file or folder; pass a story folder or a folder of stories")
        if path.is_file():
            raise CheckerError(str(path), "is a file; pass the story folder that holds it")
        files = _article_files(path)
        if files:
            stories[path.resolve().name] = files
            continue
        for child in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
            child_files = _article_files(child)
            if child_files:
                stories[child.name] = child_files
    if not stories:
        shown = ", ".join(str(p) for p in paths)
        raise CheckerError(shown, "no articles found; add *.md or *.txt files to a story folder")
    return sorted(stories.items())


def _line_starts(raw: str) -> tuple[int, ...]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", raw))
    return tuple(starts)


def _split_front_matter(raw: str, path: str) -> tuple[dict[str, Any], int]:
    """Return the front matter mapping and the offset where the body starts."""
    if not raw.startswith("---"):
        return {}, 0
    first = _FENCE.match(raw)
    if not first:
        return {}, 0
    closing = _FENCE.search(raw, first.end())
    if not closing:
        raise CheckerError(path, "front matter opened with '---' is never closed; add a '---' line after it", line=1)
    block = raw[first.end():closing.start()]
    try:
        data = yaml.load(block, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader, in C when built
    except ValueError as exc:
        raise CheckerError(path, f"front matter: {exc}; fix the value (dates are YYYY-MM-DD)",
                           line=_front_matter_line(raw, "published")) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1) if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise CheckerError(path, f"front matter: {problem}; fix the YAML between the '---' lines", line=line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CheckerError(path, "front matter must be a mapping of keys (outlet: ..., published: ...)", line=2)
    body_start = closing.end()
    if raw[body_start:body_start + 1] == "\n":
        body_start += 1
    return data, body_start


def _front_matter_line(raw: str, key: str) -> int:
    match = re.search(rf"^{re.escape(key)}\s*:", raw, re.MULTILINE)
    return raw.count("\n", 0, match.start()) + 1 if match else 1


def _published(value: Any, raw: str, path: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        line = _front_matter_line(raw, "published")
        raise CheckerError(path, f"published: {value!r} is not an ISO date; write it as YYYY-MM-DD", line=line) from None


def _text_field(data: dict[str, Any], key: str, raw: str, path: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        line = _front_matter_line(raw, key)
        raise CheckerError(path, f"{key}: must be a single text value, not a {type(value).__name__}", line=line)
    return str(value)


def load_article(path: Path, story: str, display_path: str | None = None) -> Article:
    """Read one article file into an ``Article``; bad front matter raises ``CheckerError``."""
    shown = display_path or str(path)
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CheckerError(shown, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    except OSError as exc:
        raise CheckerError(shown, f"cannot read: {exc.strerror}") from None
    data, body_start = _split_front_matter(raw, shown)
    outlet = _text_field(data, "outlet", raw, shown) or path.stem
    return Article(
        id=path.stem,
        story=story,
        path=shown,
        outlet=outlet,
        published=_published(data.get("published"), raw, shown),
        url=_text_field(data, "url", raw, shown),
        title=_text_field(data, "title", raw, shown),
        author=_text_field(data, "author", raw, shown),
        role=_text_field(data, "role", raw, shown),
        text=raw[body_start:],
        body_start=body_start,
        line_starts=_line_starts(raw),
        extra={k: v for k, v in data.items() if k not in KNOWN_KEYS},
    )


def load_story(name: str, files: list[Path], root: Path | None = None) -> list[Article]:
    """Load every article of a story; paths are shown relative to ``root`` when given."""
    articles = []
    for path in files:
        shown = path.as_posix()
        if root is not None:
            try:
                shown = path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                shown = path.as_posix()
        articles.append(load_article(path, name, shown))
    ids = [a.id for a in articles]
    for article in articles:
        if ids.count(article.id) > 1:
            raise CheckerError(article.path, "two articles share this file name stem; rename one (e.g. .md and .txt)")
    return articles
