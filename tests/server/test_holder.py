"""The holder swaps snapshots whole; a reader keeps the one it took."""

from __future__ import annotations

from schema.context import Context
from server.holder import GraphHolder
from tests.conftest import build_sample_graph


def test_swap_replaces_the_current_snapshot_and_returns_the_previous() -> None:
    first = Context.for_graph(build_sample_graph())
    second = Context.for_graph(build_sample_graph())
    holder = GraphHolder(first)
    taken = holder.current
    assert holder.swap(second) is first
    assert holder.current is second
    assert taken is first
