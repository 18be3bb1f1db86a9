"""The published contract: schema.graphql is what introspection prints, the schema describes
itself in its own words (no library defaults), and Node types are the ones with identity."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from graphql import GraphQLInterfaceType, GraphQLObjectType, build_client_schema, print_schema
from strawberry import relay

from api.root import schema
from server.app import create_app
from server.config import Config
from server.export_schema import INTROSPECTION_QUERY
from tests.support import REPO_ROOT, Client

BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


@pytest.fixture(scope="module")
def introspection(sample_context) -> dict[str, Any]:
    """The introspection result as a client fetches it: over HTTP, from the real app."""
    client = Client(create_app(Config.from_env({}), context=sample_context))
    response = client.post("/graphql", json={"query": INTROSPECTION_QUERY})
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


def test_schema_graphql_is_exactly_what_introspection_prints(introspection) -> None:
    committed = (REPO_ROOT / "schema.graphql").read_text(encoding="utf-8")
    printed = print_schema(build_client_schema(introspection)) + "\n"
    assert committed == printed, "run `make schema` and commit schema.graphql"


def test_the_schema_has_a_description(introspection) -> None:
    description = introspection["__schema"]["description"]
    assert description and "docs/api.md" in description and "CHANGELOG.md" in description


def _library_descriptions() -> set[str]:
    """Every description Strawberry's relay types would have put in our schema."""
    found = set()
    for cls in (relay.Node, relay.PageInfo, relay.Edge, relay.Connection, relay.ListConnection):
        definition = getattr(cls, "__strawberry_definition__")  # noqa: B009 (typed as Any)
        found.add(definition.description)
        found.update(f.description for f in definition.fields)
    return {d for d in found if d}


def _descriptions(introspection: dict[str, Any]) -> Iterator[tuple[str, str | None]]:
    """(schema coordinate, description) of every own type, field, argument and enum value."""
    for t in introspection["__schema"]["types"]:
        name = t["name"]
        if name.startswith("__") or name in BUILT_IN:
            continue
        yield name, t["description"]
        for f in t.get("fields") or ():
            yield f"{name}.{f['name']}", f["description"]
            for a in f["args"]:
                yield f"{name}.{f['name']}({a['name']}:)", a["description"]
        for f in t.get("inputFields") or ():
            yield f"{name}.{f['name']}", f["description"]
        for v in t.get("enumValues") or ():
            yield f"{name}.{v['name']}", v["description"]


def test_no_library_default_description_is_left(introspection) -> None:
    defaults = _library_descriptions()
    assert "The Globally Unique ID of this object" in defaults  # the check knows what to look for
    left = [where for where, text in _descriptions(introspection) if text in defaults]
    assert left == []


def test_every_description_is_written_out(introspection) -> None:
    assert [where for where, text in _descriptions(introspection) if not (text or "").strip()] == []


def test_deprecated_enum_values_are_described_by_introspection(introspection) -> None:
    kinds = next(t for t in introspection["__schema"]["types"] if t["name"] == "EntityKind")
    # The default introspection query asks for deprecated values too.
    office = next(v for v in kinds["enumValues"] if v["name"] == "OFFICE")
    assert office["isDeprecated"] and "HEADQUARTERS_OFFICE" in office["deprecationReason"]


def test_every_object_type_with_an_id_is_a_node() -> None:
    types = schema._schema.type_map
    with_id = {
        name
        for name, t in types.items()
        if not name.startswith("__") and "id" in (getattr(t, "fields", None) or {})
    }
    node = types["Node"]
    assert isinstance(node, GraphQLInterfaceType)
    nodes = {t.name for t in schema._schema.get_possible_types(node)}
    assert nodes == {"Unit", "Office", "Committee", "Position", "Country"}
    assert with_id - {"Entity", "Node"} == nodes


def test_location_country_is_non_null() -> None:
    location = schema._schema.type_map["Location"]
    assert isinstance(location, GraphQLObjectType)
    field = location.fields["country"]
    assert str(field.type) == "Country!"
