"""A real client library against a live server: Apollo Client 4 under Node (tests/client/,
pinned in its package-lock.json, installed by `make setup`) pages forwards and backwards with
`fetchMore` + `relayStylePagination`, and refetches one object of every Node type by `node(id:)`,
checking that its cache normalizes each under `__typename:id`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLInterfaceType

from api.root import schema

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "apollo_walk.mjs"


@pytest.fixture(scope="module")
def walked(live_server: str) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "@apollo" / "client").is_dir():
        pytest.fail("Node.js or tests/client/node_modules is missing: run `make setup`")
    done = subprocess.run(
        [node, str(SCRIPT), f"{live_server}/graphql"],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary: dict[str, Any] = json.loads(done.stdout)
    return summary


def test_the_client_is_the_pinned_apollo_client_4() -> None:
    lock = json.loads((HERE / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/@apollo/client"]["version"] == "4.3.8"


def test_forward_and_backward_pages_merge_into_the_whole_list(walked) -> None:
    # 46 units in pages of 20 (3 requests each way), 25 offices in pages of 7 (4 each way);
    # the script checks both directions give the same list, each item once.
    assert walked["units"] == {
        "total": 46,
        "forwardRequests": 3,
        "backwardRequests": 3,
        "first": "media-and-communications-unit",
        "last": "contract-law-division-unit-panama",
    }
    assert (walked["offices"]["total"], walked["offices"]["forwardRequests"]) == (25, 4)
    assert walked["offices"]["backwardRequests"] == 4


def test_every_node_type_is_refetched_and_normalized(walked) -> None:
    node = schema._schema.type_map["Node"]
    assert isinstance(node, GraphQLInterfaceType)
    node_types = {t.name for t in schema._schema.get_possible_types(node)}
    assert set(walked["nodeTypes"]) == node_types
    assert set(walked["refetched"]) == node_types
    assert walked["refetched"]["Country"] == "AR"
