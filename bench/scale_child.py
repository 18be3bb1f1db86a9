"""One fresh process of the scale benchmark: start up like the server, then measure.

    python -m bench.scale_child --data DIR --cache-dir DIR [--requests]

Reports (JSON lines, see bench.common.child): as soon as a `Context` is ready, the time spent in
imports, in `load_graph_cached` and in `Context.for_graph`; then resident memory; then, with
`--requests`, the per-request figures through the real schema and the search index.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402  (the clock starts before the imports it measures)
import gc  # noqa: E402
from functools import partial  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from api.root import schema  # noqa: E402
from bench.common import emit, measure, measure_each, minor_faults, status_kib  # noqa: E402
from bench.workload import (  # noqa: E402
    CHILDREN_PAGE,
    DESCENDANTS_PAGE,
    ENTITY_PAGE,
    SEARCH,
    TREE_CHILDREN,
    workload,
)
from graph.cache.store import CacheSettings, load_graph_cached  # noqa: E402
from schema.context import Context  # noqa: E402

IMPORTED = time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--cache-dir", type=Path, required=True)
    parser.add_argument("--requests", action="store_true")
    args = parser.parse_args()
    faults = minor_faults()
    t0 = time.perf_counter()
    graph = load_graph_cached(args.data, CacheSettings(args.cache_dir))
    t1 = time.perf_counter()
    context = Context.for_graph(graph)
    t2 = time.perf_counter()
    emit(
        import_s=IMPORTED - STARTED,
        load_s=t1 - t0,
        context_s=t2 - t1,
        ready_minflt=minor_faults() - faults,
        entities=len(graph.entities),
        version=graph.version,
    )
    gc.collect()
    emit(rss_mib=status_kib("VmRSS") / 1024, hwm_mib=status_kib("VmHWM") / 1024)
    if args.requests:
        emit(**requests(context))


def requests(context: Context) -> dict[str, Any]:
    graph = context.graph
    work = workload(graph)

    def run(document: str, **variables: Any) -> None:
        result = schema.execute_sync(document, variable_values=variables, context_value=context)
        assert result.errors is None, result.errors

    slugs = work.slugs
    lookups = measure(lambda: [graph.entity(s) for s in slugs], repeat=50)
    index = context.search
    searches = [partial(index.search, q, limit=10) for q in work.searches]
    search_index = measure_each(searches)
    return {
        "lookup_us": lookups.p50 / len(slugs) * 1e6,
        "tree_children": measure_each(
            [partial(run, TREE_CHILDREN, slug=s) for s in slugs]
        ).summary(),
        "entity_page": measure_each([partial(run, ENTITY_PAGE, slug=s) for s in slugs]).summary(),
        "deep": {"slug": work.deep, "depth": graph.depth(work.deep)},
        "children_page": measure(
            partial(run, CHILDREN_PAGE, slug=work.deep, after=work.deep_cursor), repeat=200
        ).summary(),
        "descendants_page": measure(
            partial(run, DESCENDANTS_PAGE, slug=work.wide, kind=[work.wide_kind]), repeat=200
        ).summary(),
        "search_index": search_index.summary(),
        "search_max_ms": max(search_index.times) * 1e3,
        "search_schema": measure_each(
            [partial(run, SEARCH, query=q) for q in work.searches]
        ).summary(),
    }


if __name__ == "__main__":
    main()
