"""`python -m bench` (what `make bench` runs): every benchmark, figures printed as Markdown."""

from __future__ import annotations

import platform
import sys
import time

from bench import bench_engine, bench_scale


def main() -> None:
    started = time.perf_counter()
    print(f"# orggraph benchmarks: Python {platform.python_version()}, {platform.machine()}")
    print()
    bench_engine.main()
    bench_scale.main(sys.argv[1:])
    print(f"Total benchmark time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
