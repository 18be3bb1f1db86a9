"""Where cache misses run: a few threads beside the event loop, with a bounded queue.

Parsing, validating and executing a query, or rendering a viewer page, costs milliseconds to
~150 ms of CPU (the worst query the limits admit). On the event loop that time is taken from
every other request: `/healthz`, cache hits, new connections. Here it runs in one of
`threads` threads; at most `queue` more jobs may wait for one. A job beyond that is refused at
once with a 503 and `Retry-After` (`Overloaded`), rather than waiting in a queue that grows
with the load: an overloaded server answers "later" quickly, and what it admitted still meets
its time budget.

The threads share the GIL with the event loop, so two things keep the loop's share: a 1 ms
switch interval (`sys.setswitchinterval`, set by `WorkPool.start`; CPython's default 5 ms
is paid on every loop iteration a request takes) and a lower scheduling priority for the pool
threads (Linux per-thread nice 10), so the kernel prefers the loop thread on a busy machine.
With 8 clients sending the worst admitted query, `/healthz` p99 went from ~1 s (misses on the
loop) to ~50-65 ms on the shared 2-core machine (docs/security.md has the runs).

The operation's time budget (`schema.guard.limits`, `timeBudgetMs`) starts when its job
starts, so it covers parsing, validation and execution; time spent waiting in the queue is
not charged.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar, ParamSpec, TypeVar

from schema.guard.limits import budget_starts_now
from web import metrics

P = ParamSpec("P")
T = TypeVar("T")
RETRY_AFTER = "1"
NICE = 10
# How long a pool thread may hold the GIL while the event loop waits for it (CPython's
# default is 5 ms; each loop iteration of a request waits up to that long).
SWITCH_INTERVAL = 0.001


class Overloaded(Exception):
    """Every thread is busy and the queue is full: try again in a second (the endpoints answer
    it with a 503 and `Retry-After`)."""

    message = (
        "The server is busy: every worker thread is in use and the queue is full. "
        "Retry in a second."
    )
    headers: ClassVar[Mapping[str, str]] = MappingProxyType({"Retry-After": RETRY_AFTER})


@dataclass(frozen=True, slots=True)
class PoolStats:
    threads: int
    capacity: int  # threads + queue: jobs admitted at once
    busy: int  # jobs admitted and not finished (running or waiting)
    done: int
    refused: int


def _lower_priority() -> None:
    """Let the kernel prefer the event loop's thread over this one (Linux: nice per thread)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
    except (OSError, AttributeError):
        pass


class WorkPool:
    @staticmethod
    def start() -> None:
        """Process-wide: hand the GIL over every 1 ms (see above)."""
        sys.setswitchinterval(SWITCH_INTERVAL)

    def __init__(self, threads: int, queue: int) -> None:
        self._threads = threads
        self._capacity = threads + queue
        self._executor = ThreadPoolExecutor(
            threads, thread_name_prefix="orggraph-exec", initializer=_lower_priority
        )
        self._lock = threading.Lock()
        self._busy = self._done = self._refused = 0

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(*args, **kwargs)` in a pool thread (with this task's context variables: the
        request id), or Overloaded at once when the pool and its queue are full."""
        with self._lock:
            if self._busy >= self._capacity:
                self._refused += 1
                metrics.WORK_REFUSED.inc()
                raise Overloaded()
            self._busy += 1
        metrics.WORK_BUSY.inc()
        context = contextvars.copy_context()

        def job() -> T:
            budget_starts_now()
            return fn(*args, **kwargs)

        try:
            future: Future[T] = self._executor.submit(context.run, job)
        except BaseException:
            self._release(None)
            raise
        # Released when the job ends, even if the request was cancelled meanwhile (a client
        # that disconnects does not stop its job, so it must not free its place early).
        future.add_done_callback(self._release)
        return await asyncio.wrap_future(future)

    def _release(self, _: Future[T] | None) -> None:
        with self._lock:
            self._busy -= 1
            self._done += 1
        metrics.WORK_BUSY.dec()

    def stats(self) -> PoolStats:
        with self._lock:
            return PoolStats(self._threads, self._capacity, self._busy, self._done, self._refused)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
