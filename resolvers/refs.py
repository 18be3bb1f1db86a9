"""Turn the strings clients pass for "an entity" or "a position" into records.

An argument that names a structure accepts either its slug or its global ID: slugs are lower
case, and every global ID starts with an upper-case letter (it is the base64 of "Type:slug"), so
the two never collide.
"""

from __future__ import annotations

from strawberry.relay import GlobalID, GlobalIDValueError

from graph import model
from graph.indexes import OrgGraph
from graph.names import is_slug
from schema.errors import InputError

# GraphQL type name -> the family whose records it wraps (see schema/wrap.py).
ENTITY_TYPES = {family.type_name: family for family in model.Family}
POSITION_TYPE = "Position"


def parse_global_id(value: str) -> GlobalID:
    """Decode a global ID, or explain to the client why it is not one."""
    try:
        return GlobalID.from_id(value)
    except GlobalIDValueError:
        raise InputError(
            f"{value!r} is not an ID of this API: pass the `id` of a Node (or a slug where the "
            "argument accepts one)."
        ) from None


def entity_ref(graph: OrgGraph, ref: str) -> model.Entity | None:
    """The entity a slug or global ID names; None when there is none."""
    if is_slug(ref):
        return graph.entity(ref)
    gid = parse_global_id(ref)
    family = ENTITY_TYPES.get(gid.type_name)
    record = graph.entity(gid.node_id)
    return record if record is not None and record.family is family else None


def position_ref(graph: OrgGraph, ref: str) -> model.Position | None:
    """The position a slug or global ID names; None when there is none."""
    if is_slug(ref):
        return graph.position(ref)
    gid = parse_global_id(ref)
    return graph.position(gid.node_id) if gid.type_name == POSITION_TYPE else None
