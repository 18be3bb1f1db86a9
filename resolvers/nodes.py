"""`node` and `nodes`: Relay's global object identification (schema/identity.py).

An ID names what it identifies, not the object type, so the type comes from the data as it is
now: an entity whose family changed is fetched under its new type with its old ID.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Context
from schema.identity import COUNTRY, POSITION, Node, decode_id
from schema.places import Country
from schema.wrap import entity_node, position_node

Info = strawberry.Info[Context, None]


def node(
    info: Info,
    id: Annotated[
        strawberry.ID, strawberry.argument(description="The global ID of the object (its `id`).")
    ],
) -> Node | None:
    """Any object by its global ID; null when no object has it."""
    return _lookup(info.context, id)


def nodes(
    info: Info,
    ids: Annotated[
        list[strawberry.ID],
        strawberry.argument(description="The global IDs of the objects (their `id`s)."),
    ],
) -> list[Node | None]:
    """Objects by their global IDs, in the same order; null for each ID no object has."""
    return [_lookup(info.context, i) for i in ids]


def _lookup(context: Context, value: str) -> Node | None:
    gid = decode_id(value)
    graph = context.graph
    if gid.names_entity:
        record = graph.entity(gid.value)
        return None if record is None else entity_node(record)
    if gid.key == POSITION:
        position = graph.position(gid.value)
        return None if position is None else position_node(position)
    if gid.key == COUNTRY:
        code = gid.value
        return Country.from_code(code) if code in context.countries else None
    return None
