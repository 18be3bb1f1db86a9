"""Entity fields: everything a record holds, the tree around it, relations and supervision."""

from __future__ import annotations

import pytest

from schema.identity import encode_id

ENTITY = """
query ($slug: String!) {
  entity(slug: $slug) {
    __typename id slug name kind family description mention depth sourceOrder
    childCount descendantCount statedCount aliases notes inferredFields
    parent { slug }
    ancestors { slug }
    location { city inferred note country { code name commonName } }
    supervisor { slug title }
    supervision { mode evidence inferred position { slug } entity { slug } }
    ... on Office { coordinatesSubregion }
    ... on Committee { members { slug } membersEvidence }
  }
}
"""


def _entity(gql, slug: str) -> dict:
    return gql.data(ENTITY, slug=slug)["entity"]


@pytest.mark.parametrize(
    ("slug", "typename", "family"),
    [
        pytest.param("org", "Unit", "UNIT", id="organization"),
        pytest.param("media", "Unit", "UNIT", id="unit"),
        pytest.param("regions", "Office", "OFFICE", id="office-group"),
        pytest.param("co-rome", "Office", "OFFICE", id="country-office"),
        pytest.param("committees", "Committee", "COMMITTEE", id="committee-group"),
        pytest.param("pcc", "Committee", "COMMITTEE", id="committee"),
    ],
)
def test_object_type_follows_the_family(gql, slug, typename, family) -> None:
    entity = _entity(gql, slug)
    assert entity["__typename"] == typename
    assert entity["family"] == family
    # The ID names the entity, not its object type: a change of family keeps it.
    assert entity["id"] == encode_id("Entity", slug)


def test_unit_exposes_its_record(gql) -> None:
    media = _entity(gql, "media")
    assert media["name"] == "Media and Communications Unit"
    assert media["kind"] == "UNIT"
    assert media["description"] == "Tells the world about migration.\n\nSecond paragraph."
    assert media["mention"] is None
    assert media["depth"] == 3
    assert media["sourceOrder"] == 3
    assert media["parent"] == {"slug": "exec"}
    assert media["ancestors"] == [{"slug": "org"}, {"slug": "hq"}, {"slug": "exec"}]
    assert media["location"] is None
    assert media["supervisor"] is None
    assert media["supervision"] is None


def test_description_is_null_when_the_source_has_none_and_mention_is_given(gql) -> None:
    legal = _entity(gql, "legal")
    assert legal["description"] is None
    assert legal["mention"] == "A Legal Team is mentioned."


def test_organization_has_no_parent_and_no_ancestors(gql) -> None:
    org = _entity(gql, "org")
    assert org["parent"] is None
    assert org["ancestors"] == []
    assert org["depth"] == 0
    assert org["childCount"] == 4
    assert org["descendantCount"] == 16


def test_supervisor_and_supervision_carry_the_evidence(gql) -> None:
    office = _entity(gql, "exec")
    assert office["supervisor"] == {"slug": "dg", "title": "Director General"}
    assert office["supervision"] == {
        "mode": "DIRECTLY_SUPERVISES",
        "evidence": "The DG supervises the Office.",
        "inferred": False,
        "position": {"slug": "dg"},
        "entity": {"slug": "exec"},
    }


def test_office_location_inference_and_editorial_fields(gql) -> None:
    rome = _entity(gql, "co-rome")
    assert rome["location"] == {
        "city": "Rome",
        "inferred": True,
        "note": "The source says Rome.",
        "country": {"code": "IT", "name": "Italy", "commonName": "Italy"},
    }
    assert rome["coordinatesSubregion"] == "Mediterranean"
    assert rome["inferredFields"] == ["location", "coordinatesSubregion"]
    assert rome["notes"] == ["Inferred from the heading."]


def test_location_may_have_a_country_without_a_city(gql) -> None:
    assert _entity(gql, "co-costa")["location"]["city"] is None


def test_committee_members_in_source_order_with_evidence(gql) -> None:
    pcc = _entity(gql, "pcc")
    assert pcc["members"] == [{"slug": "dg"}, {"slug": "cos"}]
    assert pcc["membersEvidence"].startswith("consisting of")
    assert _entity(gql, "audit")["statedCount"] == 5


def test_aliases(gql) -> None:
    assert _entity(gql, "health")["aliases"] == ["MHD"]


RELATIONS = """
query ($slug: String!, $direction: RelationDirection, $type: [RelationType!]) {
  entity(slug: $slug) {
    relations(direction: $direction, type: $type) {
      type direction evidence inferred note
      from { slug } to { slug } other { slug }
    }
  }
}
"""


def test_relations_list_outgoing_then_incoming_seen_from_the_entity(gql) -> None:
    relations = gql.data(RELATIONS, slug="media")["entity"]["relations"]
    assert [(r["type"], r["direction"], r["other"]["slug"]) for r in relations] == [
        ("COORDINATES_WITH", "OUTGOING", "ro-bangkok"),
        ("SUPPORTS", "INCOMING", "legal"),
    ]
    incoming = relations[1]
    assert incoming["from"] == {"slug": "legal"}
    assert incoming["to"] == {"slug": "media"}
    assert incoming["inferred"] is True
    assert incoming["note"] == "Implied."
    assert incoming["evidence"] == "Legal supports Media."


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        pytest.param({"direction": "OUTGOING"}, ["ro-bangkok"], id="outgoing"),
        pytest.param({"direction": "INCOMING"}, ["legal"], id="incoming"),
        pytest.param({"type": ["SUPPORTS"]}, ["legal"], id="type"),
        pytest.param({"type": ["OVERSEES"]}, [], id="type-absent"),
    ],
)
def test_relations_filters(gql, variables, expected) -> None:
    relations = gql.data(RELATIONS, slug="media", **variables)["entity"]["relations"]
    assert [r["other"]["slug"] for r in relations] == expected


def test_children_in_source_order_with_kind_filter(gql) -> None:
    data = gql.data(
        '{ entity(slug: "exec") { all: children { nodes { slug } } '
        "teams: children(kind: [TEAM]) { totalCount nodes { slug } } } }"
    )["entity"]
    assert [n["slug"] for n in data["all"]["nodes"]] == ["media", "legal"]
    assert data["teams"] == {"totalCount": 1, "nodes": [{"slug": "legal"}]}


def test_descendants_in_tree_order_with_kind_filter(gql) -> None:
    data = gql.data(
        '{ entity(slug: "hq") { all: descendants { totalCount nodes { slug } } '
        "units: descendants(kind: [UNIT, DIVISION]) { totalCount nodes { slug } } } }"
    )["entity"]
    assert [n["slug"] for n in data["all"]["nodes"]] == [
        "exec",
        "media",
        "legal",
        "ops",
        "health",
        "lab",
    ]
    assert [n["slug"] for n in data["units"]["nodes"]] == ["media", "health", "lab"]
    assert data["units"]["totalCount"] == 3
