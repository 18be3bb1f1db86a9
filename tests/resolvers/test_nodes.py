"""`node` and `nodes`: every Node type resolves; unknown IDs are null, malformed ones an error."""

from __future__ import annotations

import base64
import dataclasses

import pytest

from graph.indexes import OrgGraph
from graph.model import EntityKind
from schema.context import Context
from schema.identity import encode_id
from tests.conftest import Executor

NODE = """
query ($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Entity { slug }
    ... on Position { title }
    ... on Country { code }
  }
}
"""


@pytest.mark.parametrize(
    ("typename", "key", "value"),
    [
        pytest.param("Unit", "Entity", "media", id="unit"),
        pytest.param("Office", "Entity", "ro-bangkok", id="office"),
        pytest.param("Committee", "Entity", "pcc", id="committee"),
        pytest.param("Position", "Position", "cos", id="position"),
        pytest.param("Country", "Country", "CR", id="country"),
    ],
)
def test_node_resolves_every_node_type(gql, typename, key, value) -> None:
    gid = encode_id(key, value)
    node = gql.data(NODE, id=gid)["node"]
    assert node["__typename"] == typename
    assert node["id"] == gid


@pytest.mark.parametrize(
    ("old_type", "slug", "typename"),
    [
        pytest.param("Unit", "media", "Unit", id="unit"),
        pytest.param("Office", "ro-bangkok", "Office", id="office"),
        # The 0.1.0 ID of an entity whose family changed still finds it, under its new type.
        pytest.param("Unit", "pcc", "Committee", id="family-changed"),
    ],
)
def test_ids_of_0_1_0_still_resolve_to_the_entity(gql, old_type, slug, typename) -> None:
    node = gql.data(NODE, id=encode_id(old_type, slug))["node"]
    assert node["__typename"] == typename
    assert node["slug"] == slug
    assert node["id"] == encode_id("Entity", slug)


@pytest.mark.parametrize(
    "gid",
    [
        pytest.param(encode_id("Entity", "nope"), id="unknown-slug"),
        pytest.param(encode_id("Position", "media"), id="entity-slug-as-position"),
        pytest.param(encode_id("Country", "XX"), id="unknown-country"),
        pytest.param(encode_id("PageInfo", "x"), id="not-a-node-type"),
        pytest.param(encode_id("Nothing", "x"), id="unknown-type"),
    ],
)
def test_unknown_id_is_null(gql, gid) -> None:
    assert gql.data(NODE, id=gid)["node"] is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("media", id="a-slug"),
        pytest.param(base64.b64encode(b"no colon").decode(), id="no-key"),
        pytest.param(base64.b64encode(b"\xff\xfe:x").decode(), id="not-utf8"),
    ],
)
def test_malformed_id_is_a_clear_error(gql, text) -> None:
    assert "is not an ID of this API" in gql.error(NODE, id=text)


def test_nodes_keeps_order_and_nulls(gql) -> None:
    ids = [encode_id("Position", "dg"), encode_id("Entity", "zzz"), encode_id("Entity", "hq")]
    data = gql.data("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", ids=ids)
    assert data["nodes"] == [{"id": ids[0]}, None, {"id": ids[2]}]


@pytest.mark.parametrize(
    "query",
    [
        pytest.param('{ entity(slug: "lab") { id } }', id="entity"),
        pytest.param('{ position(slug: "cos") { id } }', id="position"),
        pytest.param('{ country(code: "cr") { id } }', id="country"),
    ],
)
def test_an_id_round_trips_through_node(gql, query) -> None:
    (found,) = gql.data(query).values()
    assert gql.data(NODE, id=found["id"])["node"]["id"] == found["id"]


def test_an_id_survives_a_change_of_kind_and_family_in_the_data(gql) -> None:
    """A secretariat becoming a committee: the same ID, now answered as a Committee."""
    before = gql.data('{ entity(slug: "legal") { id __typename } }')["entity"]
    assert before["__typename"] == "Unit"
    base = gql.context.graph
    changed = [
        dataclasses.replace(e, kind=EntityKind.COMMITTEE) if e.id == "legal" else e
        for e in base.iter_entities()
    ]
    graph = OrgGraph.build(
        version="changed",
        entities=changed,
        positions=list(base.positions.values()),
        relations=[r for e in base.iter_entities() for r in base.relations_from(e.id)],
    )
    after = Executor(Context.for_graph(graph))
    node = after.data(NODE, id=before["id"])["node"]
    assert (node["__typename"], node["slug"], node["id"]) == ("Committee", "legal", before["id"])
