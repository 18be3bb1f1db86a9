"""Words for enum values and small text helpers."""

from __future__ import annotations

import pytest

from viewer.labels import (
    humanize,
    kind_plural,
    paragraphs,
    place,
    plural,
    px,
    relation_verb,
    supervised_by,
)


def test_humanize_reads_enum_names_as_words() -> None:
    assert humanize("ADMINISTRATIVE_CENTRE") == "Administrative centre"


def test_kind_plural_has_the_source_wording_for_offices() -> None:
    assert kind_plural("LIAISON_OFFICE") == "Special liaison offices"
    assert kind_plural("UNIT") == "Units"


def test_unknown_enum_values_still_read_sensibly() -> None:
    assert supervised_by("CO_CHAIRS") == "Co chairs"
    assert relation_verb("FUNDS") == "funds"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", [], id="empty"),
        pytest.param(None, [], id="none"),
        pytest.param("One.\n\nTwo.", ["One.", "Two."], id="two"),
        pytest.param("One\nline.\n\n\n\nTwo.", ["One line.", "Two."], id="wrapped"),
    ],
)
def test_paragraphs_split_on_blank_lines(text: str | None, expected: list[str]) -> None:
    assert paragraphs(text) == expected


def test_plural() -> None:
    assert plural(1, "office") == "1 office"
    assert plural(2, "office") == "2 offices"
    assert plural(2, "country", "countries") == "2 countries"


def test_place() -> None:
    country = {"commonName": "Costa Rica"}
    assert place({"city": "San José", "country": country}) == "San José, Costa Rica"
    assert place({"city": None, "country": country}) == "Costa Rica"
    assert place(None) == ""


def test_px_rounds_for_svg_attributes() -> None:
    assert px(12.0) == "12"
    assert px(3.14159) == "3.1"
