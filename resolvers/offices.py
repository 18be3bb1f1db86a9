"""`offices`: field offices by kind, country and coordinated subregion."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph import model
from resolvers.entities import CountryFilter, kinds_of, select
from schema.connections import EntityConnection, Kinds, PageArgs, paged
from schema.context import Context

Info = strawberry.Info[Context, None]


@paged
def offices(
    info: Info,
    page: PageArgs,
    kind: Kinds = None,
    country: CountryFilter = None,
    subregion: Annotated[
        str | None,
        strawberry.argument(
            description='Only offices that coordinate this subregion (e.g. "Central Asia"; '
            "any case)."
        ),
    ] = None,
) -> EntityConnection:
    context = info.context
    graph = context.graph
    office_kinds = kinds_of(model.Family.OFFICE)
    kinds = office_kinds if kind is None else [k for k in kind if k in office_kinds]
    among = None
    if subregion is not None:
        ids = context.subregions.get(subregion.casefold(), ())
        among = sorted(graph.preorder_index(i) for i in ids)
    runs = select(context, 0, len(graph.entity_order), kinds, country, among)
    return EntityConnection.page(graph, runs, page)
