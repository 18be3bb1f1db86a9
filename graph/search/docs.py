"""What search finds: entities, positions, and places (the countries and cities structures are in).

People look for posts ("Chief of Staff") and places ("Geneva", "Philippines") as much as for
structures, so each of them is a document of the same index, ranked by the same rules. An entity
is its own document (no copy per entity at 100,000 of them); positions and places, a few hundred
at most, get a `Doc`. A place is indexed only where at least one structure is located: its hit
stands for "the structures in this place".

`documents(graph)` lists them in one fixed order (entities in source order, then positions,
countries by code, cities by country and name); the index state stores numbers into that list,
so a restored state binds to the same documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pycountry

from graph.indexes import OrgGraph
from graph.model import Entity


class Subject(StrEnum):
    """What a document (and so a search hit) stands for."""

    ENTITY = "entity"
    POSITION = "position"
    COUNTRY = "country"
    CITY = "city"


@dataclass(frozen=True, slots=True)
class Doc:
    """A position or a place, with the fields search reads from an `Entity`.

    `id` is the position's slug, the country's code, or `city_id(country, city)`.
    """

    subject: Subject
    id: str
    name: str
    order: int
    aliases: tuple[str, ...] = ()
    description: str = ""
    mention: str | None = None
    country: str | None = None  # places: the ISO 3166-1 alpha-2 code
    city: str | None = None


Searchable = Entity | Doc


def subject_of(doc: Searchable) -> Subject:
    return Subject.ENTITY if isinstance(doc, Entity) else doc.subject


def city_id(country: str | None, city: str) -> str:
    """A city's identity: its country code (or "") and its name, e.g. "CH/Geneva"."""
    return f"{country or ''}/{city}"


def country_names(code: str) -> tuple[str, ...]:
    """The names a country is searched by: ISO 3166-1's short, everyday and official names."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return (code,)
    names = (
        country.name,
        getattr(country, "common_name", None),
        getattr(country, "official_name", None),
    )
    return tuple(dict.fromkeys(name for name in names if name))


def documents(graph: OrgGraph) -> tuple[Searchable, ...]:
    """Every document of the graph's index, in the fixed order the state's numbers refer to."""
    entities = graph.entities
    docs: list[Searchable] = [entities[entity_id] for entity_id in graph.entity_order]
    order = 1 + max((entity.order for entity in docs), default=-1)
    for position in sorted(graph.positions.values(), key=lambda p: p.order):
        docs.append(
            Doc(Subject.POSITION, position.id, position.title, order, (), position.description)
        )
        order += 1
    for code in sorted(graph.countries()):
        name, *aliases = country_names(code)
        docs.append(Doc(Subject.COUNTRY, code, name, order, tuple(aliases), country=code))
        order += 1
    cities: set[tuple[str, str]] = set()
    for entity in entities.values():
        location = entity.location
        if location is not None and location.city:
            cities.add((location.country or "", location.city))
    for country, city in sorted(cities):
        docs.append(
            Doc(
                Subject.CITY,
                city_id(country, city),
                city,
                order,
                country=country or None,
                city=city,
            )
        )
        order += 1
    return tuple(docs)
