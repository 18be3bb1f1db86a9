"""Where structures are: `Location` (city and country), `Country` (ISO 3166-1) and `City`."""

from __future__ import annotations

from typing import ClassVar

import strawberry

from graph import model
from graph.search.docs import city_id
from schema.connections import (
    EntityConnection,
    Kinds,
    PageArgs,
    paged,
)
from schema.context import Context
from schema.enums import EntityKind as EnumKind
from schema.fields import field
from schema.identity import COUNTRY, Node

Info = strawberry.Info[Context, None]


@strawberry.type(
    description="A country, identified by its ISO 3166-1 alpha-2 code (its `id` encodes the code)."
)
class Country(Node):
    code: str = strawberry.field(description="The ISO 3166-1 alpha-2 code, upper case (e.g. CR).")
    NODE_KEY: ClassVar[str] = COUNTRY

    @classmethod
    def from_code(cls, code: str) -> Country:
        return cls(code=code)

    def node_value(self) -> str:
        return self.code

    @field(description='The ISO 3166-1 short name (e.g. "Korea, Republic of").')
    def name(self, info: Info) -> str:
        return info.context.countries[self.code].name

    @field(description='The everyday name where ISO gives one (e.g. "South Korea"), else `name`.')
    def common_name(self, info: Info) -> str:
        return info.context.countries[self.code].common_name

    @field(description="How many structures are located in the country.")
    def entity_count(self, info: Info) -> int:
        return len(info.context.country_positions.get(self.code, ()))

    @field(description="The structures located in the country, in tree order.")
    @paged
    def entities(
        self,
        info: Info,
        page: PageArgs,
        kind: Kinds = None,
    ) -> EntityConnection:
        context = info.context
        positions = context.country_positions.get(self.code, ())
        if kind is not None:
            graph = context.graph
            kinds = {k.to_model() for k in kind}
            positions = tuple(
                p for p in positions if graph.entities[graph.preorder_id(p)].kind in kinds
            )
        return EntityConnection.page(context.graph, [positions], page)


def _page(
    info: Info,
    positions: tuple[int, ...],
    args: PageArgs,
    kind: list[EnumKind] | None,
) -> EntityConnection:
    """One page of the structures at `positions` (sorted), of some kinds only when asked."""
    context = info.context
    if kind is not None:
        graph = context.graph
        kinds = {k.to_model() for k in kind}
        positions = tuple(
            p for p in positions if graph.entities[graph.preorder_id(p)].kind in kinds
        )
    return EntityConnection.page(context.graph, [positions], args)


@strawberry.type(
    description="A city at least one structure is located in, named as the source names it. "
    "Search finds cities (`SearchHit.subject`)."
)
class City:
    country_code: strawberry.Private[str | None]
    name: str = strawberry.field(
        description='The city\'s name, as the source writes it (e.g. "Geneva").'
    )

    @classmethod
    def from_place(cls, country: str | None, name: str) -> City:
        return cls(country_code=country, name=name)

    @field(description="The country the city is in; null when the source does not say.")
    def country(self) -> Country | None:
        return None if self.country_code is None else Country.from_code(self.country_code)

    @field(description="How many structures are located in the city.")
    def entity_count(self, info: Info) -> int:
        return len(info.context.city_positions.get(city_id(self.country_code, self.name), ()))

    @field(description="The structures located in the city, in tree order.")
    @paged
    def entities(self, info: Info, page: PageArgs, kind: Kinds = None) -> EntityConnection:
        positions = info.context.city_positions.get(city_id(self.country_code, self.name), ())
        return _page(info, positions, page, kind)


@strawberry.type(description="Where a structure is, as far as the source tells.")
class Location:
    record: strawberry.Private[model.Location]

    @classmethod
    def from_record(cls, record: model.Location) -> Location:
        return cls(record=record)

    @field(description="The city, where known.")
    def city(self) -> str | None:
        return self.record.city

    @field(description="The country (every location names one).")
    def country(self) -> Country:
        return Country.from_code(self.record.country)

    @field(
        description="True when the source implies rather than states the location (e.g. a "
        "country code for a city the source names without its country)."
    )
    def inferred(self) -> bool:
        return self.record.inferred

    @field(description="Why the location was inferred, or what is uncertain about it.")
    def note(self) -> str | None:
        return self.record.note
