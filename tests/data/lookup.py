"""From the independent reading of the source (tests/data/source.py) to the loaded records, and
the documented list of what is deliberately not recorded (data/sources/not-recorded.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from graph.indexes import OrgGraph
from graph.model import Entity
from tests.data.source import Heading

NOT_RECORDED = Path(__file__).resolve().parents[2] / "data" / "sources" / "not-recorded.yaml"
COUNTRY_ITEM = re.compile(r"^(?P<city>[^,]+), (?P<country>[^,]+?)(?:,? for (?P<sub>.+))?$")


@dataclass(frozen=True)
class NotRecorded:
    """One entry of the list: a name or sentence of the source, and why it is not recorded."""

    text: str
    reason: str
    refers_to: tuple[str, ...] = ()


def not_recorded(section: str) -> list[NotRecorded]:
    """The entries of one section ("names" or "sentences") of data/sources/not-recorded.yaml."""
    document = yaml.safe_load(NOT_RECORDED.read_text(encoding="utf-8"))
    return [
        NotRecorded(
            " ".join(str(row.get("name") or row.get("text")).split()),
            str(row.get("reason") or ""),
            tuple(row.get("refers_to") or ()),
        )
        for row in document[section]
    ]


def by_name(graph: OrgGraph) -> dict[str, Entity]:
    return {e.name.casefold(): e for e in graph.iter_entities()}


def entity_for_heading(graph: OrgGraph, heading: Heading) -> Entity | None:
    """The entity a heading of the source names; None when it is not recorded as one."""
    names = by_name(graph)
    match = COUNTRY_ITEM.match(heading.text)
    if heading.parent == "Country offices with coordinating functions" and match:
        return names.get(f"country office in {match['city']}, {match['country']}".casefold())
    return names.get(heading.text.casefold())
