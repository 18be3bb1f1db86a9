"""`countries` and `country`: where structures are located."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Context
from schema.places import Country

Info = strawberry.Info[Context, None]


def countries(info: Info) -> list[Country]:
    """The countries at least one structure is located in, by code."""
    return [Country.from_code(code) for code in info.context.graph.countries()]


def country(
    info: Info,
    code: Annotated[
        str, strawberry.argument(description="An ISO 3166-1 alpha-2 code (any case), e.g. CR.")
    ],
) -> Country | None:
    """Any ISO 3166-1 country, with or without structures; null for an unknown code."""
    code = code.upper()
    return Country.from_code(code) if code in info.context.countries else None
