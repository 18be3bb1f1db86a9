"""Fail when schema.graphql breaks the last released schema without CHANGELOG.md saying so.

    python -m scripts.check_schema_changes      (also run by `make check-schema` and a test)

The last released schema is the highest version in docs/released/ (`0.1.0.graphql`, ...). The
changes come from graphql-core's `find_breaking_changes` (a removed field, a type made nullable,
an argument's type changed, an enum value removed, ...). Each is announced when its schema
coordinate (`Query.offices`, `Query.path(from:)`, `EntityKind.OFFICE`) appears in backticks in
the "### Breaking changes" part of the changelog's newest entry (its first `## ` section).
Dangerous changes (an enum value added, ...) are printed, never fatal.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    BreakingChange,
    DangerousChange,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
RELEASED_DIR = REPO_ROOT / "docs" / "released"
CURRENT = REPO_ROOT / "schema.graphql"
CHANGELOG = REPO_ROOT / "CHANGELOG.md"

_COORDINATE = re.compile(r"@?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?(?:\([A-Za-z_]\w*:\))?")
_UNION = re.compile(r"from union type (\w+)")


@dataclass(frozen=True, slots=True)
class Report:
    breaking: list[BreakingChange]
    dangerous: list[DangerousChange]
    unannounced: list[BreakingChange]


def coordinate(change: BreakingChange | DangerousChange) -> str:
    """The schema coordinate a change is about, from graphql-core's description of it."""
    union = _UNION.search(change.description)
    if union:
        return union.group(1)
    words = [m.group(0) for m in _COORDINATE.finditer(change.description)]
    precise = [w for w in words if "." in w or "(" in w or w.startswith("@")]
    return precise[0] if precise else words[0]


def newest_breaking_section(changelog: str) -> str:
    """The "### Breaking changes" text of the changelog's newest (first) entry."""
    entries = re.split(r"^## ", changelog, flags=re.M)
    newest = entries[1] if len(entries) > 1 else ""
    match = re.search(r"^### Breaking changes\n(.*?)(?=^### |\Z)", newest, flags=re.M | re.S)
    return match.group(1) if match else ""


def released_schema() -> Path:
    """The schema of the highest released version."""

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in path.stem.split("."))

    return max(RELEASED_DIR.glob("*.graphql"), key=version)


def check(released: str, current: str, changelog: str) -> Report:
    old, new = build_schema(released), build_schema(current)
    breaking = find_breaking_changes(old, new)
    section = newest_breaking_section(changelog)
    unannounced = [c for c in breaking if f"`{coordinate(c)}`" not in section]
    return Report(breaking, find_dangerous_changes(old, new), unannounced)


def main() -> int:
    released = released_schema()
    report = check(
        released.read_text(encoding="utf-8"),
        CURRENT.read_text(encoding="utf-8"),
        CHANGELOG.read_text(encoding="utf-8"),
    )
    print(f"schema.graphql against {released.relative_to(REPO_ROOT)}:")
    for change in report.breaking:
        mark = "UNANNOUNCED" if change in report.unannounced else "announced"
        print(f"  breaking ({mark}): {change.description}")
    for danger in report.dangerous:
        print(f"  dangerous: {danger.description}")
    if report.unannounced:
        print(
            "CHANGELOG.md's newest entry must list each breaking change under "
            '"### Breaking changes", naming its coordinate in backticks: '
            + ", ".join(f"`{coordinate(c)}`" for c in report.unannounced)
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
