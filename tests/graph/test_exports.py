"""Each export holds every record, parses back with a standard reader, and is stable."""

from __future__ import annotations

import base64
import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld  # type: ignore[import-untyped]

from graph.exports import (
    FORMATS,
    export_csv,
    export_json,
    export_jsonld,
    export_popolo,
    render,
)
from graph.exports.csv_export import COLUMNS, defuse
from graph.indexes import OrgGraph
from graph.load.loader import load_graph
from graph.model import (
    Entity,
    EntityKind,
    Location,
    Position,
    Relation,
    RelationType,
    Supervision,
    SupervisionMode,
)

DATA = Path(__file__).resolve().parents[2] / "data"
ORG = "http://www.w3.org/ns/org#"


@pytest.fixture(scope="module")
def iom() -> OrgGraph:
    return load_graph(DATA)


@pytest.fixture(scope="module")
def small() -> OrgGraph:
    """A root, a unit in a city, a committee with two seats, a relation, odd names."""
    entities = [
        Entity("root", "Root Org", EntityKind.ORGANIZATION, None, 0, aliases=("RO",)),
        Entity(
            "unit-a",
            '=HYPERLINK("http://evil")',
            EntityKind.UNIT,
            "root",
            1,
            description="Does things.\n\nIn two paragraphs.",
            location=Location("São Paulo", "BR"),
            supervision=Supervision("head", SupervisionMode.LEADS, "The Head leads it."),
        ),
        Entity(
            "board",
            'Board, "the" board',
            EntityKind.BOARD,
            "root",
            2,
            members=("head", "deputy"),
            members_evidence="The Head and the Deputy sit on the Board.",
        ),
        Entity("unit-b", "-minus", EntityKind.TEAM, "unit-a", 3, location=Location(None, "PA")),
    ]
    positions = [Position("head", "Head", 0), Position("deputy", "@Deputy", 1, plural=True)]
    relations = [
        Relation("unit-a", RelationType.SUPPORTS, "board", "Unit A supports the Board.", 0),
        Relation("unit-b", RelationType.REPORTS_TO, "root", "It reports.", 1, inferred=True),
    ]
    return OrgGraph.build(version="v1", entities=entities, positions=positions, relations=relations)


def _seats(graph: OrgGraph) -> int:
    return sum(len(e.members) for e in graph.iter_entities())


def _refuse_network(url: str, options: Any = None) -> Any:
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


def _expand(text: str) -> list[dict[str, Any]]:
    expanded: list[dict[str, Any]] = jsonld.expand(
        json.loads(text), {"documentLoader": _refuse_network}
    )
    return expanded


def _types(expanded: list[dict[str, Any]]) -> Counter[str]:
    return Counter(t for node in expanded for t in node.get("@type", []))


# --- JSON -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["iom", "small"])
def test_json_export_round_trips_every_record(name: str, request: pytest.FixtureRequest) -> None:
    graph: OrgGraph = request.getfixturevalue(name)
    document = json.loads(export_json(graph))
    assert document["format"] == "orggraph"
    assert document["schemaVersion"] == 1
    assert document["version"] == graph.version
    assert [e["id"] for e in document["entities"]] == list(graph.entity_order)
    assert [p["id"] for p in document["positions"]] == list(graph.position_order)
    assert len(document["relations"]) == len(graph.relations)
    assert sum(len(e["members"]) for e in document["entities"]) == _seats(graph)
    assert document["counts"] == {
        "entities": len(graph.entities),
        "positions": len(graph.positions),
        "memberships": _seats(graph),
        "relations": len(graph.relations),
    }


def test_json_export_gives_every_entity_the_same_keys(iom: OrgGraph) -> None:
    entities = json.loads(export_json(iom))["entities"]
    assert len({tuple(e) for e in entities}) == 1


def test_json_export_keeps_nested_records(small: OrgGraph) -> None:
    unit = json.loads(export_json(small))["entities"][1]
    assert unit["location"] == {
        "city": "São Paulo",
        "country": "BR",
        "inferred": False,
        "note": None,
    }
    assert unit["supervisor"]["mode"] == "leads"
    assert unit["description"] == "Does things.\n\nIn two paragraphs."
    assert unit["depth"] == 1


def test_exports_are_byte_identical_for_the_same_data(iom: OrgGraph) -> None:
    again = load_graph(DATA)
    for export in FORMATS.values():
        assert export.render(iom) == export.render(again), export.name


# --- CSV ------------------------------------------------------------------------------------


def _csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_csv_has_a_header_and_one_row_per_entity(iom: OrgGraph) -> None:
    rows = _csv_rows(export_csv(iom))
    assert tuple(rows[0]) == COLUMNS
    assert [row[1] for row in rows[1:]] == list(iom.entity_order)


def test_csv_quotes_every_field_and_ends_lines_with_crlf(small: OrgGraph) -> None:
    text = export_csv(small, bom=False)
    assert not text.startswith("\ufeff")
    lines = text.split("\r\n")
    assert lines[-1] == "" and len(lines) == len(small.entities) + 2
    assert all(line.startswith('"') and line.endswith('"') for line in lines[:-1])
    assert "\n" not in text.replace("\r\n", "")


def test_csv_row_holds_parent_supervisor_place_depth_and_path(small: OrgGraph) -> None:
    rows = {row[1]: dict(zip(COLUMNS, row, strict=True)) for row in _csv_rows(export_csv(small))}
    assert rows["unit-b"] == {
        "id": base64.b64encode(b"Entity:unit-b").decode(),
        "slug": "unit-b",
        "name": "'-minus",
        "kind": "team",
        "parent": "unit-a",
        "supervisor": "",
        "city": "",
        "country": "PA",
        "depth": "2",
        "path": 'Root Org > =HYPERLINK("http://evil") > -minus',
    }
    assert rows["unit-a"]["supervisor"] == "head"
    assert rows["unit-a"]["city"] == "São Paulo"
    assert rows["board"]["name"] == 'Board, "the" board'
    assert rows["board"]["id"] == base64.b64encode(b"Entity:board").decode()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param('=HYPERLINK("x")', '\'=HYPERLINK("x")', id="equals"),
        pytest.param("+1", "'+1", id="plus"),
        pytest.param("-1", "'-1", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\t=1", "'\t=1", id="tab"),
        pytest.param("Nur-Sultan", "Nur-Sultan", id="inner-hyphen"),
        pytest.param("", "", id="empty"),
    ],
)
def test_csv_defuses_cells_a_spreadsheet_would_run_as_formulas(cell: str, expected: str) -> None:
    assert defuse(cell) == expected


def test_csv_defuses_names_that_start_like_formulas(small: OrgGraph) -> None:
    rows = {row[1]: row for row in _csv_rows(export_csv(small))}
    assert rows["unit-a"][2] == '\'=HYPERLINK("http://evil")'


def test_csv_id_column_comes_from_the_callers_node_id(small: OrgGraph) -> None:
    rows = _csv_rows(export_csv(small, node_id=lambda e: f"N{e.order}"))
    assert [row[0] for row in rows[1:]] == ["N0", "N1", "N2", "N3"]


# --- Popolo ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["iom", "small"])
def test_popolo_round_trips_every_record(name: str, request: pytest.FixtureRequest) -> None:
    graph: OrgGraph = request.getfixturevalue(name)
    document = json.loads(export_popolo(graph))
    organizations = {o["id"]: o for o in document["organizations"]}
    posts = {p["id"] for p in document["posts"]}
    assert list(organizations) == list(graph.entity_order)
    assert posts == set(graph.positions)
    assert len(document["memberships"]) == _seats(graph)
    assert len(document["relations"]) == len(graph.relations)
    assert document["meta"]["version"] == graph.version
    for membership in document["memberships"]:
        assert membership["organization_id"] in organizations
        assert membership["post_id"] in posts
    areas = {a["id"] for a in document["areas"]}
    for organization in organizations.values():
        assert organization.get("parent_id", graph.root_id) in organizations
        if "area_id" in organization:
            assert organization["area_id"] in areas


def test_popolo_uses_popolo_names_for_parent_kind_aliases_and_place(small: OrgGraph) -> None:
    document = json.loads(export_popolo(small))
    root, unit, _, team = document["organizations"]
    assert "parent_id" not in root
    assert root["other_names"] == [{"name": "RO", "note": "alias"}]
    assert unit["classification"] == "unit" and unit["parent_id"] == "root"
    assert unit["area_id"] == "country:br/city:sao-paulo"
    assert team["area_id"] == "country:pa"
    assert {a["id"]: a.get("parent_id") for a in document["areas"]} == {
        "country:br": None,
        "country:br/city:sao-paulo": "country:br",
        "country:pa": None,
    }
    assert document["posts"][0] == {"id": "head", "label": "Head", "organization_id": "root"}
    assert document["memberships"][0]["id"] == "board/head"
    assert document["relations"][1]["inferred"] is True


# --- JSON-LD --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["iom", "small"])
def test_jsonld_expands_offline_with_every_record(
    name: str, request: pytest.FixtureRequest
) -> None:
    graph: OrgGraph = request.getfixturevalue(name)
    types = _types(_expand(export_jsonld(graph)))
    assert types[ORG + "Organization"] == len(graph.entities)
    assert types[ORG + "FormalOrganization"] == 1
    assert types[ORG + "OrganizationalUnit"] == len(graph.entities) - 1
    assert types[ORG + "Post"] == len(graph.positions)
    assert types[ORG + "Membership"] == _seats(graph)
    assert types["urn:orggraph:vocab#Relation"] == len(graph.relations)
    located = sum(1 for e in graph.iter_entities() if e.location)
    assert types[ORG + "Site"] == located


def test_jsonld_context_is_inline(iom: OrgGraph) -> None:
    context = json.loads(export_jsonld(iom))["@context"]
    assert isinstance(context, dict)
    assert all(isinstance(value, str) for value in context.values())


def test_the_test_loader_really_refuses_remote_contexts() -> None:
    with pytest.raises(jsonld.JsonLdError):
        _expand(json.dumps({"@context": "https://example.org/context.jsonld", "name": "x"}))


def test_jsonld_links_units_posts_and_seats_with_org_terms(small: OrgGraph) -> None:
    base = "https://data.example.org/orggraph/"
    nodes = {n["@id"]: n for n in _expand(export_jsonld(small, base=base))}
    unit = nodes[base + "entity/unit-a"]
    assert unit[ORG + "subOrganizationOf"] == [{"@id": base + "entity/root"}]
    assert unit[ORG + "classification"] == [{"@id": base + "kinds/unit"}]
    assert unit[ORG + "hasSite"] == [{"@id": base + "entity/unit-a/site"}]
    assert unit[ORG + "linkedTo"] == [{"@id": base + "entity/board"}]
    seat = nodes[base + "membership/board/deputy"]
    assert seat[ORG + "member"] == [{"@id": base + "post/deputy"}]
    assert seat[ORG + "organization"] == [{"@id": base + "entity/board"}]
    relation = nodes[base + "relation/unit-a/supports/board"]
    assert relation[base + "vocab#evidence"] == [{"@value": "Unit A supports the Board."}]
    assert base + "kinds/board" in nodes


@pytest.mark.parametrize("base", ["no-scheme/", "urn:orggraph"])
def test_jsonld_rejects_a_base_that_is_not_an_absolute_iri_prefix(
    small: OrgGraph, base: str
) -> None:
    with pytest.raises(ValueError, match="base"):
        export_jsonld(small, base=base)


# --- the registry ---------------------------------------------------------------------------


def test_every_format_renders_by_name(small: OrgGraph) -> None:
    assert list(FORMATS) == ["json", "csv", "popolo", "jsonld"]
    assert render(small, "popolo") == export_popolo(small)
    assert render(small, "csv") == export_csv(small)


def test_an_unknown_format_names_the_known_ones(small: OrgGraph) -> None:
    with pytest.raises(ValueError, match="json, csv, popolo, jsonld"):
        render(small, "xml")
