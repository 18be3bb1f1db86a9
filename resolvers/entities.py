"""Root fields over structures: the organization, one entity, filtered lists, paths."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Annotated

import strawberry

from graph import model
from resolvers.refs import entity_ref
from schema.connections import (
    EntityConnection,
    Kinds,
    PageArgs,
    paged,
    span_runs,
)
from schema.context import Context
from schema.entities import Entity
from schema.enums import DEPRECATED_KINDS, EntityKind, Family
from schema.errors import InputError
from schema.paths import EntityPath
from schema.wrap import entity_node

Info = strawberry.Info[Context, None]

Under = Annotated[
    strawberry.ID | None,
    strawberry.argument(
        description="Only entities below this one, at any depth (its global ID or slug). An "
        "unknown entity gives an empty list."
    ),
]
CountryFilter = Annotated[
    str | None,
    strawberry.argument(
        description="Only entities located in this country (ISO 3166-1 alpha-2 code, any case)."
    ),
]
FamilyFilter = Annotated[
    Family | None,
    strawberry.argument(description="Only entities of this family (combined with `kind`)."),
]


def organization(info: Info) -> Entity:
    """The root of the tree."""
    return entity_node(info.context.graph.root)


def entity(
    info: Info,
    slug: Annotated[str, strawberry.argument(description="The entity's slug.")],
) -> Entity | None:
    record = info.context.graph.entity(slug)
    return None if record is None else entity_node(record)


@paged
def entities(
    info: Info,
    page: PageArgs,
    kind: Kinds = None,
    family: FamilyFilter = None,
    under: Under = None,
    country: CountryFilter = None,
) -> EntityConnection:
    context = info.context
    graph = context.graph
    if under is None:
        start, end = 0, len(graph.entity_order)
    else:
        record = entity_ref(graph, under, "under")
        if record is None:
            return EntityConnection.page(graph, [], page)
        start, end = graph.descendant_span(record.id)
    kinds = kind if family is None else family_kinds(kind, family.to_model())
    return EntityConnection.page(graph, select(context, start, end, kinds, country), page)


def path(
    info: Info,
    from_: Annotated[
        strawberry.ID,
        strawberry.argument(
            name="from", description="Where the path starts: an entity's global ID or slug."
        ),
    ],
    to: Annotated[
        strawberry.ID,
        strawberry.argument(description="Where the path ends: an entity's global ID or slug."),
    ],
) -> EntityPath | None:
    """How two structures relate; null when either is unknown."""
    graph = info.context.graph
    source, target = entity_ref(graph, from_, "from"), entity_ref(graph, to, "to")
    if source is None or target is None:
        return None
    return EntityPath(source=source.id, target=target.id)


def family_kinds(kinds: list[EntityKind] | None, family: model.Family) -> list[EntityKind]:
    """The kinds to keep within a family: all of its kinds, or those asked for.

    A kind outside the family is refused with an explanation rather than silently matching
    nothing (`offices(kind: [OFFICE])` once returned an empty list without a word).
    """
    in_family = EntityKind.in_family(family)
    if kinds is None:
        return in_family
    outside = [k for k in dict.fromkeys(kinds) if k.to_model().family is not family]
    if outside:
        raise InputError(_outside_message(outside, family, in_family))
    return kinds


def _outside_message(
    outside: list[EntityKind], family: model.Family, in_family: list[EntityKind]
) -> str:
    family_name = Family.of(family).name
    parts = []
    for kind in outside:
        home = Family.of(kind.to_model().family).name
        renamed = DEPRECATED_KINDS.get(kind.name)
        alias = f" (the deprecated name of {renamed})" if renamed else ""
        parts.append(f"{kind.name}{alias} is a kind of the {home} family")
    return (
        f"`kind` names kinds outside the {family_name} family: {'; '.join(parts)}. Kinds of the "
        f"{family_name} family: {', '.join(k.name for k in in_family)}. To list any family's "
        "entities, use `entities(kind: [...])`."
    )


def select(
    context: Context,
    start: int,
    end: int,
    kinds: list[EntityKind] | None,
    country: str | None,
    among: Sequence[int] | None = None,
) -> list[Sequence[int]]:
    """Sorted runs of the preorder positions in [start, end) that pass every filter given.

    `among` restricts to a sorted candidate list (e.g. a subregion's offices); without it and
    without `country` the runs come straight from the kind index.
    """
    candidates = among
    if country is not None:
        in_country = context.country_positions.get(country.upper(), ())
        candidates = in_country if candidates is None else _intersect(candidates, in_country)
    if candidates is None:
        return span_runs(context.graph, start, end, kinds)
    window = candidates[bisect_left(candidates, start) : bisect_left(candidates, end)]
    if kinds is not None:
        allowed = {k.to_model() for k in kinds}
        graph = context.graph
        window = [p for p in window if graph.entities[graph.preorder_id(p)].kind in allowed]
    return [window]


def _intersect(a: Sequence[int], b: Sequence[int]) -> list[int]:
    other = set(b)
    return [p for p in a if p in other]
