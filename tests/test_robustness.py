"""Bad input never crashes: each case is one ``file:line: what to fix`` line with exit 2, or is handled.

Issue 14, items 2, 4 (rules side) and 5: crashes, alias bombs and format specs in rules files,
and stories keyed by path with nothing checker writes read back as an article.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker import nlp, yaml_safe
from checker.sources import find_stories

from conftest import invoke, tree_hashes

ARTICLE = "---\noutlet: {outlet}\npublished: {published}\n---\n{body}\n"
BODY = "Mara Ostrova met Teo Brandt in Lisbon on Tuesday. Velmont Foods will cut 420 jobs, the company said."
BOMB = "".join(f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9 if p else ['"lol"'] * 9) + "]\n"
               for p, c in zip(["", "a", "b", "c", "d", "e", "f", "g"], "abcdefgh"))


def story(folder: Path, published: str = "2024-05-02", body: str = BODY, outlets: tuple[str, ...] = ("Lake Wire", "Hill Post")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for outlet in outlets:
        name = outlet.lower().replace(" ", "-")
        (folder / f"{name}.md").write_text(ARTICLE.format(outlet=outlet, published=published, body=body), encoding="utf-8")
    return folder


def one_line(result: Any, code: int = 2) -> str:
    """The single stderr line of a failed run, asserting its exit code and that nothing crashed."""
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def rules_file(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def validate(tmp_path: Path, text: str) -> Any:
    rules_file(tmp_path, text)
    return invoke(["validate", "rules.yaml"], tmp_path)


RULE = """version: 1
rules:
  - id: dates-agree
    type: consistency
    field: time
    severity: error
    message: {message}
"""


# --- item 2: crashes -------------------------------------------------------------------------

@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_relative_dates_at_the_ends_of_the_calendar_stay_unresolved(tmp_path: Path, published: str) -> None:
    body = "Mara Ostrova met Teo Brandt yesterday. She will visit Lisbon tomorrow, next week and next year."
    story(tmp_path / "edge", published=published, body=body)
    result = invoke(["check", "edge", "--no-cache", "-q", "--report-dir", "out", "--format", "json"], tmp_path)
    assert result.exit_code in (0, 1), (result.output, result.exception)
    assert json.loads(result.stdout)["stories"][0]["story"] == "edge"


def test_report_dir_that_is_a_file(tmp_path: Path) -> None:
    story(tmp_path / "s")
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    line = one_line(invoke(["check", "s", "--no-cache", "-q", "--report-dir", "out"], tmp_path))
    assert line.startswith("checker: out: --report-dir is a file")


def test_a_folder_where_a_report_goes(tmp_path: Path) -> None:
    story(tmp_path / "s")
    (tmp_path / "out" / "s.json").mkdir(parents=True)
    line = one_line(invoke(["check", "s", "--no-cache", "-q", "--report-dir", "out"], tmp_path))
    assert line.startswith("checker: out/s.json: cannot write the report")


def test_rules_file_in_latin_1_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_bytes(RULE.format(message='"caf\xe9 {claim}"').encode("latin-1"))
    line = one_line(invoke(["validate", "rules.yaml"], tmp_path))
    assert line.startswith("checker: rules.yaml:7:") and "not UTF-8" in line and "save the file as UTF-8" in line


def test_rules_file_in_utf_16_with_a_bom_is_read(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_bytes(RULE.format(message='"café {claim}"').encode("utf-16"))
    result = invoke(["validate", "rules.yaml"], tmp_path)
    assert result.exit_code == 0, result.output
    assert "1 rules, valid" in result.stdout


def test_rules_file_in_utf_16_without_a_bom(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_bytes(RULE.format(message='"café {claim}"').encode("utf-16-le"))
    assert "save the file as UTF-8" in one_line(invoke(["validate", "rules.yaml"], tmp_path))


@pytest.mark.parametrize("extension, where", [
    ("titles: {heads: 5}", "lexicons: titles: heads"),
    ("titles: {heads: [[ceo]]}", "lexicons: titles: heads item"),
    ("predicates: {verbs: [greet]}", "lexicons: predicates: verbs"),
    ("predicates: {verbs: {greet: 5}}", "lexicons: predicates: verbs: greet"),
    ("predicates: {verbs: {greet: {kind: [meeting]}}}", "lexicons: predicates: verbs: greet: kind"),
    ("names: {diminutives: {bob: robert}}", "lexicons: names: diminutives: bob"),
    ("titles: {headz: [ceo]}", "did you mean 'heads'"),
])
def test_lexicon_extension_of_the_wrong_shape(tmp_path: Path, extension: str, where: str) -> None:
    line = one_line(validate(tmp_path, f"version: 1\nextends: default\nlexicons:\n  {extension}\n"))
    assert line.startswith("checker: rules.yaml:4:") and where in line


def test_lexicon_extension_of_the_right_shape_passes(tmp_path: Path) -> None:
    text = ("version: 1\nextends: default\nlexicons:\n  titles: {heads: [curator]}\n"
            "  predicates: {verbs: {greet: {kind: meeting, predicate: meet}}}\n  names: {diminutives: {bob: [robert]}}\n")
    assert validate(tmp_path, text).exit_code == 0


@pytest.mark.parametrize("message, column", [
    ('"{claim:d} differs"', 15), ('"{claim!z} differs"', 15), ('"{claim:>300000000}"', 15),
    ('"dates: {claim!r}"', 22), ('"{} differs"', 15), ('"{0} differs"', 15),
])
def test_only_plain_placeholders_pass_validate(tmp_path: Path, message: str, column: int) -> None:
    line = one_line(validate(tmp_path, RULE.format(message=message)))
    assert line.startswith(f"checker: rules.yaml:7:{column}: message:"), line


def test_a_format_spec_is_refused_by_check_too(tmp_path: Path) -> None:
    story(tmp_path / "s")
    rules_file(tmp_path, RULE.format(message='"{claim:>300000000}"'))
    line = one_line(invoke(["check", "s", "--rules", "rules.yaml", "--no-cache", "-q", "--report-dir", "out"], tmp_path))
    assert line.startswith("checker: rules.yaml:7:")


def test_render_never_evaluates_a_format_spec() -> None:
    from checker.compare.rules.base import render

    assert render("{claim:>300000000} {{x}} {claim!r}", claim="a") == "a {x} a"


@pytest.mark.parametrize("option, fix", [
    ("severities: {name_order: fatal}", "'fatal' is not allowed"),
    ("severities: {name_orders: info}", "did you mean 'name_order'"),
    ("severities: {name_order: [info]}", "must be a word"),
    ("types: [PERSON, [ORG]]", "must be a word"),
])
def test_naming_options_are_checked_item_by_item(tmp_path: Path, option: str, fix: str) -> None:
    text = f"version: 1\nrules:\n  - id: names\n    type: naming\n    severity: info\n    message: x\n    {option}\n"
    line = one_line(validate(tmp_path, text))
    assert line.startswith("checker: rules.yaml:7:") and fix in line


@pytest.mark.parametrize("statuses", ["[declined_to_comment, [denied]]", "[declined_to_comment, 1]",
                                      "[declined_to_comment, {a: b}]", "[declined_to_comment, null]"])
def test_mixed_statuses_are_refused(tmp_path: Path, statuses: str) -> None:
    text = ("version: 1\nrules:\n  - id: unconfirmed\n    type: confirmation\n    severity: info\n    message: x\n"
            f"    statuses: {statuses}\n")
    assert one_line(validate(tmp_path, text)).startswith("checker: rules.yaml:7:")


def test_an_unexpected_exception_is_a_bug_with_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import checker.compare.rules.config as config

    def broken(path: Any) -> Any:
        raise KeyError("boom")

    monkeypatch.setattr(config, "load_rules", broken)
    monkeypatch.delenv("CHECKER_DEBUG", raising=False)
    line = one_line(invoke(["validate"], tmp_path), code=3)
    assert "internal error (a bug in checker" in line and "KeyError: 'boom'" in line and "--debug" in line
    shown = invoke(["--debug", "validate"], tmp_path)
    assert isinstance(shown.exception, KeyError)
    monkeypatch.setenv("CHECKER_DEBUG", "1")
    assert isinstance(invoke(["validate"], tmp_path).exception, KeyError)


def test_exit_code_3_is_documented() -> None:
    from conftest import REPO_ROOT

    assert "`3` a bug in checker" in " ".join((REPO_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "3 a bug in checker" in " ".join(invoke(["--help"], REPO_ROOT).stdout.split())


# --- long articles ---------------------------------------------------------------------------

@given(st.text(alphabet=st.sampled_from("ab \n."), max_size=400), st.integers(min_value=1, max_value=60))
@settings(max_examples=200, deadline=None, derandomize=True)
def test_pieces_cover_the_text_and_respect_the_limit(text: str, limit: int) -> None:
    parts = nlp.pieces(text, limit)
    assert "".join(parts) == text
    assert all(len(p) <= limit for p in parts)
    assert all(p for p in parts[:-1])


def test_pieces_cut_at_paragraph_breaks() -> None:
    text = "One two.\n\nThree four.\nFive six.\n\nSeven."
    assert nlp.pieces(text, 25) == ["One two.\n\n", "Three four.\nFive six.\n\n", "Seven."]


def test_an_article_longer_than_spacys_limit_is_parsed_in_pieces(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs = [f"Mara Ostrova met Teo Brandt in Lisbon on Tuesday, officials said in report {n}." for n in range(40)]
    body = "\n\n".join(paragraphs)
    story(tmp_path / "long", body=body)
    args = ["check", "long", "--no-cache", "-q", "--report-dir", "out", "--format", "json", "--fail-on", "never"]
    whole = invoke(args, tmp_path)
    assert whole.exit_code == 0, whole.output
    model = nlp.load_nlp()
    monkeypatch.setattr(model, "max_length", 1000)  # as spaCy's 1,000,000 characters, scaled down
    monkeypatch.setattr(nlp, "MAX_PIECE", 500)
    pieced = invoke(args, tmp_path)
    assert pieced.exit_code == 0, (pieced.output, pieced.exception)
    assert len(body) > 3 * model.max_length
    assert json.loads(pieced.stdout)["stories"][0]["assertions"] == json.loads(whole.stdout)["stories"][0]["assertions"]


# --- item 4: YAML alias bombs ----------------------------------------------------------------

def test_alias_bomb_is_refused_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(yaml_safe.AliasExpansionError):
        yaml_safe.load(BOMB)
    with pytest.raises(yaml_safe.AliasExpansionError):
        yaml_safe.compose(BOMB)
    assert time.perf_counter() - start < 1.0


def test_plain_aliases_still_load() -> None:
    assert yaml_safe.load("a: &x [1, 2]\nb: *x\nc: &y {k: v}\nd: *y\n") == {
        "a": [1, 2], "b": [1, 2], "c": {"k": "v"}, "d": {"k": "v"}}


def test_a_self_referring_alias_is_refused() -> None:
    with pytest.raises(yaml.YAMLError):
        yaml_safe.load("a: &x [1, *x]\n")


def test_alias_bomb_in_a_rule_description(tmp_path: Path) -> None:
    text = BOMB.replace("\n", "\n  ").join(["anchors:\n  ", ""])  # nested under an unknown key is too late
    text = ("version: 1\nequivalences:\n  - &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"  - &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefg", "bcdefgh"))
            + "rules:\n  - id: dates-agree\n    type: consistency\n    field: time\n    severity: error\n"
              "    message: x\n    description: *h\n")
    start = time.perf_counter()
    line = one_line(validate(tmp_path, text))
    assert time.perf_counter() - start < 5.0
    assert line.startswith("checker: rules.yaml:") and "aliases expand" in line


def test_alias_bomb_in_front_matter(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "a.md").write_text("---\noutlet: A\n" + BOMB + "---\nText.\n", encoding="utf-8")
    start = time.perf_counter()
    line = one_line(invoke(["check", "s", "-q", "--report-dir", "out"], tmp_path))
    assert time.perf_counter() - start < 5.0
    assert line.startswith("checker: s/a.md:") and "aliases" in line  # front matter takes no aliases at all


# --- item 5: stories keyed by path, nothing checker writes is read back ----------------------

def test_two_story_folders_of_the_same_name_are_both_checked(tmp_path: Path) -> None:
    story(tmp_path / "a" / "vote")
    story(tmp_path / "b" / "vote", body="Mara Ostrova met Teo Brandt in Porto on Tuesday.")
    result = invoke(["check", "a/vote", "b/vote", "--no-cache", "-q", "--report-dir", "out", "--format", "json",
                     "--fail-on", "never"], tmp_path)
    assert result.exit_code == 0, result.output
    assert [s["story"] for s in json.loads(result.stdout)["stories"]] == ["a/vote", "b/vote"]
    assert (tmp_path / "out" / "a" / "vote.json").is_file() and (tmp_path / "out" / "b" / "vote.md").is_file()
    markdown = (tmp_path / "out" / "b" / "vote.md").read_text(encoding="utf-8")
    assert "(../../b/vote/lake-wire.md" in markdown


def test_one_story_keeps_its_folder_name_and_a_folder_given_twice_is_one_story(tmp_path: Path) -> None:
    story(tmp_path / "a" / "vote")
    assert [name for name, _ in find_stories([tmp_path / "a" / "vote", tmp_path / "a" / ".." / "a" / "vote"])] == ["vote"]


def test_project_root_finds_the_stories_but_not_reports_or_docs(tmp_path: Path) -> None:
    story(tmp_path / "sources" / "vote")
    (tmp_path / "README.md").write_text("# project\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "rules.md").write_text("# Rules\n\nText.\n", encoding="utf-8")
    first = invoke(["check", "sources", "--no-cache", "-q", "--fail-on", "never"], tmp_path)
    assert first.exit_code == 0 and (tmp_path / "reports" / "vote.md").is_file()
    result = invoke(["check", ".", "--no-cache", "-q", "--fail-on", "never", "--format", "json"], tmp_path)
    assert result.exit_code == 0, result.output
    assert [s["story"] for s in json.loads(result.stdout)["stories"]] == ["vote"]


@pytest.mark.parametrize("option", [["--report-dir", "s"], ["--report-dir", "s/reports"], ["-o", "s/a.md"],
                                    ["-o", "s/findings.txt"]])
def test_nothing_is_written_inside_a_story_folder(tmp_path: Path, option: list[str]) -> None:
    story(tmp_path / "s", outlets=("A", "B"))
    before = tree_hashes(tmp_path / "s")
    line = one_line(invoke(["check", "s", "--no-cache", "-q", *option], tmp_path))
    assert line.startswith(f"checker: {option[1]}: ") and "inside the story folder s" in line
    assert tree_hashes(tmp_path / "s") == before


# --- fuzz: malformed front matter and rules never crash the CLI ------------------------------

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
                    st.floats(allow_nan=True), st.text(max_size=12),
                    st.sampled_from(["0001-01-01", "9999-12-31", "2023-02-30", "2024-05-02", "{claim:d}",
                                     "&a x", "*a", "!!python/object:os.system x", "!!binary eA==", "[", "{"]))
#: Values that once crashed `check` after `validate` passed them, among random ones.
TARGETED = st.sampled_from([["declined_to_comment", ["denied"]], [1, None], {"name_order": "fatal"},
                            {"name_order": ["info"]}, "{claim:d}", "{claim!z}", "{claim:>3000000000}", -1, 1e309,
                            {"titles": {"heads": 5}}, {"predicates": {"verbs": ["x"]}}])
YAML_VALUES = st.recursive(st.one_of(SCALARS, TARGETED), lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                          st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                           max_leaves=6)


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True).replace("...\n", "")


def _no_crash(result: Any) -> None:
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


RAW_SNIPPETS = st.sampled_from(["", "\x00", "---", "a: &a [1]\nb: *c", "key: [unclosed", "\t- x", "? x\n: y",
                                "!!python/name:os.system", "a: b: c", "%YAML 9.9", "'", "\ufeff", "published: 2023-13-45",
                                "outlet:\n  - A", "published: 0001-01-01", "published: [2024]", "x: 1e999"])


@given(fields=st.fixed_dictionaries({"published": st.one_of(st.dates(), st.sampled_from(["0001-01-01", "9999-12-31"]),
                                                            YAML_VALUES)},
                                    optional={k: YAML_VALUES for k in ("outlet", "title", "role", "url", "extra")}),
       raw=st.one_of(st.just(""), RAW_SNIPPETS), body=st.one_of(st.text(max_size=80), st.sampled_from([
           BODY, "Mara Ostrova met Teo Brandt yesterday. They will meet again next year, on Tuesday."])))
@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_fuzzed_front_matter_never_crashes(tmp_path: Path, fields: dict[str, Any], raw: str, body: str) -> None:
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    (folder / "a.md").write_text(f"---\n{_dump(fields) if fields else ''}{raw}\n---\n{body}\n", encoding="utf-8",
                                 errors="surrogatepass")
    (folder / "b.md").write_text(ARTICLE.format(outlet="B", published="2024-05-02", body=BODY), encoding="utf-8")
    _no_crash(invoke(["check", "fuzz", "-q", "--report-dir", "out", "--fail-on", "never"], tmp_path))


RULE_KEYS = st.sampled_from(["id", "type", "severity", "message", "where", "field", "window", "statuses",
                             "severities", "types", "min_sources", "count_roles", "description", "tests"])


@given(rule=st.dictionaries(RULE_KEYS, YAML_VALUES, max_size=2),
       base=st.sampled_from(["consistency", "naming", "confirmation", "required", "corroboration", "temporal"]),
       top=st.dictionaries(st.sampled_from(["settings", "aliases", "distinct", "equivalences", "lexicons", "version"]),
                           YAML_VALUES, max_size=1),
       raw=st.one_of(st.just(""), RAW_SNIPPETS))
@example(rule={"statuses": ["declined_to_comment", ["denied"]]}, base="confirmation", top={}, raw="")
@example(rule={"message": "{claim:d}"}, base="corroboration", top={}, raw="")
@example(rule={"severities": {"name_order": "fatal"}}, base="naming", top={}, raw="")
@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_fuzzed_rules_never_crash_validate(tmp_path: Path, rule: dict[str, Any], base: str, top: dict[str, Any],
                                           raw: str) -> None:
    document = {"version": 1, **top, "rules": [{"id": "fuzzed", "type": base, "severity": "info", "message": "x",
                                                "field": "time", **rule}]}
    text = yaml.safe_dump(document, allow_unicode=True) + raw
    (tmp_path / "rules.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    validated = invoke(["validate", "rules.yaml"], tmp_path)
    _no_crash(validated)
    if validated.exit_code == 0:  # what validate passes, check runs (parses come from the cache)
        story(tmp_path / "fuzz", body="Mara Ostrova declined to comment. Mara Ostrova met Teo Brandt on Tuesday.")
        _no_crash(invoke(["check", "fuzz", "--rules", "rules.yaml", "-q", "--report-dir", "out"], tmp_path))


def test_a_report_written_beside_story_folders_does_not_make_their_parent_a_story(tmp_path: Path) -> None:
    story(tmp_path / "sources" / "vote")
    (tmp_path / "sources" / "findings.md").write_text("# vote: cross-source check\n", encoding="utf-8")
    assert [name for name, _ in find_stories([tmp_path / "sources"])] == ["vote"]
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.md").write_text("Mara Ostrova met Teo Brandt.\n", encoding="utf-8")
    assert [name for name, _ in find_stories([plain])] == ["plain"]
