"""/healthz is liveness, /readyz readiness: 503 while the data loads and while draining, 200
while serving, and it tells when the version served is older than the files on disk."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import httpx
import pytest

from graph.synthetic.generate import write_organization
from server.readiness import Readiness
from tests.support import copy_data, serve, server_log

# Entities: seconds to load and index even on an idle machine, while the port is already open.
LARGE = 20_000


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds:g} s")
        time.sleep(0.05)


def test_readyz_is_503_while_the_data_loads_and_200_once_it_is_served(tmp_path: Path) -> None:
    # A large data set keeps the first load busy for seconds (a named pipe no longer can: data
    # files that are not regular files are refused at once, tests/hardening/test_data_files.py),
    # while the port opens at once.
    data = tmp_path / "data"
    write_organization(data, LARGE)
    env = {"ORGGRAPH_DATA": str(data), "ORGGRAPH_CACHE": "0", "ORGGRAPH_RELOAD_INTERVAL": "0"}
    with serve(env, "uvicorn-startup.log", probe="/healthz") as (base, _):
        ready = httpx.get(f"{base}/readyz")
        assert ready.status_code == 503
        assert ready.json() == {
            "status": "starting",
            "dataVersion": None,
            "entities": None,
            "olderThanFiles": False,
        }
        assert httpx.get(f"{base}/healthz").json()["status"] == "ok"
        refused = httpx.post(f"{base}/graphql", json={"query": "{ dataVersion }"})
        assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
        assert httpx.get(f"{base}/").status_code == 503
        _wait(lambda: httpx.get(f"{base}/readyz").status_code == 200, 120, "not ready")
        body = httpx.get(f"{base}/readyz").json()
        assert body["status"] == "serving" and body["entities"] == LARGE
        assert (
            httpx.post(f"{base}/graphql", json={"query": "{ dataVersion }"}).json()["data"][
                "dataVersion"
            ]
            == body["dataVersion"]
        )


@pytest.mark.parametrize("workers", ["1", "2"])
def test_readyz_is_503_while_draining_and_requests_are_still_served(workers: str) -> None:
    env = {"ORGGRAPH_DRAIN_SECONDS": "2", "WEB_CONCURRENCY": workers}
    log = f"uvicorn-drain-{workers}.log"
    with serve(env, log) as (base, process):
        _wait(
            lambda: server_log(log).count("serving 157 entities") >= int(workers),
            30,
            "the workers did not start",
        )
        assert httpx.get(f"{base}/readyz").status_code == 200
        process.send_signal(signal.SIGTERM)
        _wait(lambda: httpx.get(f"{base}/readyz").status_code == 503, 2, "not draining")
        for _ in range(4):  # fresh connections: with two workers, both are draining
            with httpx.Client(base_url=base) as client:
                assert client.get("/readyz").json()["status"] == "draining"
                assert client.get("/healthz").status_code == 200
                query = client.post("/graphql", json={"query": "{ organization { name } }"})
                assert query.status_code == 200
        process.wait(timeout=15)  # then the graceful shutdown ends the process


def test_readyz_says_when_the_version_served_is_older_than_the_files(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    env = {"ORGGRAPH_DATA": str(data), "ORGGRAPH_RELOAD_INTERVAL": "0.2"}
    with serve(env, "uvicorn-stale.log") as (base, _):
        _wait(lambda: httpx.get(f"{base}/readyz").status_code == 200, 10, "not ready")
        first = httpx.get(f"{base}/readyz").json()
        assert first["olderThanFiles"] is False
        edited = sorted(data.glob("*.yaml"))[0]
        good = edited.read_text(encoding="utf-8")
        edited.write_text(good + "\n  - broken: [\n", encoding="utf-8")
        _wait(
            lambda: "refused" in httpx.get(f"{base}/readyz").json().get("reason", ""),
            10,
            "the refused reload was not reported",
        )
        stale = httpx.get(f"{base}/readyz")
        assert stale.status_code == 200  # still serving the last good version
        assert stale.json()["olderThanFiles"] is True
        assert stale.json()["dataVersion"] == first["dataVersion"]
        edited.write_text(good, encoding="utf-8")
        _wait(
            lambda: httpx.get(f"{base}/readyz").json()["olderThanFiles"] is False,
            10,
            "the repaired data was not reported current",
        )


def test_readyz_reports_an_edit_not_loaded_yet_when_polling_is_off(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    env = {"ORGGRAPH_DATA": str(data), "ORGGRAPH_RELOAD_INTERVAL": "0"}
    with serve(env, "uvicorn-stale-pending.log") as (base, process):
        _wait(lambda: httpx.get(f"{base}/readyz").status_code == 200, 10, "not ready")
        assert httpx.get(f"{base}/readyz").json()["olderThanFiles"] is False
        edited = sorted(data.glob("*.yaml"))[0]
        edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        body = httpx.get(f"{base}/readyz").json()
        assert body["olderThanFiles"] is True and "reload pending" in body["reason"]
        process.send_signal(signal.SIGHUP)
        _wait(
            lambda: httpx.get(f"{base}/readyz").json()["olderThanFiles"] is False,
            10,
            "the SIGHUP reload was not reported current",
        )


def test_readiness_can_be_marked_stale_by_anyone_and_current_again() -> None:
    readiness = Readiness()
    assert readiness.phase == "starting" and not readiness.ready
    readiness.mark_loaded()
    assert readiness.ready and readiness.stale_reason() is None
    readiness.mark_stale("worker restarted from the last good version")
    assert readiness.ready and readiness.stale_reason() == (
        "worker restarted from the last good version"
    )
    readiness.mark_current()
    assert readiness.stale_reason() is None
    readiness.start_draining()
    assert readiness.phase == "draining" and not readiness.ready
