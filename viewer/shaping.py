"""Operation results reshaped for the templates: grouping and ordering only, no new facts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from viewer.labels import kind_plural

Record = Mapping[str, Any]

# The home page's office sections: result alias and section title, in the source's order.
HOME_OFFICES = (
    ("administrativeCentres", "Administrative centres"),
    ("regionalOffices", "Regional offices"),
    ("liaisonOffices", "Special liaison offices"),
    ("countryOffices", "Country offices"),
)


@dataclass(frozen=True, slots=True)
class Group:
    """A titled list of records (offices of one type, supervisions in one mode, ...)."""

    key: str
    title: str
    items: tuple[Any, ...]


def home(data: Record) -> dict[str, Any]:
    hq_nodes = data["headquarters"]["nodes"]
    hq = hq_nodes[0] if hq_nodes else None
    offices = [
        {"id": alias.lower(), "title": title, **data[alias]}
        for alias, title in HOME_OFFICES
        if data[alias]["totalCount"]
    ]
    leadership = [p for p in data["positions"] if p["supervises"]]
    return {
        "organization": data["organization"],
        "hq": hq,
        "positions": data["positions"],
        "leadership": leadership,
        "office_sections": offices,
        # Committees only, not the headings that group them.
        "committees": [c for c in data["committees"] if not c["kind"].endswith("_GROUP")],
        "office_count": sum(section["totalCount"] for section in offices),
    }


def entity(record: Record) -> dict[str, Any]:
    relations = [
        {**relation, "outgoing": relation["direction"] == "OUTGOING"}
        for relation in record["relations"]
    ]
    members = record.get("members", [])
    stated = record["statedCount"]
    return {
        "entity": record,
        "inherited": inherited_supervision(record),
        "inferred": frozenset(record["inferredFields"]),
        "relations": relations,
        "subregion": record.get("coordinatesSubregion"),
        "stated_unnamed": stated is not None and stated > max(len(members), record["childCount"]),
    }


def inherited_supervision(record: Record) -> dict[str, Any] | None:
    """The nearest ancestor's stated supervision, when `record` states none of its own:
    `{"from": ancestor, "supervision": ...}`. The page marks it as inherited, never as stated."""
    if record.get("supervision"):
        return None
    for ancestor in reversed(record.get("ancestors", [])):
        if ancestor.get("supervision"):
            return {"from": ancestor, "supervision": ancestor["supervision"]}
    return None


def position(record: Record) -> dict[str, Any]:
    """Supervisions by mode, and within a mode by the sentence that states them (the source
    often names several structures in one sentence: quote it once, list them under it)."""
    modes = [
        {"mode": group.key, "count": len(group.items), "batches": _grouped(group.items, _evidence)}
        for group in _grouped(record["supervisions"], lambda s: s["mode"])
    ]
    return {"position": record, "modes": modes}


def _evidence(supervision: Record) -> str:
    return str(supervision["evidence"])


def offices(data: Record) -> dict[str, Any]:
    nodes = data["offices"]["nodes"]
    groups = [node for node in nodes if node["kind"] == "OFFICE_GROUP"]
    offices = [node for node in nodes if node["kind"] != "OFFICE_GROUP"]
    by_type = [
        Group(group.key, kind_plural(group.key), group.items)
        for group in _grouped(offices, lambda o: o["kind"])
    ]
    by_country = sorted(
        _grouped(
            [o for o in offices if (o["location"] or {}).get("country")],
            lambda o: o["location"]["country"]["commonName"],
        ),
        key=lambda group: group.key,
    )
    subregions = [o for o in offices if o.get("coordinatesSubregion")]
    named = {o["parent"]["slug"] for o in offices if o["parent"]}
    # Groups the source counts without naming their members (e.g. "four country offices").
    unnamed = [g for g in groups if g["statedCount"] and g["slug"] not in named]
    countries = {group.key for group in by_country}
    return {
        "by_type": by_type,
        "by_country": by_country,
        "subregions": subregions,
        "unnamed": unnamed,
        "office_count": len(offices),
        "country_count": len(countries),
        "incomplete": data["offices"]["pageInfo"]["hasNextPage"],
    }


def _grouped(records: Sequence[Record], key: Callable[[Record], str]) -> list[Group]:
    """Records grouped by `key(record)`, groups in order of first appearance."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(key(record), []).append(record)
    return [Group(name, name, tuple(items)) for name, items in groups.items()]
