"""Which entities to score: the best `limit` matches, found without scoring every match.

A score is the mean of per-token weights plus a phrase bonus, and each token's weight depends
only on which group of index terms the entity matched (the exact word in a name, a longer word
in a name, a typo, the exact word in a text, a longer one). So bitmap operations (see
graph/search/postings.py) split the matches into a few groups that share a base score, phrase
lookups in the sorted names split them again by bonus, and within a group the tie-break is the
entity's rank (shorter name, then source order), which is how entities are numbered: only the
lowest `limit` bits of each group matter.

Whether a phrase appears inside a name or a text comes from the index of neighbouring word
pairs: exact for two words. For three words or more the pairs give a superset, and those
entities are checked one by one, best group first, stopping as soon as no later entity can
enter the top `limit`; at most `PHRASE_CHECKS` are made per query, after which the rest of that
group is ranked as if without the bonus (a bounded cost on pathological queries only).

Names outrank texts: a match needing a text is only looked for (and the text postings only read)
when the name matches leave room for it.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from graph.search.postings import iter_bits, lowest
from graph.search.rank import (
    BONUS_NAME_EQUAL,
    BONUS_NAME_INSIDE,
    BONUS_NAME_START,
    BONUS_TEXT,
)

PHRASE_CHECKS = 1000


@dataclass(slots=True)
class TokenPlan:
    """One query token's matching entity ranks, by the weight they give, best first."""

    names: list[tuple[float, int, bool]]  # (weight, bitmap of ranks, matched through a typo)
    texts: Callable[[], list[tuple[float, int]]]  # read only when needed
    text_top: float | None  # the best text weight, if any text term matches
    _texts: list[tuple[float, int]] | None = field(default=None)

    def text_classes(self) -> list[tuple[float, int]]:
        if self._texts is None:
            self._texts = self.texts()
        return self._texts


@dataclass(frozen=True, slots=True)
class Query:
    """What the selection needs from the index for one query."""

    tokens: Sequence[TokenPlan]
    phrase: str
    names_equal: Callable[[], int]
    names_starting: Callable[[], int]
    # Entities holding every neighbouring pair of the query's words in a name (in a text): for
    # two words exactly the ones holding the phrase, for more a superset to check one by one.
    names_with_pairs: Callable[[], int]
    texts_with_pairs: Callable[[], int]
    phrase_in_names: Callable[[int], bool] | None  # None: the pairs are exact
    phrase_in_texts: Callable[[int], bool] | None
    allowed: int | None  # the kind filter, as a bitmap


class TopK:
    """The best `limit` (score, rank) pairs: higher score first, then lower rank."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._heap: list[tuple[float, int]] = []  # (score, -rank): the worst kept on top

    def full(self) -> bool:
        return len(self._heap) >= self.limit

    def admits(self, score: float, rank: int) -> bool:
        return not self.full() or (score, -rank) > self._heap[0]

    def worst_score(self) -> float:
        return self._heap[0][0]

    def offer(self, score: float, rank: int) -> bool:
        if not self.full():
            heapq.heappush(self._heap, (score, -rank))
            return True
        if (score, -rank) > self._heap[0]:
            heapq.heapreplace(self._heap, (score, -rank))
            return True
        return False

    def entries(self) -> list[tuple[int, float]]:
        """(rank, score) pairs, best first."""
        return [(-negated, score) for score, negated in sorted(self._heap, reverse=True)]


@dataclass(slots=True)
class _Bucket:
    """Entities sharing a base score; `check` tells which of them earn the bonus `high`."""

    base: float
    high: float
    low: float
    ranks: int
    check: Callable[[int], bool] | None

    @property
    def upper(self) -> float:
        return round(self.base + self.high, 4)


def select(query: Query, limit: int) -> tuple[list[tuple[int, float]], bool]:
    """The (rank, score) pairs of the best `limit` matches, best first; and whether the phrase
    checks ran out (then some scores lack a bonus the scorer gives: re-sort by the scorer's)."""
    top = TopK(limit)
    budget = [PHRASE_CHECKS]
    # A one-word phrase is inside every text that matches it; longer ones must be checked
    # (the phrase keeps repeated words, so it may be longer than the list of tokens).
    count = query.phrase.count(" ") + 1
    allowed = -1 if query.allowed is None else query.allowed
    in_names = allowed
    for token in query.tokens:
        in_names &= _union(bits for _, bits, _ in token.names)
    if in_names:
        classes = [[bits for _, bits, _ in token.names] for token in query.tokens]
        equal, starting = query.names_equal(), query.names_starting()
        pairs: int | None = None
        buckets = []
        for combo, ranks in _partition(in_names, classes):
            chosen = [token.names[c] for token, c in zip(query.tokens, combo, strict=True)]
            base = _mean([weight for weight, _, _ in chosen])
            exact = ranks & equal
            start = ranks & starting & ~exact
            rest = ranks & ~(exact | start)
            buckets.append(_Bucket(base, BONUS_NAME_EQUAL, 0.0, exact, None))
            buckets.append(_Bucket(base, BONUS_NAME_START, 0.0, start, None))
            if count == 1:
                typo = chosen[0][2]
                buckets.append(_Bucket(base, 0.0 if typo else BONUS_NAME_INSIDE, 0.0, rest, None))
            else:
                if pairs is None:
                    pairs = query.names_with_pairs()
                maybe = rest & pairs
                buckets.append(_Bucket(base, BONUS_NAME_INSIDE, 0.0, maybe, query.phrase_in_names))
                buckets.append(_Bucket(base, 0.0, 0.0, rest & ~maybe, None))
        _fill(top, buckets, budget)
    best_mixed = _best_mixed(query.tokens)
    if best_mixed is None or (top.full() and top.worst_score() > best_mixed):
        return top.entries(), budget[0] < 0
    classes = []
    weights = []
    mixed = allowed & ~in_names
    for token in query.tokens:
        texts = token.text_classes()
        classes.append([bits for _, bits, _ in token.names] + [bits for _, bits in texts])
        weights.append([w for w, _, _ in token.names] + [w for w, _ in texts])
        mixed &= _union(classes[-1])
    buckets = []
    texts_pairs = -1 if count == 1 else query.texts_with_pairs()  # one word: always "inside"
    for combo, ranks in _partition(mixed, classes):
        base = _mean([w[c] for w, c in zip(weights, combo, strict=True)])
        maybe = ranks & texts_pairs
        check = None if count == 1 else query.phrase_in_texts
        buckets.append(_Bucket(base, BONUS_TEXT, 0.0, maybe, check))
        buckets.append(_Bucket(base, 0.0, 0.0, ranks & ~maybe, None))
    _fill(top, buckets, budget)
    return top.entries(), budget[0] < 0


def _fill(top: TopK, buckets: list[_Bucket], budget: list[int]) -> None:
    for bucket in sorted(buckets, key=lambda b: -b.upper):
        if not bucket.ranks:
            continue
        if top.full() and bucket.upper < top.worst_score():
            return
        if bucket.check is None:
            for rank in lowest(bucket.ranks, top.limit):
                if not top.offer(bucket.upper, rank):
                    break
            continue
        low = round(bucket.base + bucket.low, 4)
        for rank in iter_bits(bucket.ranks):
            if not top.admits(bucket.upper, rank):
                break
            if budget[0] <= 0:  # out of checks: the rest ranks as if without the bonus
                budget[0] = -1
                if not top.offer(low, rank):
                    break
                continue
            budget[0] -= 1
            top.offer(bucket.upper if bucket.check(rank) else low, rank)


def _mean(weights: Sequence[float]) -> float:
    """The mean, summed in token order exactly as the scorer sums it (same float result)."""
    total = 0.0
    for weight in weights:
        total += weight
    return total / len(weights)


def _best_mixed(tokens: Sequence[TokenPlan]) -> float | None:
    """An upper bound on the score of a match that needs a text; None when none can exist."""
    tops = [max([w for w, _, _ in t.names] + [t.text_top or 0.0]) for t in tokens]
    bounds = [
        (sum(tops) - tops[i] + token.text_top) / len(tokens) + BONUS_TEXT + 1e-9
        for i, token in enumerate(tokens)
        if token.text_top is not None
    ]
    return max(bounds) if bounds else None


def _union(bitmaps: Iterable[int]) -> int:
    found = 0
    for bits in bitmaps:
        found |= bits
    return found


def _partition(ranks: int, classes: Sequence[Sequence[int]]) -> list[tuple[tuple[int, ...], int]]:
    """Split `ranks` by the first class (per token) each one belongs to."""
    groups: list[tuple[tuple[int, ...], int]] = [((), ranks)] if ranks else []
    for token_classes in classes:
        split = []
        for combo, members in groups:
            rest = members
            for number, in_class in enumerate(token_classes):
                if not rest:
                    break
                part = rest & in_class
                if part:
                    split.append(((*combo, number), part))
                    rest ^= part
        groups = split
    return groups
