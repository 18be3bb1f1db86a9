"""The tree of a synthetic organization: who sits where, named and described.

A subtree gets a budget of entities. Each node splits its budget between a fan-out drawn near
`budget ** (1 / levels left)` and its children's subtrees, with heavy-tailed shares near the top
(a few large departments, many small ones) and even shares near the leaves, so the total is
exactly the number asked for while depth and fan-out stay like a real organization's.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

import pycountry

from graph.model import EntityKind, Family
from graph.names import slugify
from graph.synthetic.text import TextMaker, acronym
from graph.synthetic.words import QUALIFIERS, REGIONS, RELATION_SENTENCES

K = EntityKind
MIN_ENTITIES = 60
Record = dict[str, Any]
Levels = tuple[tuple[EntityKind, ...], ...]
# (ISO country code, city or None) of an office subtree.
Place = tuple[str, str | None]
# Kinds whose records list members: the committee family, without its grouping heading.
COMMITTEE_KINDS = frozenset(
    k for k in K if k.family is Family.COMMITTEE and k is not K.COMMITTEE_GROUP
)

# Kinds per level below a department, a country office, a committee group (repeats weigh more).
HQ_LEVELS: Levels = (
    (K.DIVISION,) * 6 + (K.UNIT, K.CENTRE, K.INSTITUTE),
    (K.UNIT,) * 6 + (K.TEAM, K.FUNCTION),
    (K.TEAM,) * 4 + (K.FUNCTION, K.COMPONENT),
    (K.WORKSTREAM, K.TEAM, K.COMPONENT),
    (K.COMPONENT, K.WORKSTREAM),
    (K.FUNCTION,),
)
EXECUTIVE_LEVELS: Levels = (
    (K.UNIT,) * 4 + (K.SECRETARIAT, K.OFFICE, K.SYSTEM, K.ENVOY_GROUP),
    (K.TEAM,) * 3 + (K.FUNCTION,),
    (K.WORKSTREAM, K.FUNCTION),
)
OFFICE_LEVELS: Levels = ((K.OFFICE,), (K.UNIT,) * 3 + (K.TEAM,), (K.TEAM,), (K.WORKSTREAM,))
REGIONAL_LEVELS: Levels = ((K.UNIT,), (K.TEAM,), (K.WORKSTREAM, K.FUNCTION))
COMMITTEE_LEVELS: Levels = ((K.COMMITTEE,) * 6 + (K.BOARD,),) + ((K.COMMITTEE,),) * 3
GENERIC_POSITIONS = (
    ("director-general", "Director General", False),
    ("ddg-operations", "Deputy Director General for Operations", False),
    ("ddg-management-and-reform", "Deputy Director General for Management and Reform", False),
    ("chief-of-staff", "Chief of Staff", False),
    ("regional-director", "Regional Director", True),
    ("senior-regional-adviser", "Senior Regional Adviser", True),
    ("department-director", "Department Director", True),
    ("chief-of-mission", "Chief of Mission", True),
    ("head-of-unit", "Head of Unit", True),
)
# Children per node by how many levels may still follow (the last level takes what is left).
FANOUT = {2: (2, 6), 3: (2, 7), 4: (3, 8), 5: (3, 8), 6: (3, 10)}
LAST_LEVEL = 6


@cache
def capacity(levels: int) -> int:
    """The most entities a subtree of `levels` levels below a node holds with the widest draws."""
    if levels <= 0:
        return 0
    widest = LAST_LEVEL if levels == 1 else FANOUT.get(levels, FANOUT[max(FANOUT)])[1]
    return widest * (1 + capacity(levels - 1))


_SUPERVISION_SENTENCES = {
    "directly_supervises": "The {title} directly supervises the {subject}.",
    "oversees": "The {title} also oversees the {subject}.",
    "leads": "The {subject} is led by the {title}.",
    "responsible_for": "The {title} is responsible for the {subject}.",
    "authority_over": "The {subject} works under the authority of the {title}.",
    "reports_to": "The {subject} reports directly to the {title}.",
}


@cache
def _places(code: str) -> tuple[str, tuple[str, ...]]:
    """A country's everyday name and the names of its subdivisions (used as cities)."""
    return _all_places()[code]


@cache
def _all_places() -> dict[str, tuple[str, tuple[str, ...]]]:
    cities: dict[str, set[str]] = {}
    for subdivision in pycountry.subdivisions:
        if "," not in subdivision.name:
            cities.setdefault(subdivision.country_code, set()).add(subdivision.name)
    return {
        c.alpha_2: (
            getattr(c, "common_name", None) or c.name,
            tuple(sorted(cities.get(c.alpha_2, ()))),
        )
        for c in pycountry.countries
    }


class Builder:
    """Accumulates records per file; `build` fills them for `total` entities."""

    def __init__(self, rng: random.Random, text: TextMaker, total: int) -> None:
        self.rng, self.text, self.total = rng, text, total
        self.files: dict[str, dict[str, list[Record]]] = {}
        self.names: dict[str, str] = {}
        self.children: dict[str, list[str]] = {}
        self.committees: list[str] = []
        self.country_offices: list[str] = []
        self.positions: list[Record] = []
        self.position_titles: dict[str, str] = {}

    # --- records --------------------------------------------------------------------------

    def entity(
        self, file: str, name: str, kind: EntityKind, parent: str | None, **extra: Any
    ) -> str:
        entity_id = base = slugify(name)
        number = 1
        while entity_id in self.names:
            number += 1
            entity_id = f"{base}-{number}"
        self.names[entity_id] = name
        record: Record = {"id": entity_id, "name": name, "kind": kind.value, "parent": parent}
        record.update(extra)
        self.files.setdefault(file, {}).setdefault("entities", []).append(record)
        if parent is not None:
            self.children.setdefault(parent, []).append(entity_id)
        if kind in COMMITTEE_KINDS:
            self.committees.append(entity_id)
        return entity_id

    def described(
        self, name: str, parent: str | None, topics: list[str], place: str | None
    ) -> Record:
        """The description, or the mention, or neither (like the source: most have one)."""
        roll = self.rng.random()
        parent_name = self.names[parent] if parent else "Organization"
        if roll < 0.8:
            return {"description": self.text.description(name, parent_name, topics, place)}
        if roll < 0.9:
            return {"mention": self.text.mention(name, parent_name)}
        return {}

    def position(self, position_id: str, title: str, plural: bool = False) -> str:
        if position_id not in self.position_titles:
            self.position_titles[position_id] = title
            record: Record = {"id": position_id, "title": title}
            if plural:
                record["plural"] = True
            self.positions.append(record)
        return position_id

    def supervisor(self, position_id: str, mode: str, subject: str) -> Record:
        sentence = _SUPERVISION_SENTENCES[mode]
        evidence = sentence.format(title=self.position_titles[position_id], subject=subject)
        return {"supervisor": {"position": position_id, "mode": mode, "evidence": evidence}}

    # --- budgets --------------------------------------------------------------------------

    def fanout(self, budget: int, levels_left: int) -> int:
        """How many children a node with `budget` entities below it gets: a realistic draw,
        raised when the children's subtrees could not hold the rest."""
        if levels_left <= 1:
            return budget
        low, high = FANOUT.get(levels_left, FANOUT[max(FANOUT)])
        needed = -(-budget // (1 + capacity(levels_left - 1)))
        return min(budget, max(self.rng.randint(low, high), needed))

    def split(self, budget: int, parts: int, heavy: bool, cap: int | None = None) -> list[int]:
        """`budget` in `parts` random integer shares (heavy-tailed or even-ish), each at most
        `cap` when given (the caller guarantees `parts * cap >= budget`)."""
        draw = self.rng.paretovariate if heavy else lambda _: self.rng.uniform(0.5, 1.5)
        shares = self.shares(budget, [draw(1.6) for _ in range(parts)])
        if cap is not None:
            excess = sum(max(0, share - cap) for share in shares)
            shares = [min(share, cap) for share in shares]
            for i in range(parts):
                room = min(excess, cap - shares[i])
                shares[i] += room
                excess -= room
        return shares

    def shares(self, budget: int, weights: list[float]) -> list[int]:
        """`budget` split in proportion to `weights` (largest remainder), summing exactly."""
        parts = len(weights)
        if parts == 0:
            return []
        scale = budget / sum(weights)
        exact = [w * scale for w in weights]
        shares = [int(x) for x in exact]
        order = sorted(range(parts), key=lambda i: shares[i] - exact[i])
        for i in order[: budget - sum(shares)]:
            shares[i] += 1
        return shares

    def grow(
        self,
        file: str,
        parent: str,
        budget: int,
        levels: Levels,
        topics: list[str],
        place: Place | None = None,
        supervision: tuple[str, str] | None = None,
    ) -> None:
        """Create exactly `budget` entities below `parent`, at most `len(levels)` levels deep.

        `supervision` (position, mode) is recorded on the direct children only.
        """
        if budget <= 0:
            return
        count = self.fanout(budget, len(levels))
        below = capacity(len(levels) - 1)
        shares = self.split(budget - count, count, heavy=len(levels) > 3, cap=below)
        for share in shares:
            kind = self.text.pick(levels[0])
            mine = [*self.rng.sample(topics, 1), *self.text.topics(1)]
            here = self.sub_office_place(place) if kind is K.OFFICE and place else place
            name = self.name(kind, mine, here)
            extra = self.extras(name, kind, parent, mine, here)
            if kind is K.OFFICE and here is not None:
                extra["location"] = {"city": here[1], "country": here[0]}
            if supervision is not None:
                extra.update(self.supervisor(*supervision, subject=name))
            child = self.entity(file, name, kind, parent, **extra)
            self.grow(file, child, share, levels[1:], mine, here)

    def sub_office_place(self, place: Place) -> Place:
        """A city of the country for a sub-office (the country's name when it has none)."""
        country_name, cities = _places(place[0])
        return place[0], self.text.pick(cities) if cities else country_name

    def extras(
        self, name: str, kind: EntityKind, parent: str, topics: list[str], place: Place | None
    ) -> Record:
        extra = self.described(name, parent, topics, place[1] if place else None)
        roll = self.rng.random()
        if roll < 0.05 and len(acronym(name)) >= 3:
            extra["aliases"] = [acronym(name)]
        elif roll < 0.08:
            extra["inferred"] = ["parent"]
            extra["notes"] = [
                f"Recorded under the {self.names[parent]} because the source lists it there."
            ]
        if kind in COMMITTEE_KINDS:
            extra.update(self.committee_members(name))
        return extra

    def name(self, kind: EntityKind, topics: list[str], place: Place | None) -> str:
        topic, qualifier = topics[-1], self.text.pick(QUALIFIERS)
        city = place[1] if place else None
        suffix = f" ({city})" if city and kind is not K.OFFICE else ""
        if kind is K.OFFICE:
            return f"{self.text.pick(('Sub-Office', 'Field Office'))} in {city or topic}"
        patterns = {
            K.DIVISION: f"{topic} Division",
            K.UNIT: self.text.pick((f"{topic} Unit", f"{qualifier} {topic} Unit")),
            K.TEAM: f"{qualifier} {topic} Team",
            K.FUNCTION: f"{topic} Function",
            K.COMPONENT: f"{qualifier} {topic} Component",
            K.WORKSTREAM: f"{topic} Workstream",
            K.CENTRE: f"Centre for {topic}",
            K.INSTITUTE: f"Institute for {topic}",
            K.SYSTEM: f"{topic} Information System",
            K.SECRETARIAT: f"{topic} Secretariat",
            K.ENVOY_GROUP: f"Special Envoys for {topic}",
            K.COMMITTEE: self.text.pick((f"{topic} Committee", f"Working Group on {topic}")),
            K.BOARD: f"{topic} Board",
        }
        return patterns[kind] + suffix

    # --- the whole organization -----------------------------------------------------------

    def relation(self, source: str, type_: str, target: str) -> Record:
        topic = self.text.topics(1)[0].lower()
        sentence = RELATION_SENTENCES.get(type_, "The {a} is located in the {b}.")
        record: Record = {
            "from": source,
            "type": type_,
            "to": target,
            "evidence": sentence.format(a=self.names[source], b=self.names[target], topic=topic),
        }
        if self.rng.random() < 0.05:
            record["inferred"] = True
            record["note"] = "The source implies this relation without stating it."
        return record

    def committee_members(self, name: str) -> Record:
        pool = [p["id"] for p in self.positions]
        members = self.rng.sample(pool, min(len(pool), self.rng.randint(3, 7)))
        titles = [self.position_titles[m] for m in members]
        listed = ", ".join(titles[:-1]) + f" and {titles[-1]}" if len(titles) > 1 else titles[0]
        extra: Record = {
            "members": members,
            "members_evidence": f"The {name}, consisting of the {listed}, meets regularly.",
        }
        if self.rng.random() < 0.1:
            extra["stated_count"] = self.rng.randint(3, 12)
        return extra

    def country_name(self, code: str) -> str:
        return _places(code)[0]


def regions() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    return tuple((city, code, name, tuple(codes.split())) for city, code, name, codes in REGIONS)
