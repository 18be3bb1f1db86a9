"""Hardening fixtures: a real server process with strict settings.

Tests that need their own settings or data directory start one with `tests.support.serve`; the
shared `live_server` (tests/conftest.py) runs the real data with the defaults.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import serve


@pytest.fixture(scope="module")
def strict_server() -> Iterator[str]:
    """The real data with a 1 s body timeout and a 16 KiB body cap."""
    env = {
        "ORGGRAPH_BODY_TIMEOUT": "1",
        "ORGGRAPH_MAX_BODY_BYTES": "16384",
        "ORGGRAPH_RELOAD_INTERVAL": "0",
    }
    with serve(env, "uvicorn-strict.log") as (base, _):
        yield base
