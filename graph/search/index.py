"""Full-text search over the names and descriptions of entities, positions and places.

Matching is case-, accent- and punctuation-insensitive ("san jose" finds "San José"): text is
folded (NFKD, combining marks dropped, case-folded, apostrophes removed, other punctuation turned
into spaces) and split into tokens. Every query token must match, as a prefix, a token of the
document's name, aliases, description or mention; the last query token is what a user is typing.
A query token of four letters or more that is found nowhere as written (no word of any name or
text starts with it) may match a name token one typo away (a trigram index keeps that lookup
independent of the graph's size): an exact word, "PRISM", is never traded for a similar
spelling, "PRIMA". Queries too short to mean anything are not searched (graph/search/query.py).

Scores put every match that lies wholly in a name (or alias) above every match that needs the
description: the base score is the mean of per-token weights (name: 0.56-1.0, the lower ones for
typos; description: at most 0.3), and phrase bonuses only add to it. A structure whose name
holds every query word is moved up above its sub-units that hold them too
(graph/search/nesting.py).

Documents are entities, positions, and the countries and cities structures are located in
(graph/search/docs.py); a hit says which (`Hit.subject`). Snippets carry the source text and the
highlighted spans as offsets into it, so each caller escapes and marks text its own way
(`Snippet.fragments()` splits it into plain and marked runs).

The index is compact (graph/search/postings.py, built by graph/search/state.py) and a query
reads only the postings of its own words; graph/search/select.py finds the best hits without
scoring every match, and graph/search/rank.py scores them. Its state can be kept with the parsed
data (graph/cache/store.py).
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
from collections.abc import Callable, Collection, Iterable
from typing import Any

from graph.indexes import OrgGraph
from graph.model import EntityKind
from graph.search.docs import Doc, Searchable, Subject, documents
from graph.search.fold import Folded, fold, phrase_finder
from graph.search.nesting import nest
from graph.search.postings import Postings, SortedTexts
from graph.search.query import (
    MAX_QUERY_TOKENS,
    MIN_QUERY_LENGTH,
    QueryProblem,
    Reading,
    query_tokens,
    read_query,
)
from graph.search.rank import (
    NAME_EXACT,
    NAME_FUZZY,
    NAME_PREFIX,
    TEXT_EXACT,
    TEXT_PREFIX,
    Hit,
    MatchField,
    Snippet,
    TokenMatch,
    name_texts,
    other_texts,
    score,
)
from graph.search.select import Query, TokenPlan, select
from graph.search.state import (
    FUZZY_MIN_LENGTH,
    KIND_CODES,
    STATE_FORMAT,
    SUBJECT_CODES,
    build_state,
    pair,
    trigrams,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_QUERY_TOKENS",
    "MIN_QUERY_LENGTH",
    "Doc",
    "Folded",
    "Hit",
    "MatchField",
    "QueryProblem",
    "Reading",
    "SearchIndex",
    "Snippet",
    "Subject",
    "build_state",
    "fold",
    "query_tokens",
    "read_query",
]

STATE_KEY = "search"  # where OrgGraph.prebuilt keeps a restored index state
MAX_DEPTH = 1000  # how far down the ranking a caller may page (as search engines do)
_FUZZY_CUTOFF = 0.8
_FUZZY_CANDIDATES = 5


class SearchIndex:
    """Inverted indexes over folded names and texts of one immutable graph."""

    def __init__(self, graph: OrgGraph, state: tuple[Any, ...]) -> None:
        """Bind an index state (from `build_state`, or restored) to its graph; ValueError when
        the state does not fit the graph."""
        (version, numbers, kinds, subjects, parents, names, texts, grams, fields, name_pairs,
         text_pairs) = state  # fmt: skip
        if version != STATE_FORMAT:
            raise ValueError("search index: unknown state format")
        number_view = memoryview(numbers).cast("I")
        docs = documents(graph)
        if len(number_view) != len(docs):
            raise ValueError("search index: built for another graph")
        self._docs: tuple[Searchable, ...] = tuple(docs[number] for number in number_view)
        self._size = len(self._docs)
        self._kinds: dict[int, int] = dict(kinds)
        self._subjects: dict[int, int] = dict(subjects)
        self._parents = memoryview(parents).cast("i")
        if len(self._parents) != self._size:
            raise ValueError("search index: one parent per document expected")
        self._names = Postings(names)
        self._texts = Postings(texts)
        self._grams = Postings(grams)
        self._fields = SortedTexts(*fields)
        self._name_pairs = Postings(name_pairs)
        self._text_pairs = Postings(text_pairs)
        self._state = state

    @classmethod
    def build(cls, graph: OrgGraph) -> SearchIndex:
        """The graph's index: restored from the parsed-data cache when it came with the graph."""
        prebuilt = graph.prebuilt.get(STATE_KEY)
        if isinstance(prebuilt, tuple):
            try:
                return cls(graph, prebuilt)
            except (ValueError, TypeError, IndexError, KeyError):
                pass  # a state that does not fit is rebuilt, never trusted
        return cls(graph, build_state(graph))

    def state(self) -> tuple[Any, ...]:
        return self._state

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        kinds: Collection[EntityKind] | None = None,
        subjects: Collection[Subject] | None = None,
    ) -> list[Hit]:
        """Hits `offset` to `offset + limit` of the ranking for `query`, best first; [] for a
        query that is not searched (see `read_query`). `kinds` keeps entities of those kinds
        only (positions and places have no kind), `subjects` documents of those subjects."""
        prepared = self._prepare(query, kinds, subjects)
        if prepared is None or limit <= 0 or offset < 0:
            return []
        matches, plans, phrase, allowed = prepared
        want = offset + limit
        ordered, approximate = select(self._query(plans, phrase, allowed), want)
        docs = self._docs
        scored = {rank: score(docs[rank], matches, phrase) for rank, _ in ordered[offset:]}
        if approximate:  # pathological queries only: rank by the scorer's own scores
            scored = {rank: score(docs[rank], matches, phrase) for rank, _ in ordered}
            ordered = sorted(((r, h.score) for r, h in scored.items()), key=lambda e: (-e[1], e[0]))
        holds, exact = self._nesting(plans, phrase, allowed)
        hits = []
        for rank, value, moved in nest(ordered, want, holds, exact, self._parents.__getitem__)[
            offset:
        ]:
            hit = scored.get(rank) or score(docs[rank], matches, phrase)
            if moved:  # shown just above its sub-unit, with the sub-unit's score
                hit = dataclasses.replace(hit, score=value)
            hits.append(hit)
        return hits

    def count(
        self,
        query: str,
        *,
        kinds: Collection[EntityKind] | None = None,
        subjects: Collection[Subject] | None = None,
    ) -> int:
        """How many documents match `query` (what `search` would rank, without any limit)."""
        prepared = self._prepare(query, kinds, subjects)
        if prepared is None:
            return 0
        _, plans, _, allowed = prepared
        found = -1 if allowed is None else allowed
        for plan in plans:
            found &= _union(bits for _, bits, _ in plan.names) | _union(
                bits for _, bits in plan.text_classes()
            )
        return found.bit_count()

    def _prepare(
        self,
        query: str,
        kinds: Collection[EntityKind] | None,
        subjects: Collection[Subject] | None,
    ) -> tuple[list[TokenMatch], list[TokenPlan], str, int | None] | None:
        reading = read_query(query)
        tokens = reading.words
        if not tokens:
            return None
        matches: list[TokenMatch] = []
        plans: list[TokenPlan] = []
        for token in tokens:
            match, plan = self._match_token(token)
            if not plan.names and plan.text_top is None:
                return None
            matches.append(match)
            plans.append(plan)
        return matches, plans, reading.phrase, self._allowed(kinds, subjects)

    def _allowed(
        self, kinds: Collection[EntityKind] | None, subjects: Collection[Subject] | None
    ) -> int | None:
        """The filters as one bitmap of ranks, or None for no filter."""
        allowed = None
        if kinds is not None:
            allowed = _union(self._kinds.get(KIND_CODES[kind], 0) for kind in set(kinds))
        if subjects is not None:
            chosen = _union(self._subjects.get(SUBJECT_CODES[s], 0) for s in set(subjects))
            allowed = chosen if allowed is None else allowed & chosen
        return allowed

    def _nesting(
        self, plans: list[TokenPlan], phrase: str, allowed: int | None
    ) -> tuple[Callable[[int], bool], Callable[[int], bool]]:
        """For the nesting rule: which entities' names hold every word (no typo, within the
        filters), and which names are the whole query."""
        held = -1 if allowed is None else allowed
        for plan in plans:
            held &= _union(bits for _, bits, typo in plan.names if not typo)
        held &= self._subjects.get(SUBJECT_CODES[Subject.ENTITY], 0)
        held_bytes = _bytes(held)
        exact_bytes = _bytes(self._fields.equal(phrase, self._size)) if held_bytes else b""

        def holds(rank: int) -> bool:
            return _bit(held_bytes, rank)

        def exact(rank: int) -> bool:
            return _bit(exact_bytes, rank)

        return holds, exact

    def _query(self, plans: list[TokenPlan], phrase: str, allowed: int | None) -> Query:
        docs = self._docs
        tokens = phrase.split(" ")
        found = phrase_finder(tokens)

        def in_names(rank: int) -> bool:
            return any(found(text) for text in name_texts(docs[rank]))

        def in_texts(rank: int) -> bool:
            return any(found(text) for text in other_texts(docs[rank]))

        size = self._size
        return Query(
            tokens=plans,
            phrase=phrase,
            names_equal=lambda: self._fields.equal(phrase, size),
            names_starting=lambda: self._fields.starting_with(phrase, size),
            names_with_pairs=lambda: _with_pairs(self._name_pairs, tokens),
            texts_with_pairs=lambda: _with_pairs(self._text_pairs, tokens),
            phrase_in_names=None if len(tokens) == 2 else in_names,
            phrase_in_texts=None if len(tokens) == 2 else in_texts,
            allowed=allowed,
        )

    # --- matching -------------------------------------------------------------------------

    def _match_token(self, token: str) -> tuple[TokenMatch, TokenPlan]:
        """What `token` matches: for scoring (terms and weights) and for selection (ranks)."""
        # Single letters only match whole tokens: "a" as a prefix would match half the index.
        prefix = len(token) >= 2
        names = self._names
        found = names.prefixed(token) if prefix else _exact(names, token)
        texts = self._texts
        text_found = texts.prefixed(token) if prefix else _exact(texts, token)
        weights = {
            names.vocabulary[i]: NAME_EXACT if names.vocabulary[i] == token else NAME_PREFIX
            for i in found
        }
        name_classes: list[tuple[float, int, bool]] = []
        if weights:
            exact = [i for i in found if names.vocabulary[i] == token]
            longer = [i for i in found if names.vocabulary[i] != token]
            if exact:
                name_classes.append((NAME_EXACT, names.bits(exact), False))
            if longer:
                name_classes.append((NAME_PREFIX, names.bits(longer), False))
        elif len(token) >= FUZZY_MIN_LENGTH and not text_found:
            # Only a word found nowhere as written is a typo. Closer spellings weigh more:
            # "resettlment" prefers "resettlement" to "settlements".
            near = self._near(token)
            weights = {names.vocabulary[i]: NAME_FUZZY * ratio for i, ratio in near}
            by_weight: dict[float, list[int]] = {}
            for i, _ in near:
                by_weight.setdefault(weights[names.vocabulary[i]], []).append(i)
            name_classes = [
                (w, names.bits(ix), True) for w, ix in sorted(by_weight.items(), reverse=True)
            ]
        text_terms = frozenset(texts.vocabulary[i] for i in text_found)
        text_exact = [i for i in text_found if texts.vocabulary[i] == token]
        text_longer = [i for i in text_found if texts.vocabulary[i] != token]

        def text_classes() -> list[tuple[float, int]]:
            classes = [(TEXT_EXACT, texts.bits(text_exact))] if text_exact else []
            if text_longer:
                classes.append((TEXT_PREFIX, texts.bits(text_longer)))
            return classes

        text_top = TEXT_EXACT if text_exact else TEXT_PREFIX if text_longer else None
        return TokenMatch(token, weights, text_terms), TokenPlan(
            name_classes, text_classes, text_top
        )

    def _near(self, token: str) -> list[tuple[int, float]]:
        """Name terms one typo or so away from `token`, with their similarity (0-1)."""
        counts: dict[int, int] = {}
        for gram in trigrams(token):
            number = self._grams.find(gram)
            if number is not None:
                for candidate in self._grams.numbers(number):
                    counts[candidate] = counts.get(candidate, 0) + 1
        # Trigrams shortlist the vocabulary, so the costly comparison runs on a handful of words.
        matcher = difflib.SequenceMatcher(b=token)
        vocabulary = self._names.vocabulary
        near = []
        for candidate, shared in counts.items():
            word = vocabulary[candidate]
            if shared < 2 or abs(len(word) - len(token)) > 2:
                continue
            matcher.set_seq1(word)
            ratio = matcher.ratio()
            if ratio >= _FUZZY_CUTOFF:
                near.append((candidate, ratio))
        near.sort(key=lambda entry: (-entry[1], vocabulary[entry[0]]))
        return near[:_FUZZY_CANDIDATES]


def _with_pairs(pairs: Postings, tokens: list[str]) -> int:
    """The documents whose text holds each neighbouring pair of `tokens` (the last word as a
    prefix): for two words, exactly those that hold the phrase; for more, a superset."""
    found = -1
    for first, second in itertools.pairwise(tokens[:-1]):
        index = pairs.find(pair(first, second))
        if index is None:
            return 0
        found &= pairs.bits([index])
    return found & pairs.bits(pairs.prefixed(pair(tokens[-2], tokens[-1])))


def _bytes(bits: int) -> bytes:
    return bits.to_bytes((bits.bit_length() + 7) >> 3, "little") if bits > 0 else b""


def _union(bitmaps: Iterable[int]) -> int:
    found = 0
    for bits in bitmaps:
        found |= bits
    return found


def _bit(data: bytes, number: int) -> bool:
    index = number >> 3
    return index < len(data) and bool(data[index] >> (number & 7) & 1)


def _exact(postings: Postings, token: str) -> range:
    index = postings.find(token)
    return range(0) if index is None else range(index, index + 1)
