"""Errors a client caused and may read; anything else is a bug, logged and masked at the edge.

Exception tree (one class, on purpose):

    InputError      bad input: an over-large page, a malformed cursor or ID; the message says
                    what was wrong and what is accepted
"""

from __future__ import annotations

from graphql import GraphQLError


class InputError(Exception):
    """A request argument the API cannot use; its message is shown to the client verbatim."""


def is_client_error(error: GraphQLError) -> bool:
    """True for errors about the request (syntax, validation, coercion, `InputError`)."""
    original = error.original_error
    return original is None or isinstance(original, (InputError, GraphQLError))
