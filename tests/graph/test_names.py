"""Slugs and camelCase: the one definition the loader, API, exports and generator share."""

from __future__ import annotations

import pytest

from graph.names import camel, is_slug, slugify


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("iom", True),
        ("regional-office-in-bangkok", True),
        ("co-2", True),
        ("Regional", False),
        ("double--hyphen", False),
        ("-leading", False),
        ("trailing-", False),
        ("under_score", False),
        ("", False),
        ("café", False),
    ],
)
def test_is_slug(value: str, expected: bool) -> None:
    assert is_slug(value) is expected


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("São Tomé Office", "sao-tome-office"),
        ("San José", "san-jose"),
        ("Côte d’Ivoire", "cote-divoire"),
        ("  Health -- and  Care ", "health-and-care"),
    ],
)
def test_slugify_makes_a_slug(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert is_slug(slugify(text))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("coordinates_subregion", "coordinatesSubregion"),
        ("location.country", "location.country"),
        ("location.inferred_note", "location.inferredNote"),
        ("name", "name"),
    ],
)
def test_camel(name: str, expected: str) -> None:
    assert camel(name) == expected
