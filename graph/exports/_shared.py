"""Helpers every export shares, so the four formats agree on order, ids and counts.

Every export walks records in source order (the order the API lists them) and serializes with
fixed options, so the same graph always gives the same bytes: downloads can carry a strong ETag.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pycountry

from graph.indexes import OrgGraph
from graph.model import Entity, Relation


@dataclass(frozen=True, slots=True)
class Seat:
    """One committee seat: a position that sits on a committee (an entity's `members`)."""

    committee_id: str
    position_id: str

    @property
    def key(self) -> str:
        # Slugs never contain "/", so the pair is unambiguous.
        return f"{self.committee_id}/{self.position_id}"


def dumps(document: Any) -> str:
    """Stable, readable JSON: keys in the order the exporter built them, non-ASCII kept as is."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def seats(graph: OrgGraph) -> Iterator[Seat]:
    """Committee seats, committees in source order and members in the order the source lists."""
    for entity in graph.iter_entities():
        for position_id in entity.members:
            yield Seat(entity.id, position_id)


def relation_keys(graph: OrgGraph) -> Iterator[tuple[str, Relation]]:
    """Each relation with an id built from its ends and type, stable across unrelated edits.

    The loader does not forbid two relations with the same ends and type (they may cite
    different sentences), so repeats get a `/2`, `/3`, ... suffix to keep ids unique.
    """
    seen: dict[str, int] = {}
    for relation in graph.relations:
        key = f"{relation.source_id}/{relation.type.value}/{relation.target_id}"
        seen[key] = seen.get(key, 0) + 1
        yield (key if seen[key] == 1 else f"{key}/{seen[key]}"), relation


def path_names(graph: OrgGraph, entity: Entity) -> tuple[str, ...]:
    """Names from the root down to `entity`, both included."""
    return (*(graph.entities[i].name for i in graph.ancestors(entity.id)), entity.name)


def country_name(code: str) -> str:
    """The ISO 3166-1 short name of a country code the loader has validated (the code if not)."""
    country = pycountry.countries.get(alpha_2=code)
    return str(country.name) if country is not None else code


def omit_empty(record: dict[str, Any]) -> dict[str, Any]:
    """`record` without the keys whose value is None, "" or [] (booleans and 0 are kept)."""
    return {k: v for k, v in record.items() if v not in (None, "", [])}
