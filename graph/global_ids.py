"""The global IDs the API hands out, in one place both the API and the exports read.

A global ID is the base64 of "Key:value", where the key says what the value identifies, never
an object type, so an ID survives a change of kind or family in the data (schema/identity.py
decodes them and defines the GraphQL `Node` interface):

    Entity:<slug>      every structure, whatever its family
    Position:<slug>    a post
    Country:<code>     an ISO 3166-1 alpha-2 country
"""

from __future__ import annotations

import base64

ENTITY = "Entity"
POSITION = "Position"
COUNTRY = "Country"


def encode_id(key: str, value: str) -> str:
    return base64.b64encode(f"{key}:{value}".encode()).decode("ascii")


def entity_global_id(slug: str) -> str:
    """The API's `id` of the entity with this slug (e.g. in the CSV export's `id` column)."""
    return encode_id(ENTITY, slug)
