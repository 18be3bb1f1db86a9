"""`dataVersion`."""

from __future__ import annotations


def test_data_version_is_the_graphs(gql) -> None:
    assert gql.data("{ dataVersion }") == {"dataVersion": "sample-1"}
