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
        pytest.param({"kind": ["UNIT"]}, [], id="kind-outside-the-family"),
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
