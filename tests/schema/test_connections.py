"""Paging: defaults and limits, cursors, Relay's after/before/first/last, exact totals."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.root import schema as api_schema
from graph.indexes import OrgGraph
from graph.model import Entity, EntityKind
from schema.connections import encode_cursor, paged
from schema.context import Context
from tests.conftest import Executor

WIDTH = 130
KINDS = (EntityKind.UNIT, EntityKind.TEAM, EntityKind.DIVISION)


def _wide_graph() -> OrgGraph:
    """A root with WIDTH children cycling through three kinds; child i is `c{i:03}`."""
    entities = [Entity("root", "Root", EntityKind.ORGANIZATION, None, 0)]
    entities += [
        Entity(f"c{i:03}", f"Child {i}", KINDS[i % 3], "root", i + 1) for i in range(WIDTH)
    ]
    return OrgGraph.build(version="wide", entities=entities, positions=[], relations=[])


@pytest.fixture(scope="module")
def wide() -> Executor:
    return Executor(Context.for_graph(_wide_graph()))


PAGE = """
query ($first: Int, $after: String, $last: Int, $before: String, $kind: [EntityKind!]) {
  organization {
    children(first: $first, after: $after, last: $last, before: $before, kind: $kind) {
      totalCount
      edges { cursor node { slug } }
      nodes { slug }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}
"""


def _page(executor: Executor, **variables: object) -> dict:
    return executor.data(PAGE, **variables)["organization"]["children"]


def _slugs(page: dict) -> list[str]:
    return [edge["node"]["slug"] for edge in page["edges"]]


def test_first_defaults_to_twenty(wide) -> None:
    page = _page(wide)
    assert _slugs(page) == [f"c{i:03}" for i in range(20)]
    assert page["totalCount"] == WIDTH
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["hasPreviousPage"] is False


def test_nodes_are_the_edges_nodes(wide) -> None:
    page = _page(wide, first=5)
    assert [n["slug"] for n in page["nodes"]] == _slugs(page)


def test_first_one_hundred_is_allowed(wide) -> None:
    assert len(_slugs(_page(wide, first=100))) == 100


@pytest.mark.parametrize("argument", ["first", "last"])
def test_more_than_one_hundred_is_an_error_naming_the_limit(wide, argument) -> None:
    message = wide.error(PAGE, **{argument: 101})
    assert f"exceeds the `{argument}` limit of 100" in message


def test_negative_first_is_an_error(wide) -> None:
    assert "must not be negative" in wide.error(PAGE, first=-1)


def test_first_zero_gives_no_edges_but_the_total(wide) -> None:
    page = _page(wide, first=0)
    assert page["edges"] == []
    assert page["totalCount"] == WIDTH
    assert page["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }


def test_paging_with_end_cursor_walks_the_whole_list_once(wide) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = _page(wide, first=40, after=after)
        seen += _slugs(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"c{i:03}" for i in range(WIDTH)]


def test_last_page_is_short_and_has_no_next_page(wide) -> None:
    page = _page(wide, first=40, after=encode_cursor("c119"))
    assert _slugs(page) == [f"c{i:03}" for i in range(120, WIDTH)]
    assert page["pageInfo"]["hasNextPage"] is False
    assert page["pageInfo"]["hasPreviousPage"] is True


def test_after_the_last_item_is_an_empty_page(wide) -> None:
    page = _page(wide, after=encode_cursor(f"c{WIDTH - 1:03}"))
    assert page["edges"] == []
    assert page["pageInfo"]["hasNextPage"] is False
    assert page["pageInfo"]["hasPreviousPage"] is True


def test_last_counts_back_from_the_end(wide) -> None:
    page = _page(wide, last=3)
    assert _slugs(page) == ["c127", "c128", "c129"]
    assert page["pageInfo"]["hasPreviousPage"] is True
    assert page["pageInfo"]["hasNextPage"] is False


def test_last_with_before_pages_backwards(wide) -> None:
    page = _page(wide, last=2, before=encode_cursor("c010"))
    assert _slugs(page) == ["c008", "c009"]


def test_after_and_before_bound_a_window(wide) -> None:
    page = _page(wide, after=encode_cursor("c003"), before=encode_cursor("c007"))
    assert _slugs(page) == ["c004", "c005", "c006"]


def test_first_and_last_together_are_refused(wide) -> None:
    message = wide.error(PAGE, first=5, last=2)
    assert "`first` and `last` cannot be used together" in message


def test_kind_filter_pages_over_the_filtered_list(wide) -> None:
    page = _page(wide, kind=["TEAM"], first=3)
    assert _slugs(page) == ["c001", "c004", "c007"]
    assert page["totalCount"] == len(range(1, WIDTH, 3))
    following = _page(wide, kind=["TEAM"], first=2, after=page["pageInfo"]["endCursor"])
    assert _slugs(following) == ["c010", "c013"]


def test_several_kinds_merge_in_tree_order(wide) -> None:
    page = _page(wide, kind=["DIVISION", "TEAM"], first=4)
    assert _slugs(page) == ["c001", "c002", "c004", "c005"]


def test_empty_kind_list_matches_nothing(wide) -> None:
    page = _page(wide, kind=[])
    assert page["totalCount"] == 0
    assert page["edges"] == []
    assert page["pageInfo"]["hasNextPage"] is False


def test_empty_list_has_no_pages(gql) -> None:
    data = gql.data(
        '{ entity(slug: "legal") { children { totalCount edges { cursor } '
        "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }"
    )
    assert data["entity"]["children"] == {
        "totalCount": 0,
        "edges": [],
        "pageInfo": {
            "hasNextPage": False,
            "hasPreviousPage": False,
            "startCursor": None,
            "endCursor": None,
        },
    }


@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param("not a cursor", id="not-base64"),
        pytest.param(base64.b64encode(b"arrayconnection:3").decode(), id="foreign-prefix"),
        pytest.param(base64.b64encode(b"\xff\xfe").decode(), id="not-utf8"),
        pytest.param("", id="empty"),
    ],
)
def test_bad_cursor_is_a_clear_error(wide, cursor) -> None:
    assert "is not a cursor of this API" in wide.error(PAGE, after=cursor)


def test_cursor_of_a_vanished_entity_asks_to_start_again(wide) -> None:
    message = wide.error(PAGE, before=encode_cursor("gone"))
    assert "no longer exists" in message


def test_cursors_are_opaque_strings_not_offsets(wide) -> None:
    cursor = _page(wide, first=1)["edges"][0]["cursor"]
    assert not cursor.isdigit()
    assert "c000" not in cursor


@settings(max_examples=60, deadline=None)
@given(
    start=st.integers(min_value=-1, max_value=WIDTH - 1),
    first=st.integers(min_value=0, max_value=100),
    kinds=st.sets(st.sampled_from(["UNIT", "TEAM", "DIVISION"])),
)
def test_any_page_is_the_matching_slice_of_the_filtered_list(wide, start, first, kinds) -> None:
    executor = wide
    wanted = [i for i in range(WIDTH) if not kinds or KINDS[i % 3].name in kinds]
    after = None if start < 0 else encode_cursor(f"c{start:03}")
    page = _page(executor, first=first, after=after, kind=sorted(kinds) or None)
    rest = [i for i in wanted if i > start]
    assert _slugs(page) == [f"c{i:03}" for i in rest[:first]]
    assert page["totalCount"] == len(wanted)
    assert page["pageInfo"]["hasNextPage"] is (len(rest) > first)


def test_every_connection_takes_the_same_paging_arguments() -> None:
    graphql_schema = api_schema._schema
    expected: list[tuple[str, str, str | None]] | None = None
    fields = [
        (type_name, name, field)
        for type_name, type_ in graphql_schema.type_map.items()
        if hasattr(type_, "fields") and not type_name.startswith("__")
        for name, field in type_.fields.items()
        if str(field.type).strip("!") == "EntityConnection"
    ]
    assert len(fields) >= 5
    for type_name, name, field in fields:
        paging = [
            (arg_name, str(arg.type), arg.description)
            for arg_name, arg in field.args.items()
            if arg_name in ("first", "after", "last", "before")
        ]
        assert [a[0] for a in paging] == ["first", "after", "last", "before"], (type_name, name)
        assert list(field.args)[:4] == ["first", "after", "last", "before"], (type_name, name)
        expected = paging if expected is None else expected
        assert paging == expected, (type_name, name)


def test_paged_needs_a_page_parameter() -> None:
    def no_page(info: object) -> None: ...

    with pytest.raises(TypeError, match="no `page` parameter"):
        paged(no_page)
