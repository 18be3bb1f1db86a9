"""The differential check: the compiled path and graphql-core's normal execution agree."""

from __future__ import annotations

import dataclasses
from typing import Any

from api.root import schema
from schema.compiled.execute import execute_compiled
from schema.context import Context


def outcome(result: Any) -> tuple[Any, list[dict[str, Any]]]:
    """Data and errors as a client sees them: message, locations, path, extensions, in order."""
    return result.data, [error.formatted for error in result.errors or ()]


def assert_same(
    context: Context,
    query: str,
    variables: dict[str, Any] | None = None,
    operation_name: str | None = None,
) -> bool:
    """Both paths give the same outcome; returns whether the compiled path answered.

    The time budget is lifted (tests/compiled/test_paths.py checks it): on a busy machine the
    slower normal path could run out of it where the compiled path does not."""
    context = dataclasses.replace(
        context, limits=dataclasses.replace(context.limits, time_budget_ms=120_000)
    )
    compiled = execute_compiled(schema, query, variables, context, operation_name)
    normal = schema.execute_normally(query, variables, context, operation_name=operation_name)
    served = schema.execute_sync(query, variables, context, operation_name=operation_name)
    assert outcome(served) == outcome(normal)
    if compiled is not None:
        assert outcome(compiled) == outcome(normal)
    return compiled is not None
