"""How long each list field can be: the bounds query cost multiplies by.

For the data, `graph_bounds` measures the graph once per version (in `Context.for_graph`): the
most children, relations, ancestors, members, ... any record has, and how many there are in
all. For introspection, `schema_bounds` measures the schema. `tests/hardening/test_cost_bound.py`
checks each bound is the longest such list in the real data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from graphql import (
    GraphQLSchema,
    is_abstract_type,
    is_enum_type,
    is_input_object_type,
    is_interface_type,
    is_object_type,
)

from graph.indexes import OrgGraph
from graph.model import Family

# Page sizes of every connection: what `first`/`last` default to and may reach. Declared here,
# below the types, because the cost bound multiplies by them before any resolver runs.
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
ENTITY_TYPES = ("Entity", *(family.type_name for family in Family))
SNIPPET_FRAGMENTS = 7


@dataclass(frozen=True, slots=True)
class Fanout:
    """How long one list field can be: `each` items per parent object at most. When `total`
    is set the list partitions its parents' items, and distinct parents have at most `total`
    items between them. `paged` lists are connections: `first`/`last` cap them further.
    `shared`: distinct parents may list the same item (`total` still bounds how many they list
    between them, but the items are not distinct objects)."""

    each: int
    total: int | None = None
    paged: bool = False
    shared: bool = False


Bounds = Mapping[tuple[str, str], Fanout]


def graph_bounds(graph: OrgGraph) -> Bounds:
    """The list bounds of one graph (computed once per graph, in `Context.for_graph`)."""
    ids = list(graph.entities)
    n = len(ids)
    max_depth = max((graph.depth(i) for i in ids), default=0)
    relations = max(
        (len(graph.relations_from(i)) + len(graph.relations_to(i)) for i in ids), default=0
    )
    supervised = [graph.supervised_by(p) for p in graph.positions]
    by_country = [graph.by_country(c) for c in graph.countries()]
    families = {f: len(graph.by_family(f)) for f in Family}
    children = max((len(graph.children(i)) for i in ids), default=0)
    members = max((len(graph.entities[i].members) for i in ids), default=0)
    cities: dict[tuple[str | None, str], int] = {}
    for entity in graph.entities.values():
        if entity.location is not None and entity.location.city:
            place = (entity.location.country, entity.location.city)
            cities[place] = cities.get(place, 0) + 1
    # Search finds entities, positions, and the countries and cities entities are located in.
    documents = n + len(graph.positions) + len(by_country) + len(cities)
    table: dict[tuple[str, str], Fanout] = {}
    for type_name in ENTITY_TYPES:
        table[type_name, "children"] = Fanout(children, total=n, paged=True)
        table[type_name, "descendants"] = Fanout(max(n - 1, 0), paged=True)
        table[type_name, "ancestors"] = Fanout(max_depth)
        table[type_name, "relations"] = Fanout(relations)
        table[type_name, "members"] = Fanout(members)
    table.update(
        {
            ("Position", "supervises"): Fanout(
                max(map(len, supervised), default=0), total=sum(map(len, supervised))
            ),
            ("Position", "memberOf"): Fanout(
                max((len(graph.committees_of(p)) for p in graph.positions), default=0)
            ),
            ("Country", "entities"): Fanout(
                max(map(len, by_country), default=0), total=sum(map(len, by_country)), paged=True
            ),
            ("EntityPath", "up"): Fanout(max_depth),
            ("EntityPath", "down"): Fanout(max_depth),
            ("EntityPath", "entities"): Fanout(2 * max_depth + 1),
            ("EntityPath", "relations"): Fanout(relations),
            # An estimate, not a bound: runs alternate plain and highlighted text, and a 200-
            # character snippet rarely highlights more than three words. They are two leaves.
            ("Snippet", "fragments"): Fanout(SNIPPET_FRAGMENTS),
            ("Query", "entities"): Fanout(n, total=n, paged=True),
            ("Query", "offices"): Fanout(families[Family.OFFICE], total=n, paged=True),
            ("Query", "committees"): Fanout(families[Family.COMMITTEE], total=n),
            ("Query", "positions"): Fanout(len(graph.positions), total=len(graph.positions)),
            ("Query", "countries"): Fanout(len(by_country), total=len(by_country)),
            ("City", "entities"): Fanout(
                max(cities.values(), default=0), total=sum(cities.values()), paged=True
            ),
            ("Query", "search"): Fanout(documents, total=documents, paged=True),
        }
    )
    table["Position", "supervisions"] = table["Position", "supervises"]
    return MappingProxyType(table)


@lru_cache(maxsize=4)
def schema_bounds(schema: GraphQLSchema) -> Bounds:
    """Bounds of the introspection lists, taken from the schema itself."""
    types = list(schema.type_map.values())
    outputs = [len(t.fields) for t in types if is_object_type(t) or is_interface_type(t)]
    args = [
        len(f.args)
        for t in types
        if is_object_type(t) or is_interface_type(t)
        for f in t.fields.values()
    ] + [len(d.args) for d in schema.directives]
    enums = [len(t.values) for t in types if is_enum_type(t)]
    inputs = [len(t.fields) for t in types if is_input_object_type(t)]
    possible = [len(schema.get_possible_types(t)) for t in types if is_abstract_type(t)]
    interfaces = [len(t.interfaces) for t in types if is_object_type(t) or is_interface_type(t)]
    table = {
        ("__Schema", "types"): Fanout(len(types), total=len(types)),
        ("__Schema", "directives"): Fanout(len(schema.directives), total=len(schema.directives)),
        ("__Type", "fields"): Fanout(max(outputs, default=0), total=sum(outputs)),
        ("__Type", "inputFields"): Fanout(max(inputs, default=0), total=sum(inputs)),
        ("__Type", "enumValues"): Fanout(max(enums, default=0), total=sum(enums)),
        # Only abstract types list possible types (and a type its interfaces), and one object
        # type is a member of several: a bound on how many all types list, not distinct ones.
        ("__Type", "interfaces"): Fanout(
            max(interfaces, default=0), total=sum(interfaces), shared=True
        ),
        ("__Type", "possibleTypes"): Fanout(
            max(possible, default=0), total=sum(possible), shared=True
        ),
        ("__Field", "args"): Fanout(max(args, default=0), total=sum(args)),
        ("__Directive", "args"): Fanout(max(args, default=0), total=sum(args)),
    }
    return MappingProxyType(table)


@lru_cache(maxsize=4)
def wrapped_references(schema: GraphQLSchema) -> tuple[int, ...]:
    """How many type references (of fields, arguments, input fields) have at least k list or
    non-null wrappers, at index k-1: the most `ofType` objects that level can hold."""
    counts: list[int] = []
    for named in schema.type_map.values():
        for field in (getattr(named, "fields", None) or {}).values():
            args = getattr(field, "args", None) or {}
            for reference in (field.type, *(arg.type for arg in args.values())):
                depth = 0
                while hasattr(reference, "of_type"):
                    reference, depth = reference.of_type, depth + 1
                    if depth > len(counts):
                        counts.append(0)
                    counts[depth - 1] += 1
    return tuple(counts)
