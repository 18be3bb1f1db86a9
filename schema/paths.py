"""`EntityPath`: how two structures relate through the tree, and any direct relations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.context import Context
from schema.fields import field
from schema.relations import Relation
from schema.wrap import entity_node, entity_nodes

if TYPE_CHECKING:
    from schema.entities import Entity

Info = strawberry.Info[Context, None]
LazyEntity = Annotated["Entity", strawberry.lazy("schema.entities")]


@strawberry.type(
    description="The chain linking two structures through their nearest common ancestor: up "
    "from `from`, then down to `to`."
)
class EntityPath:
    source: strawberry.Private[str]
    target: strawberry.Private[str]

    @field(name="from", description="Where the path starts.")
    def start(self, info: Info) -> LazyEntity:
        return entity_node(info.context.graph.entities[self.source])

    @field(description="Where the path ends.")
    def to(self, info: Info) -> LazyEntity:
        return entity_node(info.context.graph.entities[self.target])

    @field(
        description="The nearest structure that is `from`, `to` or above both (the turning "
        "point of the path)."
    )
    def common_ancestor(self, info: Info) -> LazyEntity:
        graph = info.context.graph
        return entity_node(graph.entities[graph.common_ancestor(self.source, self.target)])

    @field(description="From `from` upwards, excluding the common ancestor ([] when `from` is it).")
    def up(self, info: Info) -> list[LazyEntity]:
        return entity_nodes(info.context.graph, self._up(info))

    @field(description="From just below the common ancestor down to `to` ([] when `to` is it).")
    def down(self, info: Info) -> list[LazyEntity]:
        return entity_nodes(info.context.graph, self._down(info))

    @field(description="The whole chain: `up`, the common ancestor, then `down`.")
    def entities(self, info: Info) -> list[LazyEntity]:
        graph = info.context.graph
        chain = [
            *self._up(info),
            graph.common_ancestor(self.source, self.target),
            *self._down(info),
        ]
        return entity_nodes(graph, chain)

    @field(description="The number of parent/child steps along the chain (0 when from = to).")
    def length(self, info: Info) -> int:
        return len(self._up(info)) + len(self._down(info))

    @field(
        description="Relations stated directly between the two structures, either way, seen "
        "from `from`."
    )
    def relations(self, info: Info) -> list[Relation]:
        graph = info.context.graph
        found = [r for r in graph.relations_from(self.source) if r.target_id == self.target]
        found += [r for r in graph.relations_to(self.source) if r.source_id == self.target]
        return [Relation.from_record(r, seen_from=self.source) for r in found]

    def _up(self, info: Info) -> list[str]:
        graph = info.context.graph
        common = graph.common_ancestor(self.source, self.target)
        chain = [self.source, *reversed(graph.ancestors(self.source))]
        return chain[: chain.index(common)]

    def _down(self, info: Info) -> list[str]:
        graph = info.context.graph
        common = graph.common_ancestor(self.source, self.target)
        chain = [*graph.ancestors(self.target), self.target]
        return chain[chain.index(common) + 1 :]
