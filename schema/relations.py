"""Edges beyond the tree: typed `Relation`s between structures and `Supervision` by positions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from graph import model
from schema.context import Context
from schema.enums import RelationDirection, RelationType, SupervisionMode
from schema.fields import field
from schema.wrap import entity_node, position_node

if TYPE_CHECKING:
    from schema.entities import Entity
    from schema.positions import Position

Info = strawberry.Info[Context, None]
LazyEntity = Annotated["Entity", strawberry.lazy("schema.entities")]


@strawberry.type(
    description="A typed, directed relation between two structures beyond the parent/child "
    "tree, with the source sentence that states it."
)
class Relation:
    record: strawberry.Private[model.Relation]
    # The entity whose `relations` list holds this relation; `direction` and `other` are seen
    # from it.
    seen_from: strawberry.Private[str]

    @classmethod
    def from_record(cls, record: model.Relation, *, seen_from: str) -> Relation:
        return cls(record=record, seen_from=seen_from)

    @field(description="What the relation says.")
    def type(self) -> RelationType:
        return RelationType.of(self.record.type)

    @field(description="OUTGOING when the listing entity is `from`, INCOMING when it is `to`.")
    def direction(self) -> RelationDirection:
        outgoing = self.record.source_id == self.seen_from
        return RelationDirection.OUTGOING if outgoing else RelationDirection.INCOMING

    @field(name="from", description="The structure the relation starts from.")
    def source(self, info: Info) -> LazyEntity:
        return entity_node(info.context.graph.entities[self.record.source_id])

    @field(description="The structure the relation points to.")
    def to(self, info: Info) -> LazyEntity:
        return entity_node(info.context.graph.entities[self.record.target_id])

    @field(description="The structure at the other end, seen from the listing entity.")
    def other(self, info: Info) -> LazyEntity:
        record = self.record
        other_id = record.target_id if record.source_id == self.seen_from else record.source_id
        return entity_node(info.context.graph.entities[other_id])

    @field(description="The source sentence that states the relation, verbatim.")
    def evidence(self) -> str:
        return self.record.evidence

    @field(description="True when the source implies rather than states it.")
    def inferred(self) -> bool:
        return self.record.inferred

    @field(description="An editor's note on the relation, if any.")
    def note(self) -> str | None:
        return self.record.note


@strawberry.type(
    description="A position's responsibility for a structure, with the source sentence that "
    "states it."
)
class Supervision:
    record: strawberry.Private[model.Supervision]
    subject: strawberry.Private[model.Entity]

    @classmethod
    def from_record(cls, record: model.Supervision, *, subject: model.Entity) -> Supervision:
        return cls(record=record, subject=subject)

    @field(description="The position responsible.")
    def position(self, info: Info) -> Annotated[Position, strawberry.lazy("schema.positions")]:
        return position_node(info.context.graph.positions[self.record.position_id])

    @field(name="entity", description="The structure it is responsible for.")
    def supervised(self) -> LazyEntity:
        return entity_node(self.subject)

    @field(description="How the source words the responsibility.")
    def mode(self) -> SupervisionMode:
        return SupervisionMode.of(self.record.mode)

    @field(description="The source sentence that states it, verbatim.")
    def evidence(self) -> str:
        return self.record.evidence

    @field(description="True when the source implies rather than states it.")
    def inferred(self) -> bool:
        return self.record.inferred
