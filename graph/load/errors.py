"""What the loader reports when the data is wrong.

Exception tree (one class, on purpose):

    GraphLoadError        the data cannot become a graph; `.errors` holds every DataError found

A data maintainer fixes a batch of problems per run, so nothing stops at the first one: checks add
`DataError`s to a `Problems` collector and the loader raises once, at the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.model import SourceRef


@dataclass(frozen=True, slots=True, order=True)
class DataError:
    """One problem, at a 1-based line and column (as editors count them) of a data file."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class GraphLoadError(Exception):
    """The data has problems; `errors` lists all of them, sorted by file, line and column."""

    def __init__(self, errors: Iterable[DataError]) -> None:
        self.errors: tuple[DataError, ...] = tuple(sorted(errors))
        super().__init__(self.errors)

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


class Problems:
    """Collects DataErrors while validation goes on; `len()` tells whether anything went wrong."""

    __slots__ = ("_errors",)

    def __init__(self) -> None:
        self._errors: list[DataError] = []

    def add(self, where: SourceRef, message: str) -> None:
        self._errors.append(DataError(where.file, where.line, where.column, message))

    def __len__(self) -> int:
        return len(self._errors)

    def sorted(self) -> tuple[DataError, ...]:
        return tuple(sorted(self._errors))
