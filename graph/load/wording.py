"""Helpers that keep messages one readable line, whatever the data contains."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from functools import lru_cache

_LONGEST_SHOWN = 60
# Words longer than this get no suggestion: difflib's cost grows with the product of the lengths.
_LONGEST_SUGGESTED = 80


def quote(value: str) -> str:
    """`value` in single quotes, shortened, with control characters escaped (no stray newlines)."""
    if len(value) > _LONGEST_SHOWN:
        value = value[: _LONGEST_SHOWN - 3] + "..."
    if not value.isprintable():
        value = "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)
    return f'"{value}"' if "'" in value and '"' not in value else f"'{value}'"


def did_you_mean(word: str, candidates: Collection[str]) -> str:
    """' (did you mean 'x'?)' when a candidate is close to `word`, else ''."""
    if len(word) > _LONGEST_SUGGESTED:
        return ""
    close = _closest(word, tuple(candidates))
    return f" (did you mean {quote(close)}?)" if close else ""


@lru_cache(maxsize=1024)
def _closest(word: str, candidates: tuple[str, ...]) -> str | None:
    # Cached: a generated file tends to repeat the same mistake thousands of times.
    close = difflib.get_close_matches(word, candidates, n=1)
    return close[0] if close else None


class Suggester:
    """Did-you-mean over all ids, with a budget so that thousands of typos cannot make a load
    quadratic: once `budget` candidate comparisons are spent, messages come without suggestions
    (a few hundred suggestions on a dataset of hundreds of ids, a handful on 100,000 ids)."""

    __slots__ = ("_budget", "_candidates")

    def __init__(self, candidates: Collection[str], budget: int = 300_000) -> None:
        self._candidates = candidates
        self._budget = budget

    def __call__(self, word: str) -> str:
        if self._budget < len(self._candidates) or len(word) > _LONGEST_SUGGESTED:
            return ""
        self._budget -= len(self._candidates)
        close = difflib.get_close_matches(word, self._candidates, n=1)
        return f" (did you mean {quote(close[0])}?)" if close else ""


def one_of(choices: Collection[str]) -> str:
    return ", ".join(choices)
