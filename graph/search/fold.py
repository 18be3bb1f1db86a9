"""Folding text for search: case-, accent- and punctuation-insensitive tokens.

Text is folded per character (NFKD, combining marks dropped, case-folded, apostrophes removed,
other punctuation turned into spaces) and split into tokens. `fold` also maps every folded
character back to the source (for highlighting); `fold_tokens` only gives the tokens, and is what
indexing a 100,000-entity graph calls, so it avoids the per-character Python loop: ASCII text
goes through `bytes.translate`, other text through `str.translate` with a table that fills itself
one character at a time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Apostrophe-like marks are dropped, so "General\u00b4s" folds to "generals", not "general s".
APOSTROPHES = "\u0027\u2019\u2018\u00b4\u0060\u02bc"
_ASCII_APOSTROPHES = b"'`"
# One character of aligned text that stands for "nothing": an apostrophe or a lone combining mark.
_DROPPED = "\x00"
_RUN = re.compile("[^ ]+")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _fold_char(char: str) -> str:
    """The folded form of one character: alphanumerics, with " " for each punctuation part."""
    if char in APOSTROPHES:
        return ""
    parts: list[str] = []
    for part in unicodedata.normalize("NFKD", char):
        if not unicodedata.combining(part):
            parts.extend(c if c.isalnum() else " " for c in part.casefold())
    return "".join(parts)


class _Table(dict[int, str]):
    """A `str.translate` table computed on first use of each character."""

    def __init__(self, *, aligned: bool) -> None:
        super().__init__()
        self.aligned = aligned

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if self.aligned and not folded:
            folded = _DROPPED
        self[code] = folded
        return folded


_TOKENS_TABLE = _Table(aligned=False)
# Every character to exactly one character when it can be: then offsets need no bookkeeping.
_ALIGNED_TABLE = _Table(aligned=True)
_ASCII_TABLE = (
    bytes((c + 32 if 65 <= c <= 90 else c) if chr(c).isalnum() else 32 for c in range(128))
    + b" " * 128
)


@dataclass(frozen=True, slots=True)
class Folded:
    """Text folded for matching; `origin[i]` is the index in the source text of folded char i."""

    text: str
    origin: tuple[int, ...]
    tokens: tuple[tuple[str, int], ...]  # (token, start in `text`)


def fold_tokens(text: str) -> list[str]:
    """The folded tokens of `text`, in order (what `fold(text).tokens` holds, without offsets)."""
    return fold_spaced(text).split()


def fold_spaced(text: str) -> str:
    """The folded tokens with whatever runs of spaces separate them (not yet collapsed)."""
    if not text.isascii():
        # Usually a few typographic apostrophes or accents: fold just those characters.
        folded = _NON_ASCII.sub(_fold_match, text)
        if not folded.isascii():
            return text.translate(_TOKENS_TABLE)
        text = folded
    return text.encode("ascii").translate(_ASCII_TABLE, _ASCII_APOSTROPHES).decode("ascii")


def _fold_match(match: re.Match[str]) -> str:
    return _TOKENS_TABLE[ord(match.group())]


def phrase_finder(tokens: Sequence[str]) -> Callable[[str], bool]:
    """Whether the folded text of a source text holds the tokens side by side, starting at a
    token boundary (the last one may be the start of a longer token). The text is folded without
    collapsing its spaces, which the pattern skips instead."""
    pattern = re.compile(" +".join(re.escape(token) for token in tokens))

    def found(text: str) -> bool:
        folded = fold_spaced(text)
        return any(m.start() == 0 or folded[m.start() - 1] == " " for m in pattern.finditer(folded))

    return found


def fold(text: str) -> Folded:
    """Fold `text` for matching and remember where every folded character came from."""
    mapped = text.translate(_ALIGNED_TABLE)
    if len(mapped) != len(text):  # a character folds to several (ß, ½): follow each one
        return _fold_slowly(text)
    pieces: list[str] = []
    origin: list[int] = []
    tokens: list[tuple[str, int]] = []
    length = 0
    separator = -1
    for match in _RUN.finditer(mapped):
        run, start = match.group(), match.start()
        if _DROPPED in run:
            kept = [(c, start + i) for i, c in enumerate(run) if c != _DROPPED]
            if not kept:
                continue
            token = "".join(c for c, _ in kept)
            offsets: list[int] | range = [i for _, i in kept]
        else:
            token, offsets = run, range(start, match.end())
        if pieces:
            pieces.append(" ")
            origin.append(separator)
            length += 1
        tokens.append((token, length))
        pieces.append(token)
        origin.extend(offsets)
        length += len(token)
        separator = match.end()
    return Folded("".join(pieces), tuple(origin), tuple(tokens))


def _fold_slowly(text: str) -> Folded:
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for folded in _TOKENS_TABLE[ord(char)]:
            if folded != " ":
                chars.append(folded)
                origin.append(index)
            elif chars and chars[-1] != " ":
                chars.append(" ")
                origin.append(index)
    if chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    folded_text = "".join(chars)
    tokens: list[tuple[str, int]] = []
    start = 0
    for word in folded_text.split(" "):
        tokens.append((word, start))
        start += len(word) + 1
    return Folded(folded_text, tuple(origin), tuple(t for t in tokens if t[0]))
