"""The model's tables: every kind has a family, every family a public type name."""

from __future__ import annotations

import pytest

from api.root import schema
from graph.model import FAMILY_TYPE_NAMES, KIND_FAMILY, EntityKind, Family


def test_every_kind_names_its_family() -> None:
    missing = [kind.name for kind in EntityKind if kind not in KIND_FAMILY]
    assert not missing, f"add these kinds to graph.model.KIND_FAMILY: {missing}"
    assert set(KIND_FAMILY) == set(EntityKind)


def test_a_kind_without_a_family_is_an_error_not_a_unit(monkeypatch) -> None:
    without_board = {k: f for k, f in KIND_FAMILY.items() if k is not EntityKind.BOARD}
    monkeypatch.setattr("graph.model.KIND_FAMILY", without_board)
    assert EntityKind.COMMITTEE.family is Family.COMMITTEE
    with pytest.raises(KeyError):
        _ = EntityKind.BOARD.family


@pytest.mark.parametrize("family", list(Family), ids=str)
def test_each_family_has_the_graphql_type_named_in_the_model(family: Family) -> None:
    assert set(FAMILY_TYPE_NAMES) == set(Family)
    definition = schema.get_type_by_name(family.type_name)
    assert definition is not None, f"no GraphQL type {family.type_name}"
    assert definition.origin.FAMILY is family  # type: ignore[union-attr]
