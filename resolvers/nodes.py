"""`node` and `nodes`: Relay's global object identification."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from resolvers.refs import ENTITY_TYPES, POSITION_TYPE, parse_global_id
from schema.context import Context
from schema.wrap import entity_node, position_node

Info = strawberry.Info[Context, None]


def node(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The global ID of the object.")],
) -> relay.Node | None:
    """Any object by its global ID; null when no object has it."""
    return _lookup(info, id)


def nodes(
    info: Info,
    ids: Annotated[
        list[strawberry.ID], strawberry.argument(description="The global IDs of the objects.")
    ],
) -> list[relay.Node | None]:
    """Objects by their global IDs, in the same order; null for each ID no object has."""
    return [_lookup(info, i) for i in ids]


def _lookup(info: Info, value: str) -> relay.Node | None:
    gid = parse_global_id(value)
    graph = info.context.graph
    family = ENTITY_TYPES.get(gid.type_name)
    if family is not None:
        record = graph.entity(gid.node_id)
        return entity_node(record) if record is not None and record.family is family else None
    if gid.type_name == POSITION_TYPE:
        position = graph.position(gid.node_id)
        return None if position is None else position_node(position)
    return None
