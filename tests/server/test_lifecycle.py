"""In process: a deferred start-up loads behind the probes, invalid data is handed to the
caller, and the probes say what the holder's readiness says."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from graph.load.errors import DataError
from server.app import create_app
from server.config import Config
from tests.support import copy_data, run_async


async def _while_running(
    app, requests: list[str], wait_for_load: bool = True
) -> list[httpx.Response]:
    """Run the app's lifespan, wait for the data (if asked), then make the requests."""
    holder = app.state.graph_holder
    async with app.router.lifespan_context(app):
        if wait_for_load:
            for _ in range(200):
                if holder.loaded:
                    break
                await asyncio.sleep(0.05)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return [await client.get(url) for url in requests]


def test_a_deferred_start_serves_once_the_data_is_loaded(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    config = Config.from_env({"ORGGRAPH_DATA": str(data), "ORGGRAPH_CACHE": "0"})
    problems: list[list[DataError]] = []
    app = create_app(config, defer_load=problems.append)
    before = httpx.ASGITransport(app=app)

    async def probe_first() -> tuple[httpx.Response, httpx.Response]:
        async with httpx.AsyncClient(transport=before, base_url="http://test") as client:
            return await client.get("/readyz"), await client.get("/graphql?query={dataVersion}")

    ready, refused = run_async(probe_first())  # no lifespan yet: nothing loaded
    assert (ready.status_code, ready.json()["status"]) == (503, "starting")
    assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
    readyz, page = run_async(_while_running(app, ["/readyz", "/"]))
    assert readyz.status_code == 200 and readyz.json()["entities"] == 157
    assert page.status_code == 200 and problems == []
    assert app.state.graph_holder.readiness.phase == "draining"  # the lifespan has ended


def test_a_deferred_start_hands_invalid_data_to_the_caller(tmp_path: Path) -> None:
    (tmp_path / "10-broken.yaml").write_text("entities:\n  - id: [x]\n", encoding="utf-8")
    config = Config.from_env({"ORGGRAPH_DATA": str(tmp_path), "ORGGRAPH_CACHE": "0"})
    problems: list[list[DataError]] = []
    app = create_app(config, defer_load=problems.append)

    async def run() -> None:
        async with app.router.lifespan_context(app):
            for _ in range(200):
                if problems:
                    return
                await asyncio.sleep(0.05)

    run_async(run())
    assert problems and all("10-broken.yaml" in str(problem) for problem in problems[0])
    assert not app.state.graph_holder.loaded


def test_readyz_reports_staleness_set_on_the_holder(sample_context) -> None:
    app = create_app(Config.from_env({}), context=sample_context)
    readiness = app.state.graph_holder.readiness
    readiness.mark_stale("worker restarted from the last good version")
    (stale,) = run_async(_while_running(app, ["/readyz"]))
    assert stale.status_code == 200
    assert stale.json()["olderThanFiles"] is True
    assert stale.json()["reason"] == "worker restarted from the last good version"
    readiness.mark_current()


def test_a_deferred_start_on_invalid_data_serves_the_last_good_version(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    env = {"ORGGRAPH_DATA": str(data), "ORGGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    good = create_app(Config.from_env(env)).state.graph_holder.current.graph.version
    (data / "90-broken.yaml").write_text("entities:\n  - id: Not A Slug\n", encoding="utf-8")
    problems: list[list[DataError]] = []
    app = create_app(Config.from_env(env), defer_load=problems.append)
    readyz, healthz = run_async(_while_running(app, ["/readyz", "/healthz"]))
    assert problems == []  # not handed to the caller: there is a version to serve
    assert readyz.status_code == 200 and readyz.json()["dataVersion"] == good
    assert readyz.json()["olderThanFiles"] is True
    assert readyz.json()["reason"] == "invalid data at start-up"
    health = healthz.json()
    assert health["stale"] is True and health["staleReason"] == readyz.json()["reason"]
    assert health["problems"] >= 1 and health["filesVersion"] not in (None, good)
