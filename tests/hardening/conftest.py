"""Hardening fixtures: real uvicorn processes with chosen settings, and an in-process client.

`serve(env)` starts `python -m server` (the production entry point) on a free port and yields its
base URL; tests that need a short body timeout, a fast reload interval or their own data
directory start their own. The shared `live_server` (tests/conftest.py) runs the real data.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import ARTIFACTS, REPO_ROOT, _free_port

T = TypeVar("T")


@contextmanager
def serve(env: Mapping[str, str], log_name: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`python -m server` with `env` added; yields (base URL, process)."""
    port = _free_port()
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", "HOST": "127.0.0.1", "PORT": str(port)}
    full_env.pop("ORGGRAPH_DATA", None)
    full_env.update(env)
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / log_name
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "server"],
            cwd=REPO_ROOT,
            env=full_env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    pytest.fail(f"the server exited with {process.returncode} (see {log})")
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("the server did not answer /healthz within 30 s")
                time.sleep(0.1)
            yield base, process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def server_log(name: str) -> str:
    return (ARTIFACTS / name).read_text(errors="replace")


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


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` in a thread of its own: the session's Playwright browser keeps an event
    loop running in the main thread once a browser test has started it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Client:
    """Synchronous calls into an ASGI app through httpx (Starlette's TestClient wants httpx2)."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                return await client.request(method, url, **kwargs)

        return run_async(send())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


def copy_data(target: Path) -> Path:
    """A writable copy of the real data directory (YAML files only)."""
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted((REPO_ROOT / "data").glob("*.yaml")):
        (target / source.name).write_bytes(source.read_bytes())
    return target
