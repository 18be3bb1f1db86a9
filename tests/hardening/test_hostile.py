"""Hostile requests against a real uvicorn process: each is refused (or answered) quickly, and
the health check keeps answering promptly during and after them.

The timings land in artifacts/hostile.txt (status and milliseconds per attack).
"""

from __future__ import annotations

import socket
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
import pytest

from tests.support import ARTIFACTS

GQL = "application/graphql-response+json"
SAN_JOSE = "RW50aXR5OnJlZ2lvbmFsLW9mZmljZS1zYW4tam9zZQ=="


@dataclass(frozen=True)
class Attack:
    name: str
    status: int
    words: str  # in the first error's message (or the body)
    json: Any = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "POST"
    params: dict[str, str] | None = None


def _nested(levels: int) -> str:
    return (
        "{ organization { "
        + "children { nodes { parent { " * levels
        + "name"
        + " } } }" * levels
        + " } }"
    )


def _fragment_bomb(levels: int) -> str:
    body = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return "{ ...F0 } " + body + f" fragment F{levels} on Query {{ dataVersion }}"


CYCLE = (
    "{ entities(first: 100) { nodes { parent { children(first: 100) { nodes {"
    " parent { children(first: 100) { nodes { name } } } } } } } } }"
)
INTROSPECTION_CYCLE = (
    "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
)
FIVE_MB = b'{"query": "' + b" " * 5_000_000 + b'{ x }"}'
ATTACKS = [
    Attack("depth: parent/children cycle 30 deep", 400, "maxDepth", {"query": _nested(10)}),
    Attack("cost: fan-out cycle within the depth limit", 400, "maxCost", {"query": CYCLE}),
    Attack("cost: exponential fragment spreads", 400, "maxCost", {"query": _fragment_bomb(30)}),
    Attack(
        "aliases: 40 aliased roots",
        400,
        "maxAliases",
        {"query": "{ " + " ".join(f"a{i}: organization {{ name }}" for i in range(40)) + " }"},
    ),
    Attack("tokens: 5,000 fields", 400, "maxTokens", {"query": "{ " + "dataVersion " * 5000 + "}"}),
    Attack("tokens: 15,000 comment lines", 400, "maxTokens", {"query": "#\n" * 15_000 + "{ x }"}),
    Attack(
        "introspection cycle",
        400,
        "introspection depth",
        {"query": INTROSPECTION_CYCLE},
    ),
    Attack(
        "directives: 60 repeated @skip",
        400,
        "can only be used once",
        {"query": "{ dataVersion " + "@skip(if: false) " * 60 + "}"},
    ),
    Attack(
        "nodes: 1,300 IDs with fan-out",
        400,
        "maxCost",
        {
            "query": "query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Entity {"
            " children(first: 100) { nodes { name } } } } }",
            "variables": {"ids": [SAN_JOSE] * 1300},
        },
    ),
    Attack("body: 5 MB document", 413, "maxBodyBytes", content=FIVE_MB),
    Attack("body: 5 MB, chunked", 413, "maxBodyBytes"),  # sent without Content-Length below
    Attack("variables: nested 5,000 deep", 400, "not valid JSON",
           content=b'{"query": "{ x }", "variables": {"a": ' + b"[" * 5000 + b"]" * 5000 + b"}}"),
    Attack("variables: 10,000 undeclared", 200, "dataVersion",
           {"query": "{ dataVersion }", "variables": {f"v{i}": i for i in range(5000)}}),
    Attack("variables: wrong type", 400, "Variable '$slug'",
           {"query": "query ($slug: String!) { entity(slug: $slug) { name } }",
            "variables": {"slug": {"$gt": ""}}}),
    Attack("search: 60 KB query string", 200, "search",
           {"query": "query ($q: String!) { search(query: $q, first: 100) { nodes { score } } }",
            "variables": {"q": "migration " * 6000}}),
    Attack("first: 1,000,000", 200, "exceeds the `first` limit",
           {"query": "{ entities(first: 1000000) { totalCount } }"}),
    Attack("malformed JSON", 400, "not valid JSON", content=b'{"query": "{ x }"'),
    Attack("non-UTF-8 body", 400, "not valid UTF-8", content=b'{"query": "{ \xc3\x28 }"}'),
    Attack("lone surrogate escape", 400, "not valid JSON", content=b'{"query": "\\ud800"}'),
    Attack("wrong content type", 415, "application/json", content=b'{"query": "{ x }"}',
           headers={"content-type": "text/plain"}),
    Attack("missing content type", 415, "no Content-Type", content=b'{"query": "{ x }"}',
           headers={"content-type": ""}),
    Attack("batch (JSON array)", 400, "must be a JSON object", [{"query": "{ dataVersion }"}]),
    Attack("unknown operationName", 400, "no operation named", {"query": "query A { dataVersion }",
                                                                  "operationName": "Nope"}),
    Attack("mutation", 400, "no mutations", {"query": "mutation { dataVersion }"}),
    Attack("subscription", 400, "no subscriptions", {"query": "subscription { dataVersion }"}),
    Attack("mutation over GET", 405, "Mutations cannot", method="GET",
           params={"query": "mutation { dataVersion }"}),
    Attack("GET with a body", 400, "must not have a body", content=b"{}", method="GET",
           params={"query": "{ dataVersion }"}),
    Attack("PUT", 405, "Use POST", {"query": "{ dataVersion }"}, method="PUT"),
]  # fmt: skip


def _send(client: httpx.Client, base: str, attack: Attack) -> httpx.Response:
    headers = {"accept": GQL, **attack.headers}
    kwargs: dict[str, Any] = {"headers": headers, "timeout": 30}
    if attack.name == "body: 5 MB, chunked":
        chunk = b" " * 65_536

        def chunks() -> Any:
            yield b'{"query": "'
            for _ in range(80):
                yield chunk
            yield b'{ x }"}'

        kwargs["content"] = chunks()
        headers["content-type"] = "application/json"
    elif attack.content is not None:
        kwargs["content"] = attack.content
        headers.setdefault("content-type", "application/json")
        if not headers["content-type"]:
            del headers["content-type"]
    elif attack.json is not None:
        kwargs["content"] = orjson.dumps(attack.json)
        headers["content-type"] = "application/json"
    return client.request(attack.method, f"{base}/graphql", params=attack.params, **kwargs)


@pytest.fixture(scope="module")
def client() -> Any:
    with httpx.Client(timeout=30) as shared:
        yield shared


def _health(base: str, client: httpx.Client | None = None) -> float:
    started = time.perf_counter()
    response = (client or httpx).get(f"{base}/healthz", timeout=10)
    assert response.status_code == 200
    return time.perf_counter() - started


TIMINGS: dict[str, str] = {}


@pytest.mark.parametrize("attack", [pytest.param(a, id=a.name) for a in ATTACKS])
def test_each_attack_is_answered_quickly_with_a_client_status(live_server, client, attack) -> None:
    started = time.perf_counter()
    response = _send(client, live_server, attack)
    elapsed = time.perf_counter() - started
    TIMINGS[attack.name] = f"{response.status_code} in {elapsed * 1000:.0f} ms"
    assert response.status_code == attack.status, response.text[:300]
    assert attack.words in response.text
    assert elapsed < 2.0  # typically well under 100 ms; generous for a loaded CI machine
    assert _health(live_server, client) < 0.5


def test_a_slow_body_is_cut_off(strict_server) -> None:
    """A client that announces a body and never sends it gets a 408 once the timeout passes."""
    host, port = urlsplit(strict_server).hostname, urlsplit(strict_server).port
    assert host and port
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"query": '
        )
        started = time.perf_counter()
        reply = connection.recv(4096)
        elapsed = time.perf_counter() - started
    TIMINGS["slow body (1 s timeout)"] = f"{reply.split()[1].decode()} in {elapsed * 1000:.0f} ms"
    assert reply.startswith(b"HTTP/1.1 408")
    assert 0.8 < elapsed < 5
    assert _health(strict_server) < 0.5


def test_a_long_query_string_is_refused_before_parsing(strict_server) -> None:
    started = time.perf_counter()
    response = httpx.get(f"{strict_server}/graphql", params={"query": "{ x }" + " " * 20_000})
    TIMINGS["query string over the cap"] = (
        f"{response.status_code} in {(time.perf_counter() - started) * 1000:.0f} ms"
    )
    assert response.status_code == 414 and "maxBodyBytes" in response.text


def test_health_answers_promptly_during_a_sustained_attack(live_server) -> None:
    stop = threading.Event()
    sent = [0]
    heavy = [a for a in ATTACKS if a.status == 400 and "max" in a.words]

    def attacker() -> None:
        with httpx.Client(timeout=30) as own:
            while not stop.is_set():
                for attack in heavy:
                    _send(own, live_server, attack)
                    sent[0] += 1

    threads = [threading.Thread(target=attacker) for _ in range(4)]
    for thread in threads:
        thread.start()
    latencies = []
    try:
        with httpx.Client(timeout=10) as checker:
            deadline = time.monotonic() + 4
            while time.monotonic() < deadline:
                latencies.append(_health(live_server, checker))
                time.sleep(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    worst, median = max(latencies), statistics.median(latencies)
    TIMINGS["healthz during 4 attackers"] = (
        f"{len(latencies)} checks, median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms, "
        f"{sent[0]} attack requests"
    )
    assert median < 0.25 and worst < 1.0
    body = httpx.post(f"{live_server}/graphql", json={"query": "{ organization { name } }"}).json()
    assert body["data"]["organization"]["name"].startswith("International Organization")


@pytest.fixture(scope="module", autouse=True)
def _write_the_timings() -> Iterator[None]:
    """After the module's tests: what each attack cost, for a reader (figures, not assertions)."""
    yield
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"{name}: {timing}" for name, timing in TIMINGS.items()]
    (ARTIFACTS / "hostile.txt").write_text("\n".join(lines) + "\n")
