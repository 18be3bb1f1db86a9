"""`search` as a Relay connection: pages forward and backward, cursors, `totalCount`, limits."""

from __future__ import annotations

import pytest

PAGE = """
query ($q: String!, $first: Int, $after: String, $last: Int, $before: String) {
  search(query: $q, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { score subject {
      ... on Entity { slug } ... on Position { slug } ... on Country { code } ... on City { name }
    } } }
  }
}
"""


def _key(edge: dict) -> str:
    subject = edge["node"]["subject"]
    return str(subject.get("slug") or subject.get("code") or subject.get("name"))


def _page(iom, q: str, **args: object) -> dict:
    page: dict = iom.data(PAGE, q=q, **args)["search"]
    return page


@pytest.fixture(scope="module")
def everything(iom) -> list[str]:
    page = _page(iom, "office", first=100)
    assert not page["pageInfo"]["hasNextPage"] and page["totalCount"] == len(page["edges"]) > 30
    return [_key(edge) for edge in page["edges"]]


def test_forward_pages_join_into_the_whole_ranking(iom, everything) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = _page(iom, "office", first=7, after=after)
        assert page["totalCount"] == len(everything)
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += [_key(edge) for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]
    assert seen == everything


def test_backward_pages_join_into_the_whole_ranking(iom, everything) -> None:
    seen: list[str] = []
    before = None
    while True:
        page = _page(iom, "office", last=7, before=before)
        keys = [_key(edge) for edge in page["edges"]]
        seen = keys + seen
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert seen == everything


def test_last_alone_is_the_end_of_the_ranking(iom, everything) -> None:
    page = _page(iom, "office", last=3)
    assert [_key(edge) for edge in page["edges"]] == everything[-3:]
    assert page["pageInfo"] == {**page["pageInfo"], "hasNextPage": False, "hasPreviousPage": True}


def test_after_and_before_together_cut_a_window(iom, everything) -> None:
    edges = _page(iom, "office", first=10)["edges"]
    page = _page(iom, "office", after=edges[1]["cursor"], before=edges[6]["cursor"], first=50)
    assert [_key(edge) for edge in page["edges"]] == everything[2:6]


def test_scores_never_increase_across_pages(iom) -> None:
    first = _page(iom, "migration", first=10)
    second = _page(iom, "migration", first=10, after=first["pageInfo"]["endCursor"])
    scores = [edge["node"]["score"] for page in (first, second) for edge in page["edges"]]
    assert scores == sorted(scores, reverse=True)


def test_only_the_first_hits_can_be_paged_through(iom, everything, monkeypatch) -> None:
    monkeypatch.setattr("graph.search.index.MAX_DEPTH", 10)
    page = _page(iom, "office", first=8)
    page = _page(iom, "office", first=8, after=page["pageInfo"]["endCursor"])
    assert [_key(edge) for edge in page["edges"]] == everything[8:10]
    assert page["pageInfo"]["hasNextPage"] is False
    assert page["totalCount"] == len(everything)  # every match is still counted


def test_first_and_last_together_are_refused(iom) -> None:
    assert "either `first` or `last`" in iom.error(PAGE, q="office", first=2, last=2)


@pytest.mark.parametrize("cursor", ["garbage", "ZW50aXR5OmhlYWRxdWFydGVycw=="])
def test_a_cursor_that_is_not_a_search_cursor_is_refused(iom, cursor) -> None:
    assert "not a search cursor" in iom.error(PAGE, q="office", after=cursor)


def test_a_cursor_of_another_search_is_refused(iom) -> None:
    cursor = _page(iom, "migration", first=2)["pageInfo"]["endCursor"]
    message = iom.error(PAGE, q="office", after=cursor)
    assert "cursor of another search" in message
    # The same words however typed are the same search.
    assert _page(iom, "MIGRATION!", first=2, after=cursor)["edges"]


def test_the_old_entity_field_still_answers_and_is_deprecated(iom) -> None:
    document = """
    query { search(query: "chief of staff", first: 3) { nodes { subjectType entity { slug } } } }
    """
    nodes = iom.data(document)["search"]["nodes"]
    assert nodes[0] == {"subjectType": "POSITION", "entity": None}
    assert nodes[1]["entity"]["slug"] == "director-generals-executive-office"
    introspection = """
    { __type(name: "SearchHit") { fields(includeDeprecated: true) {
        name isDeprecated deprecationReason } } }
    """
    fields = {f["name"]: f for f in iom.data(introspection)["__type"]["fields"]}
    assert fields["entity"]["isDeprecated"] is True
    assert "Use `subject`" in fields["entity"]["deprecationReason"]
    assert fields["subject"]["isDeprecated"] is False
