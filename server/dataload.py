"""Loading the data for serving: at start-up (falling back to the last good version) and on
reload (a new snapshot, or the problems that refuse it).

A worker always starts serving: if the files are invalid as it starts (a replacement worker
after a crash while a bad edit is on disk, a restart, a deploy), it serves the last version
that loaded without a problem from this data path (the parsed-data cache keeps it,
graph/cache/store.py `load_last_good`), says so in the logs, and marks itself stale
(`holder.readiness.mark_stale`, server/readiness.py: /readyz, /healthz and the metric
`orggraph_data_stale` say so) until valid files are loaded. This holds for every way a process
starts: a worker created by the factory, and `orggraph serve`'s deferred first load
(server/lifecycle.py). Only when there never was a good version (or the cache is off)
does invalid data stop start-up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from graph.cache.store import load_cached, load_last_good
from graph.load.errors import DataError, GraphLoadError, Problems
from graph.load.loader import VERSION_LENGTH, data_digest, data_files
from schema.context import Context
from server.config import Config
from server.readiness import Readiness

logger = logging.getLogger("orggraph.reload")

INVALID_AT_START = "invalid data at start-up"


@dataclass(frozen=True, slots=True)
class Refused:
    """A load that produced no graph: every problem, and the version the files would have."""

    problems: tuple[DataError, ...]
    files_version: str | None


def files_version(config: Config) -> str | None:
    """The data version the files hold now (None when they cannot all be read)."""
    files = data_files(config.data_path, Problems())
    digest = data_digest(files, config.max_data_bytes) if files else None
    return None if digest is None else digest[:VERSION_LENGTH]


def load_context(config: Config) -> Context | Refused:
    """Load, validate and index the data (through the parsed-data cache, so a version another
    worker already parsed is not parsed again): a new snapshot, or why there is none."""
    result = load_cached(config.data_path, config.data_cache, config.max_data_bytes)
    if result.graph is None:
        return Refused(result.errors, files_version(config))
    return Context.for_graph(result.graph, config.limits)


def initial_context(config: Config) -> tuple[Context, Refused | None]:
    """The snapshot to start serving, and (when it is older than the files) why.

    Raises GraphLoadError (every problem) when the files are invalid and no last good version
    of this data path exists."""
    loaded = load_context(config)
    if isinstance(loaded, Context):
        return loaded, None
    graph = load_last_good(config.data_path, config.data_cache)
    if graph is None:
        raise GraphLoadError(loaded.problems)
    logger.error(
        "the data in %s has %d problem(s) (files version %s): serving the last good version %s "
        "until valid files are loaded",
        config.data_path,
        len(loaded.problems),
        loaded.files_version or "unreadable",
        graph.version,
    )
    for problem in loaded.problems:
        logger.error("%s", problem)
    return Context.for_graph(graph, config.limits), loaded


def mark_started(readiness: Readiness, refused: Refused | None) -> None:
    """Record on `readiness` what `initial_context` said: stale when it fell back."""
    if refused is not None:
        readiness.mark_stale(INVALID_AT_START, refused.files_version, len(refused.problems))
