"""The cache: plain data only, every entry checked on read, anything off recomputed, never served or run."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import shutil
from pathlib import Path

import pytest

from checker.cache import FORMAT, Store, clear_cache, content_key
from checker.compare.rules.config import load_rules
from checker.errors import CheckerError
from checker.model import StoryResult
from checker.pipeline import Options, run
from checker.records import decode_result, encode_result
from checker.report.json_report import render_json
from checker.report.markdown import render_markdown
from conftest import STORIES_DIR, invoke

STORY = STORIES_DIR / "choi-washington-visit"


def _result(cache: Path | None) -> StoryResult:
    [result] = run([STORY], load_rules(None), Options(cache_dir=cache, jobs=1))
    return result


def _reports(result: StoryResult) -> tuple[str, str]:
    return render_markdown(result, "reports"), render_json([result])


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[str, str]]:
    """A cache filled by one run of the story, and the reports of an uncached run."""
    cache = tmp_path_factory.mktemp("warm") / ".checker-cache"
    fresh = _reports(_result(None))
    assert _reports(_result(cache)) == fresh
    return cache, fresh


def _copy(warm: tuple[Path, tuple[str, str]], tmp_path: Path) -> Path:
    cache = tmp_path / ".checker-cache"
    shutil.copytree(warm[0], cache)
    return cache


def _entries(cache: Path, kind: str = "*") -> list[Path]:
    return sorted(cache.glob(f"{kind}/*.entry"))


def test_a_round_trip_gives_equal_records_and_identical_reports() -> None:
    result = _result(None)
    back = decode_result(json.loads(json.dumps(encode_result(result))))
    assert (back.story, back.articles, back.entities, back.findings, back.waived) == \
        (result.story, result.articles, result.entities, result.findings, result.waived)
    assert list(back.assertions.columns) == list(result.assertions.columns)
    assert list(back.assertions.dtypes) == list(result.assertions.dtypes)
    assert back.assertions.to_dict("records") == result.assertions.to_dict("records")
    assert _reports(back) == _reports(result)


def test_entries_are_checksummed_json_and_the_folder_ignores_itself(warm: tuple[Path, tuple[str, str]]) -> None:
    cache = warm[0]
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").is_file()
    assert {p.parent.name for p in _entries(cache)} == {"extract", "stories"}
    for entry in _entries(cache):
        header = json.loads(entry.read_bytes().partition(b"\n")[0])
        assert header["format"] == FORMAT and header["key"] == entry.stem and len(header["sha256"]) == 64


def test_a_planted_pickle_is_never_loaded(warm: tuple[Path, tuple[str, str]], tmp_path: Path) -> None:
    cache = _copy(warm, tmp_path)
    marker = tmp_path / "pwned"
    planted = pickle.dumps(_Exploit(str(marker)))
    (cache / "stories" / f"{'0' * 64}.pickle").write_bytes(planted)
    for entry in [p for p in cache.rglob("*") if p.is_file() and p.name not in (".gitignore", "CACHEDIR.TAG")]:
        entry.write_bytes(planted)
        entry.with_suffix(".pickle").write_bytes(planted)  # where the story cache used to unpickle from
    assert _reports(_result(cache)) == warm[1]
    assert not marker.exists()


class _Exploit:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):  # noqa: ANN204 - what a planted pickle does when it is loaded
        return (os.mkdir, (self.path,))


DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "empty": lambda raw: b"",
    "flipped payload byte": lambda raw: raw[:-5] + bytes([raw[-5] ^ 0x01]) + raw[-4:],
    "flipped header byte": lambda raw: raw.replace(b'"version":', b'"versiom":', 1),
    "valid but empty JSON": lambda raw: b"{}",
    "another version": lambda raw: raw.replace(b'"version": 1', b'"version": 999', 1),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_entries_are_recomputed_and_rewritten(warm: tuple[Path, tuple[str, str]], tmp_path: Path,
                                                      damage: str) -> None:
    cache = _copy(warm, tmp_path)
    intact = {p: p.read_bytes() for p in _entries(cache)}
    for entry, raw in intact.items():
        entry.write_bytes(DAMAGE[damage](raw))
    assert _reports(_result(cache)) == warm[1]
    assert {p: p.read_bytes() for p in _entries(cache)} == intact  # rewritten as they were


@pytest.mark.parametrize("payload", [
    {}, [], {"mentions": [], "rows": [{"id": 1}]}, {"mentions": [{"id": "x"}], "rows": []},
    {"mentions": [], "rows": [["a", "b"]]}, [["a", 1]],
    {"story": "choi-washington-visit", "articles": [], "entities": [], "assertions": {"rows": 1, "columns": []},
     "findings": [], "waived": []},
])
def test_valid_entries_of_the_wrong_shape_are_misses(warm: tuple[Path, tuple[str, str]], tmp_path: Path,
                                                     payload: object) -> None:
    cache = _copy(warm, tmp_path)
    for entry in _entries(cache):  # checksum and header right, the data wrong: the shape check decides
        Store(cache, entry.parent.name).put(entry.stem, payload)
    assert _reports(_result(cache)) == warm[1]


def test_a_story_entry_with_bad_rows_is_a_miss(warm: tuple[Path, tuple[str, str]], tmp_path: Path) -> None:
    cache = _copy(warm, tmp_path)
    [entry] = _entries(cache, "stories")
    store = Store(cache, "stories")
    data = json.loads(store.read_bytes(entry.stem))
    for column in data["assertions"]["columns"]:
        if column[0] == "line":
            column[3] = ["not a line"] * len(column[3])
    store.put(entry.stem, data)
    assert _reports(_result(cache)) == warm[1]


def test_a_warm_run_never_parses(warm: tuple[Path, tuple[str, str]], tmp_path: Path, monkeypatch) -> None:
    cache = _copy(warm, tmp_path)
    for entry in _entries(cache, "stories"):
        entry.unlink()  # so the extraction entries are what the run reads
    import checker.nlp

    def no_parse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("a fully cached run loaded spaCy")

    monkeypatch.setattr(checker.nlp, "load_nlp", no_parse)
    assert _reports(_result(cache)) == warm[1]


def test_an_unwritable_cache_is_skipped(warm: tuple[Path, tuple[str, str]], tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert _reports(_result(blocked / "cache")) == warm[1]


def test_keys_hash_content_not_repr() -> None:
    [article, *_] = _result(None).articles
    import dataclasses

    same = dataclasses.replace(article, extra=dict(article.extra))
    assert content_key(article) == content_key(same)
    assert content_key(article) != content_key(dataclasses.replace(article, extra={"desk": "metro"}))
    assert content_key(article) != content_key(dataclasses.replace(article, text=article.text + " "))


def test_cache_clear_removes_every_entry(warm: tuple[Path, tuple[str, str]], tmp_path: Path) -> None:
    cache = _copy(warm, tmp_path)
    (cache / "extract" / ".x.entry.1234.tmp").write_text("", encoding="utf-8")
    (cache / "stories" / f"{'b' * 64}.pickle").write_bytes(b"")  # the layout before this one
    (cache / f"{'c' * 64}.json").write_text("{}", encoding="utf-8")
    count = len(_entries(cache)) + 2
    result = invoke(["cache", "clear"], tmp_path)
    assert result.exit_code == 0
    assert f"removed {count} cache entries" in result.output
    assert sorted(p.name for p in cache.rglob("*") if p.is_file()) == [".gitignore", "CACHEDIR.TAG"]


def test_clear_leaves_a_users_folder_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "story.md").write_text("# kept\n", encoding="utf-8")
    assert clear_cache(tmp_path) == 0
    assert (tmp_path / "notes.json").is_file() and (tmp_path / "reports" / "story.md").is_file()
    Store(tmp_path, "stories").put("a" * 64, {})
    assert not (tmp_path / ".gitignore").exists()  # `--cache-dir .` must not make git ignore the project


def test_front_matter_aliases_are_refused_before_any_cache_key(tmp_path: Path) -> None:
    story = tmp_path / "story"
    story.mkdir()
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    levels += [f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")]
    front = "\n".join(["---", "outlet: Desk", *levels, "---", "Ada Vale met Teo Brandt on Tuesday.", ""])
    (story / "desk.md").write_text(front, encoding="utf-8")
    result = invoke(["check", "story", "-q", "--no-reports"], tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "checker: story/desk.md:3: front matter: YAML anchors and aliases (&name, *name) are not allowed; "
        "write the value out"]


def test_an_edited_story_is_checked_in_a_worker_while_the_cache_is_read(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    for name in ("choi-washington-visit", "calder-point-museum-reopening"):
        shutil.copytree(STORIES_DIR / name, stories / name, ignore=shutil.ignore_patterns("expected.yaml"))
    cache, rules = tmp_path / ".checker-cache", load_rules(None)
    run([stories], rules, Options(cache_dir=cache, jobs=2))
    edited = sorted((stories / "calder-point-museum-reopening").glob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe museum will open on Friday.\n", encoding="utf-8")
    warm = run([stories], rules, Options(cache_dir=cache, jobs=2))
    assert not multiprocessing.active_children()  # the worker ended with the last story it parsed
    fresh = run([stories], rules, Options(cache_dir=None, jobs=1))
    assert [_reports(r) for r in warm] == [_reports(r) for r in fresh]


def test_the_early_worker_ends_when_the_input_is_bad_or_nothing_changed(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    shutil.copytree(STORIES_DIR / "choi-washington-visit", stories / "choi-washington-visit",
                    ignore=shutil.ignore_patterns("expected.yaml"))
    cache, rules = tmp_path / ".checker-cache", load_rules(None)
    run([stories], rules, Options(cache_dir=cache, jobs=2))
    run([stories], rules, Options(cache_dir=cache, jobs=2))  # all from the cache
    assert not multiprocessing.active_children()
    (stories / "choi-washington-visit" / "broken.md").write_text("---\noutlet: [\n---\nText.\n", encoding="utf-8")
    with pytest.raises(CheckerError):
        run([stories], rules, Options(cache_dir=cache, jobs=2))
    assert not multiprocessing.active_children()
