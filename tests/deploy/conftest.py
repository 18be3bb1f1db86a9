"""`deploy/cluster` as a real process: two replicas behind Debian's Varnish on free ports."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support import ARTIFACTS, REPO_ROOT, copy_data, free_port

CLUSTER = REPO_ROOT / "deploy" / "cluster"
_REPLICA = re.compile(r"^replica (\d+): (http://\S+) pid (\d+)( metrics \S+)?$")
_VARNISH = re.compile(r"^varnish: -n (\S+) pid (\d+)$")


@dataclass
class Cluster:
    url: str
    data: Path
    process: subprocess.Popen[str]
    log: Path
    lines: list[str] = field(default_factory=list)
    replicas: dict[int, tuple[str, int]] = field(default_factory=dict)  # number -> (url, pid)
    varnish_dir: str = ""

    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, pattern: str, seconds: float, after: int = 0) -> str:
        deadline = time.monotonic() + seconds
        compiled = re.compile(pattern)
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if compiled.search(line):
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail(f"no line matching {pattern!r} within {seconds:g} s (see {self.log})")

    def stat(self, name: str) -> int:
        """A varnishstat counter (MAIN.cache_hit, ...)."""
        done = subprocess.run(
            ["varnishstat", "-n", self.varnish_dir, "-1", "-f", name],
            capture_output=True,
            text=True,
            check=True,
        )
        return int(done.stdout.split()[1])

    def stat_reaches(self, name: str, value: int, seconds: float = 5.0) -> bool:
        """Whether counter `name` reaches `value` (Varnish's threads add to them about once a
        second, so a count may lag the request that made it)."""
        deadline = time.monotonic() + seconds
        while self.stat(name) < value:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True


def _read(process: subprocess.Popen[str], cluster: Cluster) -> None:
    assert process.stdout is not None
    with cluster.log.open("w") as sink:
        for raw in process.stdout:
            line = raw.rstrip("\n")
            cluster.lines.append(line)
            sink.write(raw)
            sink.flush()
            if match := _REPLICA.match(line):
                cluster.replicas[int(match[1])] = (match[2], int(match[3]))
            elif match := _VARNISH.match(line):
                cluster.varnish_dir = match[1]


@contextmanager
def run_cluster(tmp: Path, env: Mapping[str, str], name: str) -> Iterator[Cluster]:
    """`deploy/cluster PORT 2 DATA` on a copy of the data; stopped with SIGTERM afterwards."""
    data = copy_data(tmp / "data")
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    full_env = {**os.environ, **env}
    full_env.pop("ORGGRAPH_DATA", None)
    full_env.setdefault("ORGGRAPH_CACHE_DIR", str(tmp / "parsed"))
    process = subprocess.Popen(
        [str(CLUSTER), str(port), "2", str(data)],
        cwd=REPO_ROOT,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    cluster = Cluster(f"http://127.0.0.1:{port}", data, process, ARTIFACTS / name)
    reader = threading.Thread(target=_read, args=(process, cluster), daemon=True)
    reader.start()
    try:
        cluster.wait_for_line(r"^ready: ", 90)
        # Both replicas' start-up bans are in: later answers are not dropped by them.
        deadline = time.monotonic() + 30
        while cluster.output().count("dropped every answer not of") < 2:
            assert time.monotonic() < deadline, f"no start-up bans (see {cluster.log})"
            time.sleep(0.05)
        yield cluster
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader.join(timeout=5)
        if process.stdout is not None:
            process.stdout.close()
