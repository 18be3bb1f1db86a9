"""Which parsed-data cache entry was the last good version of a data path.

A pointer file per data path (`last-good-<hash of the absolute path>`) in the cache directory
holds the name of the entry (graph/cache.py) of the last load of that path that had no problem.
It is written atomically after each such load, so it always names a complete entry; entries a
pointer names are kept when the cache is trimmed. `graph.cache.load_last_good` reads it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

PREFIX = "last-good-"


def pointer(directory: Path, path: Path) -> Path:
    key = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:16]
    return directory / f"{PREFIX}{key}"


def remember(directory: Path, path: Path, entry: Path) -> None:
    """Record `entry` as the last good version of `path` (a no-op when it already is)."""
    target = pointer(directory, path)
    try:
        if target.read_text("ascii").strip() == entry.name:
            return
    except (OSError, UnicodeDecodeError):
        pass
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", dir=directory, prefix=".tmp-", suffix=".last-good", delete=False
        ) as out:
            temporary = Path(out.name)
            out.write(entry.name + "\n")
        os.replace(temporary, target)
        temporary = None
    except OSError:
        pass  # without a pointer a restart on invalid data only has nothing to fall back on
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def recall(directory: Path, path: Path) -> Path | None:
    """The entry last recorded for `path`, if the pointer is readable and names a file here."""
    try:
        name = pointer(directory, path).read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not name or "/" in name or name.startswith("."):
        return None
    return directory / name


def pinned(directory: Path) -> set[str]:
    """Entry names that some pointer in `directory` names."""
    names = set()
    for file in directory.glob(f"{PREFIX}*"):
        try:
            names.add(file.read_text("ascii").strip())
        except (OSError, UnicodeDecodeError):
            continue
    return names
