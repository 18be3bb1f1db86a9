"""The GraphQL enums mirror the model's, member for member."""

from __future__ import annotations

import pytest

from graph import model
from graph.search.index import MatchField
from schema import enums
from schema.search import SearchField


@pytest.mark.parametrize(
    ("api", "core"),
    [
        pytest.param(enums.Family, model.Family, id="family"),
        pytest.param(enums.SupervisionMode, model.SupervisionMode, id="mode"),
        pytest.param(enums.RelationType, model.RelationType, id="relation"),
        pytest.param(SearchField, MatchField, id="search-field"),
    ],
)
def test_api_enum_has_exactly_the_model_members(api, core) -> None:
    assert [m.name for m in api] == [m.name for m in core]
    assert [m.value for m in api] == [m.value for m in core]


def test_entity_kind_has_the_model_members_with_one_renamed() -> None:
    current = [k.name for k in enums.EntityKind.current()]
    expected = [k.name for k in model.EntityKind]
    expected[expected.index("OFFICE")] = "HEADQUARTERS_OFFICE"
    assert current == expected


def test_kind_converts_both_ways() -> None:
    for kind in model.EntityKind:
        assert enums.EntityKind.of(kind).to_model() is kind


def test_the_old_office_kind_is_a_deprecated_alias_of_headquarters_office() -> None:
    old = enums.EntityKind.OFFICE
    assert old.deprecated
    assert old.to_model() is enums.EntityKind.HEADQUARTERS_OFFICE.to_model()
    assert enums.EntityKind.of(model.EntityKind.OFFICE) is enums.EntityKind.HEADQUARTERS_OFFICE


def test_the_deprecated_kind_says_why_in_the_schema(gql) -> None:
    data = gql.data(
        '{ __type(name: "EntityKind") { enumValues(includeDeprecated: true) '
        "{ name isDeprecated deprecationReason } } }"
    )
    values = {v["name"]: v for v in data["__type"]["enumValues"]}
    assert values["OFFICE"]["isDeprecated"] is True
    assert "HEADQUARTERS_OFFICE" in values["OFFICE"]["deprecationReason"]
    assert values["HEADQUARTERS_OFFICE"]["isDeprecated"] is False
