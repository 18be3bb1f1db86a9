"""Which serialization the parsed-data cache should use: marshal of tuples or pickle of records.

    python -m bench.cache_format --data DIR

Both store the same content (records and search index state) of an already loaded graph; the
figures are the file size, the time to write it, and the time to read it back into a graph ready
for `Context.for_graph` (what a warm start pays), with the cyclic collector paused for both, as
graph/cache/store.py reads.
"""

from __future__ import annotations

import argparse
import marshal
import pickle
import time
from pathlib import Path

from bench.common import emit
from graph.cache.codec import from_payload, to_payload
from graph.indexes import OrgGraph
from graph.load.loader import collector_paused, load
from graph.search.index import STATE_KEY, SearchIndex


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    result = load(args.data)
    graph, files = result.graph, result.files
    assert graph is not None
    search = SearchIndex.build(graph)
    figures = {}

    t0 = time.perf_counter()
    body = marshal.dumps((files, to_payload(graph, files, search)), 4)
    t1 = time.perf_counter()
    with collector_paused():
        names, payload = marshal.loads(body)
        from_payload(payload, names)
    t2 = time.perf_counter()
    figures["marshal"] = {"mb": len(body) / 1e6, "write_s": t1 - t0, "read_s": t2 - t1}

    records = (
        list(graph.iter_entities()),
        [graph.positions[p] for p in graph.position_order],
        list(graph.relations),
        search.state(),
    )
    t0 = time.perf_counter()
    blob = pickle.dumps((graph.version, records), protocol=5)
    t1 = time.perf_counter()
    with collector_paused():
        version, (entities, positions, relations, state) = pickle.loads(blob)
        OrgGraph.build(
            version=version,
            entities=entities,
            positions=positions,
            relations=relations,
            prebuilt={STATE_KEY: state},
        )
    t2 = time.perf_counter()
    figures["pickle"] = {"mb": len(blob) / 1e6, "write_s": t1 - t0, "read_s": t2 - t1}
    emit(**figures)


if __name__ == "__main__":
    main()
