"""The export formats by name, with what an HTTP download or a CLI needs to serve each one.

`python -m graph export --format NAME` and the download routes both look formats up here, so a
new format is one entry, and the command line and the web never disagree on names or types.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from graph.exports.csv_export import export_csv
from graph.exports.json_export import export_json
from graph.exports.jsonld import export_jsonld
from graph.exports.popolo import export_popolo
from graph.indexes import OrgGraph


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One format: its name, how to render it, and how to label the bytes for a download."""

    name: str
    render: Callable[[OrgGraph], str]
    media_type: str
    filename: str
    description: str


FORMATS: Mapping[str, ExportFormat] = MappingProxyType(
    {
        f.name: f
        for f in (
            ExportFormat(
                "json",
                export_json,
                "application/json",
                "orggraph.json",
                "the whole graph in one JSON document",
            ),
            ExportFormat(
                "csv",
                export_csv,
                "text/csv; charset=utf-8; header=present",
                "orggraph.csv",
                "one row per entity, for spreadsheets",
            ),
            ExportFormat(
                "popolo",
                export_popolo,
                "application/json",
                "orggraph.popolo.json",
                "Popolo JSON: organizations, posts, memberships",
            ),
            ExportFormat(
                "jsonld",
                export_jsonld,
                "application/ld+json",
                "orggraph.jsonld",
                "JSON-LD with the W3C Organization Ontology",
            ),
        )
    }
)


def render(graph: OrgGraph, format_name: str) -> str:
    """The export `format_name` of `graph`; an unknown name is a ValueError listing the known."""
    export = FORMATS.get(format_name)
    if export is None:
        known = ", ".join(FORMATS)
        raise ValueError(f"unknown export format {format_name!r} (known: {known})")
    return export.render(graph)
