"""Contexts the differential tests run on: the IOM data, a synthetic organization, the sample."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from graph.load.loader import load_graph
from graph.synthetic.generate import write_organization
from schema.context import Context


@pytest.fixture(scope="session")
def synthetic_context() -> Context:
    with tempfile.TemporaryDirectory(prefix="orggraph-synthetic-") as folder:
        write_organization(Path(folder), 400, seed=7)
        return Context.for_graph(load_graph(Path(folder)))
