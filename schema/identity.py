"""Global object identification: the `Node` interface and the IDs it hands out.

A global ID is the base64 of "Key:value" (Relay's usual shape), where the key names what kind of
object the value identifies, never its GraphQL object type (graph/global_ids.py lists the keys
and encodes them, for the exports too). So an entity whose kind or family changes in the data
(a secretariat becoming a committee) keeps its ID, and `node(id:)` answers with whatever object
type it has now. IDs of 0.1.0 named the object type ("Unit:", "Office:", "Committee:"); they
still resolve, to the entity with that slug whatever its family, for one release
(LEGACY_ENTITY_KEYS).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import ClassVar

import strawberry

from graph import model
from graph.global_ids import COUNTRY, ENTITY, POSITION, encode_id
from schema.errors import InputError
from schema.fields import field

__all__ = ["COUNTRY", "ENTITY", "POSITION", "GlobalKey", "Node", "decode_id", "encode_id"]
# 0.1.0 encoded the object type (Unit, Office, Committee); such IDs keep resolving until 0.3.0
# (CHANGELOG.md).
LEGACY_ENTITY_KEYS = frozenset(family.type_name for family in model.Family)


@dataclass(frozen=True, slots=True)
class GlobalKey:
    """A decoded global ID: what it identifies (`key`, e.g. "Entity") and its `value`."""

    key: str
    value: str

    @property
    def names_entity(self) -> bool:
        return self.key == ENTITY or self.key in LEGACY_ENTITY_KEYS


def decode_id(text: str) -> GlobalKey:
    """The key and value of a global ID of this API, or an `InputError` saying what is wrong.

    A well-formed ID whose key this API does not hand out (yet) decodes too: `node` answers it
    with null, as it does for an ID of an object that no longer exists.
    """
    try:
        decoded = base64.b64decode(text.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError):
        decoded = ""
    key, colon, value = decoded.partition(":")
    if not colon or not key or not value:
        raise InputError(
            f"{text!r} is not an ID of this API: pass the `id` of a Node (or a slug where the "
            "argument accepts one)."
        )
    return GlobalKey(key, value)


@strawberry.interface(
    name="Node",
    description="An object with a global ID (Relay's object identification): fetch it again, "
    "or refresh it, with `Query.node(id:)`. Every object type with an identity is a Node.",
)
class Node:
    NODE_KEY: ClassVar[str]

    def node_value(self) -> str:
        """What identifies this object among those of its key (a slug or a country code)."""
        raise NotImplementedError

    @field(
        description="The object's global ID: opaque, stable across data reloads and across a "
        "change of the object's kind or family. `Query.node(id:)` returns the object; arguments "
        "that take a reference (`under`, `from`, `to`, `member`) accept it."
    )
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id(self.NODE_KEY, self.node_value()))
