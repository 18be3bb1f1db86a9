"""The search index's scale machinery: the selection returns exactly what scoring every match
would, the fast folding equals the character-by-character one, and the bitmap helpers."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.indexes import OrgGraph
from graph.load.loader import load_graph
from graph.model import Entity, EntityKind
from graph.search.docs import Searchable, Subject, documents
from graph.search.fold import _fold_slowly, fold, fold_tokens
from graph.search.index import SearchIndex, read_query
from graph.search.postings import Postings, bitmap, iter_bits, lowest
from graph.search.rank import Hit, MatchField, name_texts, other_texts, score, sort_key
from graph.synthetic.generate import write_organization

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def iom() -> OrgGraph:
    return load_graph(DATA)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> OrgGraph:
    out = tmp_path_factory.mktemp("org")
    write_organization(out, 600, seed=3)
    return load_graph(out)


Tokens = list[tuple[Searchable, set[str], set[str]]]


def _tokens(graph: OrgGraph) -> Tokens:
    return [
        (
            doc,
            {t for text in name_texts(doc) for t in fold_tokens(text)},
            {t for text in other_texts(doc) for t in fold_tokens(text)},
        )
        for doc in documents(graph)
    ]


def _exhaustive(
    index: SearchIndex,
    docs: Tokens,
    query: str,
    limit: int,
    kinds: set[EntityKind] | None,
    offset: int = 0,
) -> list[Hit]:
    """The definition: score every document that matches every token, sort; then move each
    structure whose name holds every word up to just before its first sub-unit that holds them
    too (not for a sub-unit whose whole name is the query); cut."""
    reading = read_query(query)
    if not reading.words or limit <= 0:
        return []
    matches = [index._match_token(token)[0] for token in reading.words]
    phrase = reading.phrase
    scored = []
    for doc, names, texts in docs:
        if kinds is not None and not (isinstance(doc, Entity) and doc.kind in kinds):
            continue
        if all(names & m.name_tokens.keys() or texts & m.text_tokens for m in matches):
            hit = score(doc, matches, phrase)
            scored.append((sort_key(doc, hit.score), doc, hit))
    scored.sort(key=lambda entry: entry[0])
    holders = {
        doc.id: hit
        for _, doc, hit in scored
        if isinstance(doc, Entity) and hit.field in (MatchField.NAME, MatchField.ALIAS)
        if not hit.fuzzy
    }
    entities = {doc.id: doc for doc, _, _ in docs if isinstance(doc, Entity)}
    ranking: list[Hit] = []
    placed: set[tuple[str, str]] = set()
    for _, doc, hit in scored:
        if (hit.subject, hit.id) in placed:
            continue
        if doc.id in holders and isinstance(doc, Entity) and not hit.exact:
            above = []
            parent_id = doc.parent_id
            while parent_id is not None:
                if parent_id in holders and (Subject.ENTITY, parent_id) not in placed:
                    above.append(parent_id)
                parent_id = entities[parent_id].parent_id
            for ancestor in reversed(above):
                ranking.append(dataclasses.replace(holders[ancestor], score=hit.score))
                placed.add((Subject.ENTITY, ancestor))
        ranking.append(hit)
        placed.add((hit.subject, hit.id))
    return ranking[offset : offset + limit]


def _queries(graph: OrgGraph, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    entities = list(graph.iter_entities())
    queries = ["a", "o", "the organization", "office", "mi", "unit team", "zzzz"]
    while len(queries) < count:
        entity = rng.choice(entities)
        name = fold_tokens(entity.name)
        text = fold_tokens(entity.description or entity.name)
        word = rng.choice(name)
        start = rng.randrange(len(text))
        queries.append(
            rng.choice(
                [
                    word,
                    word[: rng.randint(1, 4)],
                    word[:2] + word[3:] if len(word) > 5 else word,  # a typo
                    " ".join(name[: rng.randint(2, 3)]),
                    " ".join(text[start : start + rng.randint(1, 3)]),
                    f"{rng.choice(text)} {word}",
                    entity.name,
                ]
            )
        )
    return queries


@pytest.mark.parametrize("data", ["iom", "synthetic"])
def test_selection_equals_scoring_every_match(request, data) -> None:
    graph = request.getfixturevalue(data)
    index = SearchIndex.build(graph)
    docs = _tokens(graph)
    rng = random.Random(1)
    for query in _queries(graph, 150, seed=2):
        limit = rng.choice([1, 3, 10, 20, 100])
        kinds = set(rng.sample(list(EntityKind), 6)) if rng.random() < 0.2 else None
        offset = rng.choice([0, 0, 0, 2, 15])
        expected = _exhaustive(index, docs, query, limit, kinds, offset)
        found = index.search(query, limit=limit, offset=offset, kinds=kinds)
        assert found == expected, (query, limit, offset, kinds)
        everything = _exhaustive(index, docs, query, 10**6, kinds)
        assert index.count(query, kinds=kinds) == len(everything), query


def test_subject_filter_keeps_only_those_subjects(iom) -> None:
    index = SearchIndex.build(iom)
    for subjects in ({Subject.POSITION}, {Subject.COUNTRY, Subject.CITY}, {Subject.ENTITY}):
        hits = index.search("director general manila philippines", limit=50, subjects=subjects)
        hits += index.search("director", limit=50, subjects=subjects)
        assert all(hit.subject in subjects for hit in hits)


def test_index_state_round_trips(synthetic) -> None:
    index = SearchIndex.build(synthetic)
    again = SearchIndex(synthetic, index.state())
    assert again.search("migration health") == index.search("migration health")


def test_a_state_for_another_graph_is_refused(synthetic, iom) -> None:
    with pytest.raises(ValueError, match="another graph"):
        SearchIndex(iom, SearchIndex.build(synthetic).state())


@given(st.text(alphabet="aZ9 ,.'’`´ʼ‘-éÉßﬁ½İ\u0301\u0300ñΩ中–“()", max_size=40))
def test_fast_folding_equals_the_character_by_character_one(text: str) -> None:
    slow = _fold_slowly(text)
    assert fold(text) == slow
    assert fold_tokens(text) == [token for token, _ in slow.tokens]


def test_bitmaps_round_trip_in_order() -> None:
    numbers = [0, 7, 8, 63, 64, 1000, 99_999]
    bits = bitmap(numbers, 100_000)
    assert list(iter_bits(bits)) == numbers
    assert lowest(bits, 3) == [0, 7, 8]
    assert list(iter_bits(0)) == []


def test_frequent_terms_become_bitmaps_with_the_same_members() -> None:
    terms = {"common": list(range(0, 1000, 2)), "rare": [3, 5], "other": [1]}
    postings = Postings.build(terms, 1000)
    common, rare = postings.find("common"), postings.find("rare")
    assert common is not None and rare is not None
    assert list(postings.numbers(common)) == terms["common"]
    assert list(iter_bits(postings.bits([common, rare]))) == sorted(terms["common"] + [3, 5])
    assert [postings.vocabulary[i] for i in postings.prefixed("r")] == ["rare"]
    assert postings.find("missing") is None


def test_out_of_phrase_checks_hits_stay_real_matches_in_order(synthetic, monkeypatch) -> None:
    monkeypatch.setattr("graph.search.select.PHRASE_CHECKS", 0)
    index = SearchIndex.build(synthetic)
    docs = _tokens(synthetic)
    for query in ("the organization", "migration health", "in close cooperation"):
        hits = index.search(query, limit=10)
        everything = {hit.id: hit for hit in _exhaustive(index, docs, query, 10**6, None)}
        assert hits and all(everything[hit.id] == hit for hit in hits)
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
