"""Items 4 and 7: redirects stay on this origin, exports never build URLs from `Host`,
`If-None-Match: *` matches only a representation that exists, and every response the app
sends carries the security headers (the protocol layer's own:
tests/hardening/test_connections.py)."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import httpx
import pytest

from schema.context import Context
from server.app import create_app
from server.config import Config
from tests.support import Client

SECURITY = ("content-security-policy", "x-content-type-options", "x-frame-options")


def _raw_get(base: str, target: bytes) -> tuple[bytes, dict[str, str]]:
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in head[1:])}
    return head[0].encode(), headers


@pytest.mark.parametrize(
    ("target", "location"),
    [
        (b"//evil.example/", "/evil.example"),
        (b"/%2F%2Fevil.example/", "/evil.example"),
        (b"///evil.example//", "/evil.example"),
        (b"/\\evil.example/", "/evil.example"),
        (b"/%5C%5Cevil.example/", "/evil.example"),
        (b"/%2F%5Cevil.example/", "/evil.example"),
        (b"/tree/?open=hq", "/tree?open=hq"),
        (b"/a%20b/", "/a%20b"),
    ],
)
def test_the_trailing_slash_redirect_stays_on_this_origin(strict_server, target, location) -> None:
    status, headers = _raw_get(strict_server, target)
    assert status.startswith(b"HTTP/1.1 308 ")
    assert headers["location"] == location
    assert urlsplit(headers["location"]).netloc == ""
    assert all(name in headers for name in SECURITY)


@pytest.fixture(scope="module")
def client(sample_context: Context) -> Client:
    return Client(create_app(Config.from_env({}), context=sample_context))


def test_exports_are_listed_by_relative_url_whatever_the_host(client) -> None:
    listing = client.get("/exports", headers={"Host": "evil.example"}).json()
    assert listing and all(entry["url"] == f"/exports/{name}" for name, entry in listing.items())


def test_exports_use_the_configured_public_url(sample_context) -> None:
    config = Config.from_env({"ORGGRAPH_PUBLIC_URL": "https://org.example/graph/"})
    listing = Client(create_app(config, context=sample_context)).get(
        "/exports", headers={"Host": "evil.example"}
    )
    urls = [entry["url"] for entry in listing.json().values()]
    assert urls and all(url.startswith("https://org.example/graph/exports/") for url in urls)


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/graphql?query=%7B", 400),  # a syntax error
        ("GET", "/graphql?query=mutation%20%7B%20x%20%7D", 405),
        ("GET", "/graphql?query=%7B%20noSuchField%20%7D", 400),
        ("GET", "/entity/no-such-entity", 404),
        ("GET", "/no/such/page", 404),
        ("PUT", "/graphql", 405),
    ],
)
def test_if_none_match_star_never_turns_an_error_into_a_304(client, method, url, status) -> None:
    headers = {"If-None-Match": "*", "Accept": "application/graphql-response+json"}
    response = client.request(method, url, headers=headers)
    assert response.status_code == status
    assert "etag" not in response.headers
    assert all(name in response.headers for name in SECURITY)


def test_if_none_match_star_matches_a_representation_that_exists(client) -> None:
    for url in ("/graphql?query=%7B%20dataVersion%20%7D", "/", "/exports/csv"):
        assert client.get(url).status_code == 200
        response = client.get(url, headers={"If-None-Match": "*"})
        assert response.status_code == 304, url
        assert "etag" in response.headers


def test_a_busy_viewer_is_a_503_with_our_headers(sample_context) -> None:
    config = Config.from_env({"ORGGRAPH_EXEC_THREADS": "1", "ORGGRAPH_EXEC_QUEUE": "0"})
    app = create_app(config, context=sample_context)
    pool = app.state.work_pool
    blocker = pool._executor.submit(lambda: __import__("time").sleep(1))
    pool._busy += 1  # one job holds the only place
    try:
        response = Client(app).get("/entity/hq")
    finally:
        pool._busy -= 1
        blocker.result()
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert all(name in response.headers for name in SECURITY)


def test_the_live_server_lists_exports_relative(strict_server) -> None:
    listing = httpx.get(f"{strict_server}/exports", headers={"Host": "evil.example"}).json()
    assert all(entry["url"].startswith("/exports/") for entry in listing.values())
