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
"""

from __future__ import annotations

import difflib
import heapq
import unicodedata
from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from graph.indexes import OrgGraph
from graph.model import Entity, EntityKind

MAX_QUERY_TOKENS = 12
# Apostrophe-like marks are dropped, so "General\u00b4s" folds to "generals", not "general s".
_APOSTROPHES = frozenset("\u0027\u2019\u2018\u00b4\u0060\u02bc")
_SNIPPET_BEFORE = 60
_SNIPPET_LENGTH = 200
_FUZZY_MIN_LENGTH = 4
_FUZZY_CUTOFF = 0.8

# Per-token weights (see the module docstring for why name weights all exceed description ones).
_NAME_EXACT, _NAME_PREFIX, _NAME_FUZZY = 1.0, 0.9, 0.7
_TEXT_EXACT, _TEXT_PREFIX = 0.3, 0.25


class MatchField(StrEnum):
    """Which text of an entity a hit's snippet comes from."""

    NAME = "name"
    ALIAS = "alias"
    DESCRIPTION = "description"
    MENTION = "mention"


@dataclass(frozen=True, slots=True)
class Folded:
    """Text folded for matching; `origin[i]` is the index in the source text of folded char i."""

    text: str
    origin: tuple[int, ...]
    tokens: tuple[tuple[str, int], ...]  # (token, start in `text`)


def fold(text: str) -> Folded:
    """Fold `text` for matching and remember where every folded character came from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in _APOSTROPHES:
            continue
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for folded in part.casefold():
                if folded.isalnum():
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
        if word:
            tokens.append((word, start))
        start += len(word) + 1
    return Folded(folded_text, tuple(origin), tuple(tokens))


def query_tokens(query: str) -> tuple[str, ...]:
    """The folded tokens of a query, at most MAX_QUERY_TOKENS of them, duplicates dropped."""
    seen: dict[str, None] = {}
    for token, _ in fold(query[:1000]).tokens:
        seen.setdefault(token, None)
    return tuple(seen)[:MAX_QUERY_TOKENS]


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
    """One ranked result of `SearchIndex.search`."""

    entity_id: str
    score: float
    field: MatchField
    snippet: Snippet
    fuzzy: bool


@dataclass(frozen=True, slots=True)
class _Field:
    kind: MatchField
    source: str
    folded: Folded


@dataclass(frozen=True, slots=True)
class _Doc:
    entity: Entity
    names: tuple[_Field, ...]  # the name first, then aliases
    texts: tuple[_Field, ...]  # description, mention
    name_tokens: frozenset[str]
    text_tokens: frozenset[str]


@dataclass(frozen=True, slots=True)
class _TokenMatch:
    """The index tokens one query token matches: in names, with their weight; in texts."""

    query: str
    name_tokens: dict[str, float]  # matching name token -> weight (see _NAME_*)
    text_tokens: frozenset[str]


class SearchIndex:
    """Inverted indexes over folded names and texts of one immutable graph."""

    def __init__(self, docs: Sequence[_Doc]) -> None:
        self._docs = tuple(docs)
        name_postings: dict[str, set[int]] = {}
        text_postings: dict[str, set[int]] = {}
        for number, doc in enumerate(self._docs):
            for field in doc.names:
                for token, _ in field.folded.tokens:
                    name_postings.setdefault(token, set()).add(number)
            for field in doc.texts:
                for token, _ in field.folded.tokens:
                    text_postings.setdefault(token, set()).add(number)
        self._name_postings = {t: frozenset(p) for t, p in name_postings.items()}
        self._text_postings = {t: frozenset(p) for t, p in text_postings.items()}
        self._name_vocabulary = tuple(sorted(self._name_postings))
        self._text_vocabulary = tuple(sorted(self._text_postings))
        trigrams: dict[str, set[str]] = {}
        for token in self._name_vocabulary:
            if len(token) >= _FUZZY_MIN_LENGTH - 1:
                for gram in _trigrams(token):
                    trigrams.setdefault(gram, set()).add(token)
        self._trigrams = {g: tuple(sorted(ts)) for g, ts in trigrams.items()}

    @classmethod
    def build(cls, graph: OrgGraph) -> SearchIndex:
        docs = []
        for entity in graph.iter_entities():
            names = [_Field(MatchField.NAME, entity.name, fold(entity.name))]
            names += [_Field(MatchField.ALIAS, alias, fold(alias)) for alias in entity.aliases]
            texts = []
            if entity.description:
                texts.append(
                    _Field(MatchField.DESCRIPTION, entity.description, fold(entity.description))
                )
            if entity.mention:
                texts.append(_Field(MatchField.MENTION, entity.mention, fold(entity.mention)))
            docs.append(
                _Doc(
                    entity,
                    tuple(names),
                    tuple(texts),
                    frozenset(t for f in names for t, _ in f.folded.tokens),
                    frozenset(t for f in texts for t, _ in f.folded.tokens),
                )
            )
        return cls(docs)

    def search(
        self, query: str, *, limit: int = 20, kinds: Collection[EntityKind] | None = None
    ) -> list[Hit]:
        """The best `limit` hits for `query`, best first; [] for a query with no letters."""
        tokens = query_tokens(query)
        if not tokens or limit <= 0:
            return []
        matches = [self._match_token(token) for token in tokens]
        candidates: frozenset[int] | None = None
        for match in matches:
            found = self._postings(match)
            candidates = found if candidates is None else candidates & found
            if not candidates:
                return []
        assert candidates is not None
        phrase = " ".join(tokens)
        scored = []
        for number in candidates:
            doc = self._docs[number]
            if kinds is not None and doc.entity.kind not in kinds:
                continue
            scored.append(self._score(doc, matches, phrase))
        best = heapq.nsmallest(limit, scored, key=lambda hit: hit[0])
        return [hit for _, hit in best]

    # --- matching -------------------------------------------------------------------------

    def _match_token(self, token: str) -> _TokenMatch:
        # Single letters only match whole tokens: "a" as a prefix would match half the index.
        prefix = len(token) >= 2
        names = {
            t: _NAME_EXACT if t == token else _NAME_PREFIX
            for t in _expand(self._name_vocabulary, token, prefix=prefix)
        }
        if not names and len(token) >= _FUZZY_MIN_LENGTH:
            # Closer spellings weigh more: "resettlment" prefers "resettlement" to "settlements".
            names = {t: _NAME_FUZZY * ratio for t, ratio in self._near(token)}
        texts = frozenset(_expand(self._text_vocabulary, token, prefix=prefix))
        return _TokenMatch(token, names, texts)

    def _near(self, token: str) -> list[tuple[str, float]]:
        """Name tokens one typo or so away from `token`, with their similarity (0-1)."""
        counts: dict[str, int] = {}
        for gram in _trigrams(token):
            for candidate in self._trigrams.get(gram, ()):
                counts[candidate] = counts.get(candidate, 0) + 1
        # Trigrams shortlist the vocabulary, so the costly comparison runs on a handful of words.
        matcher = difflib.SequenceMatcher(b=token)
        near = []
        for candidate, shared in counts.items():
            if shared < 2 or abs(len(candidate) - len(token)) > 2:
                continue
            matcher.set_seq1(candidate)
            ratio = matcher.ratio()
            if ratio >= _FUZZY_CUTOFF:
                near.append((candidate, ratio))
        return sorted(near, key=lambda pair: -pair[1])[:5]

    def _postings(self, match: _TokenMatch) -> frozenset[int]:
        found: set[int] = set()
        for token in match.name_tokens:
            found |= self._name_postings[token]
        for token in match.text_tokens:
            found |= self._text_postings[token]
        return frozenset(found)

    def _score(
        self, doc: _Doc, matches: Sequence[_TokenMatch], phrase: str
    ) -> tuple[tuple[float, int, int], Hit]:
        base = 0.0
        fuzzy = False
        all_in_names = True
        for match in matches:
            weight = 0.0
            typo = False
            for token in doc.name_tokens:
                w = match.name_tokens.get(token, 0.0)
                if w > weight:
                    weight, typo = w, not token.startswith(match.query)
            fuzzy = fuzzy or typo
            if weight == 0.0:
                all_in_names = False
                small, large = sorted((match.text_tokens, doc.text_tokens), key=len)
                for token in small:
                    if token in large:
                        w = _TEXT_EXACT if token == match.query else _TEXT_PREFIX
                        weight = max(weight, w)
            base += weight
        base /= len(matches)
        fields = doc.names if all_in_names else doc.texts
        ranked = [
            (
                _phrase_bonus(f.folded.text, phrase, name=all_in_names),
                len(_token_hits(f, matches)),
                -i,
                f,
            )
            for i, f in enumerate(fields)
        ]
        bonus, _, _, field = max(ranked, key=lambda entry: entry[:3])
        score = round(base + bonus, 4)
        snippet = _snippet(field, matches, whole=all_in_names)
        hit = Hit(doc.entity.id, score, field.kind, snippet, fuzzy)
        return (-score, len(doc.entity.name), doc.entity.order), hit


def _expand(vocabulary: Sequence[str], token: str, *, prefix: bool) -> Iterable[str]:
    start = bisect_left(vocabulary, token)
    if not prefix:
        if start < len(vocabulary) and vocabulary[start] == token:
            yield token
        return
    for index in range(start, len(vocabulary)):
        if not vocabulary[index].startswith(token):
            return
        yield vocabulary[index]


def _trigrams(token: str) -> set[str]:
    padded = f" {token} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _phrase_bonus(text: str, phrase: str, *, name: bool) -> float:
    """The whole field, its start, or anywhere in it; the same placement weighs more in a name."""
    if name and text == phrase:
        return 1.0
    if not _contains_phrase(text, phrase):
        return 0.0
    if name:
        return 0.5 if text.startswith(phrase) else 0.3
    return 0.1


def _contains_phrase(text: str, phrase: str) -> bool:
    """`phrase` occurs in `text` starting at a token boundary."""
    start = text.find(phrase)
    while start != -1:
        if start == 0 or text[start - 1] == " ":
            return True
        start = text.find(phrase, start + 1)
    return False


def _token_hits(field: _Field, matches: Sequence[_TokenMatch]) -> list[tuple[int, int]]:
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


def _snippet(field: _Field, matches: Sequence[_TokenMatch], *, whole: bool) -> Snippet:
    folded = field.folded
    source = field.source
    spans = [(folded.origin[s], folded.origin[e - 1] + 1) for s, e in _token_hits(field, matches)]
    spans = _merge(source, spans)
    if whole or len(source) <= _SNIPPET_LENGTH:
        return Snippet(source, tuple(spans))
    first = spans[0][0] if spans else 0
    start = max(0, first - _SNIPPET_BEFORE)
    if start > 0:
        space = source.rfind(" ", 0, start + 1)
        start = space + 1 if space != -1 and first - space < 2 * _SNIPPET_BEFORE else start
    end = min(len(source), start + _SNIPPET_LENGTH)
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
