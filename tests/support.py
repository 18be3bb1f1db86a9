"""Test helpers shared across packages: a real server process, an in-process client, data copies.

Plain functions and classes (not fixtures) so that any test module can import them; the fixtures
built on them live in the conftest files.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
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

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "artifacts"

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serve(
    env: Mapping[str, str], log_name: str, probe: str = "/readyz"
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`python -m server` (the production entry point) with `env` added, on a free port of
    127.0.0.1; yields (base URL, process) once `probe` answers 200 (`/readyz`: the data is
    loaded; `/healthz`: the process listens), and stops it afterwards."""
    port = free_port()
    full_env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "ORGGRAPH_METRICS_PORT": str(free_port()),
    }
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
            # With one worker the port opens before the data is loaded.
            wait_for_answer(process, f"{base}{probe}", 30, log)
            yield base, process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for_answer(process: subprocess.Popen[bytes], url: str, seconds: float, log: Path) -> None:
    """Return once `url` answers 200; fail if the server exits first or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode} (see {log})")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{url} did not answer 200 within {seconds:g} s (see {log})")
        time.sleep(0.1)


def server_log(name: str) -> str:
    return (ARTIFACTS / name).read_text(errors="replace")


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

    def head(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("HEAD", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def options(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("OPTIONS", url, **kwargs)


def copy_data(target: Path) -> Path:
    """A writable copy of the real data directory (YAML files only)."""
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted((REPO_ROOT / "data").glob("*.yaml")):
        (target / source.name).write_bytes(source.read_bytes())
    return target
