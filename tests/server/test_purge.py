"""Surrogate keys on cacheable responses, and the bans replicas send (server/purge.py), against
a real HTTP listener on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from server.app import create_app
from server.config import Config
from server.purge import KEEP_HEADER, Purger, send_ban, surrogate_keys
from tests.support import Client

SMALL = '{ entity(slug: "media") { name } }'


class Listener:
    """Records each BAN it receives; answers `status`."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.bans: list[tuple[str, str | None]] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_BAN(self) -> None:
                listener.bans.append((self.path, self.headers.get(KEEP_HEADER)))
                self.send_response(listener.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 10
        while len(self.bans) < count:
            assert time.monotonic() < deadline, f"only {self.bans} arrived"
            time.sleep(0.02)


@pytest.fixture
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.close()


def test_cacheable_responses_carry_the_surrogate_key_of_their_version(sample_context) -> None:
    client = Client(create_app(Config.from_env({}), context=sample_context))
    key = surrogate_keys(sample_context.graph.version)
    assert key == f"orggraph data-{sample_context.graph.version}"
    get = client.get("/graphql", params={"query": SMALL})
    page = client.get("/entity/hq")
    revalidated = client.get("/entity/hq", headers={"If-None-Match": page.headers["etag"]})
    assert revalidated.status_code == 304
    for response in (get, page, revalidated):
        assert response.headers["surrogate-key"] == key
        assert "max-age=60" in response.headers["cdn-cache-control"]
    # Nothing a shared cache must not store gets one.
    post = client.post("/graphql", json={"query": SMALL})
    error = client.get("/graphql", params={"query": "{ nope }"})
    health = client.get("/healthz")
    for response in (post, error, health):
        assert "surrogate-key" not in response.headers
        assert "cdn-cache-control" not in response.headers


def test_send_ban_keeps_only_the_named_version(listener) -> None:
    assert send_ban(listener.url, "abc123", delays=())
    assert listener.bans == [("/", "data-abc123")]


def test_send_ban_gives_up_on_a_refusal_and_retries_an_absent_cache(caplog) -> None:
    refusing = Listener(status=403)
    try:
        assert not send_ban(refusing.url, "v1", delays=(0.01, 0.01))
        assert len(refusing.bans) == 1  # a 4xx is not retried
    finally:
        refusing.close()
    assert not send_ban("http://127.0.0.1:9/", "v1", delays=(0.01, 0.01))
    assert "ban for data version v1 failed" in caplog.text


def test_a_swap_bans_every_other_version_at_each_cache(sample_context, listener) -> None:
    second = Listener()
    try:
        config = Config.from_env({"ORGGRAPH_PURGE_URL": f"{listener.url},{second.url}"})
        app = create_app(config, context=sample_context)
        graph = dataclasses.replace(sample_context.graph, version="sample-2")
        app.state.graph_holder.swap(dataclasses.replace(sample_context, graph=graph))
        listener.wait_for(1)
        second.wait_for(1)
        assert listener.bans == second.bans == [("/", "data-sample-2")]
    finally:
        second.close()


def test_no_purge_url_sends_nothing() -> None:
    purger = Purger(())
    purger.announce("v1")
    assert purger._thread is None
