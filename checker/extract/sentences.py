"""Sentences, clauses and entities of a parse, indexed once per Doc.

spaCy answers ``token.sent``, ``span.ents`` and ``token.children`` by scanning the sentence,
the whole document or the token's subtree on every call. An extractor asks them once per
predicate, so on an endless sentence (a pasted list, text without full stops) the cost grows
with the square of the length. ``doc_index(doc)`` builds the answers in one pass and keeps
them on the Doc, so each question costs what its answer costs.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

#: Dependencies that open a clause of their own (for a verb): its qualifiers are not its head's.
CLAUSE_DEPS = frozenset({"ccomp", "relcl", "advcl", "xcomp", "conj", "parataxis", "csubj", "acl", "pcomp"})
#: A sentence longer than this is quoted by a window around the predicate, not whole.
MAX_QUOTE = 1000
QUOTE_CONTEXT = 300
_KEY = "checker.doc_index"
_STARTS_KEY = "checker.sentence_starts"
_TEXT_KEY = "checker.text"


@dataclass
class DocIndex:
    """Sentence starts, the clause each token belongs to, entities by clause, "according" by sentence."""

    doc: Doc
    starts: list[int]
    owners: list[int]
    clause_ents: dict[int, list[Span]]
    according: dict[int, list[Token]]
    text: str  # ``doc.text``, which spaCy joins anew on every access
    kids: list[list[int]]
    deps: list[str] = field(default_factory=list)
    by_dep: dict[int, dict[str, list[int]]] = field(default_factory=dict)

    def dependents(self, token: Token, deps: tuple[str, ...]) -> list[Token]:
        """The children of ``token`` with one of ``deps``, from a table of its children by
        relation built on first use: a verb with thousands of conjuncts (a text without a full
        stop) is scanned once, not once per question asked of it."""
        table = self.by_dep.get(token.i)
        if table is None:
            table = {}
            for k in self.kids[token.i]:
                table.setdefault(self.deps[k], []).append(k)
            self.by_dep[token.i] = table
        return [self.doc[k] for dep in deps for k in table.get(dep, ())]

    def children(self, token: Token) -> list[Token]:
        """``token.children`` (spaCy scans the token's whole subtree span for them)."""
        return [self.doc[i] for i in self.kids[token.i]]

    def clause_descendants(self, token: Token, depth: int) -> list[Token]:
        """Tokens at most ``depth`` arcs below ``token`` in its own clause (nested clauses
        left out), in document order."""
        found, frontier = [], [token.i]
        for _ in range(depth):
            frontier = [k for i in frontier for k in self.kids[i] if not is_clause_verb(self.doc[k])]
            found.extend(frontier)
        return [self.doc[i] for i in sorted(found)]

    def sentence(self, token: Token) -> Span:
        """The sentence of ``token`` (``token.sent`` without the scan)."""
        n = bisect.bisect_right(self.starts, token.i) - 1
        end = self.starts[n + 1] if n + 1 < len(self.starts) else len(self.doc)
        return self.doc[self.starts[n]:end]

    def owner(self, token: Token) -> int:
        """Index of the token that heads ``token``'s clause: the first verb opening a clause, or the root."""
        return self.owners[token.i]

    def ents_in_clause(self, token: Token) -> list[Span]:
        """Entities whose first word (or root, after a preposition) is in ``token``'s clause, in order."""
        return self.clause_ents.get(self.owners[token.i], [])

    def according_in(self, token: Token) -> list[Token]:
        """The words "according"/"accord" of ``token``'s sentence."""
        return self.according.get(bisect.bisect_right(self.starts, token.i) - 1, [])

    def quote(self, anchor: Token) -> tuple[int, int]:
        """Character span quoted for a predicate: its sentence, or a window of it around the
        predicate when the sentence runs past ``MAX_QUOTE`` characters."""
        sent = self.sentence(anchor)
        if sent.end_char - sent.start_char <= MAX_QUOTE:
            return sent.start_char, sent.end_char
        low, high = anchor.idx - QUOTE_CONTEXT, anchor.idx + len(anchor) + QUOTE_CONTEXT
        first, last = anchor.i, anchor.i
        while first > sent.start and self.doc[first - 1].idx >= low:
            first -= 1
        while last + 1 < sent.end and self.doc[last + 1].idx + len(self.doc[last + 1]) <= high:
            last += 1
        return self.doc[first].idx, self.doc[last].idx + len(self.doc[last])


def is_clause_verb(token: Token) -> bool:
    """True for a verb that opens a clause of its own under its head."""
    return token.dep_ in CLAUSE_DEPS and token.pos_ in ("VERB", "AUX")


def doc_index(doc: Doc) -> DocIndex:
    """The index of ``doc``, built on first use and kept in ``doc.user_data``."""
    index = doc.user_data.get(_KEY)
    if index is None or index.doc is not doc:
        index = _build(doc)
        doc.user_data[_KEY] = index
    return index


def doc_text(doc: Doc) -> str:
    """``doc.text``, which spaCy joins anew on every access, kept on the Doc."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def keep_text(doc: Doc, text: str) -> None:
    """Remember ``text`` as the text of ``doc``, parsed from it (spaCy's tokens keep every
    character, so ``doc.text`` would join the same string back from a Token per word)."""
    doc.user_data[_TEXT_KEY] = text


def release(doc: Doc) -> None:
    """Drop what the extractors kept on a Doc they are done with. The index and the memos of
    tokens refer back to the Doc, a cycle that reference counting never frees: every parse waited,
    with a list per word, for the cyclic collector's oldest generation (released, the collector's
    time on the 72 BASIL stories went from 1.40 s to 0.71 s of a 25 s run)."""
    doc.user_data.clear()


def token_strings(doc: Doc, attr: str) -> list[str]:
    """``token.text`` (``attr`` "ORTH") or ``token.lower_`` ("LOWER") of every token, read from the
    Doc's array of string ids: a Token object per word costs more than the test it is asked for.
    Kept on the Doc."""
    key = f"checker.strings.{attr}"
    found = doc.user_data.get(key)
    if found is None:
        from spacy import attrs

        ids = doc.to_array(getattr(attrs, attr)).tolist() if len(doc) else []
        strings = doc.vocab.strings
        names = {value: strings[value] for value in set(ids)}
        found = doc.user_data[key] = [names[value] for value in ids]
    return found


def token_flags(doc: Doc, attr: str) -> list[bool]:
    """A boolean lexical attribute of every token ("IS_SPACE", "LIKE_NUM"), from the Doc's array."""
    from spacy import attrs

    return [bool(value) for value in doc.to_array(getattr(attrs, attr)).tolist()] if len(doc) else []


def sentence_starts(doc: Doc) -> list[int]:
    """Index of the first token of each sentence, as ``doc.sents`` gives them, read from the
    Doc's sentence-start array (``doc.sents`` builds a Span per sentence); kept on the Doc."""
    starts = doc.user_data.get(_STARTS_KEY)
    if starts is None:
        from spacy.attrs import SENT_START

        if "sents" in doc.user_hooks or not len(doc) or not doc.has_annotation("SENT_START"):
            starts = [sent.start for sent in doc.sents]  # spaCy's own answer (or error)
        else:
            import numpy as np

            starts = [0] + [i for i in np.flatnonzero(doc.to_array(SENT_START) == 1).tolist() if i]
        doc.user_data[_STARTS_KEY] = starts
    return starts


def _build(doc: Doc) -> DocIndex:
    """One pass over the Doc's arrays (heads, relations, parts of speech): a Token object per
    word would cost more than the index itself."""
    import numpy as np
    from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS
    from spacy.parts_of_speech import IDS

    n = len(doc)
    starts = sentence_starts(doc) or [0]
    columns = doc.to_array([HEAD, DEP, POS, LOWER, LEMMA]) if n else None
    heads = (columns[:, 0].astype("int64") + np.arange(n, dtype="int64")).tolist() if n else []
    dep_ids = columns[:, 1].tolist() if n else []
    strings = doc.vocab.strings
    names = {value: strings[value] for value in set(dep_ids)}
    deps = [names[value] for value in dep_ids]
    verbs = {IDS["VERB"], IDS["AUX"]}
    stops = [head == i or (dep in CLAUSE_DEPS and pos in verbs)
             for i, (head, dep, pos) in enumerate(zip(heads, deps, columns[:, 2].tolist() if n else []))]
    owners = [-1] * n
    for i in range(n):
        path = []
        j = i
        while owners[j] < 0 and not stops[j]:
            path.append(j)
            j = heads[j]
        owner = j if owners[j] < 0 else owners[j]
        owners[j] = owner if stops[j] else owners[j]
        for k in path:
            owners[k] = owner
    clause_ents: dict[int, list[Span]] = {}
    for ent in doc.ents:
        first = ent[0] if ent[0].pos_ != "ADP" else ent.root
        clause_ents.setdefault(owners[first.i], []).append(ent)
    according: dict[int, list[Token]] = {}
    if n:
        # the hashes pick the few candidates; the test on their text is the one that decides
        lower, lemma = strings["according"], strings["accord"]
        for i in np.flatnonzero((columns[:, 3] == lower) | (columns[:, 4] == lemma)).tolist():
            token = doc[i]
            if token.lower_ == "according" or token.lemma_ == "accord":
                according.setdefault(bisect.bisect_right(starts, i) - 1, []).append(token)
    kids: list[list[int]] = [[] for _ in range(n)]
    for i, head in enumerate(heads):
        if head != i:
            kids[head].append(i)
    return DocIndex(doc, starts, owners, clause_ents, according, doc_text(doc), kids, deps)
