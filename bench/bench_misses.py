"""Issue 15: response-cache misses over HTTP at 100,000 synthetic entities, side by side with
hits on the same server and with Strawberry's own ASGI view on the same schema and data.

    .venv/bin/python -m bench.bench_misses [--entities 100000] [--duration 5] [--rounds 2]

Both servers run at once, one worker each, on the same generated data (loaded through one
parsed-data cache): `python -m server` with its response cache on, and bench/peer_app.py
(`strawberry.asgi.GraphQL` on `api.root.schema`). The query is viewer/operations/EntityPage.graphql
(the entity, ancestors, parent, supervision, location, up to 100 children, relations).

- misses: each request names a slug not asked before on that server (a shuffled list of every
  entity, each run starting where the last stopped), so every one executes;
- hits: one request repeated (served from the response cache);
- `/healthz` p99: a client asks every 10 ms while the miss load runs.

Load comes from wrk (16 connections, one thread); cases run in interleaved rounds and the best
round of each is reported. Figures are printed, never asserted (docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.bench_http import Case, Load, run_load, server
from bench.common import REPO, percentile, table
from graph.synthetic.files import write_files
from graph.synthetic.generate import generate

QUERY = (REPO / "viewer" / "operations" / "EntityPage.graphql").read_text(encoding="utf-8")
GOAL_PEER = 2.0  # misses / Strawberry's view
GOAL_HITS = 0.35  # misses / hits
GOAL_HEALTHZ_MS = 50.0


def write_data(folder: Path, entities: int) -> list[str]:
    """The synthetic organization's files; returns every entity's slug."""
    files = generate(entities, seed=1)
    write_files(folder, files)
    return [str(r["id"]) for sections in files.values() for r in sections.get("entities", [])]


def body(slug: str) -> bytes:
    return json.dumps(
        {"query": QUERY, "operationName": "EntityPage", "variables": {"slug": slug}}
    ).encode()


@dataclass
class Slugs:
    """Slugs never asked of one server: a shuffled list, consumed run by run."""

    file: Path
    count: int
    used: int = 0

    def case(self, label: str) -> Case:
        prefix = json.dumps({"query": QUERY, "operationName": "EntityPage"})[:-1]
        head = prefix + ', "variables": {"slug": "'
        script = f"""
local slugs = {{}}
for line in io.lines("{self.file}") do slugs[#slugs + 1] = line end
local i = {self.used}
local head = [==[{head}]==]
local headers = {{["Content-Type"] = "application/json"}}
request = function()
  i = i + 1
  return wrk.format("POST", "/graphql", headers, head .. slugs[(i % #slugs) + 1] .. '"}}}}')
end
"""
        return Case(label, "POST", "/graphql", script=script)


def probe(base: str, stop: threading.Event, times: list[float]) -> None:
    with httpx.Client(timeout=10) as client:
        while not stop.is_set():
            started = time.perf_counter()
            client.get(f"{base}/healthz")
            times.append(time.perf_counter() - started)
            stop.wait(0.01)


def miss_run(
    base: str, pid: int, slugs: Slugs, label: str, duration: float, connections: int
) -> tuple[Load, float]:
    """One miss load with the /healthz probe beside it: (load, /healthz p99 in ms)."""
    stop, times = threading.Event(), []  # type: ignore[var-annotated]
    thread = threading.Thread(target=probe, args=(base, stop, times))
    thread.start()
    try:
        load = run_load(base, pid, slugs.case(label), duration, connections)
    finally:
        stop.set()
        thread.join()
    slugs.used += load.requests
    return load, percentile(times, 0.99) * 1e3 if times else float("nan")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="orggraph-bench-misses-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        all_slugs = write_data(folder / "data", args.entities)
        generated = time.perf_counter() - started
        random.Random(1).shuffle(all_slugs)
        lists = {}
        for name, offset in (("orggraph", 0), ("peer", len(all_slugs) // 2)):
            file = folder / f"slugs-{name}.txt"
            file.write_text("\n".join(all_slugs[offset:] + all_slugs[:offset]) + "\n")
            lists[name] = Slugs(file, len(all_slugs))
        env = {"ORGGRAPH_DATA": str(folder / "data"), "ORGGRAPH_CACHE_DIR": str(folder / "cache")}
        with server(env, folder / "server.log") as (base, pid):  # fills the parsed-data cache
            with server(env, folder / "peer.log", module="bench.peer_app") as (peer, peer_pid):
                return _measure(args, generated, all_slugs, lists, (base, pid), (peer, peer_pid))


def _measure(
    args: argparse.Namespace,
    generated: float,
    all_slugs: list[str],
    lists: dict[str, Slugs],
    ours: tuple[str, int],
    peer: tuple[str, int],
) -> dict[str, Any]:
    (base, pid), (peer_base, peer_pid) = ours, peer
    check = all_slugs[-1]
    for _ in range(3):  # a first request on a busy machine may run out of its time budget
        mine = httpx.post(f"{base}/graphql", content=body(check), headers=_json()).json()
        theirs = httpx.post(f"{peer_base}/graphql", content=body(check), headers=_json()).json()
        if mine.get("data") and theirs.get("data"):
            break
    assert mine.get("data") and mine["data"] == theirs.get("data"), (mine, theirs)
    hit_case = Case("orggraph: the same request repeated (hit)", "POST", "/graphql", body(check))
    labels = {
        "miss": "orggraph: a new slug each request (miss)",
        "hit": hit_case.label,
        "peer": "Strawberry's own ASGI view: a new slug each request",
    }
    best: dict[str, Load] = {}
    healthz: list[float] = []
    for _ in range(args.rounds):
        load, p99 = miss_run(
            base, pid, lists["orggraph"], labels["miss"], args.duration, args.connections
        )
        healthz.append(p99)
        runs = {
            "miss": load,
            "hit": run_load(base, pid, hit_case, args.duration, args.connections),
            "peer": miss_run(
                peer_base, peer_pid, lists["peer"], labels["peer"], args.duration, args.connections
            )[0],
        }
        for key, run in runs.items():
            if key not in best or run.rate > best[key].rate:
                best[key] = run
    _report(args, generated, best, labels, healthz, lists)
    return {key: load.rate for key, load in best.items()} | {"healthz_p99_ms": min(healthz)}


def _json() -> dict[str, str]:
    return {"Content-Type": "application/json"}


def _report(
    args: argparse.Namespace,
    generated: float,
    best: dict[str, Load],
    labels: dict[str, str],
    healthz: list[float],
    lists: dict[str, Slugs],
) -> None:
    miss, hit, peer = best["miss"].rate, best["hit"].rate, best["peer"].rate
    rows = [
        [
            labels[key],
            f"{load.rate:,.0f}",
            f"{load.p50_ms:.2f}",
            f"{load.p99_ms:.2f}",
            f"{load.cpu_us:.0f}",
            load.errors,
        ]
        for key, load in best.items()
    ]
    print(f"## Over HTTP at {args.entities:,} synthetic entities: misses, hits, the peer")
    print()
    print(
        f"EntityPage.graphql, wrk -t1 -c{args.connections}, best of {args.rounds} interleaved "
        f"rounds of {args.duration:g} s; data generated in {generated:.0f} s. Slugs asked: "
        f"{lists['orggraph'].used:,} of {lists['orggraph'].count:,} (no repeats while fewer)."
    )
    print()
    print(
        table(["case", "requests/s", "p50 ms", "p99 ms", "server CPU µs/request", "errors"], rows)
    )
    print()
    worst = max(healthz)
    goals = [
        ("misses / Strawberry's view", miss / peer, f">= {GOAL_PEER}x", miss / peer >= GOAL_PEER),
        ("misses / hits (same server)", miss / hit, f">= {GOAL_HITS}x", miss / hit >= GOAL_HITS),
    ]
    for label, value, goal, met in goals:
        print(f"- {label}: {value:.2f}x (goal {goal}: {'met' if met else 'not met'})")
    verdict = "met" if worst <= GOAL_HEALTHZ_MS else "not met"
    rounds = ", ".join(f"{p:.1f}" for p in healthz)
    print(
        f"- /healthz p99 during the miss load: {worst:.1f} ms, worst of the rounds ({rounds}) "
        f"(goal <= {GOAL_HEALTHZ_MS:g} ms: {verdict})"
    )
    print()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
