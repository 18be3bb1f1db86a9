from __future__ import annotations

from pathlib import Path

import pytest

from graph.indexes import OrgGraph
from graph.load.loader import load_graph

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="session")
def iom() -> OrgGraph:
    """The embedded IOM dataset, loaded once for the whole session."""
    return load_graph(DATA)
