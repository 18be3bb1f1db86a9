"""Popolo JSON (popoloproject.com), the format open-government tools and portals read.

Mapping: every entity is an `organization` (`classification` = its kind, `parent_id` = its
parent); every position is a `post` of the root organization (the data places posts in the
organization as a whole, not in a unit); every committee seat is a `membership` of the committee
held through the post (`post_id`), with no person, since the data names none. Locations become
`areas` (countries, and cities inside them). Popolo has no term for typed links between
organizations, so `relations` is an extension collection: Popolo's conformance rules allow
outside terms where its own are insufficient.
Optional fields are left out when the data has no value, as Popolo documents usually do.
"""

from __future__ import annotations

from typing import Any

from graph.exports._shared import (
    Seat,
    country_name,
    dumps,
    omit_empty,
    relation_keys,
    seats,
)
from graph.indexes import OrgGraph
from graph.model import Entity, Location
from graph.names import slugify

FORMAT = "popolo"


def export_popolo(graph: OrgGraph) -> str:
    """The graph as a Popolo JSON document; the same graph always gives the same text."""
    return dumps(popolo_document(graph))


def popolo_document(graph: OrgGraph) -> dict[str, Any]:
    """The document `export_popolo` serializes."""
    return {
        "meta": {"format": FORMAT, "generator": "orggraph", "version": graph.version},
        "persons": [],
        "organizations": [_organization(e) for e in graph.iter_entities()],
        "posts": [_post(graph, i) for i in graph.position_order],
        "memberships": [_membership(graph, seat) for seat in seats(graph)],
        "areas": _areas(graph),
        "relations": [
            omit_empty(
                {
                    "id": key,
                    "classification": relation.type.value,
                    "source_organization_id": relation.source_id,
                    "target_organization_id": relation.target_id,
                    "evidence": relation.evidence,
                    "inferred": relation.inferred or None,
                    "note": relation.note,
                }
            )
            for key, relation in relation_keys(graph)
        ],
    }


def area_id(location: Location) -> str | None:
    """The id of the most precise area of a location: `country:th/city:bangkok`, `country:pa`."""
    country = _country_area_id(location)
    if location.city is None:
        return country
    city = f"city:{slugify(location.city)}"
    return f"{country}/{city}" if country else city


def _country_area_id(location: Location) -> str | None:
    return f"country:{location.country.lower()}" if location.country else None


def _organization(entity: Entity) -> dict[str, Any]:
    return omit_empty(
        {
            "id": entity.id,
            "name": entity.name,
            "other_names": [{"name": alias, "note": "alias"} for alias in entity.aliases],
            "classification": entity.kind.value,
            "parent_id": entity.parent_id,
            "area_id": area_id(entity.location) if entity.location else None,
            "description": entity.description,
        }
    )


def _post(graph: OrgGraph, position_id: str) -> dict[str, Any]:
    position = graph.positions[position_id]
    return omit_empty(
        {
            "id": position.id,
            "label": position.title,
            "organization_id": graph.root_id,
            "description": position.description,
        }
    )


def _membership(graph: OrgGraph, seat: Seat) -> dict[str, Any]:
    committee = graph.entities[seat.committee_id]
    title = graph.positions[seat.position_id].title
    return {
        "id": seat.key,
        "label": f"{title}, member of {committee.name}",
        "role": "member",
        "organization_id": seat.committee_id,
        "post_id": seat.position_id,
    }


def _areas(graph: OrgGraph) -> list[dict[str, Any]]:
    """Countries and cities, once each, in the order entities first name them."""
    areas: dict[str, dict[str, Any]] = {}
    for entity in graph.iter_entities():
        location = entity.location
        if location is None:
            continue
        country_id = _country_area_id(location)
        if country_id and location.country:
            areas.setdefault(
                country_id,
                {
                    "id": country_id,
                    "name": country_name(location.country),
                    "identifier": location.country,
                    "classification": "country",
                },
            )
        city_id = area_id(location)
        if location.city and city_id:
            city = {"id": city_id, "name": location.city, "classification": "city"}
            areas.setdefault(city_id, omit_empty({**city, "parent_id": country_id}))
    return list(areas.values())
