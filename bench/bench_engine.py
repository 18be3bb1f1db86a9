"""Issue item 2: in process, response-cache miss, the real schema against the engine's floor.

    .venv/bin/python -m bench.bench_engine

Each query runs through `api.root.schema.execute_sync` with a real `Context` on the embedded
IOM data (the compiled read path, schema/compiled/, after every limit), and through plain
graphql-core (`graphql.execute` of the pre-parsed, pre-validated document) on the equivalent
minimal schema of bench/floor.py. Both must return the same data. They are timed interleaved;
the ratio is real / floor (issue 15's goal: at most 1.0x). For attribution, the same document
also runs through Strawberry's normal execution of our schema (`execute_normally`: graphql-core's
executor, what every miss cost before), with parsing each time on the floor, and on a plain
`strawberry.Schema` of the same types without this project's limits extension and executor.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import strawberry
from graphql import ExecutionResult, execute, graphql_sync, parse, validate

from api.root import Query, schema
from bench.common import REPO, compare, ms, table
from bench.floor import FULL_TREE, floor_root, floor_schema
from graph.load.loader import load_graph
from schema.committees import Committee
from schema.context import Context
from schema.entities import Unit
from schema.offices import Office

GOAL = 1.0
OPERATIONS = REPO / "viewer" / "operations"


def cases() -> list[tuple[str, str, dict[str, Any], int]]:
    """(label, document, variables, repeat)."""
    page = (OPERATIONS / "EntityPage.graphql").read_text(encoding="utf-8")
    children = (OPERATIONS / "TreeChildren.graphql").read_text(encoding="utf-8")
    return [
        ("full tree (157 entities, 4 levels, descriptions)", FULL_TREE, {}, 60),
        (
            "one entity: EntityPage.graphql, a division",
            page,
            {"slug": "donor-relations-division"},
            400,
        ),
        (
            "one entity + children: TreeChildren.graphql",
            children,
            {"slug": "department-of-operations-and-emergencies"},
            400,
        ),
    ]


def plain_strawberry() -> strawberry.Schema:
    """The same types without this project's query limits: what Strawberry itself costs."""
    return strawberry.Schema(query=Query, types=[Unit, Office, Committee])


def main(data: Path = REPO / "data") -> list[dict[str, Any]]:
    context = Context.for_graph(load_graph(data))
    plain = plain_strawberry()
    floor = floor_schema()
    root = floor_root(context)
    rows = []
    results = []
    for label, document, variables, repeat in cases():
        parsed = parse(document)
        assert not validate(floor, parsed), "the floor schema must accept the same document"

        def real(document: str = document, variables: dict[str, Any] = variables) -> Any:
            return schema.execute_sync(document, variable_values=variables, context_value=context)

        def normal(document: str = document, variables: dict[str, Any] = variables) -> Any:
            return schema.execute_normally(
                document, variable_values=variables, context_value=context
            )

        def bare(parsed: Any = parsed, variables: dict[str, Any] = variables) -> Any:
            result = execute(floor, parsed, root_value=root, variable_values=variables)
            assert isinstance(result, ExecutionResult)
            return result

        def parsing(document: str = document, variables: dict[str, Any] = variables) -> Any:
            return graphql_sync(floor, document, root_value=root, variable_values=variables)

        def unlimited(document: str = document, variables: dict[str, Any] = variables) -> Any:
            return plain.execute_sync(document, variable_values=variables, context_value=context)

        expected = real()
        assert expected.errors is None, expected.errors
        assert bare().data == expected.data, f"{label}: the floor answers differently"
        size = len(json.dumps(expected.data))
        assert unlimited().data == expected.data
        assert normal().data == expected.data
        cases_ = {
            "real": real,
            "floor": bare,
            "normal": normal,
            "floor+parse": parsing,
            "plain": unlimited,
        }
        stats = compare(cases_, repeat)
        r, f, p, u = stats["real"], stats["floor"], stats["floor+parse"], stats["plain"]
        n = stats["normal"]
        ratio = r.p50 / f.p50
        rows.append(
            [
                label,
                f"{size / 1024:.1f}",
                ms(r.p50),
                ms(f.p50),
                f"{ratio:.2f}x",
                f"{ms(n.p50)} ({n.p50 / f.p50:.2f}x)",
                ms(p.p50),
                f"{ms(u.p50)} ({u.p50 / f.p50:.2f}x)",
                f"{r.faults_per_call:.0f} / {f.faults_per_call:.0f}",
                "met" if ratio <= GOAL else "not met",
            ]
        )
        results.append(
            {
                "case": label,
                "real": r.summary(),
                "floor": f.summary(),
                "normal": n.summary(),
                "plain_strawberry": u.summary(),
                "ratio_p50": ratio,
            }
        )
    print("## In process, response-cache miss: compiled path vs plain graphql-core (issue 15)")
    print()
    print(
        table(
            [
                "query",
                "KiB",
                "real p50 ms",
                "floor p50 ms",
                "ratio",
                "normal execution p50 ms",
                "floor+parse p50 ms",
                "Strawberry without limits p50 ms",
                "minflt/call real / floor",
                f"goal <= {GOAL}x",
            ],
            rows,
        )
    )
    print()
    sys.stdout.flush()
    return results


if __name__ == "__main__":
    main()
