"""`search` and the index behind it (graph/search/index.py): matching, ranking, snippets, limits."""

from __future__ import annotations

import pytest

from graph.indexes import OrgGraph
from graph.model import Entity, EntityKind
from graph.search.index import SearchIndex, Snippet, fold, query_tokens

SEARCH = """
query ($query: String!, $first: Int, $kind: [EntityKind!]) {
  search(query: $query, first: $first, kind: $kind) {
    score field typoCorrected
    entity { slug }
    snippet { text fragments { text highlighted } }
  }
}
"""


def _hits(gql, query: str, **variables: object) -> list[dict]:
    hits: list[dict] = gql.data(SEARCH, query=query, **variables)["search"]
    return hits


def _slugs(gql, query: str, **variables: object) -> list[str]:
    return [hit["entity"]["slug"] for hit in _hits(gql, query, **variables)]


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
    hits = _hits(gql, query)
    assert hits[0]["entity"]["slug"] == "ro-san-jose"
    assert hits[0]["field"] == "NAME"
    assert _marked(hits[0])[0].startswith("San Jos")


def test_whole_phrase_is_marked_as_one_fragment(gql) -> None:
    hit = _hits(gql, "san jose")[0]
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
