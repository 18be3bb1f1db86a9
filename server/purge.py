"""Telling shared caches that the data changed: surrogate keys on responses, bans after reloads.

Every cacheable response carries `Surrogate-Key: orggraph data-<version>` (the edge middleware
adds it). When this process starts serving a version (at start-up, and after each reload that
swapped in a new one), it sends every URL of ORGGRAPH_PURGE_URL

    BAN / HTTP/1.1
    X-Keep-Surrogate-Key: data-<version>

which deploy/orggraph.vcl turns into `ban obj.http.Surrogate-Key !~ data-<version>`: every
answer of another data version is gone at once, whichever replica computed it. "Everything but
mine" rather than "the old one": a replica that starts on a deploy does not know the previous
version, and a replica still on the old version re-caching an old answer is dropped again by
that replica's own ban when it reloads, so the cache settles on the new version once every
replica has moved.

Bans are sent by one background thread, in order, with a few retries (the cache may be starting
or restarting); a request never waits for them.
"""

from __future__ import annotations

import http.client
import logging
import queue
import threading
import time
from collections.abc import Sequence
from urllib.parse import urlsplit

logger = logging.getLogger("orggraph.purge")

ALL_KEY = "orggraph"
KEEP_HEADER = "X-Keep-Surrogate-Key"
TIMEOUT = 2.0
RETRY_DELAYS = (0.25, 0.5, 1.0, 2.0, 4.0)


def data_key(version: str) -> str:
    return f"data-{version}"


def surrogate_keys(version: str) -> str:
    """The `Surrogate-Key` value of a cacheable response computed on `version`."""
    return f"{ALL_KEY} {data_key(version)}"


class Purger:
    """Sends the bans; `urls` empty makes `announce` a no-op."""

    def __init__(self, urls: Sequence[str]) -> None:
        self.urls = tuple(urls)
        self._queue: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def announce(self, version: str) -> None:
        """Queue "drop every answer not of `version`" for every cache (returns at once)."""
        if not self.urls:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="purge", daemon=True)
                self._thread.start()
        self._queue.put(version)

    def _run(self) -> None:
        while True:
            version = self._queue.get()
            for url in self.urls:
                send_ban(url, version)


def send_ban(url: str, version: str, delays: Sequence[float] = RETRY_DELAYS) -> bool:
    """BAN every answer of a version other than `version` at the cache `url`; True once it
    answered 2xx. Logged either way."""
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    headers = {KEEP_HEADER: data_key(version), "Host": parts.netloc}
    problem = ""
    for delay in (0.0, *delays):
        time.sleep(delay)
        connection = connection_class(parts.hostname or "", parts.port, timeout=TIMEOUT)
        try:
            connection.request("BAN", parts.path or "/", headers=headers)
            response = connection.getresponse()
            response.read()
            if 200 <= response.status < 300:
                logger.info("cache %s: dropped every answer not of data version %s", url, version)
                return True
            problem = f"HTTP {response.status} {response.reason}"
            if response.status < 500:
                break  # refused (not allowed, bad request): retrying will not help
        except OSError as error:
            problem = str(error) or type(error).__name__
        finally:
            connection.close()
    logger.warning("cache %s: ban for data version %s failed: %s", url, version, problem)
    return False
