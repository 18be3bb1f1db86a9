"""Automatic persisted queries, Apollo's protocol: a client may send a document's SHA-256
instead of the document, so a query fits in a short GET URL that a CDN can cache.

    {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<64 hex digits>"}}}

- hash alone, known here: the stored document runs;
- hash alone, unknown: `PersistedQueryNotFound` (code `PERSISTED_QUERY_NOT_FOUND`, HTTP 200 and
  `no-store`, as Apollo Server answers); the client retries with the document;
- hash and document: the document's SHA-256 must be the hash (else 400), and once it has
  passed validation it is stored for the next requests.

The store is per worker and bounded by count and bytes (least recently used dropped first); each
document came in a request body or URL, so it is within `maxBodyBytes`, and it is parsed and
checked against every query limit whenever it runs, like any other document.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import replace

from server.errors import HttpError
from server.params import Params
from web import metrics

VERSION = 1
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
# Apollo clients recognize these by code; 200 because they are not failures of the request.
_NOT_FOUND = ("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
_NOT_SUPPORTED = ("PersistedQueryNotSupported", "PERSISTED_QUERY_NOT_SUPPORTED")


def requested_hash(params: Params) -> str | None:
    """The SHA-256 (lowercase hex) a request names in `extensions.persistedQuery`, if any."""
    persisted = (params.extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict):
        raise HttpError(400, "`extensions.persistedQuery` must be an object.")
    if persisted.get("version") != VERSION:
        raise HttpError(
            400,
            f"Unsupported persisted query version: send `persistedQuery.version` {VERSION}.",
        )
    sha = persisted.get("sha256Hash")
    if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
        raise HttpError(400, "`persistedQuery.sha256Hash` must be 64 hexadecimal digits.")
    return sha.lower()


def query_hash(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


class PersistedQueries:
    """Documents by SHA-256; `max_queries` 0 turns the protocol off."""

    def __init__(self, max_queries: int, max_bytes: int) -> None:
        self.max_queries = max_queries
        self.max_bytes = max_bytes
        self._queries: OrderedDict[str, str] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._queries)

    def resolve(self, params: Params, sha: str) -> Params:
        """`params` with the document the hash names; raises the protocol's errors."""
        if self.max_queries == 0:
            raise _protocol_error(*_NOT_SUPPORTED)
        if params.query:
            if query_hash(params.query) != sha:
                raise HttpError(
                    400,
                    "provided sha does not match query: `persistedQuery.sha256Hash` must be the "
                    "SHA-256 of `query` (UTF-8, hex).",
                )
            return params
        with self._lock:
            query = self._queries.get(sha)
            if query is not None:
                self._queries.move_to_end(sha)
        if query is None:
            metrics.PERSISTED_MISSES.inc()
            raise _protocol_error(*_NOT_FOUND)
        metrics.PERSISTED_HITS.inc()
        return replace(params, query=query)

    def register(self, sha: str, query: str) -> None:
        """Keep `query` under `sha` (the caller checked the hash and that it validated)."""
        size = len(query.encode("utf-8"))
        if self.max_queries == 0 or size > self.max_bytes:
            return
        with self._lock:
            if sha in self._queries:
                self._queries.move_to_end(sha)
                return
            self._queries[sha] = query
            self._size += size
            while len(self._queries) > self.max_queries or self._size > self.max_bytes:
                _, old = self._queries.popitem(last=False)
                self._size -= len(old.encode("utf-8"))


def _protocol_error(message: str, code: str) -> HttpError:
    return HttpError(200, message, code=code, headers={"Cache-Control": "no-store"})
