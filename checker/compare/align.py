"""Alignment: which assertions of different sources state the same claim.

Each claim row gets a ``Frame``: its kind and predicate, its participants by resolved entity
(speaker or actor, counterpart, and the named things in its sentence), the content words of its
object (stemmed, weighted by how rare they are in the story), its time, and for a figure what it
counts (unit, counted noun, owner, verb). Two rows of different outlets are scored by those parts
(``score``, 0 to 1) and matched one-to-one per pair of outlets, best score first.

One score, two thresholds (``settings: alignment: {strict, lenient}``):

- ``strict``: the rows are one claim; they share a ``claim_key``, so the rules compare their
  slots and count them as agreeing. An uncertain match is never compared.
- ``lenient``: another outlet *could* be reporting the claim; such a claim is not single-source
  (``related_outlets`` counts those outlets), but nothing is compared.

Candidates are blocked by shared entities, predicates, rare content words and figures, so a
large story never scores all pairs.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

from checker.model import Entity

STRICT = 0.6
LENIENT = 0.35
#: Highest score of a pair that may be related but must not be compared.
UNCOMPARED = 0.5
#: A block (rows sharing one key) larger than this is skipped: the key says too little.
MAX_BLOCK = 300
#: Dates further apart than this, one recent news and the other background, are two events.
RECENT_DAYS = 10
BACKGROUND_DAYS = 45

_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")
_STOP = frozenset("""a an the and or but if of to in on at by for with from as into onto over under about after
before than then that this these those there here it its it's he she they them him her his hers their theirs we
us our you your i me my mine is are was were be been being am do does did done have has had having will would
shall should can could may might must not no nor so too very just also only even still yet again ever never
said says say saying told tells tell according who whom whose which what when where why how all any some each
every both either neither one ones other another such same own more most much many few less least mr ms mrs dr
s t re ve ll d n't out up down off get got gets getting gotten go goes going went gone back now well
don't doesn't didn't can't won't isn't aren't wasn't weren't i'm we're you're they're he's she's that's there's
i've we've they've i'll we'll they'll i'd we'd let's""".split())


#: Least weighted word overlap for two remarks of one speaker to be even related.
SAME_SPEAKER_MIN_WORDS = 0.15

#: Counting words of a subject ("two states", "the three men"), not what it is.
NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                          "dozen", "several", "many", "some", "both", "all", "other", "more"})


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude, symmetric suffix stripper: enough to meet "expanding" with "expand"."""
    word = word.strip("'-").removesuffix("'s")
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + keep
            break
    return word.rstrip("e")


def content_words(text: str) -> frozenset[str]:
    """Stemmed content words of a text (no function words, no single letters)."""
    return _content_words(str(text))


@lru_cache(maxsize=16384)
def _content_words(text: str) -> frozenset[str]:
    # a story asks again for the words of each quote it has several claims in
    return frozenset(stem(w) for w in _WORD.findall(text.lower().replace("’", "'"))
                     if w not in _STOP and len(w) > 1)


@dataclass(frozen=True)
class Frame:
    """What one claim row says, in parts that can be compared with another row's."""

    index: int
    outlet: str
    kind: str
    key: str  # the exact claim key (a cheap, strong signal)
    predicate: str
    actor: str  # resolved entity of the subject or speaker ("" when unnamed)
    counterpart: str  # resolved entity of the object ("" when none)
    named: frozenset[str]  # entities named in the sentence
    words: frozenset[str]  # content words of the object or the reported words
    sentence: frozenset[str]  # content words of the whole quote
    start: str
    end: str
    recent: bool | None  # the time is news (near publication) or background; None without a time
    published: str
    negated: bool
    expected: bool  # a plan or forecast: worded so, or dated after its article
    unit: str
    value: str
    measure: frozenset[str]
    owner: str
    verb: str
    group: frozenset[str] = frozenset()  # content words of an unnamed subject ("two states")


def _forms_by_source(entities: Iterable[Entity]) -> dict[str, list[tuple[str, str]]]:
    forms: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entity in entities:
        for source, texts in entity.surface_forms.items():
            for text in texts:
                if len(text) > 2:
                    forms[source].append((text, entity.id))
    return forms


def _recent(start: str, published: str) -> bool | None:
    if not start or not published:
        return None
    try:
        gap = (date.fromisoformat(published[:10]) - date.fromisoformat(start[:10])).days
    except ValueError:
        return None
    if gap <= RECENT_DAYS:
        return True
    return False if gap >= BACKGROUND_DAYS else None


def frame_of(index: int, row: dict[str, Any], forms: dict[str, list[tuple[str, str]]],
             named_in: dict[tuple[str, str], frozenset[str]]) -> Frame:
    """The frame of one claim row (``forms``: surface form → entity id, per source; ``named_in``:
    the entities named in each quote, filled as quotes come: a story's rows share their quotes)."""
    slots = row.get("slots") or {}
    quote = str(row.get("quote", ""))
    named = named_in.get((row["source"], quote))
    if named is None:
        named = named_in[(row["source"], quote)] = frozenset(
            eid for text, eid in forms.get(row["source"], ()) if text in quote)
    if row["kind"] == "statement":
        words = content_words(row.get("object", ""))
    else:
        words = content_words(" ".join(str(x) for x in (row.get("object", ""), slots.get("object_head", ""),
                                                          slots.get("action", "")) if x))
    measure = content_words(" ".join(str(slots.get(k, "")) for k in ("measure", "measure_mods")))
    return Frame(
        index=index, outlet=str(row.get("outlet") or row["source"]), kind=row["kind"], key=row["claim_key"],
        predicate=str(row.get("predicate", "")), actor=str(row.get("subject_entity") or ""),
        counterpart=str(row.get("object_entity") or ""), named=named, words=words, sentence=content_words(quote),
        start=str(row.get("time_start", "")), end=str(row.get("time_end", "")),
        recent=_recent(str(row.get("time_start", "")), str(row.get("published") or "")),
        published=str(row.get("published") or "")[:10], negated=bool(row.get("negated")),
        expected=row.get("modality") == "expected" or row["kind"] == "plan"
        or bool(row.get("time_start") and row.get("published") and str(row["time_start"])[:10] > str(row["published"])[:10]),
        unit=str(row.get("unit", "")), value=str(row.get("value", "")), measure=measure,
        owner=str(slots.get("owner", "") or ""), verb=str(slots.get("verb", "") or ""),
        group=frozenset() if row.get("subject_entity") else content_words(row.get("subject", "")) - NUMBER_WORDS,
    )


class Weights:
    """Inverse document frequency of content words over a story's rows: rare words weigh more."""

    def __init__(self, frames: list[Frame]) -> None:
        df: dict[str, int] = defaultdict(int)
        for frame in frames:
            for word in frame.words:
                df[word] += 1
        total = max(len(frames), 1)
        self.idf = {w: math.log(1 + total / n) for w, n in df.items()}
        self._sums: dict[frozenset[str], float] = {}

    def _weight(self, words: frozenset[str]) -> float:
        # Summed in sorted order: a set's order follows the hash seed, and float sums in another
        # order differ in the last bit, which can tip a score over a threshold between runs.
        total = self._sums.get(words)
        if total is None:
            total = self._sums[words] = sum(self.idf.get(w, 1.0) for w in sorted(words))
        return total

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Weighted overlap of two word sets over the smaller one, damped when little is shared."""
        if not a or not b:
            return 0.0
        shared = a & b
        if not shared:
            return 0.0
        overlap = self._weight(shared) / min(self._weight(a), self._weight(b))
        return overlap * min(1.0, len(shared) / 2)


def _times(a: Frame, b: Frame) -> str:
    """'same', 'conflict', 'distinct' (news vs background: two events) or '' (a side has no time)."""
    if not a.start or not b.start:
        return ""
    if a.end < b.start or b.end < a.start:
        if {a.recent, b.recent} == {True, False}:
            return "distinct"
        if not (a.expected or b.expected) and ((b.published and a.start[:10] > b.published)
                                                or (a.published and b.start[:10] > a.published)):
            return "distinct"  # an outlet cannot report as done what happened after it went to press
        return "conflict"
    return "same"


def _named_clash(x: str, y: str) -> bool:
    return bool(x and y and x != y)


def score(a: Frame, b: Frame, weights: Weights) -> float:
    """How surely two rows state one claim: 0 (different claims) to 1 (the same)."""
    if a.kind != b.kind:
        return 0.0
    times = _times(a, b)
    if times == "distinct":
        return 0.0
    bonus = 0.1 if times == "same" else 0.0
    if a.kind == "quantity":
        return _quantity_score(a, b, weights)
    if a.kind == "statement":
        if _named_clash(a.actor, b.actor):
            return 0.0
        words = weights.similarity(a.words, b.words)
        if a.key == b.key and a.key.startswith("stance|"):
            return 0.8 + bonus  # one actor's position on one topic
        if a.actor and a.actor == b.actor:
            if words < SAME_SPEAKER_MIN_WORDS:
                return 0.0  # another remark of the same speaker, sharing a word by chance
            return min(1.0, 0.3 + 0.7 * words + bonus)
        return min(1.0, 0.8 * words) if words >= 0.5 else 0.0
    if a.negated != b.negated:
        # "did not meet" against "met": the same claim only when the rest of it says so.
        if _named_clash(a.actor, b.actor) or a.predicate != b.predicate:
            return 0.0
        base = 0.2 + 0.5 * weights.similarity(a.words, b.words)
        if a.kind == "event" and weights.similarity(a.sentence, b.sentence) < 0.7:
            # "does not charge him with conspiracy" is not a denial of "charged him": an event
            # denied in one source and reported in another must be told in the same words.
            return min(base, UNCOMPARED)
    elif a.key == b.key:
        base = 0.8
    elif a.kind == "meeting":
        parties_a, parties_b = {a.actor, a.counterpart} - {""}, {b.actor, b.counterpart} - {""}
        base = 0.45 if parties_a & parties_b and not (parties_a and parties_b and parties_a != parties_b
                                                      and len(parties_a) == len(parties_b) == 2) else 0.0
    elif a.kind == "role":
        return 0.0  # a role is one claim per person, which the claim key already says
    else:
        if a.predicate != b.predicate or _named_clash(a.actor, b.actor) or _named_clash(a.counterpart, b.counterpart):
            return 0.0
        # "two states filed a lawsuit" / "the states filed a federal lawsuit": an unnamed actor
        # is the same when its nouns are, which with the same predicate and date is one event.
        group = not (a.actor or b.actor) and bool(a.group & b.group)
        if not (a.actor and a.actor == b.actor) and not (a.named & b.named) and not group:
            return 0.0
        base = 0.3 + 0.4 * weights.similarity(a.words, b.words) + (0.2 if group else 0.0)
    shared = len(a.named & b.named) / max(len(a.named | b.named), 1)
    return min(1.0, base + bonus + 0.1 * shared)


def _quantity_score(a: Frame, b: Frame, weights: Weights) -> float:
    if a.unit != b.unit or _named_clash(a.owner, b.owner):
        return 0.0
    same_value = a.value == b.value and a.value != ""
    measure = len(a.measure & b.measure) / max(len(a.measure | b.measure), 1) if a.measure and b.measure else 0.0
    verbs = 0.1 if a.verb and a.verb == b.verb else (-0.25 if a.verb and b.verb else 0.0)
    actor = 0.15 if a.actor and a.actor == b.actor else 0.0
    named = 0.1 if a.named & b.named else 0.0
    if same_value:
        distinctive = len(a.value.replace(".", "").replace("-", "").strip("0")) >= 2 or a.unit in ("$", "%", "vote")
        return min(1.0, (0.6 if distinctive else 0.25) + 0.35 * measure + max(verbs, 0.0) + actor + named)
    if a.unit == "vote" or _named_clash(a.actor, b.actor):
        return 0.0  # two tallies in one story are two votes unless a source says otherwise
    value = max(0.0, 0.45 * measure + verbs + actor + named + (0.1 if a.key == b.key and measure else 0.0))
    keyed = a.key.split("|")[1] if a.key.count("|") >= 3 else ""
    owned = (a.actor and a.actor == b.actor) or (a.owner and a.owner == b.owner) or (keyed and a.key == b.key)
    if measure < 1.0 or not owned or verbs < 0 or _far_apart(a.value, b.value):
        # Different figures are one claim's only when they count the same thing of the same
        # owner: "45,000 people" who might see a post are not the "198 people" he follows.
        return min(value, 0.5)
    return value


def _far_apart(x: str, y: str, ratio: float = 2.0) -> bool:
    """Figures more than ``ratio`` apart: outlets misreport a figure by a margin, not by orders of
    magnitude, so "$141 million" and "$750,000" earned are two different sums."""
    try:
        low, high = sorted((abs(float(x)), abs(float(y))))
    except ValueError:
        return False
    return high > ratio * low if low else high > 0


def _blocks(frame: Frame, weights: Weights) -> set[tuple[str, ...]]:
    keys: set[tuple[str, ...]] = {("key", frame.key)}
    for entity in {frame.actor, frame.counterpart} | set(frame.named):
        if entity:
            keys.add((frame.kind, "entity", entity))
    if frame.kind == "quantity":
        keys.add(("quantity", frame.unit, frame.value))
        keys.update(("quantity", "measure", m) for m in frame.measure)
    else:
        rare = sorted(frame.words, key=lambda w: (-weights.idf.get(w, 0.0), w))[:6]
        keys.update((frame.kind, "word", w) for w in rare)
    return keys


def align(rows: list[dict[str, Any]], entities: Iterable[Entity], settings: dict[str, Any]) -> None:
    """Give rows that state one claim one ``claim_key`` and count ``related_outlets`` (in place)."""
    options = settings.get("alignment") or {}
    strict, lenient = float(options.get("strict", STRICT)), float(options.get("lenient", LENIENT))
    entities = list(entities)
    forms = _forms_by_source(entities)
    named_in: dict[tuple[str, str], frozenset[str]] = {}
    frames = [frame_of(i, row, forms, named_in) for i, row in enumerate(rows)]
    weights = Weights(frames)
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for frame in frames:
        for key in _blocks(frame, weights):
            postings[key].append(frame.index)
    candidates: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) > MAX_BLOCK:
            continue
        for n, i in enumerate(members):
            for j in members[n + 1:]:
                if frames[i].outlet != frames[j].outlet:
                    candidates.add((i, j) if i < j else (j, i))
    scored = sorted(((round(score(frames[i], frames[j], weights), 9), i, j) for i, j in candidates),
                    key=lambda t: (-t[0], t[1], t[2]))
    related: dict[int, set[str]] = defaultdict(set)
    taken: set[tuple[int, str]] = set()
    parent = list(range(len(rows)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for value, i, j in scored:
        if value < lenient:
            break
        related[i].add(frames[j].outlet)
        related[j].add(frames[i].outlet)
        if value < strict or (i, frames[j].outlet) in taken or (j, frames[i].outlet) in taken:
            continue
        taken.update({(i, frames[j].outlet), (j, frames[i].outlet)})
        parent[find(i)] = find(j)
    _join_within_outlets(frames, find, parent)
    _name_clusters(rows, frames, find, related, {e.id: e.name for e in entities})


def _join_within_outlets(frames: list[Frame], find: Any, parent: list[int]) -> None:
    """Rows of one outlet with the same exact key and compatible times (and, for figures, the same
    value) are one claim said twice."""
    first: dict[tuple[str, str], list[Frame]] = defaultdict(list)
    for frame in frames:
        first[(frame.outlet, frame.key)].append(frame)
    for group in first.values():
        for frame in group[1:]:
            anchor = next((g for g in group if g.index != frame.index and _times(g, frame) in ("same", "")
                           and (frame.kind != "quantity" or g.value == frame.value)
                           and find(g.index) != find(frame.index)), None)
            if anchor is not None:
                parent[find(frame.index)] = find(anchor.index)


def _name_clusters(rows: list[dict[str, Any]], frames: list[Frame], find: Any, related: dict[int, set[str]],
                   names: dict[str, str]) -> None:
    """Each cluster takes the exact key of its first row (by source and line), numbered when two
    clusters would share one; ``related_outlets`` counts other outlets that may report it."""
    clusters: dict[int, list[int]] = defaultdict(list)
    for frame in frames:
        clusters[find(frame.index)].append(frame.index)
    order = sorted(clusters.values(), key=lambda m: min((rows[i]["source"], rows[i]["line"], rows[i]["start"], i) for i in m))
    used: dict[str, int] = defaultdict(int)
    for members in order:
        head = min(members, key=lambda i: (rows[i]["source"], rows[i]["line"], rows[i]["start"], i))
        base = frames[head].key
        used[base] += 1
        key = base if used[base] == 1 else f"{base}#{used[base]}"
        outlets = {frames[i].outlet for i in members}
        others = set().union(*(related[i] for i in members)) - outlets
        for i in members:
            rows[i]["claim_key"] = key
            rows[i]["related_outlets"] = len(others)
            if not rows[i]["entity_names"] and frames[i].named and names:
                # An unnamed actor ("one of the oldest civil rights groups"): the claim is about
                # the named things of its sentence.
                rows[i]["entity_names"] = tuple(sorted(names[e] for e in frames[i].named if e in names)[:2])
