"""Root fields over entities: organization, entity, entities (every filter), path."""

from __future__ import annotations

import pytest

from schema.identity import encode_id


def test_organization_is_the_root(gql) -> None:
    assert gql.data("{ organization { slug kind } }")["organization"] == {
        "slug": "org",
        "kind": "ORGANIZATION",
    }


def test_entity_by_slug(gql) -> None:
    assert gql.data('{ entity(slug: "health") { name } }')["entity"]["name"] == (
        "Migration Health Division"
    )


def test_unknown_slug_is_null(gql) -> None:
    assert gql.data('{ entity(slug: "no-such-thing") { name } }')["entity"] is None


ENTITIES = """
query ($kind: [EntityKind!], $family: Family, $under: ID, $country: String, $first: Int) {
  entities(kind: $kind, family: $family, under: $under, country: $country, first: $first) {
    totalCount
    nodes { slug }
  }
}
"""


def _entities(gql, **variables: object) -> tuple[int, list[str]]:
    result = gql.data(ENTITIES, **variables)["entities"]
    return result["totalCount"], [n["slug"] for n in result["nodes"]]


def test_entities_without_filters_lists_all_in_tree_order(gql) -> None:
    total, slugs = _entities(gql, first=100)
    assert total == 17
    assert slugs[:4] == ["org", "hq", "exec", "media"]


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        pytest.param({"kind": ["UNIT"]}, ["media", "lab"], id="kind"),
        pytest.param({"kind": ["UNIT", "TEAM"]}, ["media", "legal", "lab"], id="kinds"),
        pytest.param(
            {"family": "OFFICE"},
            ["regions", "ro-san-jose", "ro-bangkok", "countries", "co-rome", "co-costa"],
            id="family",
        ),
        pytest.param(
            {"family": "OFFICE", "kind": ["REGIONAL_OFFICE"]},
            ["ro-san-jose", "ro-bangkok"],
            id="family-and-kind",
        ),
        pytest.param({"under": "ops"}, ["health", "lab"], id="under-slug"),
        pytest.param(
            {"under": encode_id("Entity", "ops")}, ["health", "lab"], id="under-global-id"
        ),
        pytest.param({"under": "hq", "kind": ["UNIT"]}, ["media", "lab"], id="under-and-kind"),
        pytest.param({"under": "nowhere"}, [], id="under-unknown"),
        # 0.1.0 IDs named the object type; they still name the entity, whatever its family.
        pytest.param({"under": encode_id("Office", "ops")}, ["health", "lab"], id="under-old-id"),
        pytest.param({"country": "CR"}, ["ro-san-jose", "co-costa"], id="country"),
        pytest.param({"country": "cr"}, ["ro-san-jose", "co-costa"], id="country-any-case"),
        pytest.param({"country": "FR"}, [], id="country-without-entities"),
        pytest.param(
            {"country": "CR", "kind": ["COUNTRY_OFFICE"]}, ["co-costa"], id="country-and-kind"
        ),
        pytest.param({"country": "CR", "under": "countries"}, ["co-costa"], id="country-under"),
        pytest.param({"country": "CR", "under": "hq"}, [], id="country-under-elsewhere"),
    ],
)
def test_entities_filters(gql, variables, expected) -> None:
    total, slugs = _entities(gql, **variables)
    assert slugs == expected
    assert total == len(expected)


def test_entities_under_a_malformed_id_is_an_error(gql) -> None:
    assert "is not an ID of this API" in gql.error(ENTITIES, under="Not An Id")


def test_entities_under_a_position_id_says_it_takes_an_entity(gql) -> None:
    message = gql.error(ENTITIES, under=encode_id("Position", "dg"))
    assert message == "`under` takes an entity (its slug or ID), not a Position's ID."


def test_a_kind_outside_the_family_is_refused_with_the_family_kinds(gql) -> None:
    message = gql.error(ENTITIES, family="OFFICE", kind=["REGIONAL_OFFICE", "UNIT"])
    assert "UNIT is a kind of the UNIT family" in message
    assert "Kinds of the OFFICE family: OFFICE_GROUP, ADMINISTRATIVE_CENTRE" in message


PATH = """
query ($from: ID!, $to: ID!) {
  path(from: $from, to: $to) {
    from { slug } to { slug } commonAncestor { slug }
    up { slug } down { slug } entities { slug } length
    relations { type direction other { slug } }
  }
}
"""


def _path(gql, source: str, target: str) -> dict | None:
    path = gql.data(PATH, **{"from": source, "to": target})["path"]
    if path is None:
        return None
    flat = {k: [e["slug"] for e in v] for k, v in path.items() if k in {"up", "down", "entities"}}
    return {**path, **flat, "commonAncestor": path["commonAncestor"]["slug"]}


def test_path_between_cousins_goes_through_the_nearest_common_ancestor(gql) -> None:
    path = _path(gql, "media", "lab")
    assert path is not None
    assert path["commonAncestor"] == "hq"
    assert path["up"] == ["media", "exec"]
    assert path["down"] == ["ops", "health", "lab"]
    assert path["entities"] == ["media", "exec", "hq", "ops", "health", "lab"]
    assert path["length"] == 5


def test_path_to_an_ancestor_only_goes_up(gql) -> None:
    path = _path(gql, "lab", "hq")
    assert path is not None
    assert (path["up"], path["down"], path["length"]) == (["lab", "health", "ops"], [], 3)


def test_path_from_an_entity_to_itself_is_empty(gql) -> None:
    path = _path(gql, "lab", "lab")
    assert path is not None
    assert (path["entities"], path["length"]) == (["lab"], 0)


def test_path_lists_relations_stated_between_the_two(gql) -> None:
    path = _path(gql, "ro-bangkok", "media")
    assert path is not None
    assert path["relations"] == [
        {"type": "COORDINATES_WITH", "direction": "INCOMING", "other": {"slug": "media"}}
    ]
    assert path["commonAncestor"] == "org"


def test_path_accepts_global_ids(gql) -> None:
    path = _path(gql, encode_id("Entity", "media"), "legal")
    assert path is not None
    assert path["commonAncestor"] == "exec"


@pytest.mark.parametrize(("source", "target"), [("media", "nope"), ("nope", "media")])
def test_path_with_an_unknown_end_is_null(gql, source, target) -> None:
    assert _path(gql, source, target) is None


def test_the_deprecated_office_kind_still_filters_headquarters_offices(iom) -> None:
    query = "query ($k: [EntityKind!]) { entities(kind: $k, first: 0) { totalCount } }"
    old = iom.data(query, k=["OFFICE"])["entities"]["totalCount"]
    new = iom.data(query, k=["HEADQUARTERS_OFFICE"])["entities"]["totalCount"]
    assert old == new > 0
    kinds = iom.data("{ entities(kind: [OFFICE], first: 1) { nodes { kind family } } }")
    assert kinds["entities"]["nodes"] == [{"kind": "HEADQUARTERS_OFFICE", "family": "UNIT"}]
