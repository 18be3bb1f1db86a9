"""CI's schema-change check: schema.graphql against the last released schema and CHANGELOG.md."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scripts.check_schema_changes import (
    CHANGELOG,
    CURRENT,
    check,
    coordinate,
    newest_breaking_section,
    released_schema,
)
from tests.support import REPO_ROOT

RELEASED = """
type Query {
  "Offices." offices(kind: [Kind!]): [String!]!
  "Path." path(from: String!): String
}
"Kinds." enum Kind { "A." A "B." B }
"""
CURRENT_SDL = """
type Query {
  "Offices." offices(kind: [Kind!]): [String!]
  "Path." path(from: ID!): String
}
"Kinds." enum Kind { "A." A }
"""
ANNOUNCED = """# Changelog

## 0.2.0 (unreleased)

### Breaking changes

- `Query.offices` may be null; `Query.path(from:)` takes an ID; `Kind.B` is gone.

### Added

- Nothing.

## 0.1.0

### Breaking changes

- `Anything.old`.
"""


def test_the_committed_schema_breaks_nothing_the_changelog_does_not_announce() -> None:
    report = check(
        released_schema().read_text(encoding="utf-8"),
        CURRENT.read_text(encoding="utf-8"),
        CHANGELOG.read_text(encoding="utf-8"),
    )
    assert report.breaking, "0.2.0 has breaking changes; the check must see them"
    assert [c.description for c in report.unannounced] == []


def test_the_last_released_schema_is_the_highest_version() -> None:
    assert released_schema().name == "0.1.0.graphql"


def test_every_breaking_change_has_a_coordinate() -> None:
    report = check(RELEASED, CURRENT_SDL, "")
    assert sorted(coordinate(c) for c in report.breaking) == [
        "Kind.B",
        "Query.offices",
        "Query.path(from:)",
    ]


def test_announced_changes_pass() -> None:
    assert check(RELEASED, CURRENT_SDL, ANNOUNCED).unannounced == []


@pytest.mark.parametrize(
    ("removed", "missing"),
    [
        pytest.param("`Query.offices` may be null; ", "Query.offices", id="field"),
        pytest.param("`Query.path(from:)` takes an ID; ", "Query.path(from:)", id="argument"),
        pytest.param("`Kind.B` is gone.", "Kind.B", id="enum-value"),
    ],
)
def test_an_unannounced_breaking_change_fails(removed, missing) -> None:
    changelog = ANNOUNCED.replace(removed, "")
    report = check(RELEASED, CURRENT_SDL, changelog)
    assert [coordinate(c) for c in report.unannounced] == [missing]


def test_only_the_newest_entry_counts() -> None:
    # An announcement in an older release's notes does not cover a new break.
    changelog = ANNOUNCED.replace("`Kind.B` is gone.", "").replace("`Anything.old`", "`Kind.B`")
    assert "`Kind.B`" not in newest_breaking_section(changelog)
    assert [coordinate(c) for c in check(RELEASED, CURRENT_SDL, changelog).unannounced] == [
        "Kind.B"
    ]


def test_the_script_exits_zero_on_this_tree() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/check_schema_changes.py"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "breaking (announced): Field Query.offices changed type" in done.stdout
