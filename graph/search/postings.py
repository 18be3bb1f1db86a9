"""A compact inverted index: a sorted vocabulary and, per term, the numbers of its entities.

Rare terms keep their numbers in one array of 32-bit numbers with one array of offsets (not a
set per term: at 100,000 entities with long descriptions that is millions of postings, 4 bytes
each this way and ~60 as Python sets of ints). Frequent terms, those in more than 1/64 of the
entities, are kept as bitmaps instead: a Python int with bit r set for entity r, so a query
combines them with `&`, `|` and `^` in C, in a microsecond or two at 100,000 entities, and
never iterates them. Every set of entities a query handles is such a bitmap (`bits`).

Arrays are `memoryview`s over bytes and bitmaps plain ints, so the parsed-data cache
(graph/cache/store.py) stores and restores them with marshal, without copying or conversion.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice

# Marshal-able state: (vocabulary, offsets, numbers, {term index: bitmap}, entity count).
PostingsState = tuple[tuple[str, ...], bytes, bytes, dict[int, int], int]
_NONZERO = re.compile(b"[^\x00]")


def bitmap(numbers: Iterable[int], size: int) -> int:
    """The bitmap with the bits `numbers` set (each below `size`)."""
    buffer = bytearray((size >> 3) + 1)
    for number in numbers:
        buffer[number >> 3] |= 1 << (number & 7)
    return int.from_bytes(buffer, "little")


def iter_bits(bits: int) -> Iterator[int]:
    """The numbers whose bits are set, ascending."""
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    for match in _NONZERO.finditer(data):
        base = match.start() << 3
        byte = data[match.start()]
        while byte:
            low = byte & -byte
            yield base + low.bit_length() - 1
            byte ^= low


def lowest(bits: int, count: int) -> list[int]:
    """The `count` smallest numbers set in `bits`, ascending."""
    return list(islice(iter_bits(bits), count))


def _view(data: bytes) -> memoryview:
    return memoryview(data).cast("I")


class Postings:
    """Term -> entity numbers, with exact and prefix lookups of terms by binary search."""

    __slots__ = ("_bitmaps", "_numbers", "_offsets", "size", "vocabulary")

    def __init__(self, state: PostingsState) -> None:
        vocabulary, offsets, numbers, bitmaps, size = state
        self.vocabulary = tuple(vocabulary)
        self._offsets = _view(offsets)
        self._numbers = _view(numbers)
        self._bitmaps = dict(bitmaps)
        self.size = size
        if len(self._offsets) != len(vocabulary) + 1 or self._offsets[-1] != len(self._numbers):
            raise ValueError("postings: offsets do not match the vocabulary")

    @classmethod
    def build(cls, terms: Mapping[str, Sequence[int]], size: int, dense: bool = True) -> Postings:
        """From term -> numbers (ascending, without repeats), for numbers below `size`.

        With `dense`, terms with numbers for more than 1/64 of `size` become bitmaps.
        """
        vocabulary = tuple(sorted(terms))
        threshold = max(64, size >> 6) if dense else len(terms) + size + 1
        offsets = array("I", [0])
        numbers = array("I")
        bitmaps: dict[int, int] = {}
        for index, term in enumerate(vocabulary):
            found = terms[term]
            if len(found) >= threshold:
                bitmaps[index] = bitmap(found, size)
            else:
                numbers.extend(found)
            offsets.append(len(numbers))
        return cls((vocabulary, offsets.tobytes(), numbers.tobytes(), bitmaps, size))

    def state(self) -> PostingsState:
        return (
            self.vocabulary,
            self._offsets.tobytes(),
            self._numbers.tobytes(),
            self._bitmaps,
            self.size,
        )

    def __len__(self) -> int:
        return len(self.vocabulary)

    def find(self, term: str) -> int | None:
        """The term's index in the vocabulary, or None."""
        i = bisect_left(self.vocabulary, term)
        return i if i < len(self.vocabulary) and self.vocabulary[i] == term else None

    def prefixed(self, prefix: str) -> range:
        """Indexes of the terms that start with `prefix` (a contiguous run of the vocabulary)."""
        start = bisect_left(self.vocabulary, prefix)
        end = bisect_left(self.vocabulary, successor(prefix), lo=start) if prefix else start
        return range(start, end)

    def numbers(self, index: int) -> Sequence[int]:
        """The numbers of one term, ascending."""
        if index in self._bitmaps:
            return list(iter_bits(self._bitmaps[index]))
        return self._numbers[self._offsets[index] : self._offsets[index + 1]]

    def bits(self, indexes: Iterable[int]) -> int:
        """The bitmap of the entities of any of the terms `indexes`."""
        found = 0
        sparse: list[memoryview] = []
        for index in indexes:
            dense = self._bitmaps.get(index)
            if dense is not None:
                found |= dense
            else:
                sparse.append(self._numbers[self._offsets[index] : self._offsets[index + 1]])
        if sparse:
            buffer = bytearray((self.size >> 3) + 1)
            for numbers in sparse:
                for number in numbers:
                    buffer[number >> 3] |= 1 << (number & 7)
            found |= int.from_bytes(buffer, "little")
        return found


class SortedTexts:
    """Sorted texts, each with a number: exact and prefix lookups return the numbers."""

    __slots__ = ("_numbers", "texts")

    def __init__(self, texts: tuple[str, ...], numbers: bytes) -> None:
        self.texts = texts
        self._numbers = _view(numbers)
        if len(self._numbers) != len(texts):
            raise ValueError("sorted texts: one number per text expected")

    @classmethod
    def build(cls, pairs: Sequence[tuple[str, int]]) -> SortedTexts:
        ordered = sorted(pairs)
        return cls(tuple(t for t, _ in ordered), array("I", (n for _, n in ordered)).tobytes())

    def state(self) -> tuple[tuple[str, ...], bytes]:
        return self.texts, self._numbers.tobytes()

    def equal(self, text: str, size: int) -> int:
        """The bitmap of the numbers of the texts equal to `text`."""
        start = bisect_left(self.texts, text)
        return bitmap(self._numbers[start : bisect_right(self.texts, text, lo=start)], size)

    def starting_with(self, prefix: str, size: int) -> int:
        """The bitmap of the numbers of the texts that start with `prefix`."""
        start = bisect_left(self.texts, prefix)
        end = bisect_left(self.texts, successor(prefix), lo=start) if prefix else len(self.texts)
        return bitmap(self._numbers[start:end], size)


def successor(prefix: str) -> str:
    """The least string greater than every string that starts with `prefix` (not empty)."""
    stripped = prefix.rstrip("\U0010ffff")
    if not stripped:
        return prefix + "\U0010ffff"  # nothing sorts above; good enough for such a prefix
    return stripped[:-1] + chr(ord(stripped[-1]) + 1)
