"""`Position`: a post (Director General, Regional Directors, ...), not a person."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry

from graph import model
from schema.context import Context
from schema.fields import field
from schema.identity import POSITION, Node
from schema.relations import Supervision
from schema.wrap import entity_nodes

if TYPE_CHECKING:
    from schema.committees import Committee
    from schema.entities import Entity

Info = strawberry.Info[Context, None]


@strawberry.type(
    description="A post in the organization (e.g. Director General). Positions supervise "
    "structures and sit on committees."
)
class Position(Node):
    record: strawberry.Private[model.Position]
    NODE_KEY: ClassVar[str] = POSITION

    @classmethod
    def from_record(cls, record: model.Position) -> Position:
        return cls(record=record)

    def node_value(self) -> str:
        return self.record.id

    @field(description="The stable, human-readable identifier.")
    def slug(self) -> str:
        return self.record.id

    @field(description="The title of the post, as the source writes it.")
    def title(self) -> str:
        return self.record.title

    @field(description="True when several people hold this post (e.g. Chiefs of Mission).")
    def plural(self) -> bool:
        return self.record.plural

    @field(description="What the source says about the post; null when it says nothing.")
    def description(self) -> str | None:
        return self.record.description or None

    @field(description="Editors' notes on anything inferred or ambiguous.")
    def notes(self) -> list[str]:
        return list(self.record.notes)

    @field(description="Position in the data files; the `positions` list follows it.")
    def source_order(self) -> int:
        return self.record.order

    @field(description="The structures this post supervises, oversees or leads, in source order.")
    def supervises(self, info: Info) -> list[Annotated[Entity, strawberry.lazy("schema.entities")]]:
        graph = info.context.graph
        return entity_nodes(graph, graph.supervised_by(self.record.id))

    @field(
        description="The same structures as `supervises`, each with how the source words the "
        "responsibility and the sentence that states it."
    )
    def supervisions(self, info: Info) -> list[Supervision]:
        graph = info.context.graph
        found = []
        for entity_id in graph.supervised_by(self.record.id):
            entity = graph.entities[entity_id]
            assert entity.supervision is not None
            found.append(Supervision.from_record(entity.supervision, subject=entity))
        return found

    @field(description="The committees this post sits on, in source order.")
    def member_of(
        self, info: Info
    ) -> list[Annotated[Committee, strawberry.lazy("schema.committees")]]:
        graph = info.context.graph
        committees: list[Committee] = []
        for entity in entity_nodes(graph, graph.committees_of(self.record.id)):
            committees.append(entity)  # type: ignore[arg-type]
        return committees
