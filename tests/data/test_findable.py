"""Every structure can be found by the words the source names it with, and stored values are
written as a reader types them (issue 17, classes 1 and 2)."""

from __future__ import annotations

import re

import pytest

from graph.indexes import OrgGraph
from graph.search.index import SearchIndex
from schema.context import Context
from tests.conftest import Executor
from tests.data.lookup import entity_for_heading, not_recorded
from tests.data.source import naming_lines, source_lines

NAMING = naming_lines()
UNRECORDED = {entry.text: entry for entry in not_recorded("names")}
# Words too common to tell one structure from another (or that every IOM text contains).
COMMON = {"the", "of", "and", "for", "in", "to", "on", "a", "an", "with", "iom"}
ARTICLE = re.compile(r"^(?:the|a|an) ", re.IGNORECASE)


def _words(text: str) -> list[str]:
    text = re.sub(r"[’']", "", text.casefold())  # "General’s" is one word, as search folds it
    return [w for w in re.findall(r"[^\W_]+", text) if w not in COMMON]


def test_every_entity_has_a_description_or_a_mention(iom: OrgGraph) -> None:
    # Search reads descriptions and mentions, never notes: an entity with neither can only be
    # found by its name, which for a listed office does not say what the source says about it.
    bare = [e.id for e in iom.iter_entities() if not e.description and not e.mention]
    assert bare == []


def test_every_naming_line_is_in_a_description_or_mention_of_its_entity(iom: OrgGraph) -> None:
    assert len(NAMING) == 99
    missing = []
    for line, heading in NAMING:
        entity = entity_for_heading(iom, heading)
        if entity is None:
            assert UNRECORDED[line].refers_to, line  # another wording of recorded entities
            continue
        texts = (entity.description.casefold(), (entity.mention or "").casefold())
        if not any(line.casefold() in text for text in texts):
            missing.append((entity.id, line))
    assert missing == []


@pytest.fixture(scope="module")
def index(iom: OrgGraph) -> SearchIndex:
    return SearchIndex.build(iom)


def test_search_finds_each_entity_by_each_distinctive_word_of_its_naming_lines(
    iom: OrgGraph, index: SearchIndex
) -> None:
    # "Caribbean" finds the Bridgetown office, "Geneva" Headquarters, "Nordic" Copenhagen.
    lost = []
    checked = 0
    for line, heading in NAMING:
        entity = entity_for_heading(iom, heading)
        targets = [entity.id] if entity else list(UNRECORDED[line].refers_to)
        for word in _words(line):
            hits = {hit.entity_id for hit in index.search(word, limit=len(iom.entities))}
            checked += 1
            if not any(target in hits for target in targets):
                lost.append((targets[0], word))
    assert lost == []
    assert checked > 300


def test_search_finds_the_words_the_first_review_could_not(index: SearchIndex) -> None:
    expected = {
        "Caribbean": "country-office-bridgetown",
        "Nordic": "country-office-copenhagen",
        "Pacific": "country-office-canberra",
        "Central Asia": "country-office-nur-sultan",
        "South Asia": "south-asia-coordinating-function",
        "Geneva": "headquarters",
    }
    for query, entity_id in expected.items():
        assert entity_id in [hit.entity_id for hit in index.search(query, limit=5)], query


def _typed_values(graph: OrgGraph) -> list[tuple[str, str, str]]:
    """(record, field, value) for every short value a reader types into a filter or search."""
    values = []
    for e in graph.iter_entities():
        values.append((e.id, "name", e.name))
        values += [(e.id, "alias", alias) for alias in e.aliases]
        if e.coordinates_subregion is not None:
            values.append((e.id, "coordinates_subregion", e.coordinates_subregion))
        if e.location is not None and e.location.city is not None:
            values.append((e.id, "city", e.location.city))
    values += [(p.id, "title", p.title) for p in graph.positions.values()]
    return values


def test_stored_values_are_as_a_reader_types_them(iom: OrgGraph) -> None:
    # No leading article ("the Caribbean" beside "Central Asia"), no stray spaces or punctuation.
    values = _typed_values(iom)
    bad = [
        v
        for v in values
        if ARTICLE.match(v[2]) or v[2] != v[2].strip() or "  " in v[2] or v[2][-1] in ".,;:"
    ]
    assert bad == []
    assert len(values) > 170


def test_each_subregion_is_the_source_s_word_and_filters_offices_by_it(
    iom: OrgGraph, iom_context: Context
) -> None:
    text = "\n".join(source_lines())
    query = "query ($s: String) { offices(subregion: $s, first: 50) { nodes { slug } } }"
    api = Executor(iom_context)
    offices = [e for e in iom.iter_entities() if e.coordinates_subregion]
    assert len(offices) == 6
    for entity in offices:
        subregion = entity.coordinates_subregion
        assert subregion is not None
        assert re.search(rf"\b(?:for|cover) (?:the )?{re.escape(subregion)}\b", text), subregion
        slugs = [n["slug"] for n in api.data(query, s=subregion)["offices"]["nodes"]]
        assert slugs == [entity.id]
