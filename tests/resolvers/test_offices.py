"""`offices`: the Office family by kind, country and coordinated subregion."""

from __future__ import annotations

import pytest

OFFICES = """
query ($kind: [EntityKind!], $country: String, $subregion: String) {
  offices(kind: $kind, country: $country, subregion: $subregion) { totalCount nodes { slug } }
}
"""


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        pytest.param(
            {},
            ["regions", "ro-san-jose", "ro-bangkok", "countries", "co-rome", "co-costa"],
            id="all",
        ),
        pytest.param({"kind": ["COUNTRY_OFFICE"]}, ["co-rome", "co-costa"], id="kind"),
        pytest.param({"country": "cr"}, ["ro-san-jose", "co-costa"], id="country"),
        pytest.param({"subregion": "south asia"}, ["ro-bangkok"], id="subregion-any-case"),
        pytest.param({"subregion": "Atlantis"}, [], id="subregion-unknown"),
        pytest.param({"subregion": "Mediterranean", "country": "IT"}, ["co-rome"], id="both"),
        pytest.param({"subregion": "Mediterranean", "country": "CR"}, [], id="both-disjoint"),
    ],
)
def test_offices_filters(gql, variables, expected) -> None:
    result = gql.data(OFFICES, **variables)["offices"]
    assert [n["slug"] for n in result["nodes"]] == expected
    assert result["totalCount"] == len(expected)


def test_offices_are_typed_office_nodes(gql) -> None:
    data = gql.data("{ offices(first: 2) { nodes { __typename coordinatesSubregion } } }")
    assert {n["__typename"] for n in data["offices"]["nodes"]} == {"Office"}
    kind = gql.data("{ __schema { queryType { fields { name type { ofType { name } } } } } }")
    types = {
        f["name"]: (f["type"]["ofType"] or {}).get("name")
        for f in kind["__schema"]["queryType"]["fields"]
    }
    assert types["offices"] == "OfficeConnection"


@pytest.mark.parametrize(
    ("kinds", "says"),
    [
        pytest.param(["UNIT"], "UNIT is a kind of the UNIT family", id="unit"),
        pytest.param(
            ["OFFICE"],
            "OFFICE (the deprecated name of HEADQUARTERS_OFFICE) is a kind of the UNIT family",
            id="old-office-kind",
        ),
        pytest.param(
            ["REGIONAL_OFFICE", "HEADQUARTERS_OFFICE"],
            "HEADQUARTERS_OFFICE is a kind of the UNIT family",
            id="one-inside-one-outside",
        ),
    ],
)
def test_a_kind_outside_the_office_family_is_explained_not_silently_empty(gql, kinds, says) -> None:
    message = gql.error(OFFICES, kind=kinds)
    assert says in message
    assert (
        "Kinds of the OFFICE family: OFFICE_GROUP, ADMINISTRATIVE_CENTRE, REGIONAL_OFFICE"
        in message
    )
