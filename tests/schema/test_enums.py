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
        pytest.param(enums.EntityKind, model.EntityKind, id="kind"),
        pytest.param(enums.Family, model.Family, id="family"),
        pytest.param(enums.SupervisionMode, model.SupervisionMode, id="mode"),
        pytest.param(enums.RelationType, model.RelationType, id="relation"),
        pytest.param(SearchField, MatchField, id="search-field"),
    ],
)
def test_api_enum_has_exactly_the_model_members(api, core) -> None:
    assert [m.name for m in api] == [m.name for m in core]
    assert [m.value for m in api] == [m.value for m in core]


def test_kind_converts_both_ways() -> None:
    for kind in model.EntityKind:
        assert enums.EntityKind.of(kind).to_model() is kind
