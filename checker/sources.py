"""Load stage: story folders → ``Article`` records with front matter and body offsets.

A story is a folder of ``*.md`` or ``*.txt`` articles (``README.md`` is skipped).
``find_stories`` accepts story folders and folders of story folders. Front matter is
YAML between two ``---`` lines at the top of the file, loaded with ``checker.yaml_safe`` (PyYAML's safe
loader, in C when built, with alias bombs refused).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from checker import yaml_safe
from checker.errors import CheckerError
from checker.model import Article

ARTICLE_SUFFIXES = (".md", ".txt")
KNOWN_KEYS = ("outlet", "published", "url", "title", "author", "role")
_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
#: How deep ``find_stories`` searches a folder for story folders, and how much of a file it reads to decide.
MAX_DEPTH = 8
HEAD_BYTES = 8192


def _article_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and p.stem.lower() != "readme"
    )


def find_stories(paths: list[Path]) -> list[tuple[str, list[Path]]]:
    """Return ``(story name, article files)`` for every story under the given paths, sorted.

    A story folder holds articles that open with front matter naming an ``outlet``; a folder
    named in ``paths`` is one, or else is searched, at any depth, for story folders (hidden
    folders skipped), so report folders, docs and caches are never stories. A named folder with
    no story below it whose files have no front matter is a story of those files. Stories are keyed by folder path: one folder given twice is one story, and two
    folders of the same name get their shortest distinguishing paths as names (``a/story``).
    """
    stories: dict[Path, list[Path]] = {}
    for path in paths:
        if not path.exists():
            raise CheckerError(str(path), "no such file or folder; pass a story folder or a folder of stories")
        if path.is_file():
            raise CheckerError(str(path), "is a file; pass the story folder that holds it")
        files = _article_files(path)
        if files and any(_names_outlet(f) for f in files):
            stories[path.resolve()] = files
            continue
        found = len(stories)
        _search(path, stories, set(), 0)
        if files and len(stories) == found:  # a story of articles without front matter
            stories[path.resolve()] = files
    if not stories:
        shown = ", ".join(str(p) for p in paths)
        raise CheckerError(shown, "no articles found; add *.md or *.txt files with front matter naming their "
                                  "outlet to a story folder")
    names = story_names(list(stories))
    return sorted((names[folder], files) for folder, files in stories.items())


def _search(folder: Path, stories: dict[Path, list[Path]], seen: set[Path], depth: int) -> None:
    """Story folders below ``folder`` (see ``find_stories``); symlink loops and depth are bounded."""
    if depth >= MAX_DEPTH:
        return
    for child in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        real = child.resolve()
        if real in seen or real in stories:
            continue
        seen.add(real)
        files = _article_files(child)
        if any(_names_outlet(f) for f in files):
            stories[real] = files
        else:
            _search(child, stories, seen, depth + 1)


def _names_outlet(path: Path) -> bool:
    """True when the file opens with front matter that has an ``outlet:`` key (read from its head)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES).decode("utf-8-sig", errors="replace")
    except OSError:
        return False
    first = _FENCE.match(head)
    if not head.startswith("---") or not first:
        return False
    closing = _FENCE.search(head, first.end())
    block = head[first.end():closing.start() if closing else len(head)]
    return re.search(r"^outlet[ \t]*:", block, re.MULTILINE) is not None


def story_names(folders: list[Path]) -> dict[Path, str]:
    """Each folder's name, or its shortest trailing path that no other folder shares (``a/story``)."""
    names: dict[Path, str] = {}
    for folder in folders:
        depth = 1
        while True:
            name = "/".join(folder.parts[-depth:])
            clash = any(other != folder and "/".join(other.parts[-depth:]) == name for other in folders)
            if not clash or depth >= len(folder.parts):
                break
            depth += 1
        names[folder] = name.lstrip("/")
    return names


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
    _refuse_aliases(block, path, raw.count("\n", 0, first.end()))
    try:
        data = yaml_safe.load(block)  # safe loader (in C when built), alias bombs refused
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


def _refuse_aliases(block: str, path: str, offset: int) -> None:
    """Front matter with YAML anchors or aliases is refused: a few hundred bytes of aliases can
    expand to billions of values (a "billion laughs"), and front matter never needs them."""
    try:
        events = yaml.parse(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for event in events:
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise CheckerError(path, "front matter: YAML anchors and aliases (&name, *name) are not allowed; "
                                   "write the value out", line=offset + event.start_mark.line + 1)
    except yaml.YAMLError:
        return  # the load below reports it with its line


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
