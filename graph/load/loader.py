"""Loading the data directory into one validated, immutable `OrgGraph`.

    graph = load_graph("data/")          # raises GraphLoadError listing every problem
    result = load("data/")               # never raises for bad data: .graph or .errors

(graph/cache/store.py has the same two with a cache of the parsed data, for start-up.)

Files are `*.yaml` in file-name order (non-recursive; names starting with "." are editor
leftovers and skipped). Records are numbered across files in that order: entities, positions
and relations each get their own running `order`.

Messages name files relative to the working directory when they lie below it, else as given.
When a file cannot be read at all (broken YAML, a list at the top), the ids it defines are
unknown, so the checks of references, roots and cycles are skipped rather than flood the output.

The data version is SHA-256 over, for each file in name order, its name (UTF-8), a NUL byte, its
size as 8 big-endian bytes and its bytes; `OrgGraph.version` holds the first 16 hex digits. Only
names and bytes count, so the same files give the same version on every machine.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph.indexes import OrgGraph
from graph.load.drafts import Drafts, read_file
from graph.load.errors import DataError, GraphLoadError, Problems
from graph.load.safefile import read_regular, regular_size, too_large
from graph.load.validate import check_across_files
from graph.load.yamlfile import FileReader, read_source
from graph.model import SourceRef

VERSION_LENGTH = 16
# The most bytes all data files together may hold (ORGGRAPH_MAX_DATA_BYTES): the real data is
# ~100 KB and 100,000 synthetic entities ~96 MB; parsing costs ~10x the file size in memory.
MAX_DATA_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What one load produced: a graph, or the errors that prevented it (never both)."""

    graph: OrgGraph | None
    errors: tuple[DataError, ...]
    files: tuple[str, ...]
    """The files read, as shown in messages, in load order."""


def load_graph(path: Path | str, max_bytes: int = MAX_DATA_BYTES) -> OrgGraph:
    """Load and validate a data directory (or one YAML file); raise GraphLoadError on problems."""
    result = load(path, max_bytes)
    if result.graph is None:
        raise GraphLoadError(result.errors)
    return result.graph


def load(path: Path | str, max_bytes: int = MAX_DATA_BYTES) -> LoadResult:
    """Load and validate; the result holds the graph or every problem found (sorted).

    Only regular files are read, `max_bytes` at most in all (graph/safefile.py)."""
    with collector_paused():
        return _load(Path(path), max_bytes)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while millions of YAML nodes are created.

    None of them is cyclic garbage, yet each collection walks them all: on 100,000 entities the
    load takes ~2.5x longer with the collector running. It is re-enabled (if it was) at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(path: Path, max_bytes: int) -> LoadResult:
    problems = Problems()
    files = data_files(path, problems)
    names = tuple(display_name(file) for file in files)
    total = sum(regular_size(file) for file in files)
    if total > max_bytes:  # refused before any byte is read
        problems.add(SourceRef(names[0], 1, 1), too_large(total, max_bytes).strerror or "")
        return LoadResult(None, problems.sorted(), names)
    remaining = max_bytes
    drafts = Drafts()
    digest = hashlib.sha256()
    # False once a file's records could not be read at all (broken YAML, a list at the top):
    # the ids it would define are unknown, so reference checks would only add noise.
    complete = True
    for file, name in zip(files, names, strict=True):
        before = len(problems)
        data, root = read_source(file, name, problems, remaining)
        if data is not None:
            add_to_digest(digest, file, data)
            remaining -= len(data)
        if len(problems) > before or not read_file(FileReader(name, problems), root, drafts):
            complete = False
    if files:
        check_across_files(drafts, problems, complete=complete, first=names[0])
    if len(problems):
        return LoadResult(None, problems.sorted(), names)
    entities = [draft.record for draft in drafts.entities if draft.record is not None]
    positions = [draft.record for draft in drafts.positions if draft.record is not None]
    relations = [draft.record for draft in drafts.relations if draft.record is not None]
    if (len(entities), len(positions), len(relations)) != drafts.counts():
        # Never build a half graph, even if a check forgot to report why a record is missing.
        raise AssertionError("a record was dropped without a reported problem")
    graph = OrgGraph.build(
        version=digest.hexdigest()[:VERSION_LENGTH],
        entities=entities,
        positions=positions,
        relations=relations,
    )
    return LoadResult(graph, (), names)


def add_to_digest(digest: hashlib._Hash, file: Path, data: bytes) -> None:
    """Add one file (its name and bytes) to the data version's SHA-256, as documented above."""
    encoded = file.name.encode("utf-8", "surrogateescape")
    digest.update(encoded + b"\0" + len(data).to_bytes(8, "big"))
    digest.update(data)


def data_digest(files: list[Path], max_bytes: int = MAX_DATA_BYTES) -> str | None:
    """The full SHA-256 (hex) the data version is the start of, without parsing anything;
    None when a file cannot be read, or is not a regular file, or the files hold more than
    `max_bytes` (a full load then reports it)."""
    digest = hashlib.sha256()
    remaining = max_bytes
    try:
        for file in files:
            data = read_regular(file, remaining)
            remaining -= len(data)
            add_to_digest(digest, file, data)
    except OSError:
        return None
    return digest.hexdigest()


def data_files(path: Path, problems: Problems) -> list[Path]:
    """The `*.yaml` files of a directory in name order, or the one file `path` names."""
    name = display_name(path)
    try:
        if not path.is_dir():
            if path.exists():
                return [path]
            problems.add(SourceRef(name, 1, 1), "no such file or directory")
            return []
        files = sorted(
            (p for p in path.iterdir() if p.suffix == ".yaml" and not p.name.startswith(".")),
            key=lambda p: p.name,
        )
    except (OSError, ValueError) as error:  # ValueError: a path with a NUL byte
        problems.add(SourceRef(name, 1, 1), f"cannot list the data files: {error}")
        return []
    if not files:
        problems.add(SourceRef(name, 1, 1), "no *.yaml data files in this directory")
    return files


def display_name(path: Path) -> str:
    """The path relative to the working directory when it lies below it, else as given."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(os.path.abspath(os.curdir)))
    except (OSError, ValueError):
        return str(path)
