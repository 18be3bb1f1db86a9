"""Scoring one entity against a query, and the snippet that shows why it matched.

This is the ranking's definition (see graph/search/index.py for the rules). The index only
decides which few entities to score; every hit returned is scored here, one entity at a time,
from its folded fields, so the selection can never change what a score means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from enum import StrEnum

from graph.search.docs import Searchable, Subject, subject_of
from graph.search.fold import Folded, fold, fold_tokens

SNIPPET_BEFORE = 60
SNIPPET_LENGTH = 200

# Per-token weights (see graph/search/index.py for why name weights all exceed description ones).
NAME_EXACT, NAME_PREFIX, NAME_FUZZY = 1.0, 0.9, 0.7
TEXT_EXACT, TEXT_PREFIX = 0.3, 0.25
# Phrase bonuses: the whole name, its start, anywhere in a name; anywhere in a text.
BONUS_NAME_EQUAL, BONUS_NAME_START, BONUS_NAME_INSIDE, BONUS_TEXT = 1.0, 0.5, 0.3, 0.1


class MatchField(StrEnum):
    """Which text of a document a hit's snippet comes from (a position's title is its name)."""

    NAME = "name"
    ALIAS = "alias"
    DESCRIPTION = "description"
    MENTION = "mention"


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of source text and the (start, end) character spans in it that matched."""

    text: str
    highlights: tuple[tuple[int, int], ...]

    def fragments(self) -> list[tuple[str, bool]]:
        """The text as consecutive (piece, is_highlighted) runs, ready to escape and render."""
        runs: list[tuple[str, bool]] = []
        cursor = 0
        for start, end in self.highlights:
            if start > cursor:
                runs.append((self.text[cursor:start], False))
            runs.append((self.text[start:end], True))
            cursor = end
        if cursor < len(self.text):
            runs.append((self.text[cursor:], False))
        return runs


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked result of `SearchIndex.search`: what it stands for, and why it matched.

    `exact`: the query is the whole of a name or alias (such a hit is never ranked below a
    structure that contains it, see graph/search/nesting.py).
    """

    subject: Subject
    id: str
    score: float
    field: MatchField
    snippet: Snippet
    fuzzy: bool
    exact: bool = False

    @property
    def entity_id(self) -> str | None:
        """The entity's slug when the hit is an entity, else None (a position or a place)."""
        return self.id if self.subject is Subject.ENTITY else None


@dataclass(frozen=True, slots=True)
class TokenMatch:
    """The index tokens one query token matches: in names, with their weight; in texts."""

    query: str
    name_tokens: Mapping[str, float]  # matching name token -> weight (see NAME_*)
    text_tokens: Set[str]


@dataclass(frozen=True, slots=True)
class _Field:
    kind: MatchField
    source: str
    folded: Folded


def name_texts(entity: Searchable) -> list[str]:
    """The texts searched as names: the name, then the aliases."""
    return [entity.name, *entity.aliases]


def other_texts(entity: Searchable) -> list[str]:
    """The texts searched as descriptions: the description and the mention, when present."""
    return [text for text in (entity.description, entity.mention) if text]


def sort_key(entity: Searchable, score: float) -> tuple[float, int, int]:
    """Best first; among equal scores the shorter name, then source order."""
    return -score, len(entity.name), entity.order


def score(entity: Searchable, matches: Sequence[TokenMatch], phrase: str) -> Hit:
    """Score `entity`, which matches every query token (in a name or a text)."""
    names = [
        _Field(MatchField.NAME if i == 0 else MatchField.ALIAS, text, fold(text))
        for i, text in enumerate(name_texts(entity))
    ]
    name_tokens = {token for f in names for token, _ in f.folded.tokens}
    text_tokens: set[str] | None = None
    base = 0.0
    fuzzy = False
    all_in_names = True
    for match in matches:
        weight = 0.0
        typo = False
        for token in name_tokens:
            w = match.name_tokens.get(token, 0.0)
            if w > weight:
                weight, typo = w, not token.startswith(match.query)
        fuzzy = fuzzy or typo
        if weight == 0.0:
            all_in_names = False
            if text_tokens is None:
                text_tokens = {t for text in other_texts(entity) for t in fold_tokens(text)}
            small, large = sorted((match.text_tokens, text_tokens), key=len)
            for token in small:
                if token in large:
                    weight = max(weight, TEXT_EXACT if token == match.query else TEXT_PREFIX)
        base += weight
    base /= len(matches)
    if all_in_names:
        fields = names
    else:
        kinds = (MatchField.DESCRIPTION, MatchField.MENTION)
        sources = [
            (k, t) for k, t in zip(kinds, (entity.description, entity.mention), strict=True) if t
        ]
        fields = [_Field(kind, text, fold(text)) for kind, text in sources]
    ranked = [
        (
            phrase_bonus(f.folded.text, phrase, name=all_in_names),
            len(_token_hits(f, matches)),
            -i,
            f,
        )
        for i, f in enumerate(fields)
    ]
    bonus, _, _, field = max(ranked, key=lambda entry: entry[:3])
    snippet = _snippet(field, matches, whole=all_in_names)
    return Hit(
        subject_of(entity),
        entity.id,
        round(base + bonus, 4),
        field.kind,
        snippet,
        fuzzy,
        exact=all_in_names and bonus == BONUS_NAME_EQUAL,
    )


def phrase_bonus(text: str, phrase: str, *, name: bool) -> float:
    """The whole field, its start, or anywhere in it; the same placement weighs more in a name."""
    if name and text == phrase:
        return BONUS_NAME_EQUAL
    if not contains_phrase(text, phrase):
        return 0.0
    if name:
        return BONUS_NAME_START if text.startswith(phrase) else BONUS_NAME_INSIDE
    return BONUS_TEXT


def contains_phrase(text: str, phrase: str) -> bool:
    """`phrase` occurs in `text` starting at a token boundary."""
    start = text.find(phrase)
    while start != -1:
        if start == 0 or text[start - 1] == " ":
            return True
        start = text.find(phrase, start + 1)
    return False


def _token_hits(field: _Field, matches: Sequence[TokenMatch]) -> list[tuple[int, int]]:
    """Folded (start, end) spans of the field's tokens that some query token matched."""
    spans: list[tuple[int, int]] = []
    for token, start in field.folded.tokens:
        length = 0
        for match in matches:
            if token.startswith(match.query):
                if token in match.name_tokens or token in match.text_tokens:
                    length = max(length, len(match.query))
            elif token in match.name_tokens:  # matched through a typo: mark the whole word
                length = len(token)
        if length:
            spans.append((start, start + length))
    return spans


def _snippet(field: _Field, matches: Sequence[TokenMatch], *, whole: bool) -> Snippet:
    folded = field.folded
    source = field.source
    spans = [(folded.origin[s], folded.origin[e - 1] + 1) for s, e in _token_hits(field, matches)]
    spans = _merge(source, spans)
    if whole or len(source) <= SNIPPET_LENGTH:
        return Snippet(source, tuple(spans))
    first = spans[0][0] if spans else 0
    start = max(0, first - SNIPPET_BEFORE)
    if start > 0:
        space = source.rfind(" ", 0, start + 1)
        start = space + 1 if space != -1 and first - space < 2 * SNIPPET_BEFORE else start
    end = min(len(source), start + SNIPPET_LENGTH)
    if end < len(source):
        space = source.rfind(" ", start, end)
        end = space if space > first else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(source) else ""
    shift = len(prefix) - start
    kept = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return Snippet(prefix + source[start:end] + suffix, kept)


def _merge(source: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and join neighbours separated only by spaces ("San" + "José" -> "San José")."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not source[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
