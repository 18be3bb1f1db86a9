"""The engine's floor: plain graphql-core on an equivalent minimal schema.

The schema is built with `graphql.build_schema` from the real schema's SDL (so types, enums and
nullability are the same), and every field is answered by graphql-core's default resolver from
plain dicts computed once from the graph: no resolver functions, no per-request work beyond the
engine's own. `bench_engine` checks that both return identical data before timing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLSchema, build_schema

from api.root import schema
from graph.indexes import OrgGraph
from graph.model import Entity, Family
from graph.names import camel
from schema.context import Context
from schema.enums import EntityKind

Row = dict[str, Any]
TYPENAMES = {Family.UNIT: "Unit", Family.OFFICE: "Office", Family.COMMITTEE: "Committee"}
# The full tree, as deep as the embedded data goes, with descriptions (~90 KB of JSON).
FULL_TREE = """
query FullTree {
  organization {
    ...Item
    children(first: 100) { totalCount nodes { ...Item
      children(first: 100) { totalCount nodes { ...Item
        children(first: 100) { totalCount nodes { ...Item
          children(first: 100) { totalCount nodes { ...Item } } } } } } } }
  }
}
fragment Item on Entity { slug name kind description childCount }
"""


def floor_schema() -> GraphQLSchema:
    return build_schema(str(schema))


def floor_root(context: Context) -> Row:
    """The root value: `organization`, and `entity(slug)` as a dict lookup."""
    rows = _rows(context)
    graph = context.graph

    def entity(_info: object, slug: str) -> Row | None:
        return rows.get(slug)

    lookup: Callable[..., Row | None] = entity
    return {"organization": rows[graph.root_id], "entity": lookup}


def _rows(context: Context) -> dict[str, Row]:
    graph = context.graph
    rows = {e.id: _row(graph, e) for e in graph.iter_entities()}
    for entity_id, row in rows.items():
        entity = graph.entities[entity_id]
        children = [rows[c] for c in graph.children(entity_id)]
        row["children"] = {"totalCount": len(children), "nodes": children}
        row["parent"] = rows[entity.parent_id] if entity.parent_id else None
        row["ancestors"] = [rows[a] for a in graph.ancestors(entity_id)]
        supervision = entity.supervision
        row["supervision"] = None
        if supervision is not None:
            position = graph.positions[supervision.position_id]
            row["supervision"] = {
                "mode": supervision.mode.name,
                "evidence": supervision.evidence,
                "inferred": supervision.inferred,
                "position": {"slug": position.id, "title": position.title},
            }
        location = entity.location
        row["location"] = None
        if location is not None:
            country = None
            if location.country:
                names = context.countries[location.country]
                country = {"code": location.country, "commonName": names.common_name}
            row["location"] = {
                "city": location.city,
                "inferred": location.inferred,
                "note": location.note,
                "country": country,
            }
        row["relations"] = [
            {
                "type": r.type.name,
                "direction": "OUTGOING" if r.source_id == entity_id else "INCOMING",
                "evidence": r.evidence,
                "inferred": r.inferred,
                "note": r.note,
                "from": rows[r.source_id],
                "to": rows[r.target_id],
            }
            for r in (*graph.relations_from(entity_id), *graph.relations_to(entity_id))
        ]
        row["members"] = [
            {"slug": p, "title": graph.positions[p].title, "plural": graph.positions[p].plural}
            for p in entity.members
        ]
    return rows


def _row(graph: OrgGraph, e: Entity) -> Row:
    start, end = graph.descendant_span(e.id)
    return {
        "__typename": TYPENAMES[e.family],
        "slug": e.id,
        "name": e.name,
        "kind": EntityKind.of(e.kind).name,
        "family": e.family.name,
        "description": e.description or None,
        "mention": e.mention,
        "aliases": list(e.aliases),
        "statedCount": e.stated_count,
        "notes": list(e.notes),
        "inferredFields": [camel(name) for name in e.inferred],
        "childCount": len(graph.children(e.id)),
        "descendantCount": end - start,
        "depth": graph.depth(e.id),
        "membersEvidence": e.members_evidence,
        "coordinatesSubregion": e.coordinates_subregion,
    }
