"""Item 3: connection-level limits (server/protocol.py) on a real uvicorn process: idle and
header timeouts, 431 and 414 before the rest is read, a cap on connections that keeps new
clients served, bounded memory, and our headers on every status this layer sends."""

from __future__ import annotations

import resource
import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.support import serve

CAP = 60


@pytest.fixture(scope="module")
def guarded() -> Iterator[tuple[int, int]]:
    env = {
        "ORGGRAPH_HEADER_TIMEOUT": "1.5",
        "ORGGRAPH_KEEPALIVE_TIMEOUT": "1",
        "ORGGRAPH_MAX_CONNECTIONS": str(CAP),
        "ORGGRAPH_RELOAD_INTERVAL": "0",
    }
    with serve(env, "uvicorn-connections.log") as (base, process):
        port = urlsplit(base).port
        assert port is not None
        yield port, process.pid


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def _reply(sock: socket.socket, wait: float = 10) -> bytes:
    sock.settimeout(wait)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return data


def _closed_within(sock: socket.socket, seconds: float) -> tuple[bool, bytes, float]:
    started = time.monotonic()
    data = _reply(sock, seconds)
    return time.monotonic() - started < seconds, data, time.monotonic() - started


def _headers(reply: bytes) -> dict[str, str]:
    head = reply.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    return {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in head)}


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_an_idle_connection_is_closed_before_its_first_request(guarded) -> None:
    port, _ = guarded
    with _connect(port) as sock:
        closed, data, took = _closed_within(sock, 5)
    assert closed and data == b"" and took >= 0.5


def test_headers_that_never_end_get_408_and_a_close(guarded) -> None:
    port, _ = guarded
    with _connect(port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        for _ in range(30):  # a header byte every 0.2 s, until the server answers
            readable, _, _ = select.select([sock], [], [], 0.2)
            if readable:
                break
            sock.sendall(b"X")
        data = _reply(sock, 5)
    assert data.startswith(b"HTTP/1.1 408 "), data[:100]
    assert _headers(data)["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        pytest.param(
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 65536 + b"\r\n\r\n",
            b"431",
            id="64KB-header",
        ),
        pytest.param(
            b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Many: b\r\n" * 2000 + b"\r\n",
            b"431",
            id="many-headers",
        ),
        pytest.param(
            b"GET /graphql?query=" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
            b"414",
            id="70KB-URL",
        ),
        pytest.param(b"GET /x HTTP/1.1\r\nBad Header\r\n\r\n", b"400", id="malformed"),
    ],
)
def test_refusals_of_the_protocol_layer_carry_our_headers(guarded, request_bytes, status) -> None:
    port, _ = guarded
    with _connect(port) as sock:
        sock.sendall(request_bytes)
        data = _reply(sock)
    assert data.startswith(b"HTTP/1.1 " + status), data[:100]
    headers = _headers(data)
    for name in ("content-security-policy", "x-frame-options", "referrer-policy"):
        assert name in headers
    assert headers["connection"] == "close" and headers["cache-control"] == "no-store"
    body = data.split(b"\r\n\r\n", 1)[1]
    assert b'"errors"' in body and b'"code"' in body


def test_a_header_within_the_limit_is_served(guarded) -> None:
    port, _ = guarded
    response = httpx.get(f"http://127.0.0.1:{port}/healthz", headers={"X-Ok": "a" * 8000})
    assert response.status_code == 200


def test_more_idle_connections_than_the_cap_do_not_lock_out_new_clients(guarded) -> None:
    port, pid = guarded
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1024:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))
    idle = [_connect(port) for _ in range(CAP * 2)]
    try:
        for _ in range(5):
            response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            assert response.status_code == 200
        held = sum(1 for fd in Path(f"/proc/{pid}/fd").iterdir() if "socket" in str(fd.readlink()))
        assert held <= CAP + 5  # the listening socket and a few being closed
    finally:
        for sock in idle:
            sock.close()


def test_huge_headers_do_not_grow_memory(guarded) -> None:
    port, pid = guarded
    before = _rss_kib(pid)
    for _ in range(4):  # 32 MB each, as in the attack report
        with _connect(port) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ")
            try:
                for _ in range(512):
                    sock.sendall(b"a" * 65536)
            except OSError:
                pass  # refused and closed early
            data = _reply(sock, 5)
        assert data.startswith(b"HTTP/1.1 431 ")
    assert _rss_kib(pid) - before < 30 * 1024  # was +190 MB
    assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
