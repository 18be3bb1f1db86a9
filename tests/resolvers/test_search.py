"""`search` and the index behind it (graph/search/index.py): matching, ranking, snippets, limits.

The ranking rules are checked as rules over every record of the real data (every exact name
ranks its entity first, every acronym its structure, every position title its position, every
country and city it is found), beside the cases the issue names.
"""

from __future__ import annotations

import re

import pytest

from graph.indexes import OrgGraph
from graph.model import Entity, EntityKind
from graph.search.docs import country_names
from graph.search.fold import fold_tokens
from graph.search.index import MatchField, SearchIndex, Snippet, fold, query_tokens

SEARCH = """
query ($query: String!, $first: Int, $kind: [EntityKind!], $subjects: [SearchSubjectType!]) {
  search(query: $query, first: $first, kind: $kind, subjects: $subjects) {
    nodes {
      score field typoCorrected subjectType
      subject { ...Subject }
      snippet { text fragments { text highlighted } }
    }
  }
}
fragment Subject on SearchSubject {
  __typename
  ... on Entity { slug }
  ... on Position { slug }
  ... on Country { code }
  ... on City { name country { code } }
}
"""


def _hits(gql, query: str, **variables: object) -> list[dict]:
    hits: list[dict] = gql.data(SEARCH, query=query, **variables)["search"]["nodes"]
    for hit in hits:
        subject = hit["subject"]
        # One key per subject: a slug, a country code, or "CH/Geneva" for a city.
        if "slug" not in subject:
            city = subject.get("name")
            country = (subject.get("country") or {}).get("code", "")
            subject["slug"] = subject["code"] if "code" in subject else f"{country}/{city}"
        hit["entity"] = subject  # what the tests of entities read
    return hits


def _slugs(gql, query: str, **variables: object) -> list[str]:
    return [hit["subject"]["slug"] for hit in _hits(gql, query, **variables)]


def _marked(hit: dict) -> list[str]:
    return [f["text"] for f in hit["snippet"]["fragments"] if f["highlighted"]]


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("san jose", id="no-accent"),
        pytest.param("SAN JOSÉ", id="upper-case"),
        pytest.param("San-José!", id="punctuation"),
        pytest.param("san jos", id="partial-last-word"),
    ],
)
def test_accent_case_and_punctuation_are_ignored(gql, query) -> None:
    city, office = _hits(gql, query)[:2]
    assert (city["subjectType"], city["entity"]["slug"]) == ("CITY", "CR/San José")
    assert office["entity"]["slug"] == "ro-san-jose"
    assert office["field"] == "NAME"
    assert _marked(office)[0].startswith("San Jos")


def test_whole_phrase_is_marked_as_one_fragment(gql) -> None:
    hit = _hits(gql, "san jose", subjects=["ENTITY"])[0]
    assert hit["snippet"]["fragments"] == [
        {"text": "Regional Office in ", "highlighted": False},
        {"text": "San José", "highlighted": True},
        {"text": ", Costa Rica", "highlighted": False},
    ]


def test_name_matches_rank_above_description_matches(gql) -> None:
    hits = _hits(gql, "migration health division")
    slugs = [h["entity"]["slug"] for h in hits]
    assert slugs == ["health", "lab"]
    assert hits[0]["field"] == "NAME"
    assert hits[1]["field"] == "DESCRIPTION"
    assert hits[0]["score"] > hits[1]["score"]


def test_description_match_snippet_marks_the_words(gql) -> None:
    hit = next(h for h in _hits(gql, "san jose") if h["entity"]["slug"] == "lab")
    assert hit["field"] == "DESCRIPTION"
    assert _marked(hit) == ["San José"]


def test_exact_name_ranks_first(gql) -> None:
    assert _slugs(gql, "headquarters")[0] == "hq"


def test_alias_matches_as_a_name(gql) -> None:
    hits = _hits(gql, "mhd")
    assert hits[0]["entity"]["slug"] == "health"
    assert hits[0]["field"] == "ALIAS"


def test_mention_is_searched(gql) -> None:
    hits = _hits(gql, "mentioned")
    assert [(h["entity"]["slug"], h["field"]) for h in hits] == [("legal", "MENTION")]


def test_a_typo_in_a_name_is_tolerated_and_flagged(gql) -> None:
    hits = _hits(gql, "laboratroy")
    assert hits[0]["entity"]["slug"] == "lab"
    assert hits[0]["typoCorrected"] is True
    assert _marked(hits[0]) == ["Laboratory"]


def test_every_word_must_match(gql) -> None:
    assert _slugs(gql, "san jose bangkok") == []


def test_query_without_letters_finds_nothing(gql) -> None:
    assert _hits(gql, " ,.;! ") == []


def test_kind_filter(gql) -> None:
    assert _slugs(gql, "san jose", kind=["UNIT"]) == ["lab"]
    assert _slugs(gql, "chief", kind=["UNIT", "EXECUTIVE_OFFICE"]) == []  # not the position


def test_first_limits_the_hits(gql) -> None:
    assert len(_hits(gql, "office", first=2)) == 2
    assert _hits(gql, "office", first=0) == []


@pytest.mark.parametrize("first", [-1, 101])
def test_first_outside_the_limits_is_an_error(gql, first) -> None:
    assert "must be between 0 and 100" in gql.error(SEARCH, query="office", first=first)


def test_long_description_snippet_is_cut_around_the_match() -> None:
    words = " ".join(f"word{i}" for i in range(200))
    description = f"{words} the Needle is here. {words}"
    root = Entity("root", "Root", EntityKind.ORGANIZATION, None, 0, description=description)
    graph = OrgGraph.build(version="v", entities=[root], positions=[], relations=[])
    (hit,) = SearchIndex.build(graph).search("needle")
    text = hit.snippet.text
    assert text.startswith("…") and text.endswith("…")
    assert len(text) <= 202
    assert [piece for piece, marked in hit.snippet.fragments() if marked] == ["Needle"]


# --- the folding and snippet helpers ------------------------------------------------------


def test_fold_maps_every_folded_character_back_to_the_source() -> None:
    folded = fold("Director General´s Office, São Tomé")
    assert folded.text == "director generals office sao tome"
    assert [t for t, _ in folded.tokens] == ["director", "generals", "office", "sao", "tome"]
    source = "Director General´s Office, São Tomé"
    start = folded.text.index("sao")
    assert source[folded.origin[start] : folded.origin[start + 2] + 1] == "São"


def test_query_tokens_drop_duplicates_and_cap_the_count() -> None:
    assert query_tokens("Unit unit UNIT office") == ("unit", "office")
    assert len(query_tokens(" ".join(f"w{i}" for i in range(50)))) == 12


def test_snippet_fragments_alternate_plain_and_marked_runs() -> None:
    snippet = Snippet("abc def ghi", ((4, 7),))
    assert snippet.fragments() == [("abc ", False), ("def", True), (" ghi", False)]
    assert Snippet("abc", ((0, 3),)).fragments() == [("abc", True)]


# --- ranking rules over every record of the real data --------------------------------------


@pytest.fixture(scope="module")
def index(iom_context) -> SearchIndex:
    return iom_context.search


def _top_exact(index: SearchIndex, query: str) -> list[tuple[str, str]]:
    """The (subject, id) of the hits before the first that is not the query's exact name; the
    hits after it must not be exact either (exact names come first)."""
    hits = index.search(query, limit=100)
    exact = [(hit.subject.value, hit.id) for hit in hits if hit.exact]
    assert [hit.exact for hit in hits] == [True] * len(exact) + [False] * (len(hits) - len(exact))
    return exact


def test_every_entity_is_first_for_its_exact_name(index, iom_context) -> None:
    for entity in iom_context.graph.iter_entities():
        assert ("entity", entity.id) in _top_exact(index, entity.name), entity.name


def _acronyms(texts: list[str]) -> set[str]:
    return {word for text in texts for word in re.findall(r"\b[A-Z]{2,}\b", text)}


def test_every_acronym_ranks_first_what_it_names(index, iom_context) -> None:
    """An acronym in a name or alias ranks first a document whose name or alias holds it."""
    entities = list(iom_context.graph.iter_entities())
    named = _acronyms([text for entity in entities for text in (entity.name, *entity.aliases)])
    assert {"IOM", "PRIMA", "IATI"} <= named
    for acronym in sorted(named):
        for query in (acronym, acronym.lower()):
            (first, *_) = index.search(query)
            assert first.field in (MatchField.NAME, MatchField.ALIAS), query
            assert not first.fuzzy and acronym in first.snippet.text, query


def test_every_acronym_of_the_descriptions_is_found_as_written(index, iom_context) -> None:
    """Every hit for an acronym of the source text holds it: none is a similar spelling."""
    texts = [e.description for e in iom_context.graph.iter_entities()]
    acronyms = _acronyms(texts)
    assert {"PRISM", "IPSAS", "PSEA", "ICT"} <= acronyms
    for acronym in sorted(acronyms):
        hits = index.search(acronym, limit=100)
        assert hits, acronym
        for hit in hits:
            assert not hit.fuzzy, (acronym, hit.id)
            marked = [piece.casefold() for piece, on in hit.snippet.fragments() if on]
            assert acronym.casefold() in " ".join(marked).split(), (acronym, hit.id)


def test_every_position_is_first_for_its_title(index, iom_context) -> None:
    for position in iom_context.graph.positions.values():
        assert _top_exact(index, position.title)[0] == ("position", position.id), position.title


def test_every_place_with_structures_is_found_first(index, iom_context) -> None:
    graph = iom_context.graph
    for code in graph.countries():
        for name in country_names(code):
            assert ("country", code) in _top_exact(index, name), name
    for entity in graph.iter_entities():
        if entity.location is not None and entity.location.city:
            place = f"{entity.location.country or ''}/{entity.location.city}"
            assert ("city", place) in _top_exact(index, entity.location.city), place


def test_a_word_found_as_written_is_never_typo_corrected(index, iom_context) -> None:
    words = {
        word
        for entity in iom_context.graph.iter_entities()
        for text in (entity.name, entity.description)
        for word in fold_tokens(text)
        if len(word) >= 4
    }
    for word in sorted(words):
        assert not any(hit.fuzzy for hit in index.search(word, limit=10)), word


def test_structures_rank_above_their_sub_units_holding_the_same_words(iom, iom_context) -> None:
    graph = iom_context.graph
    queries = {" ".join(fold_tokens(e.name)[:2]) for e in graph.iter_entities()}
    for query in sorted(queries):
        hits = _hits(iom, query, first=100, subjects=["ENTITY"])
        named = [h for h in hits if h["field"] in ("NAME", "ALIAS") and not h["typoCorrected"]]
        seen: set[str] = set()
        for hit in named:
            slug = hit["subject"]["slug"]
            exact = " ".join(fold_tokens(graph.entities[slug].name)) == query
            later = [a for a in graph.ancestors(slug) if a in {h["subject"]["slug"] for h in named}]
            assert exact or all(a in seen for a in later), (query, slug)
            seen.add(slug)


# --- the examples ------------------------------------------------------------------


def test_an_exact_acronym_ranks_above_a_similar_spelling(iom) -> None:
    hits = _hits(iom, "PRISM")
    assert hits and not any(h["typoCorrected"] for h in hits)
    assert all("PRISM" in _marked(h) for h in hits)
    assert "prima-unit" not in [h["subject"]["slug"] for h in hits]
    assert _slugs(iom, "PRIMA")[0] == "prima-unit"


def test_the_department_ranks_above_its_units_for_its_words(iom) -> None:
    slugs = _slugs(iom, "human resources")
    assert slugs[0] == "department-of-human-resources-management"
    assert "human-resources-policy-unit" in slugs[1:5]


@pytest.mark.parametrize(
    ("query", "slug"),
    [("Chief of Staff", "chief-of-staff"), ("director general", "director-general")],
)
def test_positions_are_found(iom, query, slug) -> None:
    hit = _hits(iom, query)[0]
    assert (hit["subject"]["__typename"], hit["subject"]["slug"]) == ("Position", slug)
    assert hit["subjectType"] == "POSITION"


PLACES = """
query ($q: String!) {
  search(query: $q, first: 1) {
    nodes { subject {
      __typename
      ... on Country { code commonName entityCount entities(first: 50) { nodes { slug } } }
      ... on City { name country { code } entityCount entities(first: 50) { nodes { slug } } }
    } }
  }
}
"""


def test_a_country_stands_for_the_structures_located_in_it(iom, iom_context) -> None:
    (hit,) = iom.data(PLACES, q="Philippines")["search"]["nodes"]
    country = hit["subject"]
    assert (country["__typename"], country["code"]) == ("Country", "PH")
    slugs = [node["slug"] for node in country["entities"]["nodes"]]
    assert set(slugs) == set(iom_context.graph.by_country("PH")) and country["entityCount"] == 4
    assert "manila-administrative-centre" in slugs


def test_a_city_stands_for_the_structures_located_in_it(iom, iom_context) -> None:
    (hit,) = iom.data(PLACES, q="geneva")["search"]["nodes"]
    city = hit["subject"]
    assert (city["__typename"], city["name"], city["country"]["code"]) == ("City", "Geneva", "CH")
    assert [node["slug"] for node in city["entities"]["nodes"]] == ["headquarters"]
    (hit,) = iom.data(PLACES, q="manila")["search"]["nodes"]
    located = {
        e.id
        for e in iom_context.graph.iter_entities()
        if e.location and e.location.city == "Manila"
    }
    assert {node["slug"] for node in hit["subject"]["entities"]["nodes"]} == located


@pytest.mark.parametrize(
    ("query", "problem"),
    [("a", "TOO_SHORT"), (" é ", "TOO_SHORT"), ("7", "TOO_SHORT"), ("!?", "EMPTY")],
)
def test_a_too_short_query_says_why(iom, query, problem) -> None:
    document = (
        "query ($q: String!) { search(query: $q) { totalCount problem words nodes { score } } }"
    )
    found = iom.data(document, q=query)["search"]
    assert found == {"totalCount": 0, "problem": problem, "words": [], "nodes": []}


def test_a_searched_query_reports_its_words_and_no_problem(iom) -> None:
    document = "query ($q: String!) { search(query: $q) { problem words } }"
    assert iom.data(document, q="Santé, SANTÉ et  Data")["search"] == {
        "problem": None,
        "words": ["sante", "et", "data"],
    }
    many = " ".join(f"w{i}" for i in range(20))
    assert iom.data(document, q=many)["search"]["problem"] == "TOO_LONG"
