"""Query cost: an upper bound on the fields a query resolves, computed before it runs.

Every field costs one resolution per object it is resolved on (`search` costs more: it scans
the index). A list multiplies the objects below it by an upper bound on its length, taken from
the data the request reads: a connection by its page size (`first`/`last`, default 20) capped
by the longest such list in the graph, `ancestors` by the graph's depth, `relations` by the most
relations any entity has, `nodes(ids:)` by the number of IDs.

Some lists partition their parents' objects: two entities never share a child, a country or a
supervisor. Under distinct parents their items are distinct too, so their count is also capped
by how many such objects exist: three levels of `children` below one entity reach each entity
at most once, not (most children)^3 times. That keeps the viewer's org chart cheap while a
`parent { children { parent { children ... } } }` cycle still multiplies out.

Introspection is costed the same way, with bounds taken from the schema itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_abstract_type,
    is_enum_type,
    is_input_object_type,
    is_interface_type,
    is_list_type,
    is_object_type,
)
from graphql.language import ValueNode

from graph.indexes import OrgGraph
from graph.model import Family

DEFAULT_PAGE_SIZE = 20  # as schema/connections.py; a larger `first` is an error, never work
MAX_PAGE_SIZE = 100
CONNECTION_TYPES = frozenset({"EntityConnection"})
ENTITY_TYPES = ("Entity", "Unit", "Office", "Committee")
# Measured: one `search` call costs about as much as resolving 40 plain fields.
FIELD_WEIGHTS: Mapping[tuple[str, str], int] = MappingProxyType({("Query", "search"): 40})
# Single-object fields that map distinct parents to distinct objects.
INJECTIVE = frozenset(
    {
        ("EntityEdge", "node"),
        ("SearchHit", "entity"),
        ("Supervision", "entity"),
        ("__Field", "type"),  # each field and argument has its own type reference
        ("__InputValue", "type"),
    }
)
SNIPPET_FRAGMENTS = 7
# A list the table does not know (a field added later) is assumed as long as a full page.
UNKNOWN_LIST = MAX_PAGE_SIZE


@dataclass(frozen=True, slots=True)
class Fanout:
    """How long one list field can be: `each` items per parent object at most. When `total`
    is set the list partitions its parents' items, and distinct parents have at most `total`
    items between them. `paged` lists are connections: `first`/`last` cap them further."""

    each: int
    total: int | None = None
    paged: bool = False


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
            ("Query", "search"): Fanout(n, total=n, paged=True),
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
        ("__Type", "interfaces"): Fanout(max(interfaces, default=0)),
        ("__Type", "possibleTypes"): Fanout(max(possible, default=0)),
        ("__Field", "args"): Fanout(max(args, default=0), total=sum(args)),
        ("__Directive", "args"): Fanout(max(args, default=0), total=sum(args)),
    }
    return MappingProxyType(table)


@lru_cache(maxsize=4)
def _wrapped_references(schema: GraphQLSchema) -> tuple[int, ...]:
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


class _OverBudget(Exception):
    """The running total passed the limit: stop walking (the walk could be exponential)."""


@dataclass(slots=True)
class _Walk:
    schema: GraphQLSchema
    bounds: Bounds
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    limit: int
    total: int = 0
    wrapping: int = 0  # how many `ofType` fields in a row enclose the current one

    def add(self, amount: int) -> None:
        self.total += amount
        if self.total > self.limit:
            raise _OverBudget

    def selections(
        self,
        selection_set: SelectionSetNode,
        parent: Any,
        count: int,
        distinct: bool,
        page: Fanout | None,
        spreading: frozenset[str] = frozenset(),
    ) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self.field(selection, parent, count, distinct, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                self.selections(selection.selection_set, target or parent, count, distinct, page)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in spreading:  # unknown or cyclic: validation says so
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value) or parent
                self.selections(
                    fragment.selection_set, target, count, distinct, page, spreading | {name}
                )

    def field(
        self, node: FieldNode, parent: Any, count: int, distinct: bool, page: Fanout | None
    ) -> None:
        name = node.name.value
        parent_name = getattr(parent, "name", "")
        self.add(count * FIELD_WEIGHTS.get((parent_name, name), 1))
        if node.selection_set is None or count == 0:
            return
        definition = _field_definition(self.schema, parent, name)
        if definition is None:
            return
        child = get_named_type(definition.type)
        key = (parent_name, name)
        inner_page = None
        if is_list_type(get_nullable_type(definition.type)):
            if page is not None and parent_name in CONNECTION_TYPES:
                fanout = page
            elif key == ("Query", "nodes"):
                fanout = Fanout(self._list_length(node, "ids"))
            else:
                fanout = self._bound(key) or Fanout(UNKNOWN_LIST)
            each = min(fanout.each, self._page_size(node)) if fanout.paged else fanout.each
            below, below_distinct = count * each, distinct and fanout.total is not None
            if below_distinct and fanout.total is not None:
                below = min(below, fanout.total)
        elif child.name in CONNECTION_TYPES:
            # One connection per parent; its `edges` and `nodes` are the list.
            fanout = self._bound(key) or Fanout(UNKNOWN_LIST, paged=True)
            inner_page = Fanout(min(fanout.each, self._page_size(node)), fanout.total)
            below, below_distinct = count, distinct
        elif key == ("__Type", "ofType"):
            # The k-th `ofType` in a chain is null for references with fewer wrappers: no cost.
            levels = _wrapped_references(self.schema)
            level = self.wrapping + 1
            below = (
                0 if level > len(levels) else min(count, levels[level - 1]) if distinct else count
            )
            self.wrapping = level
            self.selections(node.selection_set, child, below, distinct, None)
            self.wrapping = level - 1
            return
        else:
            below, below_distinct = count, distinct and key in INJECTIVE
        # A single object is a distinct set of one (e.g. under a root field).
        wrapping, self.wrapping = self.wrapping, 0
        self.selections(node.selection_set, child, below, below_distinct or below <= 1, inner_page)
        self.wrapping = wrapping

    def _bound(self, key: tuple[str, str]) -> Fanout | None:
        return self.bounds.get(key) or schema_bounds(self.schema).get(key)

    def _page_size(self, node: FieldNode) -> int:
        first = self._int_argument(node, "first")
        last = self._int_argument(node, "last")
        sizes = [size for size in (first, last) if size is not None]
        if not sizes:
            return DEFAULT_PAGE_SIZE
        return max(0, min(min(sizes), MAX_PAGE_SIZE))

    def _argument(self, node: FieldNode, name: str) -> Any:
        for argument in node.arguments or ():
            if argument.name.value == name:
                return self._value(argument.value)
        return None

    def _value(self, value: ValueNode) -> Any:
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, ListValueNode):
            return list(value.values)
        return None

    def _int_argument(self, node: FieldNode, name: str) -> int | None:
        value = self._argument(node, name)
        # A non-integer fails coercion later; cost it as the largest page meanwhile.
        if value is None:
            return None
        return value if isinstance(value, int) and not isinstance(value, bool) else MAX_PAGE_SIZE

    def _list_length(self, node: FieldNode, name: str) -> int:
        value = self._argument(node, name)
        return len(value) if isinstance(value, list) else 1


def _field_definition(schema: GraphQLSchema, parent: Any, name: str) -> Any:
    if name == "__schema" and parent is schema.query_type:
        return SchemaMetaFieldDef
    if name == "__type" and parent is schema.query_type:
        return TypeMetaFieldDef
    fields = getattr(parent, "fields", None)
    return None if fields is None else fields.get(name)


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    bounds: Bounds,
    limit: int,
) -> int | None:
    """The operation's cost, or None as soon as it is known to exceed `limit`."""
    root = schema.query_type
    if root is None:
        return 0
    walk = _Walk(schema, bounds, fragments, variables, limit)
    try:
        walk.selections(operation.selection_set, root, 1, True, None)
    except _OverBudget:
        return None
    return walk.total
