"""Reading a data file without ever blocking on it or reading without end.

The data directory is edited by people and tools, so anything can appear in it: a FIFO (whose
plain `open()` waits for a writer forever), a symlink to `/dev/zero` (endless bytes), a
directory named `x.yaml`, a 1 GB file. Only regular files are read:

- the file is opened with `O_NONBLOCK` (a FIFO or device opens at once instead of waiting),
  then `fstat` on that descriptor decides: anything but a regular file is refused, so the
  check and the read concern the same file even if the name is replaced in between;
- at most `limit` bytes are read (the size `fstat` reports is checked first, and the read stops
  one byte past the limit, for a file that grows while it is read).

Every refusal is a `DataFileError` (an `OSError`) whose `strerror` says what to fix; callers
report it as a data problem, so the last good version keeps serving.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

CHUNK = 1 << 20


class DataFileError(OSError):
    """A data file that is not read: not a regular file, or larger than allowed."""


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them (else DataFileError)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataFileError(
                errno.EINVAL, f"not a regular file ({_kind(info.st_mode)}); only files are read"
            )
        if info.st_size > limit:
            raise too_large(info.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise too_large(total, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def too_large(size: int, limit: int) -> DataFileError:
    return DataFileError(
        errno.EFBIG,
        f"the data is larger than allowed ({size:,} bytes; ORGGRAPH_MAX_DATA_BYTES is {limit:,})",
    )


def regular_size(path: Path) -> int:
    """The size of `path` if it is a regular file (symlinks followed), else 0: for a total that
    refuses oversized data before any byte is read; `read_regular` refuses the rest."""
    try:
        info = path.stat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def _kind(mode: int) -> str:
    for test, word in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return word
    return "not a file"
