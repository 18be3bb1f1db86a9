"""Requests the server refuses before GraphQL sees them, as HTTP errors with a clear message.

Exception tree (one class, on purpose):

    HttpError    an HTTP-level problem (method, media type, size, JSON, parameters); the edge
                 answers it with `status` and a GraphQL-shaped body: {"errors": [{"message"}]}
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType


class HttpError(Exception):
    """The request is not a well-formed GraphQL-over-HTTP request; `message` says why."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str = "BAD_REQUEST",
        headers: Mapping[str, str] | None = None,
        extensions: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = MappingProxyType(dict(headers or {}))
        self.extensions = MappingProxyType(dict(extensions or {}))

    def body(self) -> dict[str, object]:
        return {
            "errors": [
                {"message": self.message, "extensions": {"code": self.code, **self.extensions}}
            ]
        }
