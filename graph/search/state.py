"""Building the search index's state: plain values (bytes, strings, tuples) marshal can store.

Documents (graph/search/docs.py) are numbered by rank, the ranking's tie-break (shorter name,
then source order), so within a group of equal scores the smallest numbers win. The state keeps,
per rank, the document's number in `documents(graph)` and its parent's rank (for the nesting
rule, graph/search/nesting.py), beside the postings of names, texts, trigrams and word pairs.
"""

from __future__ import annotations

from array import array
from itertools import pairwise
from typing import Any

from graph.indexes import OrgGraph
from graph.model import Entity, EntityKind
from graph.search.docs import Subject, documents, subject_of
from graph.search.fold import fold_tokens
from graph.search.nesting import NO_PARENT
from graph.search.postings import Postings, SortedTexts, bitmap
from graph.search.rank import name_texts, other_texts

STATE_FORMAT = 3
FUZZY_MIN_LENGTH = 4
KINDS = tuple(EntityKind)
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}
SUBJECT_CODES = {subject: code for code, subject in enumerate(Subject)}


def build_state(graph: OrgGraph) -> tuple[Any, ...]:
    """The index of `graph` (see the module docstring for what each part is)."""
    docs = documents(graph)
    numbered = sorted(range(len(docs)), key=lambda n: (len(docs[n].name), docs[n].order))
    ranked = [docs[n] for n in numbered]
    entity_ranks = {doc.id: rank for rank, doc in enumerate(ranked) if isinstance(doc, Entity)}
    names: dict[str, list[int]] = {}
    texts: dict[str, list[int]] = {}
    name_pairs: dict[str, list[int]] = {}
    text_pairs: dict[str, list[int]] = {}
    fields: list[tuple[str, int]] = []
    kinds: dict[int, list[int]] = {}
    subjects: dict[int, list[int]] = {}
    parents = array("i")
    for rank, doc in enumerate(ranked):
        in_names: set[str] = set()
        pairs: set[str] = set()
        for text in name_texts(doc):
            tokens = fold_tokens(text)
            fields.append((" ".join(tokens), rank))
            in_names.update(tokens)
            pairs.update(f"{a} {b}" for a, b in pairwise(tokens))
        _add(names, in_names, rank)
        _add(name_pairs, pairs, rank)
        in_texts = set()
        pairs = set()
        for text in other_texts(doc):
            tokens = fold_tokens(text)
            in_texts.update(tokens)
            pairs.update(f"{a} {b}" for a, b in pairwise(tokens))
        _add(texts, in_texts, rank)
        _add(text_pairs, pairs, rank)
        subjects.setdefault(SUBJECT_CODES[subject_of(doc)], []).append(rank)
        if isinstance(doc, Entity):
            kinds.setdefault(KIND_CODES[doc.kind], []).append(rank)
            parent = doc.parent_id
            parents.append(NO_PARENT if parent is None else entity_ranks[parent])
        else:
            parents.append(NO_PARENT)
    size = len(ranked)
    name_postings = Postings.build(names, size)
    grams: dict[str, list[int]] = {}
    for number, token in enumerate(name_postings.vocabulary):
        if len(token) >= FUZZY_MIN_LENGTH - 1:
            for gram in sorted(trigrams(token)):
                grams.setdefault(gram, []).append(number)
    return (
        STATE_FORMAT,
        array("I", numbered).tobytes(),
        {code: bitmap(ranks, size) for code, ranks in kinds.items()},
        {code: bitmap(ranks, size) for code, ranks in subjects.items()},
        parents.tobytes(),
        name_postings.state(),
        Postings.build(texts, size).state(),
        Postings.build(grams, len(name_postings), dense=False).state(),
        SortedTexts.build(fields).state(),
        Postings.build(name_pairs, size).state(),
        Postings.build(text_pairs, size).state(),
    )


def pair(first: str, second: str) -> str:
    return f"{first} {second}"


def trigrams(token: str) -> set[str]:
    padded = f" {token} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _add(postings: dict[str, list[int]], terms: set[str], rank: int) -> None:
    for term in terms:
        postings.setdefault(term, []).append(rank)
