"""`positions` and `position`."""

from __future__ import annotations


def test_positions_in_source_order(gql) -> None:
    data = gql.data("{ positions { slug } }")
    assert [p["slug"] for p in data["positions"]] == ["dg", "cos", "rd"]


def test_position_by_slug(gql) -> None:
    assert gql.data('{ position(slug: "cos") { title description } }')["position"] == {
        "title": "Chief of Staff",
        "description": "Leads the Executive Office.",
    }


def test_unknown_position_is_null(gql) -> None:
    assert gql.data('{ position(slug: "emperor") { title } }')["position"] is None
