"""`committees`: committees, boards and governing bodies, optionally those a position sits on."""

from __future__ import annotations

import heapq
from typing import Annotated

import strawberry

from graph import model
from resolvers.entities import family_kinds
from resolvers.refs import position_ref
from schema.committees import Committee
from schema.connections import span_runs
from schema.context import Context
from schema.enums import EntityKind
from schema.wrap import entity_node

Info = strawberry.Info[Context, None]


def committees(
    info: Info,
    member: Annotated[
        strawberry.ID | None,
        strawberry.argument(
            description="Only committees this position sits on (its global ID or slug); an "
            "unknown position gives []."
        ),
    ] = None,
    kind: Annotated[
        list[EntityKind] | None,
        strawberry.argument(
            description="Only these kinds (default: every committee kind); a kind outside the "
            "Committee family is an error that lists the family's kinds."
        ),
    ] = None,
) -> list[Committee]:
    """Tree order; with `member`, the order of the source's member lists."""
    graph = info.context.graph
    kinds = family_kinds(kind, model.Family.COMMITTEE)
    if member is not None:
        position = position_ref(graph, member, "member")
        allowed = {k.to_model() for k in kinds}
        ids = () if position is None else graph.committees_of(position.id)
        records = [graph.entities[i] for i in ids if graph.entities[i].kind in allowed]
    else:
        runs = span_runs(graph, 0, len(graph.entity_order), kinds)
        records = [graph.entities[graph.preorder_id(p)] for p in heapq.merge(*runs)]
    found: list[Committee] = []
    for record in records:
        node = entity_node(record)
        assert isinstance(node, Committee)
        found.append(node)
    return found
