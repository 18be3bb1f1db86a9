"""A typed `strawberry.field` decorator whose description is required.

`@field(description=...)` is typed as returning `Any`, which strict mypy rejects as an
untyped decorator; this wrapper keeps each resolver's own signature visible to mypy and makes a
missing description a type error rather than a gap in the schema.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import strawberry

F = TypeVar("F", bound=Callable[..., Any])


def field(
    *, description: str, name: str | None = None, deprecation_reason: str | None = None
) -> Callable[[F], F]:
    decorator: Callable[[F], F] = strawberry.field(
        description=description, name=name, deprecation_reason=deprecation_reason
    )
    return decorator
