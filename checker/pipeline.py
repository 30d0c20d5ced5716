"""The only module that wires the stages: load → extract → resolve → compare → (report).

``run`` returns one ``StoryResult`` per story; writing reports is left to the caller, so the
CLI, tests and benchmarks share this path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from checker.compare import compare
from checker.entities import annotate, resolve_entities
from checker.extract import EXTRACTOR_VERSION, extract_story
from checker.extract.cache import ExtractionCache
from checker.extract.lexicon import load_lexicons
from checker.model import StoryResult
from checker.rules.config import RuleSet
from checker.sources import find_stories, load_story


@dataclass(frozen=True)
class Options:
    """How to run: where the cache lives (None: no cache) and how many processes parse."""

    cache_dir: Path | None = Path(".checker-cache")
    jobs: int = 1
    root: Path | None = None


def run(paths: list[Path], ruleset: RuleSet, options: Options = Options(),
        progress: Callable[[str], None] | None = None) -> list[StoryResult]:
    """Check every story under ``paths``; bad input raises ``CheckerError`` before any output."""
    stories = find_stories(paths)
    loaded = [(name, load_story(name, files, options.root)) for name, files in stories]
    lex = load_lexicons(ruleset.lexicons)
    cache = None
    if options.cache_dir is not None:
        from checker.nlp import model_name

        cache = ExtractionCache(options.cache_dir, EXTRACTOR_VERSION, model_name())
    results = []
    for name, articles in loaded:
        if progress:
            progress(f"{name}: {len(articles)} articles")
        mentions, assertions = extract_story(articles, lex, cache, n_process=options.jobs)
        entities, mapping = resolve_entities(mentions, lex, ruleset.aliases, ruleset.distinct)
        resolved = annotate(assertions, mapping, entities, lex)
        claims, findings = compare(name, articles, entities, resolved, ruleset)
        results.append(StoryResult(story=name, articles=tuple(articles), entities=tuple(entities),
                                   assertions=claims, findings=tuple(findings)))
    return results
