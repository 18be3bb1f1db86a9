"""Item 5: only regular files are read, never with a blocking open, within a total size cap;
a reload that cannot finish in time fails, is logged and counted, and never blocks the next."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY

from graph.load.loader import load
from graph.synthetic.generate import write_organization
from schema.context import Context
from server.config import Config
from server.holder import GraphHolder
from server.reload import DataWatcher
from tests.support import REPO_ROOT, run_async, serve, server_log

MINIMAL = REPO_ROOT / "tests" / "fixtures" / "loader" / "minimal"


def _minimal(target: Path) -> Path:
    shutil.copytree(MINIMAL, target)
    return target


def _load_within(path: Path, seconds: float = 10, **kwargs: int) -> list[str]:
    """The problems of loading `path`, failing the test if the load does not end in time."""
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(load, path, **kwargs).result(timeout=seconds)
    assert result.graph is None
    return [str(error) for error in result.errors]


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    data = _minimal(tmp_path / "data")
    os.mkfifo(data / "30-pipe.yaml")
    problems = _load_within(data)
    assert any("30-pipe.yaml:1:1: cannot read the file: not a regular file (a FIFO)" in p
               for p in problems), problems  # fmt: skip


def test_a_symlink_to_dev_zero_is_refused(tmp_path: Path) -> None:
    data = _minimal(tmp_path / "data")
    (data / "30-zero.yaml").symlink_to("/dev/zero")
    problems = _load_within(data)
    assert any("not a regular file (a character device)" in p for p in problems), problems


def test_a_directory_named_like_a_data_file_is_refused(tmp_path: Path) -> None:
    data = _minimal(tmp_path / "data")
    (data / "30-dir.yaml").mkdir()
    assert any("not a regular file (a directory)" in p for p in _load_within(data))


def test_the_total_size_cap_refuses_before_reading(tmp_path: Path) -> None:
    data = _minimal(tmp_path / "data")
    total = sum(file.stat().st_size for file in data.glob("*.yaml"))
    problems = _load_within(data, max_bytes=total - 1)
    assert len(problems) == 1 and "ORGGRAPH_MAX_DATA_BYTES" in problems[0], problems
    assert load(data, max_bytes=total).graph is not None


def test_start_up_with_a_fifo_exits_with_the_problem_instead_of_hanging(tmp_path: Path) -> None:
    data = _minimal(tmp_path / "data")
    os.mkfifo(data / "30-pipe.yaml")
    completed = subprocess.run(
        [sys.executable, "-m", "server"],
        cwd=REPO_ROOT,
        env={**os.environ, "PORT": "1", "ORGGRAPH_DATA": str(data)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 1
    assert "30-pipe.yaml:1:1: cannot read the file: not a regular file (a FIFO)" in completed.stderr


def test_a_fifo_appearing_while_serving_does_not_wedge_reloads(tmp_path: Path) -> None:
    data = _minimal(tmp_path / "data")
    env = {
        "ORGGRAPH_DATA": str(data),
        "ORGGRAPH_RELOAD_INTERVAL": "0.2",
        "ORGGRAPH_RELOAD_SETTLE": "0.2",
    }
    log = "uvicorn-fifo.log"
    with serve(env, log) as (base, _):
        first = httpx.get(f"{base}/healthz").json()["dataVersion"]
        os.mkfifo(data / "30-pipe.yaml")
        deadline = time.monotonic() + 15
        while "not a regular file (a FIFO)" not in server_log(log):
            assert time.monotonic() < deadline, "the FIFO was never reported"
            time.sleep(0.1)
        health = httpx.get(f"{base}/healthz").json()
        assert health["dataVersion"] == first and health["stale"] is True
        (data / "30-pipe.yaml").unlink()
        path = data / "20-offices.yaml"
        path.write_text(path.read_text() + "# edited\n")
        while httpx.get(f"{base}/healthz").json()["dataVersion"] == first:
            assert time.monotonic() < deadline + 15, "the next reload never happened"
            time.sleep(0.1)
        assert httpx.get(f"{base}/healthz").json()["stale"] is False


def test_a_reload_that_takes_too_long_is_given_up_and_the_next_one_runs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    small = _minimal(tmp_path / "small")
    data = tmp_path / "data"
    write_organization(data, 3000)  # seconds to load here: far beyond the timeout below
    holder = GraphHolder(Context.for_graph(load(small).graph))  # type: ignore[arg-type]
    config = Config.from_env(
        {"ORGGRAPH_DATA": str(data), "ORGGRAPH_RELOAD_TIMEOUT": "0.05", "ORGGRAPH_CACHE": "0"}
    )
    watcher = DataWatcher(holder, config)
    served = holder.current
    counted = _reloads("timed_out"), _reloads("swapped")
    with caplog.at_level(logging.ERROR, logger="orggraph.reload"):
        assert run_async(watcher.reload("test")) is False
    assert _reloads("timed_out") == counted[0] + 1  # the metric counts what readiness counts
    assert REGISTRY.get_sample_value("orggraph_data_stale") == 1
    readiness = holder.readiness
    assert holder.current is served and readiness.reloads.timed_out == 1
    assert readiness.stale and "timed out" in (readiness.stale_reason() or "")
    assert "did not finish within 0.05 s (ORGGRAPH_RELOAD_TIMEOUT): given up" in caplog.text
    # The next reload does not wait for the abandoned one (still parsing in its thread).
    shutil.rmtree(data)
    shutil.copytree(small, data)
    (data / "20-offices.yaml").write_text((data / "20-offices.yaml").read_text() + "# new\n")
    quick = Config.from_env({"ORGGRAPH_DATA": str(data), "ORGGRAPH_CACHE": "0"})
    watcher.config = quick
    assert run_async(watcher.reload("test")) is True
    assert readiness.reloads.swapped == 1 and not readiness.stale
    assert _reloads("swapped") == counted[1] + 1
    assert REGISTRY.get_sample_value("orggraph_data_stale") == 0


def _reloads(outcome: str) -> float:
    value = REGISTRY.get_sample_value("orggraph_data_reloads_total", {"outcome": outcome})
    return value or 0.0
