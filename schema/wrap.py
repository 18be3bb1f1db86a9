"""Wrap graph records in their GraphQL types without import cycles between type modules.

`Entity` fields return offices and committees, and those types subclass `Entity`; Strawberry's
lazy types resolve the concrete classes on first use, so no type module imports another's
subclasses at import time.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from strawberry import LazyType

from graph import model
from graph.indexes import OrgGraph

if TYPE_CHECKING:
    from schema.entities import Entity
    from schema.positions import Position

# Where each family's type is defined; its name is the model's (`Family.type_name`).
_TYPE_MODULES = {
    model.Family.UNIT: "schema.entities",
    model.Family.OFFICE: "schema.offices",
    model.Family.COMMITTEE: "schema.committees",
}
_ENTITY_TYPES: dict[model.Family, LazyType[str, str]] = {
    family: LazyType(family.type_name, module) for family, module in _TYPE_MODULES.items()
}
_POSITION_TYPE: LazyType[str, str] = LazyType("Position", "schema.positions")


@cache
def _entity_class(family: model.Family) -> Any:
    return _ENTITY_TYPES[family].resolve_type()


@cache
def _position_class() -> Any:
    return _POSITION_TYPE.resolve_type()


def entity_node(record: model.Entity) -> Entity:
    """The Unit, Office or Committee object for a record, chosen by its family."""
    node: Entity = _entity_class(record.family)(record=record)
    return node


def entity_nodes(graph: OrgGraph, ids: Iterable[str]) -> list[Entity]:
    """Objects for entity ids, in the same order."""
    return [entity_node(graph.entities[i]) for i in ids]


def position_node(record: model.Position) -> Position:
    node: Position = _position_class()(record=record)
    return node
