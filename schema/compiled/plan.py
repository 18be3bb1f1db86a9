"""Compile one validated operation into a tree of closures that produces the result directly.

graphql-core spends most of a small query's time in its per-field machinery: a resolve-info
object, the argument dictionary, Strawberry's resolver wrapper (an `Info`, argument conversion,
the extension chain) and `complete_value`'s type dispatch. A document that the server sees
again and again asks the same fields of the same types every time, so all of that can be decided
once: which fields each runtime type contributes (fragments, `@skip`/`@include`), how each is
read (the Strawberry resolver's own function, or a plain attribute), how each value completes
(non-null, list, leaf, interface, object). What remains per request is a walk of the graph.

The plan is driven only by the GraphQL schema, the Strawberry field definitions behind it and
the document: nothing here names a field of this API, so schema changes need no change here.
Semantics follow graphql-core's executor (sync, depth-first, errors located at the field, null
propagated to the nearest nullable parent, later siblings of a failed non-null field not run),
and tests/compiled/ checks it differentially against graphql-core on every kind of document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from time import monotonic
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_nullable_type,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
    located_error,
)
from graphql.execution.values import VariableValues, get_argument_values
from graphql.pyutils import is_iterable
from strawberry.types.arguments import convert_arguments

from schema.compiled.leaves import EXACT, leaf_completion, uses_variables
from schema.compiled.state import Complete, Path, Run, path_list
from schema.guard.limits import TimeBudgetExceeded


class Unsupported(Exception):
    """The document uses something the compiled path does not cover: run it normally."""


# A path is built as linked tuples (parent, key) and turned into a list only for an error.
Fields = dict[str, list[FieldNode]]
Getter = Callable[[Any, "Run", FieldNode], Any]


class Compiler:
    """Builds the closures for one operation under one assignment of its directive variables."""

    def __init__(
        self,
        strawberry_schema: Any,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.strawberry = strawberry_schema
        self.schema: GraphQLSchema = strawberry_schema._schema
        self.fragments = fragments
        self.variables = variables  # coerced; only directives and constant arguments read them
        self.converter = strawberry_schema.schema_converter
        self.config = strawberry_schema.config

    # -- selections ----------------------------------------------------------------------------

    def collect(self, runtime: GraphQLObjectType, sets: Iterable[SelectionSetNode]) -> Fields:
        """Fields by response key, in document order, as graphql-core's `collect_fields`."""
        fields: Fields = {}
        visited: set[str] = set()
        for selection_set in sets:
            self._collect(runtime, selection_set, fields, visited)
        return fields

    def _collect(
        self, runtime: GraphQLObjectType, sset: SelectionSetNode, fields: Fields, visited: set[str]
    ) -> None:
        for selection in sset.selections:
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                fields.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or self._matches(runtime, condition.name.value):
                    self._collect(runtime, selection.selection_set, fields, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in visited:
                    continue
                visited.add(name)
                fragment = self.fragments[name]
                if self._matches(runtime, fragment.type_condition.name.value):
                    self._collect(runtime, fragment.selection_set, fields, visited)

    def _matches(self, runtime: GraphQLObjectType, condition: str) -> bool:
        conditional = self.schema.get_type(condition)
        if conditional is runtime:
            return True
        if is_abstract_type(conditional):
            return self.schema.is_sub_type(conditional, runtime)
        return False

    def _included(self, node: Any) -> bool:
        for directive in node.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                raise Unsupported(f"directive @{name}")
            (argument,) = directive.arguments
            value = argument.value
            kind = value.kind
            if kind == "variable":
                flag = self.variables.get(value.name.value)
            elif kind == "boolean_value":
                flag = value.value
            else:
                raise Unsupported("a directive argument that is neither a variable nor a boolean")
            if not isinstance(flag, bool):
                raise Unsupported("a directive without a boolean value")
            if flag is (name == "skip"):
                return False
        return True

    # -- objects -------------------------------------------------------------------------------

    def object(self, runtime: GraphQLObjectType, sets: Iterable[SelectionSetNode]) -> Complete:
        """The completion of an object of this type: each of its selected fields, in order."""
        steps: list[tuple[Any, ...]] = []
        for key, nodes in self.collect(runtime, sets).items():
            name = nodes[0].name.value
            if name == "__typename":
                steps.append((key, True, runtime.name, None, nodes, False, None, True))
                continue
            if name.startswith("__"):
                raise Unsupported(f"introspection field {name}")
            field = runtime.fields[name]
            simple, read = self.getter(runtime, name, field, nodes[0])
            complete = self.complete(field.type, nodes, f"{runtime.name}.{name}")
            named = get_nullable_type(field.type)
            leaf = is_leaf_type(named)
            exact = EXACT.get(named) if leaf else None
            non_null = is_non_null_type(field.type)
            steps.append((key, simple, read, complete, nodes, non_null, exact, leaf))
        frozen = tuple(steps)

        def complete_object(source: Any, run: Run, path: Path) -> dict[str, Any]:
            # One loop per object; a scalar field of the right Python type costs one call (its
            # resolver); leaves get no path of their own (only an error needs one).
            if monotonic() > run.deadline:
                raise TimeBudgetExceeded(run.budget_ms)
            result: dict[str, Any] = {}
            for key, simple, read, complete, nodes, non_null, exact, leaf in frozen:
                if complete is None:
                    result[key] = read  # __typename
                    continue
                try:
                    value = read(source) if simple else read(source, run, nodes[0])
                    if value.__class__ is exact:
                        result[key] = value
                    else:
                        result[key] = complete(value, run, path if leaf else (path, key))
                except TimeBudgetExceeded:
                    raise
                except Exception as raw:
                    error = located_error(raw, nodes, path_list((path, key)))
                    if non_null:
                        raise error from None
                    run.errors.append(error)
                    result[key] = None
            return result

        return complete_object

    def getter(
        self, parent: GraphQLObjectType, name: str, field: GraphQLField, node: FieldNode
    ) -> tuple[bool, Any]:
        """How a field's value is read: its Strawberry resolver, called directly, or the
        attribute Strawberry's default resolver would read. (True, f): `f(source)`; (False, g):
        `g(source, run, node)` (arguments, `info`, `root`)."""
        definition = parent.extensions.get("strawberry-definition")
        if definition is None:
            raise Unsupported(f"{parent.name} is not a Strawberry type")
        name_of = self.config.name_converter.get_graphql_name
        matching = [f for f in definition.fields if name_of(f) == name]
        if len(matching) != 1:
            raise Unsupported(f"{parent.name}.{name} has no single Strawberry field")
        strawberry_field = matching[0]
        if strawberry_field.extensions or getattr(strawberry_field, "permission_classes", None):
            raise Unsupported(f"{parent.name}.{name} has field extensions")
        resolver = strawberry_field.base_resolver
        has_args = bool(field.args or node.arguments)
        if resolver is None:
            if has_args:
                raise Unsupported(f"{parent.name}.{name}: arguments without a resolver")
            return True, attrgetter(strawberry_field.python_name)
        if resolver.is_async:
            raise Unsupported(f"{parent.name}.{name} is async")
        func = resolver.wrapped_func
        plain = resolver.self_parameter is not None and not has_args
        if plain and resolver.info_parameter is None and resolver.root_parameter is None:
            if resolver.parent_parameter is None:
                return True, func
        return False, self._resolver_call(parent, field, strawberry_field, resolver, node, has_args)

    def _resolver_call(
        self,
        parent: GraphQLObjectType,
        field: GraphQLField,
        strawberry_field: Any,
        resolver: Any,
        node: FieldNode,
        has_args: bool,
    ) -> Getter:
        func = resolver.wrapped_func
        with_self = resolver.self_parameter is not None
        source_names = [
            p.name for p in (resolver.root_parameter, resolver.parent_parameter) if p is not None
        ]
        info_name = resolver.info_parameter.name if resolver.info_parameter else None
        typename = parent.name
        arguments = self._arguments(field, strawberry_field, node) if has_args else None

        if arguments is None and not source_names:
            if with_self and info_name is not None:
                named = info_name
                return lambda source, run, node: func(source, **{named: run.info(typename)})
            if info_name is not None:
                named = info_name
                return lambda source, run, node: func(**{named: run.info(typename)})

        def call(source: Any, run: Run, node: FieldNode) -> Any:
            kwargs = {} if arguments is None else arguments(run, node)
            for source_name in source_names:
                kwargs[source_name] = source
            if info_name is not None:
                kwargs[info_name] = run.info(typename)
            return func(source, **kwargs) if with_self else func(**kwargs)

        return call

    def _arguments(
        self, field: GraphQLField, strawberry_field: Any, node: FieldNode
    ) -> Callable[[Run, FieldNode], dict[str, Any]]:
        """The resolver's keyword arguments; computed once when they use no variable."""
        registry = self.converter.scalar_registry
        config = self.config
        arguments = strawberry_field.arguments

        def compute(run_variables: VariableValues | None, node: FieldNode) -> dict[str, Any]:
            values = get_argument_values(field, node, run_variables)
            return convert_arguments(values, arguments, scalar_registry=registry, config=config)

        if not uses_variables(node):
            try:
                constant = compute(None, node)
            except Exception:  # raised again, located, when the field runs
                constant = None
            if constant is not None:
                return lambda run, node: dict(constant)
        return lambda run, node: compute(run.variables, node)

    # -- values --------------------------------------------------------------------------------

    def complete(self, type_: GraphQLOutputType, nodes: list[FieldNode], where: str) -> Complete:
        """The completion of a value of `type_`, as graphql-core's `complete_value`."""
        if is_non_null_type(type_):
            assert isinstance(type_, GraphQLNonNull)
            inner_type = type_.of_type
            if is_leaf_type(inner_type):
                return leaf_completion(
                    inner_type, f"Cannot return null for non-nullable field {where}."
                )
            inner = self.complete(inner_type, nodes, where)
            message = f"Cannot return null for non-nullable field {where}."

            def non_null(value: Any, run: Run, path: Path) -> Any:
                completed = inner(value, run, path)
                if completed is None:
                    raise TypeError(message)
                return completed

            return non_null
        if is_list_type(type_):
            assert isinstance(type_, GraphQLList)
            return self._list(type_.of_type, nodes, where)
        if is_leaf_type(type_):
            return leaf_completion(type_, None)
        sets = [n.selection_set for n in nodes if n.selection_set is not None]
        if is_abstract_type(type_):
            return self._abstract(type_, sets, nodes)
        assert is_object_type(type_)
        complete_object = self.object(type_, sets)

        def nullable_object(value: Any, run: Run, path: Path) -> Any:
            if value is None:
                return None
            if isinstance(value, Exception):
                raise value
            return complete_object(value, run, path)

        return nullable_object

    def _list(self, item_type: Any, nodes: list[FieldNode], where: str) -> Complete:
        item = self.complete(item_type, nodes, where)
        item_non_null = is_non_null_type(item_type)
        message = f"Expected Iterable, but did not find one for field '{where}'."

        def complete_list(value: Any, run: Run, path: Path) -> Any:
            if value is None:
                return None
            if isinstance(value, Exception):
                raise value
            if not is_iterable(value):
                raise GraphQLError(message)
            completed: list[Any] = []
            append = completed.append
            for index, element in enumerate(value):
                item_path = (path, index)
                try:
                    append(item(element, run, item_path))
                except TimeBudgetExceeded:
                    raise
                except Exception as raw:
                    error = located_error(raw, nodes, path_list(item_path))
                    if item_non_null:
                        raise error from None
                    run.errors.append(error)
                    append(None)
            return completed

        return complete_list

    def _abstract(
        self, type_: GraphQLAbstractType, sets: list[SelectionSetNode], nodes: list[FieldNode]
    ) -> Complete:
        """Interfaces: the runtime type from the value's Strawberry class, compiled on first
        sight (a document asks a few types; the plan keeps one completion per type)."""
        by_class: dict[type, Complete] = {}
        schema = self.schema

        def runtime_of(value: Any) -> Complete:
            definition = getattr(type(value), "__strawberry_definition__", None)
            name = None if definition is None else definition.name
            runtime = None if name is None else schema.get_type(name)
            if not isinstance(runtime, GraphQLObjectType) or not schema.is_sub_type(type_, runtime):
                raise GraphQLError(
                    f"Runtime Object type '{name}' is not a possible type for '{type_}'.", nodes
                )
            complete_object = self.object(runtime, sets)
            by_class[type(value)] = complete_object
            return complete_object

        def complete_abstract(value: Any, run: Run, path: Path) -> Any:
            if value is None:
                return None
            if isinstance(value, Exception):
                raise value
            complete_object = by_class.get(type(value)) or runtime_of(value)
            return complete_object(value, run, path)

        return complete_abstract
