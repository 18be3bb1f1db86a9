"""The whole graph as one JSON document, for services that want everything in one request.

Shape (documented in docs/exports.md): a header (`format`, `schemaVersion`, the data `version`,
the `root` id and `counts`), then `entities`, `positions` and `relations` in source order. Every
field is present on every record (`null` or `[]` when the data has none) so that consumers never
need to guess whether a key may be missing. Committee seats live on each committee (`members`),
exactly as in the YAML, and are counted in `counts.memberships`.
"""

from __future__ import annotations

from typing import Any

from graph.exports._shared import dumps, seats
from graph.indexes import OrgGraph
from graph.model import Entity, Location, Position, Relation, Supervision

FORMAT = "orggraph"
# Bump when a field is renamed or removed or changes meaning; adding a field keeps the number.
SCHEMA_VERSION = 1


def export_json(graph: OrgGraph) -> str:
    """The graph as a JSON document; the same graph always gives the same text."""
    return dumps(json_document(graph))


def json_document(graph: OrgGraph) -> dict[str, Any]:
    """The document `export_json` serializes, for callers that embed it in a larger one."""
    return {
        "format": FORMAT,
        "schemaVersion": SCHEMA_VERSION,
        "version": graph.version,
        "root": graph.root_id,
        "counts": {
            "entities": len(graph.entities),
            "positions": len(graph.positions),
            "memberships": sum(1 for _ in seats(graph)),
            "relations": len(graph.relations),
        },
        "entities": [_entity(graph, e) for e in graph.iter_entities()],
        "positions": [_position(graph.positions[i]) for i in graph.position_order],
        "relations": [_relation(r) for r in graph.relations],
    }


def _entity(graph: OrgGraph, entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind.value,
        "family": entity.family.value,
        "parent": entity.parent_id,
        "depth": graph.depth(entity.id),
        "description": entity.description or None,
        "mention": entity.mention,
        "location": _location(entity.location),
        "supervisor": _supervisor(entity.supervision),
        "members": list(entity.members),
        "membersEvidence": entity.members_evidence,
        "statedCount": entity.stated_count,
        "coordinatesSubregion": entity.coordinates_subregion,
        "aliases": list(entity.aliases),
        "inferred": list(entity.inferred),
        "notes": list(entity.notes),
    }


def _location(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {
        "city": location.city,
        "country": location.country,
        "inferred": location.inferred,
        "note": location.note,
    }


def _supervisor(supervision: Supervision | None) -> dict[str, Any] | None:
    if supervision is None:
        return None
    return {
        "position": supervision.position_id,
        "mode": supervision.mode.value,
        "evidence": supervision.evidence,
        "inferred": supervision.inferred,
    }


def _position(position: Position) -> dict[str, Any]:
    return {
        "id": position.id,
        "title": position.title,
        "plural": position.plural,
        "description": position.description or None,
        "notes": list(position.notes),
    }


def _relation(relation: Relation) -> dict[str, Any]:
    return {
        "from": relation.source_id,
        "type": relation.type.value,
        "to": relation.target_id,
        "evidence": relation.evidence,
        "inferred": relation.inferred,
        "note": relation.note,
    }
