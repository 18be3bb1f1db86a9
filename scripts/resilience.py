"""Bounded attacks on a real server, with the figures docs/security.md quotes.

    .venv/bin/python scripts/resilience.py worst --clients 8 --duration 20
    .venv/bin/python scripts/resilience.py connections --idle 2000 --slowloris 300 --duration 20

`worst`: N clients send the costliest query the default limits admit (18 full pages of
entities, cost 14,436), each with a unique comment so that every request is a cache miss,
while a probe asks `/healthz` and a cached query every 20 ms; prints their p50/p99/max, the
misses answered, 503s, and the server's peak RSS.

`connections`: holds `--idle` connections that never send a byte and `--slowloris` ones that
send a header byte a second (both reopened as the server closes them, as an attacker would),
sends headers of 64 KB and 32 MB, and probes `/healthz` (a new connection each time) meanwhile;
prints the probe's p50/p99/max and failures, how many connections the server held (sampled
from its file descriptors), what the large headers got, and its peak RSS.

Each run starts its own `python -m server` on 127.0.0.1 (real data, one worker unless
`--workers`), stops it at the end, and lasts `--duration` seconds plus start-up.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import resource
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import orjson

REPO_ROOT = Path(__file__).resolve().parent.parent
FIELDS = "slug name kind childCount descendantCount depth sourceOrder description"
PAGE = f"entities(first: 100) {{ nodes {{ {FIELDS} }} }}"
WORST = "{ " + " ".join(f"a{i}: {PAGE}" for i in range(18)) + " }"
HIT = "{ organization { name slug } }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, workers: int, extra: dict[str, str]) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "ORGGRAPH_RELOAD_INTERVAL": "0",
        **extra,
    }
    log = open(REPO_ROOT / "artifacts" / "resilience-server.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "server"], cwd=REPO_ROOT, env=env, stdout=log, stderr=log
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start (artifacts/resilience-server.log)")


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def server_pids(server: subprocess.Popen[bytes]) -> list[int]:
    """The server and its worker processes."""
    pids = [server.pid]
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    return pids


def peak_rss_mib(pids: list[int]) -> float:
    """The largest VmHWM (peak resident set) among the processes, in MiB."""
    peak = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024


def sockets_held(pids: list[int]) -> int:
    count = 0
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                        count += 1
                except OSError:
                    continue
        except OSError:
            continue
    return count


def percentiles(samples: list[float]) -> str:
    if not samples:
        return "no samples"
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (
        f"p50 {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms ({len(ordered)} probes)"
    )


# worst: misses of the costliest admitted query


def _load(
    port: int, clients: int, stop_at: float, counts: multiprocessing.Queue[dict[str, int]]
) -> None:
    statuses: dict[str, int] = {}
    lock = threading.Lock()

    def client(index: int) -> None:
        number = 0
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.time() < stop_at:
            number += 1
            body = orjson.dumps({"query": f"# {index}-{number}\n{WORST}"})
            try:
                connection.request("POST", "/graphql", body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                key = str(response.status)
                if response.status == 503:
                    time.sleep(float(response.getheader("retry-after") or 1) / 10)
            except (OSError, http.client.HTTPException) as error:
                key = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                statuses[key] = statuses.get(key, 0) + 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts.put(statuses)


def probe(port: int, path: str, stop_at: float, samples: list[float], failures: list[str],
          keep_alive: bool = True, body: bytes | None = None) -> None:  # fmt: skip
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    while time.time() < stop_at:
        started = time.perf_counter()
        try:
            if not keep_alive:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            headers = {"Content-Type": "application/json"} if body else {}
            connection.request("POST" if body else "GET", path, body, headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(str(response.status))
            else:
                samples.append(time.perf_counter() - started)
        except (OSError, http.client.HTTPException) as error:
            failures.append(type(error).__name__)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        if not keep_alive:
            connection.close()
        time.sleep(0.02)


def worst(args: argparse.Namespace) -> int:
    port = args.port or free_port()
    server = start_server(port, args.workers, {})
    try:
        hit_body = orjson.dumps({"query": HIT})
        status, _ = request(port, "POST", "/graphql", orjson.dumps({"query": WORST}))
        assert status == 200, status
        request(port, "POST", "/graphql", hit_body)  # now a cache hit
        stop_at = time.time() + args.duration
        counts: multiprocessing.Queue[dict[str, int]] = multiprocessing.Queue()
        loader = multiprocessing.Process(target=_load, args=(port, args.clients, stop_at, counts))
        loader.start()
        time.sleep(1)  # let the load build up
        health: list[float] = []
        hits: list[float] = []
        failures: list[str] = []
        threads = [
            threading.Thread(target=probe, args=(port, "/healthz", stop_at, health, failures)),
            threading.Thread(
                target=probe, args=(port, "/graphql", stop_at, hits, failures, True, hit_body)
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        statuses = counts.get(timeout=60)
        loader.join()
        pids = server_pids(server)
        print(f"worst admitted query, {args.clients} clients, {args.duration} s, "
              f"{args.workers} worker(s)")  # fmt: skip
        print(f"load statuses: {dict(sorted(statuses.items()))}")
        print(f"/healthz: {percentiles(health)}")
        print(f"cache hit: {percentiles(hits)}")
        print(f"probe failures: {len(failures)} {sorted(set(failures))}")
        print(f"server peak RSS: {peak_rss_mib(pids):.0f} MiB")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    return 0


# connections: idle, slowloris, large headers


def _hold(port: int, idle: int, slow: int, stop_at: float, out: multiprocessing.Queue[str]) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, idle + slow + 1000), hard))
    selector = selectors.DefaultSelector()
    opened = reopened = 0

    def open_one(kind: str) -> None:
        nonlocal opened
        sock = socket.socket()
        sock.setblocking(False)
        try:
            sock.connect_ex(("127.0.0.1", port))
            selector.register(sock, selectors.EVENT_READ, kind)
            opened += 1
            if kind == "slow":
                try:
                    sock.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
                except OSError:
                    pass
        except (OSError, ValueError):
            sock.close()

    for _ in range(idle):
        open_one("idle")
    for _ in range(slow):
        open_one("slow")
    last_drip = time.time()
    while time.time() < stop_at:
        for key, _ in selector.select(timeout=0.2):
            sock = key.fileobj
            assert isinstance(sock, socket.socket)
            try:
                data = sock.recv(4096)
            except OSError:
                data = b""
            if not data:  # closed by the server: reopen, as an attacker would
                selector.unregister(sock)
                sock.close()
                reopened += 1
                open_one(key.data)
        if time.time() - last_drip > 1:
            last_drip = time.time()
            for key in list(selector.get_map().values()):
                if key.data == "slow":
                    try:
                        key.fileobj.send(b"X")  # type: ignore[union-attr]
                    except OSError:
                        pass
    out.put(f"client opened {opened} connections ({reopened} reopened after server closes)")


def _large_header(port: int, size: int) -> str:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: "
        sock.sendall(head)
        sent = 0
        chunk = b"a" * 65536
        try:
            while sent < size:
                sock.sendall(chunk[: size - sent])
                sent += min(len(chunk), size - sent)
            sock.sendall(b"\r\n\r\n")
        except OSError:
            pass  # refused and closed before it was all sent
        reply = sock.recv(200).split(b"\r\n")[0].decode(errors="replace")
        return f"{reply or 'closed'} after {sent:,} bytes sent"
    except OSError as error:
        return f"{type(error).__name__}"
    finally:
        sock.close()


def connections(args: argparse.Namespace) -> int:
    port = args.port or free_port()
    server = start_server(port, args.workers, {})
    try:
        stop_at = time.time() + args.duration
        out: multiprocessing.Queue[str] = multiprocessing.Queue()
        holder = multiprocessing.Process(
            target=_hold, args=(port, args.idle, args.slowloris, stop_at, out)
        )
        holder.start()
        time.sleep(2)
        health: list[float] = []
        failures: list[str] = []
        prober = threading.Thread(
            target=probe, args=(port, "/healthz", stop_at, health, failures, False)
        )
        prober.start()
        held = []
        headers: list[str] = []
        while time.time() < stop_at:
            held.append(sockets_held(server_pids(server)))
            if len(headers) < 4:
                size = 64 * 1024 if len(headers) < 2 else 32 * 1024 * 1024
                headers.append(f"{size:,}-byte header: {_large_header(port, size)}")
            time.sleep(1)
        prober.join()
        holder.join()
        pids = server_pids(server)
        print(f"{args.idle} idle + {args.slowloris} slowloris connections, {args.duration} s, "
              f"{args.workers} worker(s)")  # fmt: skip
        print(out.get(timeout=10))
        print(f"server sockets held: max {max(held)}, median {statistics.median(held):.0f}")
        print(f"/healthz (new connection each): {percentiles(health)}")
        print(f"probe failures: {len(failures)} {sorted(set(failures))}")
        for line in headers:
            print(line)
        print(f"server peak RSS: {peak_rss_mib(pids):.0f} MiB")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--duration", type=float, default=20)
    commands = parser.add_subparsers(dest="command", required=True)
    worst_parser = commands.add_parser("worst")
    worst_parser.add_argument("--clients", type=int, default=8)
    connections_parser = commands.add_parser("connections")
    connections_parser.add_argument("--idle", type=int, default=2000)
    connections_parser.add_argument("--slowloris", type=int, default=300)
    args = parser.parse_args()
    if args.duration > 120:
        parser.error("--duration is at most 120 s")
    (REPO_ROOT / "artifacts").mkdir(exist_ok=True)
    return worst(args) if args.command == "worst" else connections(args)


if __name__ == "__main__":
    sys.exit(main())
