"""Issue item 3: start-up, memory and requests at 10,000 and 100,000 synthetic entities.

    .venv/bin/python -m bench.bench_scale [--sizes 10000 100000] [--data-root DIR]

Synthetic organizations (`python -m graph generate`, seed 1) are written to a temporary
directory (or --data-root, kept and reused), never into the repository. For each data set, the
embedded IOM data included as the baseline measured in the same run:

- cold start: a fresh process with an empty parsed-data cache directory, until a `Context` is
  ready (the YAML is parsed, validated and indexed, and the cache entry written);
- warm start: the same with the entry present (median of three fresh processes);
- steady memory: VmRSS after the warm start and a full collection (and after the cold one);
- requests, in the warm process: entity-by-slug with children (TreeChildren.graphql) and the
  entity page (EntityPage.graphql) through the real schema, a children page at the deepest
  parent (page 2, by cursor), a descendants page filtered by kind, and search top 10 over 200
  varied queries, by the index and through the schema.
Ratios are against the IOM figures of the same run: a ratio near 1 means independent of size.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import REPO, child, ratio, table
from graph.synthetic.generate import write_organization

GOALS = {"warm_s": 3.0, "rss_mib": 600.0, "lookup_ms": 1.0, "search_p95_ms": 25.0}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--data-root", type=Path, help="where to keep generated data (reused)")
    args = parser.parse_args(argv)
    root = args.data_root or Path(tempfile.mkdtemp(prefix="orggraph-bench-"))
    try:
        sets: list[tuple[str, Path, float | None]] = [("IOM (embedded)", REPO / "data", None)]
        for size in args.sizes:
            out = root / f"org-{size}"
            seconds = None
            if not any(out.glob("*.yaml")):
                started = time.perf_counter()
                write_organization(out, size, seed=1)
                seconds = time.perf_counter() - started
            sets.append((f"{size:,} synthetic", out, seconds))
        figures = {label: _measure(path, root, generated) for label, path, generated in sets}
        formats = {
            label: child("bench.cache_format", "--data", str(path)) for label, path, _ in sets[1:]
        }
    finally:
        if args.data_root is None:
            shutil.rmtree(root, ignore_errors=True)
    _report(figures, formats)
    return {"sets": figures, "formats": formats}


def _measure(data: Path, root: Path, generated: float | None) -> dict[str, Any]:
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=root))
    try:
        arguments = ("--data", str(data), "--cache-dir", str(cache))
        cold = child("bench.scale_child", *arguments)
        warm_runs = [child("bench.scale_child", *arguments) for _ in range(2)]
        warm_runs.append(child("bench.scale_child", *arguments, "--requests"))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    warm = warm_runs[-1]
    size = sum(p.stat().st_size for p in data.glob("*.yaml"))
    return {
        "yaml_mb": size / 1e6,
        "generated_s": generated,
        "cold": cold,
        "warm": warm,
        "warm_ready_s": statistics.median(run["wall_ready_s"] for run in warm_runs),
        "warm_load_s": statistics.median(run["load_s"] for run in warm_runs),
        "warm_context_s": statistics.median(run["context_s"] for run in warm_runs),
        "warm_import_s": statistics.median(run["import_s"] for run in warm_runs),
    }


def _report(figures: dict[str, dict[str, Any]], formats: dict[str, dict[str, Any]]) -> None:
    base = next(iter(figures.values()))
    print("## Start-up and memory (issue item 3)")
    print()
    rows = []
    for label, f in figures.items():
        cold, warm = f["cold"], f["warm"]
        rows.append(
            [
                label,
                f"{warm['entities']:,}",
                f"{f['yaml_mb']:.1f}",
                f"{cold['wall_ready_s']:.2f}",
                f"{f['warm_ready_s']:.2f} ({ratio(f['warm_ready_s'], base['warm_ready_s'])})",
                f"{f['warm_import_s']:.2f} + {f['warm_load_s']:.2f} + {f['warm_context_s']:.2f}",
                f"{warm['ready_minflt']:,}",
                f"{warm['rss_mib']:.0f} ({ratio(warm['rss_mib'], base['warm']['rss_mib'])})",
                f"{cold['rss_mib']:.0f} / {cold['hwm_mib']:.0f}",
            ]
        )
    print(
        table(
            [
                "data",
                "entities",
                "YAML MB",
                "cold start s",
                "warm start s (vs IOM)",
                "warm: imports + load + Context s",
                "warm minflt",
                "VmRSS warm MiB (vs IOM)",
                "VmRSS / VmHWM cold MiB",
            ],
            rows,
        )
    )
    print()
    print("## Requests in the warm process (p50 / p95 ms; ratio of p50 vs IOM)")
    print()
    rows = []
    for label, f in figures.items():
        warm = f["warm"]
        row = [label, f"{warm['lookup_us']:.2f}"]
        for key in ("tree_children", "entity_page", "children_page", "descendants_page"):
            row.append(_cell(warm[key], base["warm"][key]))
        row.append(_cell(warm["search_index"], base["warm"]["search_index"]))
        row.append(f"{warm['search_max_ms']:.1f}")
        row.append(_cell(warm["search_schema"], base["warm"]["search_schema"]))
        rows.append(row)
    print(
        table(
            [
                "data",
                "OrgGraph.entity µs",
                "entity + children (TreeChildren)",
                "entity page (EntityPage)",
                "children page 2, deepest parent",
                "descendants page, kind filter",
                "search top 10, index",
                "search max ms",
                "search top 10, schema",
            ],
            rows,
        )
    )
    print()
    deep = {label: f["warm"]["deep"] for label, f in figures.items()}
    print(
        "Deepest parent used: "
        + "; ".join(f"{k}: {v['slug']} (depth {v['depth']})" for k, v in deep.items())
    )
    faults = {label: f["warm"]["search_index"]["minflt_per_call"] for label, f in figures.items()}
    print(
        "Minor page faults per search call: "
        + "; ".join(f"{k}: {v:.2f}" for k, v in faults.items())
    )
    print()
    print("## Parsed-data cache format: marshal of tuples vs pickle of the records")
    print()
    rows = []
    for label, f in formats.items():
        m, p = f["marshal"], f["pickle"]
        rows.append(
            [
                label,
                f"{m['mb']:.1f} / {p['mb']:.1f}",
                f"{m['write_s']:.2f} / {p['write_s']:.2f}",
                f"{m['read_s']:.2f} / {p['read_s']:.2f} ({ratio(m['read_s'], p['read_s'])})",
            ]
        )
    print(
        table(
            ["data", "MB marshal / pickle", "write s", "read + rebuild s (marshal vs pickle)"], rows
        )
    )
    print()
    _goals(figures)
    sys.stdout.flush()


def _cell(stats: dict[str, float], base: dict[str, float]) -> str:
    return (
        f"{stats['p50_ms']:.2f} / {stats['p95_ms']:.2f} ({ratio(stats['p50_ms'], base['p50_ms'])})"
    )


def _goals(figures: dict[str, dict[str, Any]]) -> None:
    label, largest = list(figures.items())[-1]
    warm = largest["warm"]
    checks = [
        (
            "warm start",
            f"{largest['warm_ready_s']:.2f} s",
            f"< {GOALS['warm_s']:.0f} s",
            largest["warm_ready_s"] < GOALS["warm_s"],
        ),
        (
            "steady memory (VmRSS, warm)",
            f"{warm['rss_mib']:.0f} MiB",
            f"< {GOALS['rss_mib']:.0f} MiB",
            warm["rss_mib"] < GOALS["rss_mib"],
        ),
        (
            "entity + children p95 (schema)",
            f"{warm['tree_children']['p95_ms']:.2f} ms",
            f"< {GOALS['lookup_ms']:.0f} ms",
            warm["tree_children"]["p95_ms"] < GOALS["lookup_ms"],
        ),
        (
            "search top 10 p95 (schema)",
            f"{warm['search_schema']['p95_ms']:.2f} ms",
            f"< {GOALS['search_p95_ms']:.0f} ms",
            warm["search_schema"]["p95_ms"] < GOALS["search_p95_ms"],
        ),
    ]
    print(f"## Goals at {label}")
    print()
    print(
        table(
            ["goal", "measured", "target", "status"],
            [[g, m, t, "met" if ok else "not met"] for g, m, t, ok in checks],
        )
    )
    print()


if __name__ == "__main__":
    main()
