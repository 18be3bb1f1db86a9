"""`deploy/cluster PORT REPLICAS DATA_DIR`: N replicas behind Varnish on one host (foreground).

Starts REPLICAS `python -m server` processes on private loopback ports (each its own process
group), waits until each answers /readyz (its data loaded), writes the Varnish configuration
that declares them (health probes, a round-robin director) and includes
deploy/varnish/orggraph.vcl, then runs `varnishd -F` with its own working directory (`-n`)
under a temporary directory, listening on 127.0.0.1:PORT. SIGTERM or SIGINT stops everything
and removes the temporary directory; a replica that exits is started again (the cache sends its
requests to the others meanwhile); if varnishd exits, everything stops with status 1.

The replicas get the caller's environment (every ORGGRAPH_* setting), plus HOST, PORT, a
private ORGGRAPH_METRICS_PORT each (unless metrics are off), ORGGRAPH_DATA=DATA_DIR and, unless
set, ORGGRAPH_PURGE_URL=http://127.0.0.1:PORT/ (so they ban old answers after a reload).
CLUSTER_VARNISH_STORAGE sets varnishd's `-s` (default malloc,256m). Lines printed, for people
and scripts:

    replica 1: http://127.0.0.1:41234 pid 1234 metrics http://127.0.0.1:41235/metrics
    varnish: -n /tmp/orggraph-cluster-xxxx/varnish pid 1240
    ready: http://127.0.0.1:PORT (2 replicas)
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO

REPO_ROOT = Path(__file__).resolve().parent.parent
POLICY_VCL = REPO_ROOT / "deploy" / "varnish" / "orggraph.vcl"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
RESTART_DELAY = 1.0

BACKENDS_VCL = """\
vcl 4.1;
# Written by deploy/cluster for this run: the replicas, then the shared policy.
import directors;

probe replica_health {{
    .url = "{health}";
    .interval = 1s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}}

{backends}
sub vcl_init {{
    new replicas = directors.round_robin();
{adds}
}}

include "{policy}";
"""

BACKEND = """\
backend replica{number} {{
    .host = "127.0.0.1";
    .port = "{port}";
    .probe = replica_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 15s;
    .between_bytes_timeout = 5s;
}}
"""


@dataclass
class Replica:
    number: int
    port: int
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    exited_at: float | None = None
    threads: list[threading.Thread] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server"],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the cluster, which stops it in order
        )
        self.exited_at = None
        self.threads.append(_relay(self.process.stdout, f"[replica {self.number}] "))
        metrics = self.env.get("ORGGRAPH_METRICS_PORT")
        scrape = f" metrics http://127.0.0.1:{metrics}/metrics" if metrics else ""
        say(f"replica {self.number}: {self.url} pid {self.process.pid}{scrape}")


# Lines from the replicas' relays and our own come from several threads: one whole line at a
# time, so scripts reading "ready:" or "varnish: -n" never see two lines run together.
_OUTPUT = threading.Lock()


def say(line: str) -> None:
    _write(line + "\n")


def _write(text: str) -> None:
    with _OUTPUT:
        sys.stdout.write(text)
        sys.stdout.flush()


def _relay(stream: IO[bytes] | None, prefix: str) -> threading.Thread:
    """Copy a child's output to ours, each line prefixed with its name."""

    def copy() -> None:
        assert stream is not None
        for raw in stream:
            text = raw.decode(errors="replace")
            _write(prefix + text if text.endswith("\n") else prefix + text + "\n")

    thread = threading.Thread(target=copy, daemon=True)
    thread.start()
    return thread


# Readiness, not liveness: 503 while a replica loads its data or drains, so the cache sends
# nothing to it then.
HEALTH = "/readyz"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def wait_until(
    check: Callable[[], bool], what: str, processes: list[subprocess.Popen[bytes]]
) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while not check():
        for process in processes:
            if process.poll() is not None:
                raise SystemExit(f"cluster: {what}: a process exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise SystemExit(f"cluster: {what}: not within {START_TIMEOUT:g} s")
        time.sleep(0.1)


def write_vcl(directory: Path, replicas: list[Replica], health: str) -> Path:
    backends = "".join(BACKEND.format(number=r.number, port=r.port) for r in replicas)
    adds = "\n".join(f"    replicas.add_backend(replica{r.number});" for r in replicas)
    text = BACKENDS_VCL.format(health=health, backends=backends, adds=adds, policy=POLICY_VCL)
    path = directory / "cluster.vcl"
    path.write_text(text, encoding="utf-8")
    return path


def varnishd_command(port: int, vcl: Path, workdir: Path) -> list[str]:
    binary = shutil.which("varnishd") or "/usr/sbin/varnishd"
    return [
        binary,
        "-F",  # foreground: a child of this process, stopped with it
        "-n",
        str(workdir),
        "-a",
        f"127.0.0.1:{port}",
        "-T",
        "127.0.0.1:0",  # the management port (varnishadm -n WORKDIR finds it)
        "-f",
        str(vcl),
        "-s",
        os.environ.get("CLUSTER_VARNISH_STORAGE", "malloc,256m"),
        # No privilege separation: the files live in this user's temporary directory.
        "-j",
        "none",
        "-p",
        "vsl_space=8M",
    ]


class Cluster:
    def __init__(self, port: int, count: int, data: Path) -> None:
        self.port = port
        self.data = data
        self.stopping = threading.Event()
        self.temp = Path(tempfile.mkdtemp(prefix="orggraph-cluster-"))
        base = {**os.environ, "PYTHONUNBUFFERED": "1", "HOST": "127.0.0.1"}
        base["ORGGRAPH_DATA"] = str(data)
        base.setdefault("ORGGRAPH_PURGE_URL", f"http://127.0.0.1:{port}/")
        self.replicas = [
            Replica(number, free_port(), {**base, "PORT": ""}) for number in range(1, count + 1)
        ]
        for replica in self.replicas:
            replica.env["PORT"] = str(replica.port)
            if replica.env.get("ORGGRAPH_METRICS", "1").strip() not in ("0", "false"):
                # One metrics listener per replica: they would collide on the default port.
                replica.env["ORGGRAPH_METRICS_PORT"] = str(free_port())
        self.varnish: subprocess.Popen[bytes] | None = None
        self.ready = False

    def run(self) -> int:
        for replica in self.replicas:
            replica.start()
        processes = [r.process for r in self.replicas if r.process is not None]
        for replica in self.replicas:
            wait_until(
                partial(answers, f"{replica.url}{HEALTH}"),
                f"replica {replica.number} did not answer {HEALTH}",
                processes,
            )
        vcl = write_vcl(self.temp, self.replicas, HEALTH)
        workdir = self.temp / "varnish"
        self.varnish = subprocess.Popen(
            varnishd_command(self.port, vcl, workdir),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _relay(self.varnish.stdout, "[varnish] ")
        say(f"varnish: -n {workdir} pid {self.varnish.pid}")
        wait_until(
            lambda: answers(f"http://127.0.0.1:{self.port}/healthz"),
            "varnish did not answer",
            [self.varnish],
        )
        self.ready = True
        say(f"ready: http://127.0.0.1:{self.port} ({len(self.replicas)} replicas)")
        return self.supervise()

    def supervise(self) -> int:
        while not self.stopping.wait(0.2):
            assert self.varnish is not None
            if self.varnish.poll() is not None:
                say(f"cluster: varnishd exited with {self.varnish.returncode}; stopping")
                return 1
            for replica in self.replicas:
                self.restart_if_exited(replica)
        return 0

    def restart_if_exited(self, replica: Replica) -> None:
        process = replica.process
        if process is None or process.poll() is None:
            return
        now = time.monotonic()
        if replica.exited_at is None:
            replica.exited_at = now
            say(f"replica {replica.number} exited with {process.returncode}; restarting it")
        elif now - replica.exited_at >= RESTART_DELAY:
            replica.restarts += 1
            replica.start()

    def stop(self) -> None:
        children = [r.process for r in self.replicas if r.process is not None]
        if self.varnish is not None:
            children.insert(0, self.varnish)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        shutil.rmtree(self.temp, ignore_errors=True)


def parse(argv: list[str] | None) -> tuple[int, int, Path]:
    parser = argparse.ArgumentParser(prog="deploy/cluster", description=__doc__.split("\n")[0])
    parser.add_argument("port", type=int, help="where the cache listens, on 127.0.0.1")
    parser.add_argument("replicas", type=int, help="how many server processes (1-32)")
    parser.add_argument("data_dir", type=Path, help="the YAML data directory every replica serves")
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error("PORT must be 1-65535")
    if not 1 <= args.replicas <= 32:
        parser.error("REPLICAS must be 1-32")
    data = args.data_dir.expanduser().resolve()
    if not data.exists():
        parser.error(f"DATA_DIR {data} does not exist")
    return args.port, args.replicas, data


def main(argv: list[str] | None = None) -> int:
    port, count, data = parse(argv)
    cluster = Cluster(port, count, data)

    def stop(signum: int, frame: object) -> None:
        cluster.stopping.set()
        if not cluster.ready:  # still starting: leave the waits at once (cleanup follows)
            raise SystemExit(f"cluster: stopped by signal {signum} while starting")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    status = 1
    try:
        status = cluster.run()
    except SystemExit as error:
        say(str(error))
    finally:
        cluster.stop()
        say("stopped")
    return status


if __name__ == "__main__":
    sys.exit(main())
