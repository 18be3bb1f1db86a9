"""Issue item 4: a viewer entity page, response cache hit and miss.

    .venv/bin/python -m bench.bench_viewer [--repeat 200] [--duration 5] [--rounds 2]

In process: the whole ASGI app (middleware, routing, the page's GraphQL operation, Jinja2
rendering) called directly, no HTTP, on the embedded IOM data; the miss runs on an app with
ORGGRAPH_RESPONSE_CACHE_BYTES=0, which is what every first request for a page costs. Cases are
interleaved (bench.common.compare) and the ratio is against the miss of the same run. Then over
HTTP on 127.0.0.1 with one worker, as bench/bench_http.py runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.bench_http import HEADER, Case, fetch, interleaved, rows, server
from bench.common import REPO, compare, ms, table
from graph.load.loader import load_graph
from schema.context import Context
from server.app import create_app
from server.config import Config

SLUG = "department-of-operations-and-emergencies"
PATH = f"/entity/{SLUG}"
HX = [(b"hx-request", b"true")]


Headers = list[tuple[bytes, bytes]]


def asgi_get(
    app: Any, loop: asyncio.AbstractEventLoop, path: str, headers: Headers
) -> tuple[Headers, bytes]:
    """GET `path` through the ASGI app: response headers and body (the status is 200 or 304)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"bench"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    loop.run_until_complete(app(scope, receive, send))
    assert sent[0]["status"] in (200, 304), sent[0]
    return sent[0]["headers"], b"".join(m.get("body", b"") for m in sent[1:])


def in_process(repeat: int) -> list[list[object]]:
    context = Context.for_graph(load_graph(REPO / "data"))
    cached = create_app(Config.from_env({}), context=context)
    uncached = create_app(Config.from_env({"ORGGRAPH_RESPONSE_CACHE_BYTES": "0"}), context=context)
    loop = asyncio.new_event_loop()
    headers, page = asgi_get(cached, loop, PATH, [])
    etag = dict(headers)[b"etag"]  # the tag a browser sends back

    def case(app: Any, headers: Headers) -> Callable[[], tuple[Headers, bytes]]:
        return lambda: asgi_get(app, loop, PATH, headers)

    assert case(uncached, [])()[1] == page
    gzip = [(b"accept-encoding", b"gzip")]
    misses = {
        "full page, miss (response cache off)": case(uncached, []),
        "htmx fragment, miss (response cache off)": case(uncached, HX),
    }
    hits = {
        "full page, hit": case(cached, []),
        "full page, hit, gzip": case(cached, gzip),
        "full page, revalidated: 304": case(cached, [(b"if-none-match", etag)]),
        "htmx fragment, hit": case(cached, HX),
    }
    # Two groups, each interleaved: a hit timed right after a miss (which renders in the thread
    # pool) pays for the thread switch and the caches the miss evicted.
    stats = {**compare(misses, repeat), **compare(hits, repeat * 5)}
    loop.close()
    table_rows: list[list[object]] = []
    for label, result in stats.items():
        baseline = stats[
            "htmx fragment, miss (response cache off)"
            if label.startswith("htmx")
            else "full page, miss (response cache off)"
        ]
        table_rows.append(
            [
                label,
                ms(result.p50),
                ms(result.p99),
                f"{result.faults_per_call:.1f}",
                f"{result.p50 / baseline.p50:.3f}x",
                f"{baseline.p50 / result.p50:.0f}x faster" if result is not baseline else "",
            ]
        )
    print(
        f"In process, {SLUG} ({len(page):,} bytes of HTML); misses interleaved ({repeat} "
        f"calls each), then hits interleaved ({repeat * 5} each):"
    )
    print()
    return table_rows


def over_http(duration: float, rounds: int, connections: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    hit = Case("full page, hit", "GET", PATH)
    hit_hx = Case("htmx fragment, hit", "GET", PATH, headers={"HX-Request": "true"})
    miss = Case("full page, miss (response cache off)", "GET", PATH)
    miss_hx = Case(
        "htmx fragment, miss (response cache off)", "GET", PATH, headers={"HX-Request": "true"}
    )
    with tempfile.TemporaryDirectory(prefix="orggraph-bench-viewer-") as tmp:
        off = {"ORGGRAPH_RESPONSE_CACHE_BYTES": "0"}
        with server(off, Path(tmp) / "server-off.log") as (base, pid):
            expected = fetch(base, miss).content
            results.update(interleaved(base, pid, [miss, miss_hx], duration, rounds, connections))
        with server({}, Path(tmp) / "server.log") as (base, pid):
            assert fetch(base, hit).content == expected
            results.update(interleaved(base, pid, [hit, hit_hx], duration, rounds, connections))
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per HTTP run")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args(argv)
    print("## A viewer entity page, response cache hit and miss (item 4)")
    print()
    header = ["case", "p50 ms", "p99 ms", "minflt/call", "time vs miss", "speed-up"]
    print(table(header, in_process(args.repeat)))
    print()
    http = over_http(args.duration, args.rounds, args.connections)
    print(
        f"Over HTTP, one worker, {args.connections} connections, best of {args.rounds} rounds "
        f"of {args.duration:g} s; ratio against the full page's miss:"
    )
    print()
    print(table(HEADER, rows(http, "full page, miss (response cache off)")))
    print()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
