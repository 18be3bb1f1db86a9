"""Load test: N clients for T seconds, mixing viewer pages, htmx fragments and API queries, while
the data is reloaded several times. Prints requests/s, latency percentiles, errors and 5xx.

    .venv/bin/python scripts/loadtest.py                       # 16 clients, 20 s, 4 reloads
    .venv/bin/python scripts/loadtest.py --clients 32 --duration 60 --reloads 10 --workers 2

By default it starts its own server (`python -m server`) on a free port, serving a copy of
data/ that it edits to trigger the reloads (a comment appended to a file: a new data version,
the same graph). With --url it loads a running server instead; add --data-dir to have it edit
that server's data (otherwise no reloads). Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

REPO_ROOT = Path(__file__).resolve().parent.parent
GQL = "application/graphql-response+json"
ENTITY_QUERY = """query Entity($slug: String!) {
  dataVersion
  entity(slug: $slug) { name kind parent { name } ancestors { name }
    children(first: 20) { totalCount nodes { slug name } } relations { type other { name } } }
}"""
LIST_QUERY = """{ dataVersion entities(kind: [UNIT], first: 20) { totalCount
  pageInfo { hasNextPage endCursor } nodes { slug name location { city } } } }"""
SEARCH_QUERY = """query Search($q: String!) { dataVersion
  search(query: $q, first: 10) {
    totalCount nodes { score subject { ... on Entity { slug name } } snippet { text } } } }"""
WORDS = ["migration", "office", "san jose", "legal", "health", "data", "regional", "migraton"]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    versions: set[str] = field(default_factory=set)
    mismatched: int = 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _request(slugs: list[str], rng: random.Random) -> tuple[str, str, str, dict[str, object]]:
    """(kind, method, path, options) of one request from the mix."""
    slug = rng.choice(slugs)
    word = rng.choice(WORDS)
    roll = rng.random()
    if roll < 0.10:
        return "page /", "GET", "/", {}
    if roll < 0.25:
        return "page /entity", "GET", f"/entity/{slug}", {}
    if roll < 0.32:
        return "page /tree", "GET", f"/tree?open={slug}", {}
    if roll < 0.37:
        return "page /chart", "GET", f"/chart/{slug}", {}
    if roll < 0.42:
        return "page /offices", "GET", "/offices", {}
    if roll < 0.50:
        return "htmx search", "GET", f"/search?q={quote(word)}", {"hx": True}
    if roll < 0.55:
        return "htmx tree level", "GET", f"/tree?open={slug}", {"hx": True}
    if roll < 0.72:
        body = {"query": ENTITY_QUERY, "variables": {"slug": slug}}
        return "api entity (POST)", "POST", "/graphql", {"json": body, "accept": GQL}
    if roll < 0.82:
        body = {"query": SEARCH_QUERY, "variables": {"q": word}}
        return "api search (POST)", "POST", "/graphql", {"json": body}
    if roll < 0.92:
        return "api list (GET)", "GET", f"/graphql?query={quote(LIST_QUERY)}", {"accept": GQL}
    return "healthz", "GET", "/healthz", {}


async def _client(
    base: str, slugs: list[str], stats: Stats, stop: float, seed: int, limit: asyncio.Semaphore
) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.monotonic() < stop:
            kind, method, path, options = _request(slugs, rng)
            headers = {"accept": str(options.get("accept", "*/*"))}
            if options.get("hx"):
                headers["HX-Request"] = "true"
            started = time.perf_counter()
            try:
                async with limit:
                    response = await client.request(
                        method, path, headers=headers, json=options.get("json")
                    )
            except httpx.HTTPError as error:
                stats.failures[f"{kind}: {type(error).__name__}"] += 1
                continue
            stats.latencies.append(time.perf_counter() - started)
            stats.kinds[kind] += 1
            stats.statuses[response.status_code] += 1
            version = response.headers.get("x-data-version", "")
            stats.versions.add(version)
            if response.status_code >= 400:
                stats.failures[f"{kind}: HTTP {response.status_code}"] += 1
            elif kind.startswith("api"):
                body = response.json()
                if body.get("errors"):
                    stats.failures[f"{kind}: {body['errors'][0]['message'][:80]}"] += 1
                elif body["data"]["dataVersion"] != version:
                    stats.mismatched += 1  # the header must name the data that answered


async def _reloader(data_dir: Path, base: str, reloads: int, duration: float) -> list[float]:
    """Edit the data `reloads` times, evenly spaced; return how long each took to be served."""
    delays: list[float] = []
    if not reloads:
        return delays
    target = sorted(data_dir.glob("*.yaml"))[-1]
    start = time.monotonic()
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        for k in range(1, reloads + 1):
            # Evenly spaced over the run, whatever each reload took.
            await asyncio.sleep(max(0.0, start + k * duration / (reloads + 1) - time.monotonic()))
            old = (await client.get("/healthz")).json()["dataVersion"]
            with target.open("a") as handle:
                handle.write(f"# load test edit {time.time_ns()}\n")
            started = time.monotonic()
            while time.monotonic() - started < 15:
                if (await client.get("/healthz")).json()["dataVersion"] != old:
                    delays.append(time.monotonic() - started)
                    break
                await asyncio.sleep(0.05)
    return delays


async def _run(args: argparse.Namespace, base: str, data_dir: Path | None) -> int:
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        page = await client.post(
            "/graphql", json={"query": "{ entities(first: 100) { nodes { slug } } }"}
        )
        slugs = [n["slug"] for n in page.json()["data"]["entities"]["nodes"]]
    stats = Stats()
    started = time.monotonic()
    stop = started + args.duration
    limit = asyncio.Semaphore(args.clients)
    tasks = [_client(base, slugs, stats, stop, seed, limit) for seed in range(args.clients)]
    reloads = args.reloads if data_dir is not None else 0
    reloading = asyncio.create_task(_reloader(data_dir or Path(), base, reloads, args.duration))
    await asyncio.gather(*tasks)
    delays = await reloading
    elapsed = time.monotonic() - started
    _report(args, stats, elapsed, delays)
    server_errors = sum(n for status, n in stats.statuses.items() if status >= 500)
    return 1 if stats.failures or server_errors or stats.mismatched else 0


def _report(args: argparse.Namespace, stats: Stats, elapsed: float, delays: list[float]) -> None:
    latencies = sorted(stats.latencies)
    count = len(latencies)

    def percentile(p: float) -> float:
        return latencies[min(count - 1, int(p / 100 * count))] * 1000 if count else 0.0

    server_errors = sum(n for status, n in stats.statuses.items() if status >= 500)
    print(f"clients {args.clients}, duration {elapsed:.1f} s, server workers {args.workers}")
    print(f"requests {count}, {count / elapsed:.0f} requests/s")
    print(
        f"latency ms: p50 {percentile(50):.1f}, p90 {percentile(90):.1f}, "
        f"p99 {percentile(99):.1f}, "
        f"max {latencies[-1] * 1000 if count else 0:.1f}, mean "
        f"{statistics.fmean(latencies) * 1000 if count else 0:.1f}"
    )
    print(
        f"errors {sum(stats.failures.values())}, 5xx {server_errors}, "
        f"version header mismatches {stats.mismatched}"
    )
    shown = ", ".join(f"{d:.2f}" for d in delays)
    print(
        f"reloads {len(delays)}/{args.reloads} (seconds until served: {shown or '-'}); "
        f"data versions seen {len(stats.versions)}"
    )
    print("statuses " + ", ".join(f"{s}: {n}" for s, n in sorted(stats.statuses.items())))
    print("mix " + ", ".join(f"{k}: {n}" for k, n in sorted(stats.kinds.items())))
    for failure, n in stats.failures.most_common(10):
        print(f"  FAILED {n}x {failure}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (16)")
    parser.add_argument("--duration", type=float, default=20, help="seconds (20)")
    parser.add_argument("--reloads", type=int, default=4, help="data reloads during the run (4)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (1)")
    parser.add_argument("--url", help="load a running server instead of starting one")
    parser.add_argument("--data-dir", type=Path, help="with --url: that server's data, to edit")
    args = parser.parse_args()
    if args.url:
        return asyncio.run(_run(args, args.url.rstrip("/"), args.data_dir))
    with tempfile.TemporaryDirectory(prefix="orggraph-load-") as scratch:
        data_dir = Path(scratch) / "data"
        data_dir.mkdir()
        for source in (REPO_ROOT / "data").glob("*.yaml"):
            shutil.copy(source, data_dir / source.name)
        port = _free_port()
        env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "ORGGRAPH_DATA": str(data_dir),
            "ORGGRAPH_RELOAD_INTERVAL": "0.5",
            "WEB_CONCURRENCY": str(args.workers),
            "ORGGRAPH_METRICS_PORT": str(_free_port()),
        }
        log = Path(scratch) / "server.log"
        with log.open("wb") as sink:
            server = subprocess.Popen(
                [sys.executable, "-m", "server"], cwd=REPO_ROOT, env=env, stdout=sink, stderr=sink
            )
            try:
                base = f"http://127.0.0.1:{port}"
                deadline = time.monotonic() + 30
                while True:
                    try:
                        if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                            break
                    except httpx.TransportError:
                        if server.poll() is not None or time.monotonic() > deadline:
                            print(log.read_text(), file=sys.stderr)
                            return 2
                        time.sleep(0.1)
                status = asyncio.run(_run(args, base, data_dir))
            finally:
                server.terminate()
                server.wait(timeout=10)
        errors = [line for line in log.read_text().splitlines() if " ERROR " in line]
        for line in errors[:10]:
            print(f"  SERVER LOG: {line}")
        return status or (1 if errors else 0)


if __name__ == "__main__":
    sys.exit(main())
