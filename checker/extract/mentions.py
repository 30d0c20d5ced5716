"""Name mentions in one parsed article: cleaned NER spans, surname links and coreference.

spaCy's small model misses or mislabels names (a surname swallowed into a date, a title tagged
as a person). This module repairs what can be repaired from the article itself: any token that
repeats a word of a full name already seen is a mention of that person; pronouns and
descriptions ("the billionaire", "the company") point back to the most salient compatible name.
"""

from __future__ import annotations

import bisect

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy is imported only when a parse is needed: cached runs never load it
    from spacy.tokens import Doc, Span, Token

from checker.model import Article, Mention

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
#: The sex each person pronoun refers to.
PRONOUN_SEX = {"he": "male", "him": "male", "his": "male", "himself": "male",
               "she": "female", "her": "female", "hers": "female", "herself": "female"}
ORG_PRONOUNS = {"it", "its", "itself"}


@dataclass
class ArticleMentions:
    """Mentions of one article and the token index that maps tokens to them."""

    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # mention id -> token span
    sentences: dict[int, int] = field(default_factory=dict)  # token index -> sentence number
    by_id: dict[str, Mention] = field(default_factory=dict)  # the mentions by id (kept with ``mentions``)

    def add(self, mention: Mention, start: int, end: int) -> None:
        """Register a mention covering tokens ``start..end-1``."""
        self.mentions.append(mention)
        self.by_id[mention.id] = mention
        self.spans[mention.id] = (start, end)
        for i in range(start, end):
            self.by_token.setdefault(i, mention)

    def head(self, mention: Mention) -> Mention:
        """Follow antecedent links to the named mention a surname, pronoun or description stands for."""
        seen = self.by_id
        while mention.antecedent and mention.antecedent in seen:
            mention = seen[mention.antecedent]
        return mention


_TITLE_WORDS: list[Any] = [None, None]


def _title_words(lex: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Lower-cased ``(not_names | honorifics, heads)`` of the titles lexicon, remembered for the
    last ``lex`` seen (one per run): ``_trim`` asks for them once per entity."""
    if _TITLE_WORDS[0] is not lex:
        titles = lex["titles"]
        not_names = {w.lower() for w in titles["not_names"]} | {w.lower() for w in titles["honorifics"]}
        _TITLE_WORDS[:] = [lex, (not_names, {str(w).lower() for w in titles["heads"]})]
    return _TITLE_WORDS[1]


def _trim(span: Span, lex: dict[str, Any]) -> tuple[int, int]:
    start, end = span.start, span.end
    doc = span.doc
    not_names, heads = _title_words(lex)
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    if span.label_ == "PERSON":
        titled = [t.i for t in doc[start:end - 1] if t.lower_ in heads and t.is_title or t.lower_ in not_names]
        if titled:
            start = titled[-1] + 1  # "<Org> Chief Executive <First Last>" tagged as one person
    return start, end


def _mention(article: Article, doc: Doc, ident: str, start: int, end: int, label: str, **extra: Any) -> Mention:
    span = doc[start:end]
    offset = article.body_start + span.start_char
    sentence = extra.pop("sentence")
    return Mention(
        id=ident, source=article.id, text=span.text, label=label,
        start=offset, end=offset + len(span.text), line=article.line_of(span.start_char),
        sentence=sentence, **extra,
    )


def tokens_with_pos(doc: Doc, tags: tuple[str, ...]) -> list[Any]:
    """The tokens whose part of speech is one of ``tags``, in order, picked from the Doc's POS
    array: building a Token object for every word costs more than the extractors' own tests."""
    memo = doc.user_data.setdefault("checker_pos", {})
    if tags not in memo:
        memo[tags] = [doc[i] for i in positions_with_pos(doc, tags)]
    return memo[tags]


def positions_with_pos(doc: Doc, tags: tuple[str, ...]) -> list[int]:
    """Indices of the tokens whose part of speech is one of ``tags``, in order (no Token built)."""
    import numpy as np
    from spacy.attrs import POS
    from spacy.parts_of_speech import IDS

    if "checker_pos_array" not in doc.user_data:
        doc.user_data["checker_pos_array"] = doc.to_array(POS)
    return np.flatnonzero(np.isin(doc.user_data["checker_pos_array"], [IDS[t] for t in tags])).tolist()


def _sentence_index(doc: Doc) -> dict[int, int]:
    from checker.extract.sentences import sentence_starts

    starts = sentence_starts(doc)
    index = {}
    for n, (start, end) in enumerate(zip(starts, starts[1:] + [len(doc)])):
        for i in range(start, end):
            index[i] = n
    return index


def headline_end(doc: Doc) -> int:
    """Character offset where a headline first line ends, else 0.

    A body that opens with its headline ("Senator Rips Plan at Summit", no full stop, most words
    capitalised) repeats the title: NER reads title-case runs as names ("Glenn Beck Rips"), so
    names are only taken from it when the story names them elsewhere.
    """
    from checker.extract.sentences import doc_text

    text = doc_text(doc)
    end = text.find("\n")
    line = text[:end if end >= 0 else len(text)].strip()
    words = [w for w in line.split() if w[:1].isalpha()]
    if not words or len(words) > 20 or line[-1:] in ".!?\"”’:;,":
        return 0
    content = [w for w in words if len(w) > 3]
    capitalised = sum(w[:1].isupper() for w in content)
    return end if end > 0 and content and capitalised * 3 >= len(content) * 2 else 0


_PAST = {"former", "ex", "late", "then"}
_QUOTES = {'"', "“", "”", "‘", "’", "'", "``", "''"}


def _person_like(doc: Doc, start: int, end: int, common: set[str]) -> bool:
    """A person's name is capitalised words that are not pronouns, determiners, lower-case or common
    words ("His Hat", "Breaking News" are not people)."""
    for token in doc[start:end]:
        if token.is_punct or token.text.endswith(".") or token.lower_ in ("ii", "iii", "iv", "jr", "sr"):
            continue
        if token.pos_ in ("PRON", "DET", "CCONJ", "SCONJ", "NUM") or token.lower_ in common:
            return False
        if token.is_alpha and token.is_lower and len(token) > 3:  # "marijuana arrests"; "de", "van", "bin" pass
            return False
    return True


def names_a_thing(doc: Doc, start: int, end: int) -> bool:
    """A one-word name that modifies a capitalised noun names that thing, not a person
    ("the Keel Gallery", "Brandt Tower")."""
    if end - start != 1:
        return False
    head = doc[start].head
    return doc[start].dep_ == "compound" and head.i > start and head.text[:1].isupper() and head.pos_ in ("PROPN", "NOUN")


def _outlet_like(doc: Doc, start: int, end: int, outlet_words: set[str]) -> bool:
    """A one-word "person" described as a site, newspaper or network ("X, a news site, reported")."""
    if end - start != 1:
        return False
    token = doc[start]
    nouns = [c for c in token.children if c.dep_ == "appos"] + ([token.head] if token.dep_ == "appos" else [])
    return any(n.lower_ in outlet_words or any(c.lower_ in outlet_words for c in n.children) for n in nouns)


def _name_spans(doc: Doc, lex: dict[str, Any]) -> list[tuple[int, int, str]]:
    """The cleaned name spans of a parse, worked out once per Doc and lexicon (``names_in`` and
    ``find_mentions`` both ask)."""
    memo = doc.user_data.get("checker.name_spans")
    if memo is None or memo[0] is not lex:
        memo = doc.user_data["checker.name_spans"] = (lex, _clean_name_spans(doc, lex))
    return list(memo[1])


def _clean_name_spans(doc: Doc, lex: dict[str, Any]) -> list[tuple[int, int, str]]:
    spans = []
    names = lex["names"]
    common = {str(w).lower() for w in names.get("not_person_words") or ()}
    outlet_words = {str(w).lower() for w in names.get("outlet_words") or ()}
    headline = headline_end(doc)
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS or ent.start_char < headline:
            continue
        start, end = _trim(ent, lex)
        commas = [t.i for t in doc[start:end] if t.text == ","]
        if ent.label_ == "PERSON" and commas and doc[end - 1].lower_.strip(".") not in ("jr", "sr", "ii", "iii"):
            start = commas[-1] + 1  # "<Org>, <First Last>" read as one name: the name is after the comma
        quotes = [t.i for t in doc[start:end] if t.text in _QUOTES and t.tag_ != "POS"]
        if len(quotes) % 2:  # 'First "Nick': the span crosses a quotation mark; the name is on one side
            before, after = (start, quotes[0]), (quotes[-1] + 1, end)
            start, end = before if any(t.is_alpha for t in doc[before[0]:before[1]]) else after
        label = ent.label_
        if label == "PERSON" and (not _person_like(doc, start, end, common) or names_a_thing(doc, start, end)):
            continue
        if label == "PERSON" and _outlet_like(doc, start, end, outlet_words):
            label = "ORG"
        if start < end and any(t.is_alpha for t in doc[start:end]):
            spans.append((start, end, label))
    return spans


def names_in(doc: Doc, lex: dict[str, Any]) -> list[tuple[str, str]]:
    """``(text, label)`` of every cleaned name span in a parse: the story-wide name list is built from these."""
    return [(doc[start:end].text, label) for start, end, label in _name_spans(doc, lex)]


def story_names(per_article: list[list[tuple[str, str]]]) -> dict[str, str]:
    """Majority label of every name across a story's articles (NER labels one name differently in
    places); a single word that is part of a multi-word person name is that person's."""
    votes: dict[str, dict[str, int]] = {}
    for names in per_article:
        for text, label in names:
            votes.setdefault(text, {}).setdefault(label, 0)
            votes[text][label] += 1
    known = {text: max(sorted(labels), key=lambda lab: labels[lab]) for text, labels in sorted(votes.items())}
    person_words = {w for text, label in known.items() if label == "PERSON" and " " in text for w in text.split()}
    # A bare brand is its company: "<Brand>" beside "<Brand> Robotics Inc." (unless a person has that name).
    org_first = {text.split()[0] for text, label in known.items() if label == "ORG" and " " in text}
    return {text: ("PERSON" if text in person_words else "ORG" if text in org_first and label == "PERSON" else label)
            for text, label in known.items()}


_CANDIDATES: list[Any] = [None, None]


def _candidates(known: dict[str, str]) -> list[tuple[str, str]]:
    """Names to look for, longest first: every known name and, for a two-word person name, the
    other order and each word (remembered for the last ``known`` seen: one story at a time)."""
    if _CANDIDATES[0] is not known:
        candidates: dict[str, str] = {}
        for text, label in known.items():
            words = text.split()
            candidates.setdefault(text, label)
            if label == "PERSON" and len(words) == 2:
                candidates.setdefault(f"{words[1]} {words[0]}", label)
                for word in words:
                    candidates.setdefault(word, label)
        _CANDIDATES[:] = [known, [kv for kv in sorted(candidates.items(), key=lambda kv: (-len(kv[0]), kv[0]))
                                  if kv[0][:1].isupper()]]
    return _CANDIDATES[1]


#: A character that continues a word: a candidate name must not touch one on either side.
_WORD_CHAR = re.compile(r"[\w-]")


def _matches(text: str, body: str) -> list[tuple[int, int]]:
    r"""Character spans of ``text`` in ``body`` as a whole word, left to right and not overlapping
    (``re.finditer`` of ``(?<![\w-])text(?![\w-])``): ``str.find`` jumps to each occurrence and only
    its two neighbours are tested, where a regex search would try every position and each
    candidate name would need a compiled pattern of its own."""
    found = []
    at = body.find(text)
    while at >= 0:
        end = at + len(text)
        if (at == 0 or not _WORD_CHAR.match(body, at - 1)) and not _WORD_CHAR.match(body, end):
            found.append((at, end))
            at = body.find(text, end)
        else:
            at = body.find(text, at + 1)
    return found


_WORDS = re.compile(r"\w+")


def _known_spans(doc: Doc, body: str, known: dict[str, str], taken: set[int]) -> list[tuple[int, int, str]]:
    """Spans NER missed in this article that repeat a name found elsewhere in the story (a person's
    two-word name also in the other order, "Given Family" for "Family Given"). ``body`` is the
    Doc's text (spaCy rebuilds ``Doc.text`` on every access)."""
    spans = []
    words = set(_WORDS.findall(body))  # a name whose first word the article lacks is not in it
    for text, label in _candidates(known):
        first = _WORDS.match(text)
        if (first is not None and first.group() not in words) or text not in body:
            continue
        for begin, end in _matches(text, body):
            span = doc.char_span(begin, end, alignment_mode="expand")
            if span is None or taken & set(range(span.start, span.end)):
                continue
            if label == "PERSON" and names_a_thing(doc, span.start, span.end):
                continue
            spans.append((span.start, span.end, label))
            taken.update(range(span.start, span.end))
    return spans


def find_mentions(article: Article, doc: Doc, lex: dict[str, Any], known: dict[str, str] | None = None) -> ArticleMentions:
    """Return every name mention of the article, with surnames, pronouns and descriptions linked.

    ``known`` maps names found anywhere in the story to their majority label: names NER missed
    here are added, and labels are made consistent across the story.
    """
    sentences = _sentence_index(doc)
    found = ArticleMentions(sentences=sentences)
    known = known or {}
    spans = _name_spans(doc, lex)
    longer = [s for s in _known_spans(doc, article.text, known, set()) if s[1] - s[0] > 1]
    # A story-wide name wins over a shorter NER span inside it ("Given Family" tagged as "Family").
    spans = [s for s in spans if not any(k[0] <= s[0] and s[1] <= k[1] and (k[1] - k[0]) > (s[1] - s[0])
                                         for k in longer)]
    taken = {i for start, end, _ in spans for i in range(start, end)}
    spans += _known_spans(doc, article.text, known, taken)
    counter = 0
    for start, end, label in sorted(spans):
        counter += 1
        label = known.get(doc[start:end].text, label)
        mention = _mention(article, doc, f"{article.id}:m{counter}", start, end, label, sentence=sentences[start])
        found.add(mention, start, end)
    counter = _link_name_parts(article, doc, found, sentences, counter)
    _link_references(article, doc, found, sentences, counter, lex)
    found.mentions.sort(key=lambda m: m.start)
    return found


def _link_name_parts(article: Article, doc: Doc, found: ArticleMentions, sentences: dict[int, int], counter: int) -> int:
    """Link single-word mentions to the full name they repeat; add mentions NER missed."""
    full: dict[str, Mention] = {}
    for mention in sorted(found.mentions, key=lambda m: m.start):
        words = mention.text.split()
        if mention.label == "PERSON" and len(words) >= 2:
            for word in words:
                full.setdefault(word.strip(".,"), mention)
    linked = []
    for mention in found.mentions:
        word = mention.text.strip()
        target = full.get(word)
        if target is not None and target.id != mention.id and " " not in word and target.start < mention.start:
            mention = Mention(**{**mention.__dict__, "label": "PERSON", "form": "surname",
                                 "antecedent": target.id, "reason": f"part of {target.text} in the same article"})
        linked.append(mention)
    found.mentions[:] = linked
    found.by_id.update((m.id, m) for m in linked)
    for m in linked:
        start, end = found.spans[m.id]
        for i in range(start, end):
            found.by_token[i] = m
    for token in tokens_with_pos(doc, ("PROPN",)):
        if token.text not in full:
            continue
        current = found.by_token.get(token.i)
        if current is not None and current.label in ("PERSON", "ORG", "GPE"):
            continue
        target = full[token.text]
        if target.start > article.body_start + token.idx:
            continue
        counter += 1
        mention = _mention(article, doc, f"{article.id}:m{counter}", token.i, token.i + 1, "PERSON",
                           sentence=sentences[token.i], form="surname", antecedent=target.id,
                           reason=f"part of {target.text} in the same article")
        for i in (token.i,):
            found.by_token[i] = mention
        found.mentions.append(mention)
        found.by_id[mention.id] = mention
        found.spans[mention.id] = (token.i, token.i + 1)
    return counter


class _Earlier:
    """The mentions of one label that come before an offset, the nearest ``WINDOW`` of them: a
    reference looks back that far and no further, so that an article of any length is linked in
    time linear in its length (each lookup is a binary search and a bounded slice)."""

    WINDOW = 600

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    def add(self, mention: Mention) -> None:
        at = bisect.bisect_right(self.starts, mention.start)
        self.starts.insert(at, mention.start)
        self.mentions.insert(at, mention)

    def before(self, offset: int) -> list[Mention]:
        end = bisect.bisect_left(self.starts, offset)
        return self.mentions[max(0, end - self.WINDOW):end]


def _salient(found: ArticleMentions, earlier: _Earlier, before: int, prefer_subject: bool, doc: Doc,
             sentence: int | None = None, unlike: frozenset[str] = frozenset()) -> Mention | None:
    """The antecedent for a reference at file offset ``before``: the one named earlier in its own
    sentence when only one is ("... Ana's first appearance since she apologized"), else the most
    recent subject of that type in this or the previous sentence, else the most mentioned one so far.
    ``unlike``: head mention ids the reference cannot be (a person of the other sex)."""
    candidates = earlier.before(before)  # the type's mentions that can be referred to
    if unlike:
        candidates = [m for m in candidates if found.head(m).id not in unlike]
    if not candidates:
        return None
    if sentence is not None:
        here = {found.head(m).id: found.head(m) for m in candidates[-8:] if m.sentence == sentence}
        if len(here) == 1:
            return next(iter(here.values()))
    if prefer_subject:
        for m in sorted(candidates, key=lambda m: -m.start)[:6]:
            tokens = found.spans[m.id]
            root = doc[tokens[0]:tokens[1]].root
            if root.dep_ in ("nsubj", "nsubjpass"):
                return found.head(m)
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    first_of: dict[str, Mention] = {}
    for m in candidates:
        head = found.head(m)
        group = head.text.split()[0].lower() if head.text.split() else head.id
        first_of.setdefault(group, head)
        counts[group] = counts.get(group, 0) + 1
        last[group] = m.start
    best = max(counts, key=lambda k: (counts[k], last[k]))
    return first_of[best]


@dataclass
class Roles:
    """What an article calls each named person or organisation (keys: head mention ids).

    ``words``: every role word. ``standing``: the words given as a standing title, before the
    name ("Sen.", "House Speaker") or in an apposition or predicate without a complement ("X, the
    billionaire"). ``posts``: (word, head noun of the complement) of a post of something ("X,
    the president of <a body>", "<the body>'s chair, X"), a role that only that complement or the
    nearest mention makes the bare word.
    """

    words: dict[str, set[str]] = field(default_factory=dict)
    standing: dict[str, set[str]] = field(default_factory=dict)
    posts: dict[str, set[tuple[str, str]]] = field(default_factory=dict)


def complement(noun: Any) -> str:
    """The head noun of what a role noun is the post of: "of the Velmont Board" or "the Velmont
    Board's" → "board"; "" for a bare role (a pronoun's "his chairman" included)."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c.lower_ for c in child.children if c.dep_ == "pobj"), "")
        if child.dep_ == "poss" and child.tag_ != "PRP$":
            return child.lower_
    return ""


def _roles(doc: Doc, found: ArticleMentions, label: str, legal: set[str], abbreviations: dict[str, str]) -> Roles:
    """The role words this article gives each person or organisation: words right before a name
    ("Sen.", "House Speaker", "businessman"), an apposition ("X, the billionaire"), a predicate
    ("X is a businessman"), an organisation's own name words, and "company" for a name with a
    legal suffix."""
    roles = Roles()
    def norm(word: str) -> str:
        return abbreviations.get(word, word).strip(".")
    for mention in found.mentions:
        if mention.label != label or mention.form not in ("name", "surname"):
            continue
        start, end = found.spans[mention.id]
        words: list[str] = []
        i = start - 1
        while i >= 0 and start - i <= 4 and doc[i].pos_ in ("PROPN", "NOUN", "ADJ") and doc[i].text[:1].isalpha():
            words.append(doc[i].lower_)
            i -= 1
        if any(w in _PAST for w in words):  # "former President X" is not "the president" now
            words = ["former"]
        root = doc[start:end].root
        nouns = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            nouns.append(root.head)
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ == "be":
            nouns += [c for c in root.head.children if c.dep_ == "attr"]
        posts: set[tuple[str, str]] = set()
        for noun in nouns:
            near = [noun.lower_] + [c.lower_ for c in noun.children if c.dep_ in ("compound", "amod")]
            of = complement(noun)
            if of:
                posts |= {(norm(w), of) for w in near}
            else:
                words += near
        if label == "ORG":
            words += [t.lower_ for t in doc[start:end]]
            if any(t.lower_.strip(".,") in legal for t in doc[start + 1:end]):
                words.append("company")
        target = found.head(mention)
        standing = {norm(w) for w in words}
        roles.standing.setdefault(target.id, set()).update(standing)
        roles.posts.setdefault(target.id, set()).update(posts)
        roles.words.setdefault(target.id, set()).update(standing | {w for w, _of in posts})
    return roles


def _other_sex(roles: Roles, gendered: dict[str, Any]) -> dict[str, frozenset[str]]:
    """Pronoun sex → head mention ids of the people the article shows to be of the other sex
    (``gendered_words`` of names.yaml among their role words); a person given words of both
    is left out of both."""
    words = {sex: {str(w).lower().strip(".") for w in gendered.get(sex) or ()} for sex in ("female", "male")}
    known: dict[str, set[str]] = {"female": set(), "male": set()}
    for head, said in roles.words.items():
        sexes = [sex for sex in ("female", "male") if said & words[sex]]
        if len(sexes) == 1:
            known[sexes[0]].add(head)
    return {"male": frozenset(known["female"]), "female": frozenset(known["male"])}


def _described(found: ArticleMentions, earlier: _Earlier, before: int, accepted: set[str], titles: set[str],
               roles: Roles, fallback: bool, of: str = "", unnamed: tuple[int, ...] = (),
               legal: frozenset[str] = frozenset()) -> Mention | None:
    """The named candidate before ``before`` (among ``earlier``, the names of its type) that a
    description fits, or None.

    Exactly one candidate whose roles in this article fit it ("Rep. X" → "the congressman"), and
    it is the nearest candidate whose roles do not rule it out. A description with a complement
    ("the mayor of <a city>") names that post: it fits only who the article gives that very post.
    A person the article gives the word only as a post of something ("X, the president of <a
    body>") fits the bare word only as the person last named, nobody in between.
    Failing a fit, for a description of ``dominant_descriptions`` (names.yaml) only, the dominant
    one (at least three mentions, twice as many as any other) of the candidates the article gives
    no title (nor a former one) that contradicts the description ("Velmont's founder" → "the
    billionaire", but never a "Majority Leader" → "the president"). For an organisation, only a
    company word ("the company", "the firm") falls back so, and never to a committee or a party.
    ``unnamed``: offsets of an unnamed one the article introduced ("one union official said"):
    a description after it and after the candidate's last mention is that one, nobody named.
    """
    fits: dict[str, Mention] = {}
    counts: dict[str, int] = {}
    heads: dict[str, Mention] = {}
    latest: dict[str, int] = {}
    for m in earlier.before(before):
        head = found.head(m)
        words = [w for w in head.text.lower().split() if w.strip(".,") not in legal]  # "Velmont Foods Ltd." is "foods"
        group = words[-1] if words else head.id
        heads.setdefault(group, head)
        counts[group] = counts.get(group, 0) + 1
        latest[group] = max(latest.get(group, 0), m.start)
        fit = ({w for w, c in roles.posts.get(head.id, ()) if c == of} if of else roles.words.get(head.id, set()))
        if fit & accepted:
            fits.setdefault(group, head)
    if fits:
        # The one that fits must also be the nearest candidate nothing rules out.
        open_ = [g for g in heads if g in fits or not roles.words.get(heads[g].id, set()) & titles]
        nearest = max(open_, key=lambda g: latest[g])
        if len(fits) == 1 and nearest not in fits:
            # someone untitled was named since ("he told a reporter, Ana Ruiz"): the one who fits
            # is still meant when the article is about them (dominant, as below)
            only = next(iter(fits))
            if all(counts[only] >= 3 and counts[only] >= 2 * n for g, n in counts.items() if g != only):
                nearest = only
        if len(fits) != 1 or nearest not in fits or any(u > latest[nearest] for u in unnamed):
            return None
        if not of and not roles.standing.get(fits[nearest].id, set()) & accepted \
                and nearest != max(heads, key=lambda g: latest[g]):
            return None
        return fits[nearest]
    if not fallback:
        return None
    ranked = sorted((g for g in counts if not roles.words.get(heads[g].id, set()) & titles), key=lambda g: -counts[g])
    if not ranked or counts[ranked[0]] < 3 or (len(ranked) > 1 and counts[ranked[0]] < 2 * counts[ranked[1]]):
        return None
    if any(u > latest[ranked[0]] for u in unnamed):
        return None
    return heads[ranked[0]]


def _other_than_named(adjective: Token, others: set[str]) -> bool:
    """True when an adjective of a description, or one joined to it ("the colorful and sometimes
    combative congressman"), may make it someone else than a person named before ("former", "other"),
    is a name ("the Texas senator" names a post, "the Norwegian company" does not), a comparative, a
    superlative or a number."""
    words = [adjective] + [c for c in adjective.subtree if c.dep_ == "conj"]
    # a nationality or a party ("the Norwegian company", "the Republican senator") describes, not names
    return any(w.lower_ in others or (w.pos_ == "PROPN" and w.ent_type_ != "NORP") or w.tag_ in ("JJR", "JJS", "CD")
               for w in words)


_INDEFINITE = {"a", "an", "one", "another"}


def _introduced(doc: Doc, words: set[str], speech: set[str], body_start: int) -> dict[str, list[tuple[int, int]]]:
    """Description word → (token index, file offset) of each unnamed source the article quotes:
    "one union official said", "a senior official told reporters", "according to an aide". A
    generic or hypothetical one ("if a president were under investigation") brings in nobody,
    and "X, an official" or "X is an official" is X."""
    found: dict[str, list[tuple[int, int]]] = {}
    for noun in tokens_with_pos(doc, ("NOUN",)):
        if noun.lower_ not in words or any(c.dep_ == "appos" for c in noun.children):
            continue
        if not any(c.lower_ in _INDEFINITE and c.dep_ in ("det", "nummod") for c in noun.children):
            continue
        speaking = noun.dep_ == "nsubj" and noun.head.lemma_.lower() in speech
        according = noun.dep_ == "pobj" and noun.head.lower_ == "to" and noun.head.head.lower_ == "according"
        if speaking or according:
            found.setdefault(noun.lower_, []).append((noun.i, body_start + noun.idx))
    return found


def _link_references(article: Article, doc: Doc, found: ArticleMentions, sentences: dict[int, int],
                     counter: int, lex: dict[str, Any]) -> None:
    """Resolve pronouns to the latest subject of their type; a description ("the senator") to the
    one earlier name whose roles in this article fit it, else to nobody."""
    from checker.extract.sentences import token_strings

    names = lex["names"]
    person_desc = {w.lower() for w in names["person_descriptions"]}
    org_desc = {w.lower() for w in names["org_descriptions"]}
    fitting = {str(k).lower(): {str(v).lower() for v in vs} for k, vs in (names.get("description_roles") or {}).items()}
    abbreviations = {str(k).lower(): str(v).lower() for k, v in (lex["titles"].get("abbreviations") or {}).items()}
    legal = {str(w).lower().strip(".") for w in names["legal_suffixes"]}
    roles = {lab: _roles(doc, found, lab, legal, abbreviations) for lab in ("PERSON", "ORG")}
    titles = ({str(w).lower().strip(".") for w in lex["titles"]["heads"]} | set(abbreviations.values())
              | person_desc | {v for vs in fitting.values() for v in vs} | {"former"}) - {"company", "firm"}
    dominant = {str(w).lower() for w in names.get("dominant_descriptions") or ()}
    companies = {"company"} | {k for k, vs in fitting.items() if "company" in vs}
    speech = {str(k).lower() for k, v in (lex["predicates"].get("speech") or {}).items() if v == "say"}
    others = {str(w).lower() for w in names.get("other_than_named") or ()}
    unnamed = _introduced(doc, person_desc, speech, article.body_start)
    other_sex = _other_sex(roles["PERSON"], names.get("gendered_words") or {})
    named = {lab: _Earlier([m for m in found.mentions if m.label == lab and m.form in ("name", "surname")])
             for lab in ("PERSON", "ORG")}
    referable = {lab: _Earlier([m for m in found.mentions if m.label == lab and m.form != "pronoun"])
                 for lab in ("PERSON", "ORG")}
    lowers = token_strings(doc, "LOWER")
    wanted = PERSON_PRONOUNS | ORG_PRONOUNS | person_desc | org_desc  # every branch below needs one
    for i in positions_with_pos(doc, ("PRON", "NOUN")):  # and one of these
        if lowers[i] not in wanted or i in found.by_token:
            continue
        token = doc[i]
        label, form = None, ""
        if token.lower_ in PERSON_PRONOUNS and token.pos_ == "PRON":
            label, form = "PERSON", "pronoun"
        elif token.lower_ in ORG_PRONOUNS and token.pos_ == "PRON" and token.dep_ in ("nsubj", "poss", "nsubjpass"):
            label, form = "ORG", "pronoun"
        elif ((token.lower_ in person_desc or token.lower_ in org_desc) and token.pos_ == "NOUN" and token.tag_ == "NN"
              and any(c.lower_ == "the" and c.dep_ == "det" for c in token.children)
              and not any(c.dep_ in ("compound", "poss", "nmod") and not c.tag_.startswith("JJ") for c in token.children)
              and not any(c.dep_ in ("amod", "compound") and _other_than_named(c, others) for c in token.children)
              and not (token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN")  # "the president Smith named"
              # "the leader, Ada Quill": its own name ("the president himself" is no name)
              and not any(c.dep_ == "appos" and not c.lower_.endswith("self") for c in token.children)):
            label, form = ("PERSON", "description") if token.lower_ in person_desc else ("ORG", "description")
        if label is None:
            continue
        offset = article.body_start + token.idx
        if form == "description":
            accepted = {token.lower_} | fitting.get(token.lower_, set())
            # "the chairman of the party's campaign arm" names a post: only a name it fits holds it.
            of_something = any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
            conflicts = titles if label == "PERSON" else org_desc - companies
            target = _described(found, named[label], offset, accepted, conflicts, roles[label],
                                fallback=token.lower_ in dominant and not of_something,
                                of=complement(token) if label == "PERSON" else "",
                                unnamed=tuple(at for i, at in unnamed.get(token.lower_, ()) if i < token.i),
                                legal=frozenset(legal))
        else:
            target = _salient(found, referable[label], offset, prefer_subject=True, doc=doc,
                              sentence=sentences[token.i])
            unlike = other_sex.get(PRONOUN_SEX.get(token.lower_, ""), frozenset()) if label == "PERSON" else frozenset()
            if target is not None and target.id in unlike:
                # "he" for a person the article calls "Ms.": the same choice among the others only
                # (on the BASIL stories, 6 remarks and claims went to the right person or to nobody
                # instead of a wrong one, 3 to another wrong one)
                target = _salient(found, referable[label], offset, prefer_subject=True, doc=doc,
                                  sentence=sentences[token.i], unlike=unlike)
        if target is None:
            continue
        counter += 1
        start = token.i - 1 if form == "description" and token.i > 0 and doc[token.i - 1].lower_ == "the" else token.i
        mention = _mention(article, doc, f"{article.id}:m{counter}", start, token.i + 1, label,
                           sentence=sentences[token.i], form=form, antecedent=target.id,
                           reason=f"{form} resolved to {target.text} in the same article")
        found.mentions.append(mention)
        found.by_id[mention.id] = mention
        found.spans[mention.id] = (start, token.i + 1)
        for i in range(start, token.i + 1):
            found.by_token.setdefault(i, mention)
        if form != "pronoun":
            referable[label].add(mention)
