"""What every resolver reads: one immutable snapshot of the graph and its derived indexes.

A request takes one `Context` when it starts, so a reload that swaps in a new graph never mixes
two versions within one response. Everything here is computed once per graph, in `for_graph`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pycountry

from graph.indexes import OrgGraph
from graph.search.docs import city_id
from graph.search.index import SearchIndex
from schema.guard.bounds import Bounds, graph_bounds
from schema.guard.limits import DEFAULT_LIMITS, Limits


@dataclass(frozen=True, slots=True)
class CountryName:
    """ISO 3166-1 names of one country: the standard short name and the everyday one."""

    name: str
    common_name: str


@dataclass(frozen=True, slots=True)
class Context:
    """The graph, its search index, and the few lookups the API needs beyond `OrgGraph`."""

    graph: OrgGraph
    search: SearchIndex
    countries: Mapping[str, CountryName]
    # Preorder positions of the entities located in each country, sorted (paging needs order).
    country_positions: Mapping[str, tuple[int, ...]]
    # The same for each city, keyed by `city_id(country, city)` (search finds cities).
    city_positions: Mapping[str, tuple[int, ...]]
    # Entity ids by the (case-folded) subregion an office coordinates, in source order.
    subregions: Mapping[str, tuple[str, ...]]
    # How long each list field can be in this graph: what query cost is computed from.
    bounds: Bounds
    # What one operation may ask (schema/guard/limits.py); the server sets them from its config.
    limits: Limits = DEFAULT_LIMITS

    @classmethod
    def for_graph(cls, graph: OrgGraph, limits: Limits = DEFAULT_LIMITS) -> Context:
        countries = {
            c.alpha_2: CountryName(c.name, getattr(c, "common_name", None) or c.name)
            for c in pycountry.countries
        }
        country_positions = {
            code: tuple(sorted(graph.preorder_index(i) for i in graph.by_country(code)))
            for code in graph.countries()
        }
        subregions: dict[str, list[str]] = {}
        cities: dict[str, list[int]] = {}
        for entity in graph.iter_entities():
            if entity.coordinates_subregion:
                subregions.setdefault(entity.coordinates_subregion.casefold(), []).append(entity.id)
            location = entity.location
            if location is not None and location.city:
                key = city_id(location.country, location.city)
                cities.setdefault(key, []).append(graph.preorder_index(entity.id))
        return cls(
            graph=graph,
            search=SearchIndex.build(graph),
            countries=MappingProxyType(countries),
            country_positions=MappingProxyType(country_positions),
            city_positions=MappingProxyType({k: tuple(sorted(v)) for k, v in cities.items()}),
            subregions=MappingProxyType({k: tuple(v) for k, v in subregions.items()}),
            bounds=graph_bounds(graph),
            limits=limits,
        )
