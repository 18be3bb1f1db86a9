"""Several worker processes (`WEB_CONCURRENCY=2 python -m server`): after the data changes,
every worker serves the new version, and all of them agree on ETags."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from server.cli import main
from server.protocol import GuardedHttpTools
from tests.support import copy_data, serve, server_log

LOG = "uvicorn-workers.log"
QUERY = '{ dataVersion entity(slug: "donor-relations-division") { name } }'


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds:g} s (see artifacts/{LOG})")
        time.sleep(0.1)


def _fresh_connection_get(base: str, **kwargs) -> httpx.Response:
    # A new connection each time, so the kernel may hand it to either worker.
    with httpx.Client(base_url=base) as client:
        return client.get("/graphql", params={"query": QUERY}, **kwargs)


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    data = copy_data(tmp_path_factory.mktemp("workers") / "data")
    env = {
        "WEB_CONCURRENCY": "2",
        "ORGGRAPH_DATA": str(data),
        "ORGGRAPH_RELOAD_INTERVAL": "0.3",
    }
    with serve(env, LOG) as (base, _):
        _wait_for(
            lambda: server_log(LOG).count("serving 157 entities") >= 2,
            30,
            "both workers did not start",
        )
        yield base, data


@pytest.mark.parametrize("workers", ["1", "2"])
def test_orggraph_serve_runs_httptools(monkeypatch, workers) -> None:
    # h11 with several workers loses TCP_NODELAY: ~44 ms a response (../shared/MEASURED.md).
    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    monkeypatch.setattr(
        uvicorn.Server,
        "run",
        lambda self: calls.append({"http": self.config.http, "workers": self.config.workers}),
    )
    monkeypatch.setenv("WEB_CONCURRENCY", workers)
    monkeypatch.setenv("ORGGRAPH_METRICS", "0")
    monkeypatch.delenv("ORGGRAPH_DATA", raising=False)
    assert main(["serve"]) == 0
    # httptools, wrapped with connection limits (server/protocol.py)
    assert calls[0]["http"] == "server.protocol:GuardedHttpTools"
    assert issubclass(GuardedHttpTools, HttpToolsProtocol)
    assert calls[0].get("workers", 1) == int(workers)


def test_every_worker_converges_on_the_new_version_after_an_edit(two_workers) -> None:
    base, data = two_workers
    before = _fresh_connection_get(base)
    old_version = before.headers["x-data-version"]
    tags = {_fresh_connection_get(base).headers["etag"] for _ in range(10)}
    assert len(tags) == 1  # whichever worker answered

    edited = sorted(data.glob("*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited by test_workers\n")
    _wait_for(
        lambda: server_log(LOG).count(f"version {old_version} -> ") >= 2,
        20,
        "both workers did not reload",
    )
    responses = [_fresh_connection_get(base) for _ in range(30)]
    versions = {response.headers["x-data-version"] for response in responses}
    assert len(versions) == 1 and old_version not in versions
    assert {r.json()["data"]["dataVersion"] for r in responses} == versions
    tags = {response.headers["etag"] for response in responses}
    assert len(tags) == 1 and before.headers["etag"] not in tags
    # A tag one worker issued revalidates on every worker, and the old one on none.
    for _ in range(10):
        assert _fresh_connection_get(base, headers={"If-None-Match": tags.pop()}).status_code == 304
        tags.add(responses[0].headers["etag"])
        stale = _fresh_connection_get(base, headers={"If-None-Match": before.headers["etag"]})
        assert stale.status_code == 200
