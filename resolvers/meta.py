"""`dataVersion`: which data the answers come from."""

from __future__ import annotations

import strawberry

from schema.context import Context

Info = strawberry.Info[Context, None]


def data_version(info: Info) -> str:
    return info.context.graph.version
