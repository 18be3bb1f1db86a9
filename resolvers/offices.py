"""`offices`: field offices by kind, country and coordinated subregion."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph import model
from resolvers.entities import CountryFilter, family_kinds, select
from schema.connections import OfficeConnection, PageArgs, paged
from schema.context import Context
from schema.enums import EntityKind

Info = strawberry.Info[Context, None]


@paged
def offices(
    info: Info,
    page: PageArgs,
    kind: Annotated[
        list[EntityKind] | None,
        strawberry.argument(
            description="Only offices of one of these kinds (default: every kind of the Office "
            "family); a kind outside the family (e.g. HEADQUARTERS_OFFICE, a Unit) is an error "
            "that lists the family's kinds."
        ),
    ] = None,
    country: CountryFilter = None,
    subregion: Annotated[
        str | None,
        strawberry.argument(
            description='Only offices that coordinate this subregion (e.g. "Central Asia"; '
            "any case)."
        ),
    ] = None,
) -> OfficeConnection:
    context = info.context
    graph = context.graph
    kinds = family_kinds(kind, model.Family.OFFICE)
    among = None
    if subregion is not None:
        ids = context.subregions.get(subregion.casefold(), ())
        among = sorted(graph.preorder_index(i) for i in ids)
    runs = select(context, 0, len(graph.entity_order), kinds, country, among)
    return OfficeConnection.page(graph, runs, page)
