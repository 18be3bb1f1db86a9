"""The viewer's GraphQL operations: named `.graphql` documents, loaded once, run in-process.

Every page reads its data through one of these documents, executed against the same `schema`
object (and so the same extensions and limits) and the same `Context` snapshot as `/graphql`. The
viewer never touches the graph itself: each page is a working example of the public API.

    data = run(OPERATIONS["EntityPage"], {"slug": "headquarters"}, holder.current)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlencode

import orjson
from graphql import DocumentNode, OperationDefinitionNode, parse

from api.root import schema
from schema.context import Context

OPERATIONS_DIR = Path(__file__).resolve().parent / "operations"

Variables = Mapping[str, object]


class OperationFailed(RuntimeError):
    """One of the viewer's own operations returned errors: a bug here or in the API, never input."""


@dataclass(frozen=True, slots=True)
class Operation:
    """A named operation: its source text (what GraphiQL shows) and its parsed document."""

    name: str
    text: str
    document: DocumentNode

    def graphiql_url(self, variables: Variables | None = None, *, prefix: str = "") -> str:
        """A link to GraphiQL with this operation and `variables` filled in."""
        params = {"query": self.text, "operationName": self.name}
        if variables:
            params["variables"] = orjson.dumps(variables, option=orjson.OPT_INDENT_2).decode()
        return f"{prefix}/graphiql?{urlencode(params)}"


def load_operation(path: Path) -> Operation:
    """Parse one document; it must hold exactly one operation, named like the file."""
    text = path.read_text(encoding="utf-8")
    document = parse(text)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    names = [op.name.value if op.name else None for op in operations]
    if names != [path.stem]:
        raise ValueError(f"{path.name} must hold one operation named {path.stem}, not {names}")
    return Operation(name=path.stem, text=text, document=document)


def load_operations(directory: Path = OPERATIONS_DIR) -> Mapping[str, Operation]:
    found = (load_operation(path) for path in sorted(directory.glob("*.graphql")))
    return MappingProxyType({operation.name: operation for operation in found})


# Parsed at import: a broken document stops start-up instead of failing a request.
OPERATIONS = load_operations()


def run(operation: Operation, variables: Variables, context: Context) -> dict[str, Any]:
    """Execute `operation` like `/graphql` would; the schema's parser cache keeps it parsed."""
    result = schema.execute_sync(
        operation.text,
        variable_values=dict(variables),
        context_value=context,
        operation_name=operation.name,
    )
    if result.errors or result.data is None:
        messages = "; ".join(error.message for error in result.errors or [])
        raise OperationFailed(f"{operation.name} failed: {messages or 'no data'}")
    return result.data
