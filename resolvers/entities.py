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
from schema.enums import EntityKind, Family
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
        record = entity_ref(graph, under)
        if record is None:
            return EntityConnection.page(graph, [], page)
        start, end = graph.descendant_span(record.id)
    kinds = combine_kinds(kind, family)
    return EntityConnection.page(graph, select(context, start, end, kinds, country), page)


def path(
    info: Info,
    from_: Annotated[
        str, strawberry.argument(name="from", description="Where the path starts (slug or ID).")
    ],
    to: Annotated[str, strawberry.argument(description="Where the path ends (slug or ID).")],
) -> EntityPath | None:
    """How two structures relate; null when either is unknown."""
    graph = info.context.graph
    source, target = entity_ref(graph, from_), entity_ref(graph, to)
    if source is None or target is None:
        return None
    return EntityPath(source=source.id, target=target.id)


def combine_kinds(kinds: list[EntityKind] | None, family: Family | None) -> list[EntityKind] | None:
    """The kinds both filters allow; None when neither restricts."""
    if family is None:
        return kinds
    in_family = [k for k in EntityKind if k.to_model().family is family.to_model()]
    return in_family if kinds is None else [k for k in kinds if k in in_family]


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


def kinds_of(family: model.Family) -> list[EntityKind]:
    return [k for k in EntityKind if k.to_model().family is family]
