"""Load stage: front matter, body offsets, line numbers, story discovery and front-matter errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.errors import CheckerError
from checker.sources import find_stories, load_article, load_story

from conftest import EXAMPLE_DIR

ARTICLE = """---
outlet: Harbour Times
published: 2024-05-31
url: https://example.com/a
title: Mayor opens the bridge
author: Ada Vale
role: wire
section: city
---
Mayor Ada Vale opened the bridge on Tuesday.
She said it cost $12 million.

The council approved it in April.
"""
BODY = ARTICLE.split("---\n", 2)[2]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def test_front_matter_keys_are_loaded(tmp_path: Path) -> None:
    article = load_article(write(tmp_path / "harbour-times.md", ARTICLE), "bridge")
    assert article.id == "harbour-times"
    assert article.story == "bridge"
    assert article.outlet == "Harbour Times"
    assert article.published == dt.date(2024, 5, 31)
    assert article.url == "https://example.com/a"
    assert article.title == "Mayor opens the bridge"
    assert article.author == "Ada Vale"
    assert article.role == "wire"
    assert article.extra == {"section": "city"}


def test_body_offsets_point_into_the_raw_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", ARTICLE)
    article = load_article(path, "bridge")
    raw = path.read_text(encoding="utf-8")
    assert article.text == BODY
    assert raw[article.body_start:] == article.text
    assert raw[article.body_start:].startswith("Mayor Ada Vale opened")


@pytest.mark.parametrize("needle, line", [
    ("Mayor Ada Vale", 10),  # first body line: 9 front-matter lines before it
    ("$12 million", 11),
    ("The council", 13),
    ("April", 13),
])
def test_line_of_gives_the_line_in_the_file(tmp_path: Path, needle: str, line: int) -> None:
    path = write(tmp_path / "a.md", ARTICLE)
    article = load_article(path, "bridge")
    offset = article.text.index(needle)
    assert article.line_of(offset) == line
    assert path.read_text(encoding="utf-8").splitlines()[line - 1].find(needle) >= 0


def test_line_of_on_the_example_article() -> None:
    path = EXAMPLE_DIR / "global-times.md"
    article = load_article(path, "musk-china-2023")
    lines = path.read_text(encoding="utf-8").splitlines()
    for needle in ("China's Minister of Industry", "Musk arrived in Beijing on Tuesday", "(Picture: Veer)"):
        line = article.line_of(article.text.index(needle))
        assert needle in lines[line - 1]


def test_file_without_front_matter_uses_the_file_stem(tmp_path: Path) -> None:
    text = "Plain article text.\nSecond line.\n"
    article = load_article(write(tmp_path / "valley-radio.txt", text), "s")
    assert article.outlet == "valley-radio"
    assert article.published is None
    assert article.url is None and article.title is None
    assert article.body_start == 0
    assert article.text == text
    assert article.line_of(text.index("Second")) == 2


def test_crlf_front_matter(tmp_path: Path) -> None:
    raw = "---\r\noutlet: X\r\npublished: 2024-01-02\r\n---\r\nBody\r\nline two\r\n"
    article = load_article(write(tmp_path / "a.md", raw), "s")
    assert article.outlet == "X"
    assert article.published == dt.date(2024, 1, 2)
    assert article.text == "Body\r\nline two\r\n"
    assert article.line_of(article.text.index("line two")) == 6


def test_story_folder_skips_readme(tmp_path: Path) -> None:
    story = tmp_path / "bridge"
    write(story / "a.md", ARTICLE)
    write(story / "b.txt", "No front matter.\n")
    write(story / "README.md", "# notes, not an article\n")
    write(story / "readme.txt", "notes\n")
    write(story / "expected.yaml", "story: bridge\n")
    [(name, files)] = find_stories([story])
    assert name == "bridge"
    assert [f.name for f in files] == ["a.md", "b.txt"]


def test_folder_of_story_folders(tmp_path: Path) -> None:
    write(tmp_path / "zeta" / "one.md", ARTICLE)
    write(tmp_path / "alpha" / "one.md", ARTICLE)
    write(tmp_path / "alpha" / "two.md", ARTICLE)
    (tmp_path / "empty").mkdir()
    write(tmp_path / ".hidden" / "x.md", ARTICLE)
    stories = find_stories([tmp_path])
    assert [name for name, _ in stories] == ["alpha", "zeta"]
    assert [f.name for f in stories[0][1]] == ["one.md", "two.md"]


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CheckerError) as info:
        find_stories([tmp_path])
    assert str(tmp_path) in info.value.render()
    assert "no articles found" in info.value.render()


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(CheckerError) as info:
        find_stories([missing])
    assert info.value.render().startswith(f"{missing}: no such file or folder")


def test_load_story_shows_paths_relative_to_root(tmp_path: Path) -> None:
    path = write(tmp_path / "stories" / "bridge" / "a.md", ARTICLE)
    [article] = load_story("bridge", [path], root=tmp_path)
    assert article.path == "stories/bridge/a.md"


def test_two_files_with_one_stem_are_an_error(tmp_path: Path) -> None:
    a = write(tmp_path / "s" / "wire.md", ARTICLE)
    b = write(tmp_path / "s" / "wire.txt", ARTICLE)
    with pytest.raises(CheckerError, match="share this file name stem"):
        load_story("s", [a, b])


def error_of(path: Path) -> CheckerError:
    with pytest.raises(CheckerError) as info:
        load_article(path, "s")
    return info.value


def test_unclosed_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "---\noutlet: X\npublished: 2024-05-31\nBody text\n")
    error = error_of(path)
    assert error.path == str(path) and error.line == 1
    assert error.render().startswith(f"{path}:1: ")
    assert "never closed" in error.message


def test_published_not_iso(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "---\noutlet: X\npublished: 31/05/2023\n---\nBody\n")
    error = error_of(path)
    assert error.line == 3
    assert error.render().startswith(f"{path}:3: published: '31/05/2023'")
    assert "YYYY-MM-DD" in error.message


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    error = error_of(write(tmp_path / "a.md", "---\n- one\n- two\n---\nBody\n"))
    assert error.line == 2
    assert "mapping" in error.message


def test_list_where_text_is_expected(tmp_path: Path) -> None:
    error = error_of(write(tmp_path / "a.md", "---\npublished: 2024-01-01\noutlet: [a, b]\n---\nBody\n"))
    assert error.line == 3
    assert error.message.startswith("outlet:")


def test_bad_yaml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "---\noutlet: X\ntitle: [unclosed\n---\nBody\n")
    error = error_of(path)
    assert error.path == str(path)
    assert error.line is not None
    assert "front matter" in error.message


@pytest.mark.parametrize("raw, line", [
    ("---\noutlet: X\nkey: : bad\n---\nBody\n", 3),
    ("---\nauthor: x\n   title: y\n---\nBody\n", 3),
])
def test_bad_yaml_line_is_the_offending_line(tmp_path: Path, raw: str, line: int) -> None:
    error = error_of(write(tmp_path / "a.md", raw))
    assert error.line == line


def test_impossible_published_date_is_a_checker_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "---\noutlet: X\npublished: 2023-13-45\n---\nBody\n")
    error = error_of(path)
    assert error.line == 3


def test_front_matter_after_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("\ufeff---\noutlet: Harbour Times\npublished: 2024-05-31\n---\nBody\n".encode("utf-8"))
    article = load_article(path, "s")
    assert article.outlet == "Harbour Times"
    assert article.published == dt.date(2024, 5, 31)
    assert article.text == "Body\n"


# --- property: load_article round-trips the body and numbers lines like a text editor --------------------------

_TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_VALUE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                                        blacklist_characters="\ufeff\x85"), min_size=1, max_size=30)
_BODY = st.lists(st.text(alphabet=_TEXT.filter(lambda c: c not in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
                         max_size=40), max_size=8).map("\n".join)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("round-trip")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_BODY, outlet=_VALUE, title=_VALUE,
       published=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
       with_front_matter=st.booleans())
def test_round_trip_property(scratch: Path, body: str, outlet: str, title: str, published: dt.date,
                             with_front_matter: bool) -> None:
    if with_front_matter:
        meta = yaml.safe_dump({"outlet": outlet, "title": title, "published": published.isoformat()},
                              allow_unicode=True, sort_keys=False, width=10_000)
        raw = f"---\n{meta}---\n{body}"
    else:
        if body.startswith("---"):
            body = " " + body
        raw = body
    path = scratch / "article.md"
    path.write_bytes(raw.encode("utf-8"))
    article = load_article(path, "s")
    assert article.text == body
    assert raw[article.body_start:] == body
    if with_front_matter:
        assert article.outlet == outlet
        assert article.title == title
        assert article.published == published
        front_lines = raw[:article.body_start].count("\n")
    else:
        assert article.outlet == "article"
        assert article.published is None
        front_lines = 0
    for offset in sorted({0, len(body) // 3, len(body) // 2, max(len(body) - 1, 0), len(body)}):
        expected = front_lines + body.count("\n", 0, offset) + 1
        assert article.line_of(offset) == expected
        assert article.line_of(offset) == raw.count("\n", 0, article.body_start + offset) + 1


def test_round_trip_keeps_fence_like_lines_in_the_body(tmp_path: Path) -> None:
    body = "First\n---\nnot front matter\n"
    article = load_article(write(tmp_path / "a.md", f"---\noutlet: X\n---\n{body}"), "s")
    assert article.text == body
    assert article.line_of(body.index("not front")) == 6

