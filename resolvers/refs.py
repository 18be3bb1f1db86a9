"""Turn the references clients pass (`under`, `from`, `to`, `member`) into records.

One convention for every argument that names an entity or a position: its type is `ID`, and it
accepts either the object's global ID or its slug. Slugs are lower case, and every global ID
this API hands out starts with an upper-case letter (it is the base64 of "Entity:...",
"Position:..." or a 0.1.0 "Unit:..."), so the two never collide. A reference to nothing is
absence (None: an empty list or null); an ID of the wrong sort of object (a position's where an
entity is expected) is a mistake, answered with an error that says so.
"""

from __future__ import annotations

from graph import model
from graph.indexes import OrgGraph
from graph.names import is_slug
from schema.errors import InputError
from schema.identity import POSITION, GlobalKey, decode_id


def entity_ref(graph: OrgGraph, ref: str, argument: str) -> model.Entity | None:
    """The entity a slug or global ID names; None when there is none."""
    if is_slug(ref):
        return graph.entity(ref)
    gid = decode_id(ref)
    if not gid.names_entity:
        raise InputError(
            f"`{argument}` takes an entity (its slug or ID), not {_article(gid.key)}'s ID."
        )
    return graph.entity(gid.value)


def position_ref(graph: OrgGraph, ref: str, argument: str) -> model.Position | None:
    """The position a slug or global ID names; None when there is none."""
    if is_slug(ref):
        return graph.position(ref)
    gid = decode_id(ref)
    if gid.key != POSITION:
        raise InputError(
            f"`{argument}` takes a position (its slug or ID), not {_article(gid.key)}'s ID."
        )
    return graph.position(gid.value)


def _article(key: str) -> str:
    name = "entity" if GlobalKey(key, "").names_entity else key
    return f"an {name}" if name[0] in "aeiouAEIOU" else f"a {name}"
