"""Item 1: a bad edit never turns into an outage, whatever dies.

With invalid files on disk, a worker that starts (a replacement after a crash, a restart) serves
the last good version from the parsed-data cache and says it is stale, in the log and /healthz.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx

from tests.support import copy_data, serve, server_log

BROKEN = "entities:\n  - id: Not A Slug\n    kind: unit\n"
QUERY = {"query": "{ dataVersion entities(first: 1) { totalCount } }"}


def _workers(pid: int) -> list[int]:
    """uvicorn's worker processes (spawned; not multiprocessing's resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def _health(base: str) -> dict[str, object]:
    response = httpx.get(f"{base}/healthz", timeout=5)
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


def test_replacement_workers_serve_the_last_good_version(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    env = {
        "WEB_CONCURRENCY": "2",
        "ORGGRAPH_DATA": str(data),
        "ORGGRAPH_CACHE_DIR": str(tmp_path / "cache"),
        "ORGGRAPH_RELOAD_INTERVAL": "0.2",
        "ORGGRAPH_RELOAD_SETTLE": "0.2",
    }
    log = "uvicorn-last-good.log"
    with serve(env, log) as (base, process):
        _wait(lambda: server_log(log).count("serving 157 entities") >= 2, 30, "workers start")
        good = _health(base)["dataVersion"]
        (data / "90-broken.yaml").write_text(BROKEN)
        _wait(lambda: server_log(log).count("refused") >= 2, 20, "both workers refuse it")
        for _ in range(2):  # every worker dies, one after the other
            for worker in _workers(process.pid):
                before = server_log(log).count("serving the last good version")
                os.kill(worker, signal.SIGKILL)
                _wait(
                    lambda b=before: server_log(log).count("serving the last good version") > b,
                    30,
                    "a replacement worker starts from the last good version",
                )
        _wait(lambda: len(_workers(process.pid)) == 2, 30, "two workers again")
        for _ in range(10):  # whichever worker answers: the last good version, marked stale
            health = _health(base)
            assert health["dataVersion"] == good
            assert health["stale"] is True and health["problems"] == 3
            response = httpx.post(f"{base}/graphql", json=QUERY, timeout=5)
            assert response.status_code == 200
            assert response.json()["data"]["entities"]["totalCount"] == 157
        text = server_log(log)
        assert "Traceback" not in text
        assert "90-broken.yaml:2:" in text  # every problem is still logged
        (data / "90-broken.yaml").unlink()  # fixed: both workers are current again
        _wait(lambda: all(_health(base)["stale"] is False for _ in range(6)), 20, "fresh again")


def test_a_restart_on_invalid_data_serves_the_last_good_version(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    env = {
        "ORGGRAPH_DATA": str(data),
        "ORGGRAPH_CACHE_DIR": str(tmp_path / "cache"),
        "ORGGRAPH_RELOAD_INTERVAL": "0",
    }
    with serve(env, "uvicorn-restart-1.log") as (base, _):
        _wait(lambda: httpx.get(f"{base}/readyz", timeout=5).status_code == 200, 30, "ready")
        good = _health(base)["dataVersion"]
    (data / "90-broken.yaml").write_text(BROKEN)
    with serve(env, "uvicorn-restart-2.log") as (base, _):
        # One worker: the port opens at once and the data loads behind /readyz (lifecycle).
        _wait(lambda: httpx.get(f"{base}/readyz", timeout=5).status_code == 200, 30, "ready")
        health = _health(base)
        assert health["dataVersion"] == good
        assert health["stale"] is True and health["staleReason"] == "invalid data at start-up"
        assert health["filesVersion"] not in (None, good)
        # One state: readiness says the same (200: it serves, but an older version).
        ready = httpx.get(f"{base}/readyz", timeout=5)
        assert ready.status_code == 200 and ready.json()["dataVersion"] == good
        assert ready.json()["olderThanFiles"] is True
        assert ready.json()["reason"] == "invalid data at start-up"
    text = server_log("uvicorn-restart-2.log")
    assert f"serving the last good version {good}" in text
    assert "90-broken.yaml:2:" in text
