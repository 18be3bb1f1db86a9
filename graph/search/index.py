"""Full-text search over entity names and descriptions, built once per loaded graph.

Matching is case-, accent- and punctuation-insensitive ("san jose" finds "San José"): text is
folded (NFKD, combining marks dropped, case-folded, apostrophes removed, other punctuation turned
into spaces) and split into tokens. Every query token must match, as a prefix, a token of the
entity's name, aliases, description or mention; the last query token is what a user is typing.
A query token of four letters or more that matches no name token may match a name token one typo
away (a trigram index keeps that lookup independent of the graph's size).

Scores put every match that lies wholly in a name (or alias) above every match that needs the
description: the base score is the mean of per-token weights (name: 0.56-1.0, the lower ones for
typos; description: at most 0.3), and phrase bonuses only add to it.

Snippets carry the source text and the highlighted spans as offsets into it, so each caller
escapes and marks text its own way (`Snippet.fragments()` splits it into plain and marked runs).

The index is compact (graph/search/postings.py) and a query reads only the postings of its own
words; graph/search/select.py finds the best hits without scoring every match, and
graph/search/rank.py scores them. Its state can be kept with the parsed data (graph/cache/store.py).
"""

from __future__ import annotations

import difflib
from array import array
from collections.abc import Collection
from itertools import pairwise
from typing import Any

from graph.indexes import OrgGraph
from graph.model import EntityKind
from graph.search.fold import Folded, fold, fold_tokens, phrase_finder
from graph.search.postings import Postings, SortedTexts, bitmap
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
    sort_key,
)
from graph.search.select import Query, TokenPlan, select

__all__ = ["Folded", "Hit", "MatchField", "SearchIndex", "Snippet", "fold", "query_tokens"]

MAX_QUERY_TOKENS = 12
STATE_KEY = "search"  # where OrgGraph.prebuilt keeps a restored index state
_STATE_FORMAT = 2
_FUZZY_MIN_LENGTH = 4
_FUZZY_CUTOFF = 0.8
_FUZZY_CANDIDATES = 5
_KINDS = tuple(EntityKind)
_KIND_CODES = {kind: code for code, kind in enumerate(_KINDS)}


def query_tokens(query: str) -> tuple[str, ...]:
    """The folded tokens of a query, at most MAX_QUERY_TOKENS of them, duplicates dropped."""
    return tuple(dict.fromkeys(fold_tokens(query[:1000])))[:MAX_QUERY_TOKENS]


def build_state(graph: OrgGraph) -> tuple[Any, ...]:
    """The index of `graph` as plain values (bytes, strings, tuples) that marshal can store.

    Entities are numbered by rank, the ranking's tie-break (shorter name, then source order),
    so within a group of equal scores the smallest numbers win.
    """
    ranked = sorted(graph.iter_entities(), key=lambda e: (len(e.name), e.order))
    names: dict[str, list[int]] = {}
    texts: dict[str, list[int]] = {}
    name_pairs: dict[str, list[int]] = {}
    text_pairs: dict[str, list[int]] = {}
    fields: list[tuple[str, int]] = []
    for rank, entity in enumerate(ranked):
        in_names: set[str] = set()
        pairs: set[str] = set()
        for text in name_texts(entity):
            tokens = fold_tokens(text)
            fields.append((" ".join(tokens), rank))
            in_names.update(tokens)
            pairs.update(f"{a} {b}" for a, b in pairwise(tokens))
        _add(names, in_names, rank)
        _add(name_pairs, pairs, rank)
        in_texts = set()
        pairs = set()
        for text in other_texts(entity):
            tokens = fold_tokens(text)
            in_texts.update(tokens)
            pairs.update(f"{a} {b}" for a, b in pairwise(tokens))
        _add(texts, in_texts, rank)
        _add(text_pairs, pairs, rank)
    size = len(ranked)
    name_postings = Postings.build(names, size)
    grams: dict[str, list[int]] = {}
    for number, token in enumerate(name_postings.vocabulary):
        if len(token) >= _FUZZY_MIN_LENGTH - 1:
            for gram in sorted(_trigrams(token)):
                grams.setdefault(gram, []).append(number)
    kinds: dict[int, list[int]] = {}
    for rank, entity in enumerate(ranked):
        kinds.setdefault(_KIND_CODES[entity.kind], []).append(rank)
    return (
        _STATE_FORMAT,
        array("I", (e.order for e in ranked)).tobytes(),
        {code: bitmap(ranks, size) for code, ranks in kinds.items()},
        name_postings.state(),
        Postings.build(texts, size).state(),
        Postings.build(grams, len(name_postings), dense=False).state(),
        SortedTexts.build(fields).state(),
        Postings.build(name_pairs, size).state(),
        Postings.build(text_pairs, size).state(),
    )


def _pair(first: str, second: str) -> str:
    return f"{first} {second}"


def _add(postings: dict[str, list[int]], terms: set[str], rank: int) -> None:
    for term in terms:
        postings.setdefault(term, []).append(rank)


class SearchIndex:
    """Inverted indexes over folded names and texts of one immutable graph."""

    def __init__(self, graph: OrgGraph, state: tuple[Any, ...]) -> None:
        """Bind an index state (from `build_state`, or restored) to its graph; ValueError when
        the state does not fit the graph."""
        version, orders, kinds, names, texts, grams, fields, name_pairs, text_pairs = state
        if version != _STATE_FORMAT:
            raise ValueError("search index: unknown state format")
        order_view = memoryview(orders).cast("I")
        if len(order_view) != len(graph.entity_order):
            raise ValueError("search index: built for another graph")
        entities = graph.entities
        self._docs = tuple(entities[graph.entity_order[order]] for order in order_view)
        self._size = len(self._docs)
        self._kinds: dict[int, int] = dict(kinds)
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
        self, query: str, *, limit: int = 20, kinds: Collection[EntityKind] | None = None
    ) -> list[Hit]:
        """The best `limit` hits for `query`, best first; [] for a query with no letters."""
        tokens = query_tokens(query)
        if not tokens or limit <= 0:
            return []
        matches: list[TokenMatch] = []
        plans: list[TokenPlan] = []
        for token in tokens:
            match, plan = self._match_token(token)
            if not plan.names and plan.text_top is None:
                return []
            matches.append(match)
            plans.append(plan)
        phrase = " ".join(tokens)
        ranks = select(self._query(plans, phrase, kinds), limit)
        hits = [(self._docs[rank], score(self._docs[rank], matches, phrase)) for rank in ranks]
        hits.sort(key=lambda pair: sort_key(pair[0], pair[1].score))
        return [hit for _, hit in hits]

    def _query(
        self, plans: list[TokenPlan], phrase: str, kinds: Collection[EntityKind] | None
    ) -> Query:
        docs = self._docs
        tokens = phrase.split(" ")
        found = phrase_finder(tokens)

        def in_names(rank: int) -> bool:
            return any(found(text) for text in name_texts(docs[rank]))

        def in_texts(rank: int) -> bool:
            return any(found(text) for text in other_texts(docs[rank]))

        allowed = None
        if kinds is not None:
            allowed = 0
            for kind in set(kinds):
                allowed |= self._kinds.get(_KIND_CODES[kind], 0)
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
        elif len(token) >= _FUZZY_MIN_LENGTH:
            # Closer spellings weigh more: "resettlment" prefers "resettlement" to "settlements".
            near = self._near(token)
            weights = {names.vocabulary[i]: NAME_FUZZY * ratio for i, ratio in near}
            by_weight: dict[float, list[int]] = {}
            for i, _ in near:
                by_weight.setdefault(weights[names.vocabulary[i]], []).append(i)
            name_classes = [
                (w, names.bits(ix), True) for w, ix in sorted(by_weight.items(), reverse=True)
            ]
        texts = self._texts
        text_found = texts.prefixed(token) if prefix else _exact(texts, token)
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
        for gram in _trigrams(token):
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
        near.sort(key=lambda pair: (-pair[1], vocabulary[pair[0]]))
        return near[:_FUZZY_CANDIDATES]


def _with_pairs(pairs: Postings, tokens: list[str]) -> int:
    """The entities whose text holds each neighbouring pair of `tokens` (the last word as a
    prefix): for two words, exactly those that hold the phrase; for more, a superset."""
    found = -1
    for first, second in pairwise(tokens[:-1]):
        index = pairs.find(_pair(first, second))
        if index is None:
            return 0
        found &= pairs.bits([index])
    return found & pairs.bits(pairs.prefixed(_pair(tokens[-2], tokens[-1])))


def _exact(postings: Postings, token: str) -> range:
    index = postings.find(token)
    return range(0) if index is None else range(index, index + 1)


def _trigrams(token: str) -> set[str]:
    padded = f" {token} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}
