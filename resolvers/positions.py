"""`positions` and `position`: the posts the source names."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Context
from schema.positions import Position

Info = strawberry.Info[Context, None]


def positions(info: Info) -> list[Position]:
    graph = info.context.graph
    return [Position.from_record(graph.positions[p]) for p in graph.position_order]


def position(
    info: Info,
    slug: Annotated[str, strawberry.argument(description="The position's slug.")],
) -> Position | None:
    record = info.context.graph.position(slug)
    return None if record is None else Position.from_record(record)
