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

Introspection is costed the same way, with bounds taken from the schema itself. The bounds
themselves are measured in schema/guard/bounds.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
    is_list_type,
)
from graphql.language import ValueNode

from schema.guard.bounds import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Bounds,
    Fanout,
    schema_bounds,
    wrapped_references,
)

# Connections are recognised by name (EntityConnection, OfficeConnection, ...), so a new one
# is costed like the others without being listed here.
CONNECTION_SUFFIX = "Connection"
# Measured: one `search` call costs about as much as resolving 40 plain fields.
FIELD_WEIGHTS: Mapping[tuple[str, str], int] = MappingProxyType({("Query", "search"): 40})
# Single-object fields that map distinct parents to distinct objects.
INJECTIVE = frozenset(
    {
        ("SearchHit", "entity"),
        ("SearchHit", "subject"),
        ("Supervision", "entity"),
        ("__Field", "type"),  # each field and argument has its own type reference
        ("__InputValue", "type"),
    }
)
# A list the table does not know (a field added later) is assumed as long as a full page.
UNKNOWN_LIST = MAX_PAGE_SIZE


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
            if page is not None and parent_name.endswith(CONNECTION_SUFFIX):
                fanout = page
            elif key == ("Query", "nodes"):
                fanout = Fanout(self._list_length(node, "ids"))
            else:
                fanout = self._bound(key) or Fanout(UNKNOWN_LIST)
            each = min(fanout.each, self._page_size(node)) if fanout.paged else fanout.each
            below = count * each
            if distinct and fanout.total is not None:
                below = min(below, fanout.total)
            below_distinct = distinct and fanout.total is not None and not fanout.shared
        elif child.name.endswith(CONNECTION_SUFFIX):
            # One connection per parent; its `edges` and `nodes` are the list.
            fanout = self._bound(key) or Fanout(UNKNOWN_LIST, paged=True)
            inner_page = Fanout(min(fanout.each, self._page_size(node)), fanout.total)
            below, below_distinct = count, distinct
        elif key == ("__Type", "ofType"):
            # The k-th `ofType` in a chain is null for references with fewer wrappers: no cost.
            levels = wrapped_references(self.schema)
            level = self.wrapping + 1
            below = (
                0 if level > len(levels) else min(count, levels[level - 1]) if distinct else count
            )
            self.wrapping = level
            self.selections(node.selection_set, child, below, distinct, None)
            self.wrapping = level - 1
            return
        else:
            below, below_distinct = count, distinct and _injective(key)
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


def _injective(key: tuple[str, str]) -> bool:
    # An edge's node is the one item its cursor names: distinct edges, distinct nodes.
    return key in INJECTIVE or (key[0].endswith("Edge") and key[1] == "node")


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


# The arguments whose values the cost reads (`_page_size`, `_list_length`).
COSTED_ARGUMENTS = frozenset({"first", "last", "ids"})


def cost_variables(document: Any) -> tuple[str, ...]:
    """The variables the cost of any operation in `document` depends on (sorted): those passed
    to the arguments it reads. Other variables (a slug, a search text) leave it unchanged, so a
    caller may reuse a cost computed for the same values of these."""
    names: set[str] = set()
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, FieldNode):
            for argument in node.arguments or ():
                if argument.name.value in COSTED_ARGUMENTS:
                    names.update(_variables_in(argument.value))
        for key in node.keys:
            child = getattr(node, key, None)
            if isinstance(child, tuple | list):
                stack.extend(c for c in child if hasattr(c, "keys"))
            elif hasattr(child, "keys") and not isinstance(child, str):
                stack.append(child)
    return tuple(sorted(names))


def _variables_in(value: Any) -> set[str]:
    if isinstance(value, VariableNode):
        return {value.name.value}
    if isinstance(value, ListValueNode):
        return set().union(*(_variables_in(v) for v in value.values))
    return set()
