"""The top-level packages are this repository's, and schema.graphql matches the code."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from server.export_schema import sdl

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ["graph", "schema", "resolvers", "server"])
def test_package_is_imported_from_this_repository(name) -> None:
    # PyPI has a package called `schema`; ours must shadow it, wherever pytest runs from.
    module = importlib.import_module(name)
    assert module.__file__ is not None
    assert Path(module.__file__).resolve().parent == REPO_ROOT / name


def test_schema_graphql_matches_the_code() -> None:
    committed = (REPO_ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == sdl(), "the schema changed: run `make schema` and commit schema.graphql"
