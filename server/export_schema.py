"""Print the public schema as SDL: `python -m server.export_schema > schema.graphql`.

The file is what a client printing the schema from introspection gets (graphql-core's
`print_schema(build_client_schema(introspection))`, the same as graphql-js prints), so a
pipeline that fetches the schema over HTTP and diffs it against the repository sees no change.
Strawberry's own printer orders types differently.
"""

from __future__ import annotations

import sys
from typing import Any

from graphql import build_client_schema, get_introspection_query, print_schema

from api.root import schema

# Everything introspection can tell: descriptions, the schema's own, @specifiedBy URLs,
# repeatable directives, deprecated arguments and input fields.
INTROSPECTION_QUERY = get_introspection_query(
    descriptions=True,
    specified_by_url=True,
    directive_is_repeatable=True,
    schema_description=True,
    input_value_deprecation=True,
)


def sdl_from_introspection(introspection: dict[str, Any]) -> str:
    """The SDL a client prints from an introspection result (with a final newline)."""
    return print_schema(build_client_schema(introspection)) + "\n"  # type: ignore[arg-type]


def sdl() -> str:
    """The schema exactly as `schema.graphql` should hold it."""
    result = schema.execute_sync(INTROSPECTION_QUERY)
    if result.errors or result.data is None:
        raise RuntimeError(f"introspection failed: {result.errors}")
    return sdl_from_introspection(result.data)


def main() -> None:
    sys.stdout.write(sdl())


if __name__ == "__main__":
    main()
