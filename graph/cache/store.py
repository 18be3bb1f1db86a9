"""Start-up without re-parsing unchanged YAML: a cache of the parsed, validated data.

    graph = load_graph_cached("data/", settings)  # like graph.load.loader.load_graph: raises
    result = load_cached("data/", settings)       # like graph.load.loader.load: never raises

The key is the data version's SHA-256 (over the files' names and bytes, graph/load/loader.py), so
the files are read and hashed on every start, but parsed and validated only when they changed. An
entry holds the records and the search index state (graph/search/index.py), so neither YAML parsing
nor indexing runs on a warm start. Entries are also tied to a code version: the cache format,
the Python version and the source of the `graph` package, so any change to how data is read,
validated or indexed invalidates them.

The settings (`CacheSettings`: where entries live, whether to use them) come from the
environment through server/config.py only (ORGGRAPH_CACHE, ORGGRAPH_CACHE_DIR); the directory
should never be inside the data directory.

The directory must be private: it is created with mode 0700, and a directory that other users
can write to, or that belongs to another user, is not used (entries are unmarshalled, and only
files we wrote may be). An entry is never trusted blindly either: its header, length and CRC-32
are checked first, and an entry that is truncated, corrupt or does not rebuild a consistent
graph is ignored, removed and rewritten. A cache that cannot be read or written only costs time.
Entries are written atomically (a private temporary file, then a rename); the least recently
used beyond `KEEP` are removed.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import marshal
import os
import struct
import sys
import tempfile
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.cache import last_good
from graph.cache.codec import from_payload, to_payload
from graph.indexes import OrgGraph
from graph.load.errors import GraphLoadError, Problems
from graph.load.loader import (
    MAX_DATA_BYTES,
    LoadResult,
    collector_paused,
    data_digest,
    data_files,
    display_name,
    load,
)
from graph.search.index import SearchIndex

FORMAT = 2  # bump when the payload's layout changes (the code hash usually catches it anyway)
KEEP = 4  # entries kept per cache directory (one per data version in use, plus spares)
_MAGIC = b"ORGGRAPH-CACHE\n"
_HEADER = struct.Struct(f"<{len(_MAGIC)}sI32s64sQI")  # magic, format, code, data, length, crc
_SUFFIX = ".graph"

logger = logging.getLogger("orggraph.cache")


@dataclass(frozen=True, slots=True)
class CacheSettings:
    """Where the cache lives and whether to use it (server/config.py reads them)."""

    directory: Path
    enabled: bool = True


def load_graph_cached(
    path: Path | str, settings: CacheSettings, max_bytes: int = MAX_DATA_BYTES
) -> OrgGraph:
    """`load_graph` through the cache: the graph, or GraphLoadError with every problem."""
    result = load_cached(path, settings, max_bytes)
    if result.graph is None:
        raise GraphLoadError(result.errors)
    return result.graph


def load_cached(
    path: Path | str, settings: CacheSettings, max_bytes: int = MAX_DATA_BYTES
) -> LoadResult:
    """`load` through the cache. On a hit the graph comes with its search index state.

    Each valid load also records its entry as the last good one for `path` (`load_last_good`)."""
    path = Path(path)
    if not settings.enabled:
        return load(path, max_bytes)
    files = data_files(path, Problems())
    digest = data_digest(files, max_bytes) if files else None
    directory = _private_directory(settings.directory) if digest else None
    if digest is None or directory is None:
        # Nothing to key on (or nowhere safe): the loader reports the problems.
        return load(path, max_bytes)
    names = tuple(display_name(file) for file in files)
    entry = directory / f"{digest[:40]}-{code_version()[:12]}{_SUFFIX}"
    graph = _read(entry, digest, names)
    if graph is not None:
        last_good.remember(directory, path, entry)
        return LoadResult(graph, (), names)
    result = load(path, max_bytes)
    if result.graph is None or not digest.startswith(result.graph.version):
        return result  # bad data, or the files changed while we read them: nothing to keep
    graph = _write(entry, digest, result.graph, names)
    del result  # the parsed records (the cached copy replaces them): freed before trimming
    _trim_heap()
    if entry.exists():
        last_good.remember(directory, path, entry)
    return LoadResult(graph, (), names)


def load_last_good(path: Path | str, settings: CacheSettings) -> OrgGraph | None:
    """The last graph `load_cached` loaded from `path` without a problem, or None (no cache,
    no such load yet, or its entry is gone or fails its checks).

    What a worker serves when the files on disk are invalid as it starts (a replacement worker
    after a crash, a restart after a bad edit): the version that was serving before, rather
    than nothing. Its file names are the ones that version was read from."""
    if not settings.enabled:
        return None
    directory = _private_directory(settings.directory)
    entry = None if directory is None else last_good.recall(directory, Path(path))
    if entry is None:
        return None
    return _read(entry, None, None, base=Path(path))


@cache
def code_version() -> str:
    """A hash of what decides an entry's content: the format, Python and the graph package."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {sys.byteorder}".encode())
    package = Path(__file__).resolve().parent.parent  # all of graph/, not just this subpackage
    for source in sorted(package.rglob("*.py")):
        name = source.relative_to(package).as_posix()
        digest.update(name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def _trim_heap() -> None:
    """Give the C heap's free pages back to the system after parsing (glibc only).

    Parsing 100,000 entities peaks near 760 MiB; the YAML nodes are freed, but glibc keeps their
    pages: without this the process stays at ~640 MiB after a cold start, with it ~490 MiB
    (a warm start never grows beyond ~330 MiB).
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to do


def _private_directory(directory: Path) -> Path | None:
    """The cache directory, created 0700 if missing; None (with a warning) if not private."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.stat()
    except OSError as error:
        logger.warning("parsed-data cache disabled: cannot create %s: %s", directory, error)
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        logger.warning(
            "parsed-data cache disabled: %s must belong to this user and not be writable by "
            "others (chmod 700 it)",
            directory,
        )
        return None
    return directory


def _read(
    entry: Path, digest: str | None, names: tuple[str, ...] | None, base: Path | None = None
) -> OrgGraph | None:
    """The entry's graph, checked against `digest` and `names`; with None for both (the last
    good entry), against the digest in its own header, names taken from it below `base`."""
    try:
        data = entry.read_bytes()
    except OSError:
        return None  # a miss
    try:
        magic, fmt, code, key, length, crc = _HEADER.unpack_from(data)
        body = memoryview(data)[_HEADER.size :]
        if digest is None:
            digest = bytes(key).decode("ascii")
        if (magic, fmt, code, key) != (
            _MAGIC,
            FORMAT,
            code_version()[:32].encode(),
            digest.encode(),
        ):
            raise ValueError("written for other data or other code")
        if len(body) != length or zlib.crc32(body) != crc:
            raise ValueError("truncated or corrupt")
        with collector_paused():
            files, payload = marshal.loads(body)
            if names is None:
                names = _names_below(base or Path(), tuple(files))
            if tuple(files) != tuple(Path(name).name for name in names):
                raise ValueError("written for other files")
            graph = from_payload(payload, names)
        if not digest.startswith(graph.version):
            raise ValueError("written for another data version")
    except Exception as error:  # anything wrong with an entry only means "rebuild it"
        logger.warning("ignoring the parsed-data cache entry %s: %s", entry, error)
        _remove(entry)
        return None
    _touch(entry)
    return graph


def _names_below(base: Path, files: tuple[str, ...]) -> tuple[str, ...]:
    """Display names of `files` as they were read: in the directory `base` (or `base` itself)."""
    if len(files) == 1 and base.name == files[0]:
        return (display_name(base),)
    return tuple(display_name(base / file) for file in files)


def _write(entry: Path, digest: str, graph: OrgGraph, names: tuple[str, ...]) -> OrgGraph:
    """Store the graph and its search index; return the graph carrying that index."""
    search = SearchIndex.build(graph)
    payload = to_payload(graph, names, search)
    with collector_paused():
        restored_graph = from_payload(payload, names)
    body = marshal.dumps((tuple(Path(name).name for name in names), payload), 4)
    header = _HEADER.pack(
        _MAGIC, FORMAT, code_version()[:32].encode(), digest.encode(), len(body), zlib.crc32(body)
    )
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=entry.parent, prefix=".tmp-", suffix=_SUFFIX, delete=False
        ) as out:
            temporary = Path(out.name)
            out.write(header)
            out.write(body)
        os.replace(temporary, entry)
        temporary = None
        _prune(entry.parent)
    except OSError as error:
        logger.warning("cannot write the parsed-data cache entry %s: %s", entry, error)
    finally:
        if temporary is not None:
            _remove(temporary)
    return restored_graph


def _prune(directory: Path) -> None:
    """Keep the `KEEP` most recently used entries."""
    entries = []
    for path in directory.glob(f"*{_SUFFIX}"):
        try:
            entries.append((path.stat().st_mtime, path))
        except OSError:
            continue
    kept = last_good.pinned(directory)  # a last good entry stays while a pointer names it
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        if path.name not in kept:
            _remove(path)


def _touch(entry: Path) -> None:
    try:
        os.utime(entry)
    except OSError:
        pass


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
