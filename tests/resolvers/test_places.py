"""`countries` and `country`."""

from __future__ import annotations


def test_countries_with_entities_by_code(gql) -> None:
    data = gql.data("{ countries { code name entityCount } }")
    assert data["countries"] == [
        {"code": "CR", "name": "Costa Rica", "entityCount": 2},
        {"code": "IT", "name": "Italy", "entityCount": 1},
        {"code": "TH", "name": "Thailand", "entityCount": 1},
    ]


def test_country_lists_its_entities_with_kind_filter(gql) -> None:
    data = gql.data(
        '{ country(code: "cr") { code all: entities { totalCount nodes { slug } } '
        "offices: entities(kind: [COUNTRY_OFFICE]) { nodes { slug } } } }"
    )["country"]
    assert data["code"] == "CR"
    assert data["all"] == {
        "totalCount": 2,
        "nodes": [{"slug": "ro-san-jose"}, {"slug": "co-costa"}],
    }
    assert data["offices"] == {"nodes": [{"slug": "co-costa"}]}


def test_country_without_entities_is_still_a_country(gql) -> None:
    data = gql.data('{ country(code: "KR") { name commonName entityCount } }')["country"]
    assert data == {"name": "Korea, Republic of", "commonName": "South Korea", "entityCount": 0}


def test_unknown_country_code_is_null(gql) -> None:
    assert gql.data('{ country(code: "XX") { name } }')["country"] is None
