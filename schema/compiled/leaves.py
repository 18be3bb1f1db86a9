"""Leaf values (scalars, enums) completed as graphql-core completes them, and a helper."""

from __future__ import annotations

import math
from typing import Any

from graphql import GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLString, Undefined
from graphql.pyutils import inspect

from schema.compiled.state import Complete, Path, Run

# Built-in scalars whose values of exactly this Python class are their own output.
EXACT: dict[Any, type] = {GraphQLString: str, GraphQLID: str, GraphQLBoolean: bool}


def leaf_completion(type_: Any, null_message: str | None) -> Complete:
    """A scalar or enum, coerced as graphql-core coerces it; the built-in scalars' common case
    (a value of exactly the right Python type) is returned as it is."""
    coerce = type_.coerce_output_value
    exact: type | None = None
    if type_ is GraphQLString or type_ is GraphQLID:
        exact = str
    elif type_ is GraphQLBoolean:
        exact = bool
    int_range = type_ is GraphQLInt
    is_float = type_ is GraphQLFloat

    def complete_leaf(value: Any, run: Run, path: Path) -> Any:
        cls = value.__class__
        if cls is exact:
            return value
        if int_range and cls is int and -2147483648 <= value <= 2147483647:
            return value
        if is_float and cls is float and math.isfinite(value):
            return value
        if value is None or value is Undefined:
            if null_message is not None:
                raise TypeError(null_message)
            return None
        if isinstance(value, Exception):
            raise value
        coerced = coerce(value)
        if coerced is Undefined or coerced is None:
            raise TypeError(
                f"Expected `{inspect(type_)}.coerce_output_value({inspect(value)})` to return "
                f"non-nullable value, returned: {inspect(coerced)}"
            )
        return coerced

    return complete_leaf


def uses_variables(node: Any) -> bool:
    """Whether any argument of the field refers to a variable, at any nesting."""
    stack = [argument.value for argument in node.arguments or ()]
    while stack:
        value = stack.pop()
        kind = value.kind
        if kind == "variable":
            return True
        if kind == "list_value":
            stack.extend(value.values)
        elif kind == "object_value":
            stack.extend(f.value for f in value.fields)
    return False
