"""Encoded responses of the current data version, least recently used dropped first.

The data only changes when a maintainer edits it, so a GraphQL result or a viewer page is
computed once per data version and then served as the bytes it encoded to:

    entry = cache.get(version, key)          # None: compute it, then
    cache.put(version, key, Cached(body, 200, "application/json", etag))

Every entry belongs to the version its request read. The cache holds one version at a time:
`retain(new)` (called when a reload swaps the graph) drops every other version's entries at
once, and an entry computed on an older snapshot while the swap happened is refused. So a hit is
never a result computed on other data. The cache is bounded by the bytes it holds (bodies, their
gzip variants and keys), not by a count: one full-tree result weighs as much as a thousand small
ones. Callers store only successful results: errors are never cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from web import metrics

Key = tuple[str | bytes | None, ...]
# Per entry: the dict slot, the tuple, the Cached object and the bytes objects' headers.
OVERHEAD = 400


@dataclass(slots=True)
class Cached:
    """An encoded response: what the first request computed, served to the next ones."""

    body: bytes
    status: int
    media_type: str
    etag: str
    gzip: bytes | None = None  # added by the first request that accepts gzip


@dataclass(frozen=True, slots=True)
class CacheStats:
    hits: int
    misses: int
    entries: int
    size: int
    max_bytes: int
    evictions: int


def entry_size(key: Key, entry: Cached) -> int:
    parts = sum(len(part) for part in key if part is not None)
    return OVERHEAD + parts + len(entry.body) + len(entry.gzip or b"")


class ResponseCache:
    """Thread-safe (viewer pages are rendered in the thread pool), bounded by `max_bytes`."""

    def __init__(self, max_bytes: int, version: str) -> None:
        self.max_bytes = max_bytes
        self._version = version
        self._entries: OrderedDict[Key, Cached] = OrderedDict()
        self._size = 0
        self._hits = self._misses = self._evictions = 0
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def get(self, version: str, key: Key) -> Cached | None:
        with self._lock:
            entry = self._entries.get(key) if version == self._version else None
            if entry is None:
                self._misses += 1
                metrics.CACHE_MISSES.inc()
                return None
            self._entries.move_to_end(key)
            self._hits += 1
        metrics.CACHE_HITS.inc()
        return entry

    def put(self, version: str, key: Key, entry: Cached) -> bool:
        """Keep `entry`; False when it is refused (an older version, or too large to fit)."""
        size = entry_size(key, entry)
        with self._lock:
            if version != self._version or size > self.max_bytes:
                return False
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._size -= entry_size(key, previous)
            self._entries[key] = entry
            self._size += size
            self._evict()
            metrics.CACHE_BYTES.set(self._size)
            return True

    def add_gzip(self, version: str, key: Key, entry: Cached, compressed: bytes) -> None:
        """Attach the gzip variant to a cached entry (and count its bytes)."""
        with self._lock:
            if entry.gzip is not None:
                return
            entry.gzip = compressed
            if version == self._version and self._entries.get(key) is entry:
                self._size += len(compressed)
                self._evict()
                metrics.CACHE_BYTES.set(self._size)

    def retain(self, version: str) -> None:
        """Make `version` the current one, dropping every entry of any other version."""
        with self._lock:
            if version != self._version:
                self._version = version
                self._entries.clear()
                self._size = 0
                metrics.CACHE_BYTES.set(0)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0
            metrics.CACHE_BYTES.set(0)

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(
                self._hits,
                self._misses,
                len(self._entries),
                self._size,
                self.max_bytes,
                self._evictions,
            )

    def _evict(self) -> None:
        while self._size > self.max_bytes and self._entries:
            key, old = self._entries.popitem(last=False)
            self._size -= entry_size(key, old)
            self._evictions += 1
            metrics.CACHE_EVICTIONS.inc()
