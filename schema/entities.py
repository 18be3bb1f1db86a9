"""The `Entity` interface every structure implements, and `Unit`, the headquarters family."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry

from graph import model
from graph.names import camel
from schema.connections import (
    EntityConnection,
    Kinds,
    PageArgs,
    descendant_runs,
    paged,
)
from schema.context import Context
from schema.enums import EntityKind, Family, RelationDirection, RelationType
from schema.fields import field
from schema.identity import ENTITY, Node
from schema.places import Location
from schema.relations import Relation, Supervision
from schema.wrap import entity_node, entity_nodes, position_node

if TYPE_CHECKING:
    from schema.positions import Position

Info = strawberry.Info[Context, None]


@strawberry.interface(
    description="A structure of the organization: a headquarters unit, a field office or a "
    "committee. Entities form one tree under `Query.organization`."
)
class Entity(Node):
    record: strawberry.Private[model.Entity]
    FAMILY: ClassVar[model.Family]
    NODE_KEY: ClassVar[str] = ENTITY

    @classmethod
    def from_record(cls, record: model.Entity) -> Entity:
        return entity_node(record)

    def node_value(self) -> str:
        return self.record.id

    @field(description="The stable, human-readable identifier (e.g. in URLs).")
    def slug(self) -> str:
        return self.record.id

    @field(description="The name the source gives the structure.")
    def name(self) -> str:
        return self.record.name

    @field(description="What the structure is.")
    def kind(self) -> EntityKind:
        return EntityKind.of(self.record.kind)

    @field(description="Which family (and so which object type) the structure is.")
    def family(self) -> Family:
        return Family.of(self.record.family)

    @field(
        description="The source's description, verbatim; paragraphs are separated by a blank "
        "line. Null when the source has none (see `mention`)."
    )
    def description(self) -> str | None:
        return self.record.description or None

    @field(
        description="The source sentence that names the structure, for those the source names "
        "without describing them."
    )
    def mention(self) -> str | None:
        return self.record.mention

    @field(description="The structure this one belongs to; null for the organization.")
    def parent(self, info: Info) -> Entity | None:
        parent_id = self.record.parent_id
        return None if parent_id is None else entity_node(info.context.graph.entities[parent_id])

    @field(description="Every structure above this one, the organization first.")
    def ancestors(self, info: Info) -> list[Entity]:
        graph = info.context.graph
        return entity_nodes(graph, graph.ancestors(self.record.id))

    @field(description="The structures directly under this one, in source order.")
    @paged
    def children(
        self,
        info: Info,
        page: PageArgs,
        kind: Kinds = None,
    ) -> EntityConnection:
        graph = info.context.graph
        child_ids = graph.children(self.record.id)
        if kind is not None:
            kinds = {k.to_model() for k in kind}
            child_ids = tuple(c for c in child_ids if graph.entities[c].kind in kinds)
        positions = tuple(graph.preorder_index(c) for c in child_ids)
        return EntityConnection.page(graph, [positions], page)

    @field(description="How many structures are directly under this one.")
    def child_count(self, info: Info) -> int:
        return len(info.context.graph.children(self.record.id))

    @field(
        description="Every structure below this one, at any depth, in tree order (each parent "
        "before its children)."
    )
    @paged
    def descendants(
        self,
        info: Info,
        page: PageArgs,
        kind: Kinds = None,
    ) -> EntityConnection:
        graph = info.context.graph
        runs = descendant_runs(graph, self.record.id, kind)
        return EntityConnection.page(graph, runs, page)

    @field(description="How many structures are below this one, at any depth.")
    def descendant_count(self, info: Info) -> int:
        start, end = info.context.graph.descendant_span(self.record.id)
        return end - start

    @field(description="Distance from the organization (which is at depth 0).")
    def depth(self, info: Info) -> int:
        return info.context.graph.depth(self.record.id)

    @field(
        description="Position in the data files (files in name order, records in list order); "
        "lists follow it."
    )
    def source_order(self) -> int:
        return self.record.order

    @field(
        description="The position that supervises, oversees or leads this structure, where the "
        "source says so."
    )
    def supervisor(
        self, info: Info
    ) -> Annotated[Position, strawberry.lazy("schema.positions")] | None:
        supervision = self.record.supervision
        if supervision is None:
            return None
        return position_node(info.context.graph.positions[supervision.position_id])

    @field(
        description="How `supervisor` is responsible for this structure, with the source sentence."
    )
    def supervision(self) -> Supervision | None:
        supervision = self.record.supervision
        return (
            None
            if supervision is None
            else Supervision.from_record(supervision, subject=self.record)
        )

    @field(description="Where the structure is (city and country), where known.")
    def location(self) -> Location | None:
        location = self.record.location
        return None if location is None else Location.from_record(location)

    @field(
        description="Typed relations to other structures beyond the tree, with their evidence: "
        "outgoing ones first, each group in source order."
    )
    def relations(
        self,
        info: Info,
        direction: Annotated[
            RelationDirection | None,
            strawberry.argument(description="Only relations pointing this way (default: both)."),
        ] = None,
        type: Annotated[
            list[RelationType] | None,
            strawberry.argument(description="Only relations of these types (default: any type)."),
        ] = None,
    ) -> list[Relation]:
        graph = info.context.graph
        found: list[model.Relation] = []
        if direction is not RelationDirection.INCOMING:
            found += graph.relations_from(self.record.id)
        if direction is not RelationDirection.OUTGOING:
            found += graph.relations_to(self.record.id)
        if type is not None:
            types = {t.to_model() for t in type}
            found = [r for r in found if r.type in types]
        return [Relation.from_record(r, seen_from=self.record.id) for r in found]

    @field(description="A number of members or parts the source states without names.")
    def stated_count(self) -> int | None:
        return self.record.stated_count

    @field(description="Other names the source uses (e.g. an acronym).")
    def aliases(self) -> list[str]:
        return list(self.record.aliases)

    @field(description="Editors' notes on anything inferred or ambiguous.")
    def notes(self) -> list[str]:
        return list(self.record.notes)

    @field(
        description="Fields of this entity whose value the source implies rather than states "
        "(GraphQL field names, e.g. `parent`)."
    )
    def inferred_fields(self) -> list[str]:
        return [camel(name) for name in self.record.inferred]


@strawberry.type(
    description="A headquarters structure: the organization itself, Headquarters, headquarters "
    "offices, departments, divisions, units, teams and the like."
)
class Unit(Entity):
    FAMILY: ClassVar[model.Family] = model.Family.UNIT
