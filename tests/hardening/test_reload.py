"""Data reloads and start-up: changed YAML is validated and swapped in whole; invalid YAML is
refused with every problem logged (file:line:column) while the last good graph keeps serving;
invalid data at start-up ends the process with the full list, not a traceback."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph.load.loader import load_graph
from schema.context import Context
from server.app import create_app
from server.config import Config
from server.holder import GraphHolder
from server.reload import DataWatcher
from tests.support import REPO_ROOT, Client, run_async, serve, server_log

MINIMAL = REPO_ROOT / "tests" / "fixtures" / "loader" / "minimal"
BROKEN = "entities:\n  - id: Not A Slug\n    kind: unit\n"


def _copy(target: Path) -> Path:
    for source in MINIMAL.glob("*.yaml"):
        (target / source.name).write_bytes(source.read_bytes())
    return target


def _touch_up(directory: Path) -> None:
    """A valid change: a comment, so the data version changes and nothing else does."""
    path = directory / "20-offices.yaml"
    path.write_text(path.read_text() + f"# edited {time.monotonic_ns()}\n")


def _watcher(directory: Path, interval: float = 0.05) -> tuple[DataWatcher, GraphHolder]:
    holder = GraphHolder(Context.for_graph(load_graph(directory)))
    config = Config.from_env(
        {
            "ORGGRAPH_DATA": str(directory),
            "ORGGRAPH_RELOAD_INTERVAL": str(interval),
            "ORGGRAPH_RELOAD_SETTLE": "0.1",
            "ORGGRAPH_CACHE": "0",
        }
    )
    return DataWatcher(holder, config), holder


def test_a_valid_change_is_swapped_in(tmp_path: Path) -> None:
    watcher, holder = _watcher(_copy(tmp_path))
    before = holder.current
    _touch_up(tmp_path)
    assert run_async(watcher.reload("test")) is True
    assert holder.current.graph.version != before.graph.version
    assert holder.current.limits == before.limits
    assert run_async(watcher.reload("test")) is False  # unchanged: nothing to swap


def test_invalid_data_keeps_the_last_good_graph_and_logs_every_problem(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    watcher, holder = _watcher(_copy(tmp_path))
    before = holder.current
    (tmp_path / "30-broken.yaml").write_text(BROKEN)
    with caplog.at_level(logging.ERROR, logger="orggraph.reload"):
        assert run_async(watcher.reload("test")) is False
    assert holder.current is before
    messages = [r.getMessage() for r in caplog.records]
    assert f"still serving version {before.graph.version}" in messages[0]
    problems = messages[1:]
    assert len(problems) >= 2 and all(
        m.startswith(str(tmp_path)) or "30-broken" in m for m in problems
    )
    assert all(":2:" in m or ":3:" in m for m in problems if "30-broken.yaml" in m)


def test_polling_notices_a_change(tmp_path: Path) -> None:
    watcher, holder = _watcher(_copy(tmp_path))
    before = holder.current.graph.version

    async def scenario() -> str:
        task = asyncio.create_task(watcher.run())
        try:
            await asyncio.sleep(0.1)
            _touch_up(tmp_path)
            for _ in range(100):
                await asyncio.sleep(0.05)
                if holder.current.graph.version != before:
                    break
            return holder.current.graph.version
        finally:
            task.cancel()

    assert run_async(scenario()) != before


def test_responses_name_the_version_they_were_answered_from(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    config = Config.from_env({"ORGGRAPH_DATA": str(directory)})
    app = create_app(config)
    client = Client(app)
    first = client.post("/graphql", json={"query": "{ dataVersion }"})
    assert first.headers["x-data-version"] == first.json()["data"]["dataVersion"]
    _touch_up(directory)
    watcher = DataWatcher(app.state.graph_holder, config)
    assert run_async(watcher.reload("test"))
    second = client.post("/graphql", json={"query": "{ dataVersion }"})
    assert second.headers["x-data-version"] == second.json()["data"]["dataVersion"]
    assert second.headers["x-data-version"] != first.headers["x-data-version"]


def _version(base: str) -> str:
    response = httpx.get(f"{base}/healthz", timeout=5)
    assert response.headers["x-data-version"] == response.json()["dataVersion"]
    version: str = response.json()["dataVersion"]
    return version


def _wait_for_change(base: str, old: str, seconds: float = 10) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        version = _version(base)
        if version != old:
            return version
        time.sleep(0.1)
    return old


def test_the_running_server_reloads_on_change_and_refuses_broken_data(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    env = {
        "ORGGRAPH_DATA": str(directory),
        "ORGGRAPH_RELOAD_INTERVAL": "0.2",
        "ORGGRAPH_RELOAD_SETTLE": "0.3",
    }
    with serve(env, "uvicorn-reload.log") as (base, _):
        first = _version(base)
        _touch_up(directory)
        second = _wait_for_change(base, first)
        assert second != first
        (directory / "30-broken.yaml").write_text(BROKEN)
        time.sleep(1.5)
        assert _version(base) == second  # still the last good graph
        log = server_log("uvicorn-reload.log")
        assert "refused" in log and f"still serving version {second}" in log
        assert "30-broken.yaml:2:" in log
        (directory / "30-broken.yaml").unlink()  # fixed: back to the good files
        _touch_up(directory)
        assert _wait_for_change(base, second) not in (first, second)


def test_sighup_reloads_now(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    env = {"ORGGRAPH_DATA": str(directory), "ORGGRAPH_RELOAD_INTERVAL": "0"}
    with serve(env, "uvicorn-sighup.log") as (base, process):
        first = _version(base)
        _touch_up(directory)
        time.sleep(0.3)
        assert _version(base) == first  # no polling
        process.send_signal(signal.SIGHUP)
        assert _wait_for_change(base, first, seconds=5) != first


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server"],
        cwd=REPO_ROOT,
        env={**os.environ, "PORT": "1", "ORGGRAPH_METRICS": "0", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_invalid_data_at_start_up_exits_with_every_problem_and_no_traceback(
    tmp_path: Path,
) -> None:
    (tmp_path / "10-broken.yaml").write_text(BROKEN + "  - id: second\n    name: [x]\n")
    completed = _start({"ORGGRAPH_DATA": str(tmp_path)})
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    # The server listened while loading (/readyz said 503): its own log lines come first.
    lines = completed.stderr.strip().splitlines()
    start = next(i for i, line in enumerate(lines) if "not starting" in line)
    header = re.search(r"has (\d+) problem\(s\):$", lines[start])
    assert header is not None and int(header.group(1)) >= 2
    problems = lines[start + 1 : start + 1 + int(header.group(1))]
    assert all(re.match(r".*10-broken\.yaml:\d+:\d+: ", line) for line in problems)


def test_a_bad_setting_at_start_up_exits_with_the_variable_named() -> None:
    completed = _start({"ORGGRAPH_MAX_DEPTH": "deep"})
    assert completed.returncode == 2
    assert "ORGGRAPH_MAX_DEPTH must be a positive whole number" in completed.stderr
    assert "Traceback" not in completed.stderr
