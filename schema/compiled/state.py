"""The state of one compiled execution, and the `info` its resolvers receive."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from graphql import GraphQLError
from graphql.execution.values import VariableValues

from schema.guard.limits import budget_deadline

# A path is built as linked tuples (parent, key) and turned into a list only for an error.
Path = tuple[Any, str | int] | None
# How a value of one type completes: (value, run, path) -> its part of the result.
Complete = Callable[[Any, "Run", Path], Any]


def path_list(path: Path) -> list[str | int]:
    keys: list[str | int] = []
    while path is not None:
        path, key = path
        keys.append(key)
    keys.reverse()
    return keys


class _TypePath:
    """What Strawberry's `Info.path` is read for by resolvers here: the parent type's name."""

    __slots__ = ("typename",)

    def __init__(self, typename: str) -> None:
        self.typename = typename


class StubInfo:
    """The `info` a compiled plan hands to resolvers: the request's context, the variables, the
    schema and the parent type's name (`path.typename`, as Relay's `Node.id` reads it)."""

    __slots__ = ("context", "path", "schema", "variable_values")

    def __init__(self, context: Any, typename: str, schema: Any, variables: Mapping[str, Any]):
        self.context = context
        self.path = _TypePath(typename)
        self.schema = schema
        self.variable_values = variables


class Run:
    """The state of one execution: context, variables, collected errors and the time budget."""

    __slots__ = ("budget_ms", "context", "deadline", "errors", "infos", "schema", "variables")

    def __init__(
        self, context: Any, variables: VariableValues, schema: Any, budget_ms: int
    ) -> None:
        self.context = context
        self.variables = variables
        self.schema = schema
        self.errors: list[GraphQLError] = []
        self.infos: dict[str, StubInfo] = {}
        self.budget_ms = budget_ms
        # From before parsing when the server started the budget there (schema/guard/limits.py).
        self.deadline = budget_deadline(budget_ms)

    def info(self, typename: str) -> StubInfo:
        info = self.infos.get(typename)
        if info is None:
            info = StubInfo(self.context, typename, self.schema, self.variables.coerced)
            self.infos[typename] = info
        return info
