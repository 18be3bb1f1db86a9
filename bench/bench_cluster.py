"""deploy/cluster with 2 replicas behind Varnish: throughput through the cache and per replica,
the cache's hit figures, and the bound from a data edit to the first new answer through it.

    .venv/bin/python -m bench.bench_cluster            # ~1.5 minutes; wrk (Debian) required

Every load targets 127.0.0.1 and is bounded (wrk -t1, 32 connections, a few seconds per case).
Cases:

- cache hit: one GraphQL GET repeated, answered by Varnish;
- replica, app cache hit: the same GET sent to one replica directly (its response cache);
- misses: GETs whose URL never repeats (a variable counts up; the work is the same for each), so
  neither Varnish nor the replicas' response caches can answer: through the cache (both
  replicas work) and to one replica directly.

The edit bound: with the default settings (polling every 2 s), a data file is edited, then one
URL is polled through the cache every 20 ms until the new data version answers ("first new
answer"); the time at which both replicas have banned the old version (their log lines, read
from the cluster's output) is when no old answer is left anywhere ("all new").
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.common import table

REPO_ROOT = Path(__file__).resolve().parent.parent
CLUSTER = REPO_ROOT / "deploy" / "cluster"
HIT_QUERY = '{ entity(slug: "donor-relations-division") { name kind childCount parent { name } } }'
MISS_QUERY = (
    "query ($slug: String!) { entities(first: 20) { totalCount nodes { slug name kind "
    "parent { name } } } entity(slug: $slug) { name } }"
)
POLL_QUERY = "{ dataVersion }"
BAN_LINE = re.compile(r"^\[replica (\d+)\] .*not of data version (\w+)")


@dataclass
class Run:
    url: str
    replicas: list[str] = field(default_factory=list)
    varnish_dir: str = ""
    bans: list[tuple[float, int, str]] = field(default_factory=list)  # (monotonic, replica, v)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def cluster(data: Path, env: dict[str, str]) -> Iterator[Run]:
    port = _free_port()
    process = subprocess.Popen(
        [str(CLUSTER), str(port), "2", str(data)],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    run = Run(f"http://127.0.0.1:{port}")
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if match := re.match(r"^replica \d+: (http://\S+) pid", line):
                run.replicas.append(match[1])
            elif match := re.match(r"^varnish: -n (\S+) pid", line):
                run.varnish_dir = match[1]
            elif line.startswith("ready: "):
                ready.set()
            elif match := BAN_LINE.match(line):
                run.bans.append((time.monotonic(), int(match[1]), match[2]))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not ready.wait(90):
            raise RuntimeError("deploy/cluster did not become ready")
        deadline = time.monotonic() + 30
        while len(run.bans) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        yield run
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        reader.join(timeout=5)
        if process.stdout is not None:
            process.stdout.close()


def varnishstat(run: Run) -> dict[str, int]:
    names = ("MAIN.cache_hit", "MAIN.cache_miss", "MAIN.cache_hitpass", "MAIN.backend_req")
    out = subprocess.run(
        ["varnishstat", "-n", run.varnish_dir, "-1", *(f"-f{n}" for n in names)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line.split()[0]: int(line.split()[1]) for line in out.splitlines() if line.strip()}


def wrk(base: str, lua: str, duration: float, connections: int = 32) -> tuple[float, float, int]:
    """(requests/s, p99 ms, errors) of wrk -t1 with a Lua `request` function."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        command = ["wrk", "-t1", f"-c{connections}", f"-d{duration:g}s", "--timeout", "10s"]
        out = subprocess.run(
            [*command, "--latency", "-s", script.name, base],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}
    p99_ms = float(p99[1]) * scale[p99[2]] if p99 else float("nan")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    errors = (int(bad[1]) if bad else 0) + (
        sum(int(n) for n in re.findall(r"\d+", sockets[1])) if sockets else 0
    )
    return rate, p99_ms, errors


def _get_path(query: str) -> str:
    return "/graphql?query=" + quote(query, safe="")


def hit_lua() -> str:
    return f'wrk.path = "{_get_path(HIT_QUERY)}"\n'


def miss_lua(seed: int) -> str:
    # Each request names a slug no request used before: a miss everywhere, the same work.
    prefix = _get_path(MISS_QUERY) + "&variables=" + quote('{"slug":"none-', safe="")
    suffix = quote('"}', safe="")
    return (
        f"counter = {seed}\n"
        "request = function()\n"
        "  counter = counter + 1\n"
        f'  return wrk.format("GET", "{prefix}" .. counter .. "{suffix}")\n'
        "end\n"
    )


def throughput(run: Run, duration: float) -> list[list[object]]:
    httpx.get(run.url + _get_path(HIT_QUERY))  # fill the cache
    httpx.get(run.replicas[0] + _get_path(HIT_QUERY))
    cases = [
        ("through the cache: cache hit", run.url, hit_lua()),
        ("one replica directly: app response-cache hit", run.replicas[0], hit_lua()),
        ("through the cache: misses (both replicas work)", run.url, miss_lua(0)),
        ("one replica directly: misses", run.replicas[0], miss_lua(10_000_000)),
    ]
    rows: list[list[object]] = []
    for name, base, lua in cases:
        before = varnishstat(run)
        rate, p99, errors = wrk(base, lua, duration)
        time.sleep(1.5)  # worker threads add their counters to varnishstat's about once a second
        after = varnishstat(run)
        delta = {k: after[k] - before[k] for k in after}
        hits, misses = delta["MAIN.cache_hit"], delta["MAIN.cache_miss"]
        ratio = f"{hits / (hits + misses):.3f}" if hits + misses else "-"
        rows.append([name, f"{rate:,.0f}", f"{p99:.2f}", errors, hits, misses, ratio])
    return rows


def edit_bound(run: Run, data: Path, edits: int) -> tuple[list[float], list[float]]:
    first_new: list[float] = []
    all_new: list[float] = []
    target = sorted(data.glob("*.yaml"))[0]
    url = run.url + _get_path(POLL_QUERY)
    with httpx.Client(timeout=10) as client:
        for number in range(edits):
            old = client.get(url).headers["x-data-version"]
            time.sleep(0.7 * (number % 3) + 0.3)  # edits land at different points of polling
            seen = len(run.bans)
            target.write_text(target.read_text(encoding="utf-8") + f"\n# bench edit {number}\n")
            edited = time.monotonic()
            while client.get(url).headers["x-data-version"] == old:
                if time.monotonic() - edited > 60:
                    raise RuntimeError("the edit did not show within 60 s")
                time.sleep(0.02)
            first_new.append(time.monotonic() - edited)
            deadline = time.monotonic() + 60
            while len({r for _, r, v in run.bans[seen:] if v != old}) < 2:
                if time.monotonic() > deadline:
                    raise RuntimeError("both replicas did not ban within 60 s")
                time.sleep(0.02)
            all_new.append(max(t for t, _, v in run.bans[seen:] if v != old) - edited)
    return first_new, all_new


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_cluster")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per wrk case")
    parser.add_argument("--edits", type=int, default=6)
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("bench_cluster needs wrk (apt-get install wrk)")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="orggraph-bench-cluster-") as temp:
        data = Path(temp) / "data"
        data.mkdir()
        for source in sorted((REPO_ROOT / "data").glob("*.yaml")):
            (data / source.name).write_bytes(source.read_bytes())
        env = {"ORGGRAPH_CACHE_DIR": str(Path(temp) / "parsed")}
        with cluster(data, env) as run:
            rows = throughput(run, args.duration)
            first_new, all_new = edit_bound(run, data, args.edits)
    load = os.getloadavg()
    print(
        f"deploy/cluster, 2 replicas (1 worker each) behind Varnish 7.1; wrk -t1 -c32, "
        f"{args.duration:g} s per case; 2 cores shared by wrk, Varnish and the replicas; "
        f"load average before: {load_before[0]:.1f}, after: {load[0]:.1f}.\n"
    )
    header = ["case", "requests/s", "p99 ms", "errors", "cache hits", "misses", "hit ratio"]
    print(table(header, rows))
    print(
        f"\nEdit -> answer through the cache, defaults (polling every 2 s), {args.edits} edits:\n"
    )
    print(
        table(
            ["", "min s", "median s", "max s"],
            [
                [name, f"{min(v):.2f}", f"{statistics.median(v):.2f}", f"{max(v):.2f}"]
                for name, v in (("first new answer", first_new), ("all new (both bans)", all_new))
            ],
        )
    )


if __name__ == "__main__":
    main()
