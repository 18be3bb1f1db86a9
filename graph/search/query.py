"""How a query is read: its folded words, and why a query was not searched as typed.

A query of a single letter or digit is not searched: as a word start it matches nearly every
document, as a whole word almost none, and either way the answer tells the person nothing; they
are told to type more instead of seeing "no match". Longer queries are cut (at `MAX_QUERY_CHARS`
characters and `MAX_QUERY_TOKENS` distinct words), and the reading says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graph.search.fold import fold_tokens

MAX_QUERY_TOKENS = 12
MAX_QUERY_CHARS = 1000
MIN_QUERY_LENGTH = 2  # letters or digits, after folding


class QueryProblem(StrEnum):
    """Why a query was not searched exactly as typed."""

    EMPTY = "empty"  # no letter or digit at all
    TOO_SHORT = "too_short"  # fewer than MIN_QUERY_LENGTH letters or digits: not searched
    TOO_LONG = "too_long"  # only the first MAX_QUERY_CHARS characters / MAX_QUERY_TOKENS words


@dataclass(frozen=True, slots=True)
class Reading:
    """The words searched (folded, duplicates dropped), and the problem if any.

    `phrase` keeps the folded words in order with their repeats (what phrase bonuses compare
    with a name: "Regional Offices and Special Liaison Offices" is a whole name only so).
    """

    words: tuple[str, ...]
    problem: QueryProblem | None
    phrase: str = ""

    @property
    def searched(self) -> bool:
        return bool(self.words)


def read_query(query: str) -> Reading:
    """What `query` searches for; no words when it is empty or too short."""
    folded = fold_tokens(query[:MAX_QUERY_CHARS])
    tokens = tuple(dict.fromkeys(folded))
    if not tokens:
        return Reading((), QueryProblem.EMPTY)
    if sum(len(token) for token in tokens) < MIN_QUERY_LENGTH:
        return Reading((), QueryProblem.TOO_SHORT)
    if len(tokens) > MAX_QUERY_TOKENS or query[MAX_QUERY_CHARS:].strip():
        kept = tokens[:MAX_QUERY_TOKENS]
        phrase = " ".join(token for token in folded[: 2 * MAX_QUERY_TOKENS] if token in kept)
        return Reading(kept, QueryProblem.TOO_LONG, phrase)
    return Reading(tokens, None, " ".join(folded[: 2 * MAX_QUERY_TOKENS]))


def query_tokens(query: str) -> tuple[str, ...]:
    """The folded words `query` searches for (none when it is empty or too short)."""
    return read_query(query).words
