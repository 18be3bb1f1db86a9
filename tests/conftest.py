"""Shared fixtures: a small hand-built graph, the real data, a real uvicorn server, a browser.

The small graph (`sample_context`) covers every shape the API must handle, with names chosen for
the search tests; the real data (`iom_context`, `live_server`) checks fidelity end to end.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from api.root import schema
from graph.indexes import OrgGraph
from graph.load.loader import load_graph
from graph.model import (
    Entity,
    EntityKind,
    Location,
    Position,
    Relation,
    RelationType,
    Supervision,
    SupervisionMode,
)
from schema.context import Context
from tests.support import ARTIFACTS, REPO_ROOT, serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

K = EntityKind


def _entities() -> list[Entity]:
    rows: list[tuple[str, str, EntityKind, str | None, dict[str, Any]]] = [
        ("org", "Example Organization", K.ORGANIZATION, None, {}),
        ("hq", "Headquarters", K.HEADQUARTERS, "org", {"description": "The seat."}),
        (
            "exec",
            "Executive Office",
            K.EXECUTIVE_OFFICE,
            "hq",
            {
                "supervision": Supervision(
                    "dg", SupervisionMode.DIRECTLY_SUPERVISES, "The DG supervises the Office."
                )
            },
        ),
        (
            "media",
            "Media and Communications Unit",
            K.UNIT,
            "exec",
            {"description": "Tells the world about migration.\n\nSecond paragraph."},
        ),
        ("legal", "Legal Team", K.TEAM, "exec", {"mention": "A Legal Team is mentioned."}),
        ("ops", "Department of Operations", K.DEPARTMENT, "hq", {}),
        (
            "health",
            "Migration Health Division",
            K.DIVISION,
            "ops",
            {"description": "Health assessments.", "aliases": ("MHD",)},
        ),
        (
            "lab",
            "Laboratory Unit",
            K.UNIT,
            "health",
            {"description": "Works with the Migration Health Division and San José partners."},
        ),
        ("regions", "Regional Offices", K.OFFICE_GROUP, "org", {}),
        (
            "ro-san-jose",
            "Regional Office in San José, Costa Rica",
            K.REGIONAL_OFFICE,
            "regions",
            {"location": Location("San José", "CR")},
        ),
        (
            "ro-bangkok",
            "Regional Office in Bangkok, Thailand",
            K.REGIONAL_OFFICE,
            "regions",
            {
                "location": Location("Bangkok", "TH"),
                "coordinates_subregion": "South Asia",
            },
        ),
        ("countries", "Country Offices", K.OFFICE_GROUP, "org", {}),
        (
            "co-rome",
            "Country office in Rome, Italy",
            K.COUNTRY_OFFICE,
            "countries",
            {
                "location": Location("Rome", "IT", inferred=True, note="The source says Rome."),
                "coordinates_subregion": "Mediterranean",
                "inferred": ("location", "coordinates_subregion"),
                "notes": ("Inferred from the heading.",),
            },
        ),
        (
            "co-costa",
            "Country office in Costa Rica",
            K.COUNTRY_OFFICE,
            "countries",
            {"location": Location(None, "CR")},
        ),
        ("committees", "Coordinating Committees", K.COMMITTEE_GROUP, "org", {}),
        (
            "pcc",
            "Policy Coordinating Committee",
            K.COMMITTEE,
            "committees",
            {
                "members": ("dg", "cos"),
                "members_evidence": "consisting of the Director General and the Chief of Staff",
            },
        ),
        (
            "audit",
            "Audit and Oversight Advisory Committee",
            K.COMMITTEE,
            "committees",
            {"stated_count": 5, "members": ("dg",), "members_evidence": "assists the DG"},
        ),
    ]
    return [
        Entity(id=slug, name=name, kind=kind, parent_id=parent, order=order, **extra)
        for order, (slug, name, kind, parent, extra) in enumerate(rows)
    ]


def build_sample_graph() -> OrgGraph:
    positions = [
        Position("dg", "Director General", 0),
        Position("cos", "Chief of Staff", 1, description="Leads the Executive Office."),
        Position("rd", "Regional Directors", 2, plural=True, notes=("One per region.",)),
    ]
    relations = [
        Relation("media", RelationType.COORDINATES_WITH, "ro-bangkok", "Media works with RO.", 0),
        Relation(
            "legal",
            RelationType.SUPPORTS,
            "media",
            "Legal supports Media.",
            1,
            inferred=True,
            note="Implied.",
        ),
        Relation("ro-san-jose", RelationType.OVERSEES, "co-costa", "RO oversees CO.", 2),
    ]
    return OrgGraph.build(
        version="sample-1", entities=_entities(), positions=positions, relations=relations
    )


@pytest.fixture(scope="session")
def sample_context() -> Context:
    return Context.for_graph(build_sample_graph())


@pytest.fixture(scope="session")
def iom_context() -> Context:
    return Context.for_graph(load_graph(REPO_ROOT / "data"))


class Executor:
    """Runs documents in-process against one context; `data()` fails the test on any error."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def run(self, document: str, /, **variables: Any) -> Any:
        return schema.execute_sync(document, variable_values=variables, context_value=self.context)

    def data(self, document: str, /, **variables: Any) -> Any:
        result = self.run(document, **variables)
        assert result.errors is None, result.errors
        return result.data

    def error(self, document: str, /, **variables: Any) -> str:
        result = self.run(document, **variables)
        assert result.errors, result.data
        return str(result.errors[0].message)


@pytest.fixture(scope="session")
def gql(sample_context: Context) -> Executor:
    return Executor(sample_context)


@pytest.fixture(scope="session")
def iom(iom_context: Context) -> Executor:
    return Executor(iom_context)


def pytest_configure(config: pytest.Config) -> None:
    # Servers and loaders started by the tests keep their parsed-data cache in a private temp
    # directory, never in the user's ~/.cache (tests that test the cache set their own).
    if "ORGGRAPH_CACHE_DIR" not in os.environ:
        os.environ["ORGGRAPH_CACHE_DIR"] = tempfile.mkdtemp(prefix="orggraph-test-cache-")


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """A real server process (`python -m server`) serving the real data; yields its base URL."""
    with serve({}, "uvicorn.log") as (base, _):
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium through Playwright (its own browser download fails here)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is not installed: run `make browser` (or deselect -m browser)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
