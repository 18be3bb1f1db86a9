"""The top-level packages are this repository's, and schema.graphql matches the code."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest

from server.export_schema import sdl
from web.httpcache import CODE_PACKAGES

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_wheel_and_etags_name_the_same_top_level_packages() -> None:
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    top_level = {name for name in include if "." not in name}
    assert set(include) == top_level | {f"{name}.*" for name in top_level}
    assert top_level == set(CODE_PACKAGES)
    on_disk = {p.parent.name for p in REPO_ROOT.glob("*/__init__.py")} - {
        "tests",
        "bench",
        "scripts",
    }
    assert on_disk == top_level, "a top-level package is missing from pyproject.toml"


@pytest.mark.parametrize("name", CODE_PACKAGES)
def test_package_is_imported_from_this_repository(name) -> None:
    # PyPI has a package called `schema`; ours must shadow it, wherever pytest runs from.
    module = importlib.import_module(name)
    assert module.__file__ is not None
    assert Path(module.__file__).resolve().parent == REPO_ROOT / name


def test_schema_graphql_matches_the_code() -> None:
    committed = (REPO_ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == sdl(), "the schema changed: run `make schema` and commit schema.graphql"
