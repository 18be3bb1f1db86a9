"""Helpers every benchmark shares: timing with page faults, percentiles, memory, subprocesses.

    stats = measure(lambda: run_query(), repeat=200)   # per-call times and minor page faults
    print(table(["case", "p50 ms"], [["lookup", ms(stats.p50)]]))

Minor page faults are reported beside times because CPython 3.11-3.13 can run the same code
1.5-8x slower depending only on call depth, which shows as many minor faults
(../shared/MEASURED.md). Two cases compared in one run are interleaved (`compare`) so machine
noise hits both alike; ratios are computed against a baseline measured in the same run.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def minor_faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def status_kib(field: str) -> int:
    """A field of /proc/self/status in KiB (VmRSS: resident now; VmHWM: the peak)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def rss_mib() -> float:
    """Resident memory now, after a full collection, in MiB."""
    gc.collect()
    return status_kib("VmRSS") / 1024


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction in [0, 1]) of `values`."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


@dataclass(frozen=True, slots=True)
class Stats:
    """Per-call seconds and minor page faults of one measured case."""

    times: tuple[float, ...]
    faults: tuple[int, ...]

    @property
    def p50(self) -> float:
        return percentile(self.times, 0.50)

    @property
    def p95(self) -> float:
        return percentile(self.times, 0.95)

    @property
    def p99(self) -> float:
        return percentile(self.times, 0.99)

    @property
    def mean(self) -> float:
        return sum(self.times) / len(self.times)

    @property
    def faults_per_call(self) -> float:
        return sum(self.faults) / len(self.faults)

    def summary(self) -> dict[str, float]:
        return {
            "p50_ms": self.p50 * 1e3,
            "p95_ms": self.p95 * 1e3,
            "p99_ms": self.p99 * 1e3,
            "mean_ms": self.mean * 1e3,
            "minflt_per_call": self.faults_per_call,
            "calls": len(self.times),
        }


def measure(call: Callable[[], object], repeat: int, warmup: int = 3) -> Stats:
    """Time `call` `repeat` times (after `warmup` untimed calls)."""
    return measure_each([call] * repeat, warmup)


def measure_each(calls: Sequence[Callable[[], object]], warmup: int = 3) -> Stats:
    """Time each of `calls` once, in order (e.g. one call per search query)."""
    for call in calls[:warmup]:
        call()
    times: list[float] = []
    faults: list[int] = []
    clock = time.perf_counter
    for call in calls:
        f0 = minor_faults()
        t0 = clock()
        call()
        times.append(clock() - t0)
        faults.append(minor_faults() - f0)
    return Stats(tuple(times), tuple(faults))


def compare(
    cases: Mapping[str, Callable[[], object]], repeat: int, warmup: int = 5
) -> dict[str, Stats]:
    """Time several cases interleaved (a, b, a, b, ...) so noise hits all of them alike."""
    for _ in range(warmup):
        for call in cases.values():
            call()
    times: dict[str, list[float]] = {name: [] for name in cases}
    faults: dict[str, list[int]] = {name: [] for name in cases}
    clock = time.perf_counter
    for _ in range(repeat):
        for name, call in cases.items():
            f0 = minor_faults()
            t0 = clock()
            call()
            times[name].append(clock() - t0)
            faults[name].append(minor_faults() - f0)
    return {name: Stats(tuple(times[name]), tuple(faults[name])) for name in cases}


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3f}" if seconds < 0.01 else f"{seconds * 1e3:.1f}"


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}x" if baseline else "n/a"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (pasted as is into docs/performance.md)."""
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells[1:]:
        lines.append("| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |")
    return "\n".join(lines)


def child(module: str, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `python -m module args` in a fresh process; it prints one JSON object per line as it
    goes (the first as soon as it is ready). Returns the objects merged, plus `wall_ready_s`:
    the wall time from the spawn to the first line (interpreter start-up and imports included).
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    merged: dict[str, Any] = {}
    for number, line in enumerate(process.stdout):
        if number == 0:
            merged["wall_ready_s"] = time.perf_counter() - started
        merged.update(json.loads(line))
    if process.wait() != 0:
        raise RuntimeError(f"{module} {' '.join(args)} exited with {process.returncode}")
    return merged


def emit(**values: Any) -> None:
    """What a child process reports to `child` (one line of JSON, flushed at once)."""
    print(json.dumps(values), flush=True)
