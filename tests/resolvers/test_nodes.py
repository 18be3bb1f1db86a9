"""`node` and `nodes`: every Node type resolves; unknown IDs are null, malformed ones an error."""

from __future__ import annotations

import pytest
from strawberry.relay import GlobalID

NODE = """
query ($id: ID!) {
  node(id: $id) { __typename id ... on Entity { slug } ... on Position { title } }
}
"""


@pytest.mark.parametrize(
    ("typename", "slug"),
    [
        pytest.param("Unit", "media", id="unit"),
        pytest.param("Office", "ro-bangkok", id="office"),
        pytest.param("Committee", "pcc", id="committee"),
        pytest.param("Position", "cos", id="position"),
    ],
)
def test_node_resolves_every_node_type(gql, typename, slug) -> None:
    gid = str(GlobalID(typename, slug))
    node = gql.data(NODE, id=gid)["node"]
    assert node["__typename"] == typename
    assert node["id"] == gid


@pytest.mark.parametrize(
    "gid",
    [
        pytest.param(GlobalID("Unit", "nope"), id="unknown-slug"),
        pytest.param(GlobalID("Office", "media"), id="wrong-family"),
        pytest.param(GlobalID("Position", "media"), id="entity-slug-as-position"),
        pytest.param(GlobalID("PageInfo", "x"), id="not-a-node-type"),
        pytest.param(GlobalID("Nothing", "x"), id="unknown-type"),
    ],
)
def test_unknown_id_is_null(gql, gid) -> None:
    assert gql.data(NODE, id=str(gid))["node"] is None


def test_malformed_id_is_a_clear_error(gql) -> None:
    assert "is not an ID of this API" in gql.error(NODE, id="media")


def test_nodes_keeps_order_and_nulls(gql) -> None:
    ids = [
        str(GlobalID("Position", "dg")),
        str(GlobalID("Unit", "zzz")),
        str(GlobalID("Unit", "hq")),
    ]
    data = gql.data("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", ids=ids)
    assert data["nodes"] == [{"id": ids[0]}, None, {"id": ids[2]}]


def test_an_entity_id_round_trips_through_node(gql) -> None:
    gid = gql.data('{ entity(slug: "lab") { id } }')["entity"]["id"]
    assert gql.data(NODE, id=gid)["node"]["slug"] == "lab"
