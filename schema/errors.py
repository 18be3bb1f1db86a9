"""Errors a client caused and may read; anything else is a bug, logged and masked at the edge.

Exception tree (one class, on purpose):

    InputError      bad input: an over-large page, a malformed cursor or ID; the message says
                    what was wrong and what is accepted

Every error a client sees carries `extensions.code`, set where the error arises, never guessed
from its message afterwards (Apollo Server's codes where one fits):

    GRAPHQL_PARSE_FAILED         graphql-core's parser: the document is not GraphQL
    GRAPHQL_VALIDATION_FAILED    graphql-core's validation rules (unknown field, unused variable,
                                 wrong argument type written in the document, ...)
    BAD_USER_INPUT               graphql-core's variable coercion (a variable's value does not
                                 fit its type), or an `InputError` from a resolver
    OPERATION_RESOLUTION_FAILURE graphql-core could not pick the operation to run
    LIMIT_EXCEEDED               one of our query limits (schema/guard/limits.py)
    INTERNAL_SERVER_ERROR        a bug (masked by the HTTP edge)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from graphql import GraphQLError, VariableDefinitionNode

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class InputError(Exception):
    """A request argument the API cannot use; its message is shown to the client verbatim.

    graphql-core copies `extensions` from the original error onto the located one it reports.
    """

    extensions: ClassVar[dict[str, str]] = {"code": BAD_USER_INPUT}


def is_client_error(error: GraphQLError) -> bool:
    """True for errors about the request (syntax, validation, coercion, `InputError`)."""
    original = error.original_error
    return original is None or isinstance(original, (InputError, GraphQLError))


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    """The same error with `extensions.code` set (kept when the error already has one)."""
    if (error.extensions or {}).get("code"):
        return error
    return GraphQLError(
        error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions={"code": code, **(error.extensions or {})},
    )


def validation_errors(errors: Iterable[GraphQLError]) -> tuple[GraphQLError, ...]:
    """graphql-core's validation errors, each marked as such."""
    return tuple(with_code(error, VALIDATION_FAILED) for error in errors)


def execution_request_errors(errors: Iterable[GraphQLError]) -> list[GraphQLError]:
    """Errors graphql-core reports before running any field: a variable whose value does not
    coerce (its error points at the variable's definition), or no operation to run."""
    return [
        with_code(
            error,
            BAD_USER_INPUT
            if any(isinstance(node, VariableDefinitionNode) for node in error.nodes or ())
            else OPERATION_RESOLUTION_FAILURE,
        )
        for error in errors
    ]
