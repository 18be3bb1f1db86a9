"""Synthetic organizations of any size, in the data format (docs/data-format.md).

    python -m graph generate --entities 100000 --out /tmp/org-100k --seed 1

The shape follows the embedded data: Headquarters with an executive office and departments,
divisions, units and teams (down to depth 8); office groups with regional offices, country offices
in real ISO 3166-1 countries, sub-offices and their units; committees with member positions;
supervision by positions; relations with evidence. Files are split like a maintainer would split
them (one per department and per region). Every choice comes from one `random.Random(seed)`, so
the same arguments write the same bytes, and the loader validates the result like any data.
"""

from __future__ import annotations

import random
from pathlib import Path

from graph.model import EntityKind as K
from graph.names import slugify
from graph.synthetic.files import write_files
from graph.synthetic.text import TextMaker
from graph.synthetic.tree import (
    COMMITTEE_LEVELS,
    EXECUTIVE_LEVELS,
    GENERIC_POSITIONS,
    HQ_LEVELS,
    MIN_ENTITIES,
    OFFICE_LEVELS,
    REGIONAL_LEVELS,
    Builder,
    Record,
    regions,
)

__all__ = ["MIN_ENTITIES", "generate", "write_organization"]

ROOT = "International Organization for Synthetic Migration"
RELATION_WEIGHTS = {
    "supports": 30,
    "coordinates_with": 20,
    "collaborates_with": 15,
    "works_through": 10,
    "located_in": 5,
    "secretariat_of": 5,
    "oversees": 5,
    "supervises": 5,
    "reports_to": 5,
}


def generate(entities: int, seed: int = 1) -> dict[str, dict[str, list[Record]]]:
    """The organization as {file name: {section: records}}, in load order."""
    if entities < MIN_ENTITIES:
        raise ValueError(f"a synthetic organization needs at least {MIN_ENTITIES} entities")
    rng = random.Random(seed)
    b = Builder(rng, TextMaker(rng), entities)
    for position_id, title, plural in GENERIC_POSITIONS:
        b.position(position_id, title, plural)
    root = b.entity(
        "10-organization.yaml",
        ROOT,
        K.ORGANIZATION,
        None,
        description=b.text.description(ROOT, "United Nations System", b.text.topics(3), None),
        aliases=["IOSM"],
    )
    rest = entities - 1
    committees = max(6, round(0.06 * rest))
    offices = max(20, round(0.38 * rest))
    _headquarters(b, root, rest - committees - offices)
    _offices(b, root, offices)
    _committees(b, root, committees)
    b.files["50-positions.yaml"] = {"positions": b.positions}
    b.files["60-relations.yaml"] = {"relations": _relations(b, round(0.3 * entities))}
    return dict(sorted(b.files.items()))


def write_organization(out: Path, entities: int, seed: int = 1) -> list[Path]:
    """Write the files into `out` (created if missing); return their paths in load order."""
    return write_files(out, generate(entities, seed))


def _headquarters(b: Builder, root: str, budget: int) -> None:
    file = "20-headquarters.yaml"
    hq = b.entity(
        file,
        "Headquarters",
        K.HEADQUARTERS,
        root,
        **b.described("Headquarters", root, b.text.topics(2), "Geneva"),
        location={"city": "Geneva", "country": "CH"},
    )
    name = "Director General’s Executive Office"
    executive = b.entity(
        file,
        name,
        K.EXECUTIVE_OFFICE,
        hq,
        **b.described(name, hq, b.text.topics(2), None),
        **b.supervisor("director-general", "directly_supervises", name),
    )
    budget -= 2
    in_executive = max(2, round(0.01 * budget))
    b.grow(
        file,
        executive,
        in_executive,
        EXECUTIVE_LEVELS,
        b.text.topics(3),
        supervision=("director-general", "reports_to"),
    )
    budget -= in_executive
    count = max(3, min(14, round(budget**0.28)))
    for number, share in enumerate(b.split(budget - count, count, heavy=True), start=1):
        topics = b.text.topics(2)
        joined = topics[0] if b.rng.random() < 0.4 else " and ".join(topics)
        name = f"Department of {joined}"
        deputy = "ddg-operations" if number % 2 else "ddg-management-and-reform"
        department = b.entity(
            f"21-{number:02d}-{slugify(name)}.yaml",
            name,
            K.DEPARTMENT,
            hq,
            **b.described(name, hq, topics, None),
            **b.supervisor(deputy, "directly_supervises", name),
        )
        director = b.position(f"director-{department}", f"Director of the {name}")
        b.grow(
            f"21-{number:02d}-{slugify(name)}.yaml",
            department,
            share,
            HQ_LEVELS,
            topics,
            supervision=(director, "responsible_for"),
        )


def _offices(b: Builder, root: str, budget: int) -> None:
    file = "30-offices.yaml"
    centres = b.entity(file, "Administrative Centres", K.OFFICE_GROUP, root)
    liaison = b.entity(file, "Special Liaison Offices", K.OFFICE_GROUP, root)
    regional = b.entity(file, "Regional Offices", K.OFFICE_GROUP, root)
    for name, group, city, code in (
        ("Manila Administrative Centre", centres, "Manila", "PH"),
        ("Panama Administrative Centre", centres, "Panama City", "PA"),
        ("Special Liaison Office in New York", liaison, "New York", "US"),
        ("Special Liaison Office in Addis Ababa", liaison, "Addis Ababa", "ET"),
    ):
        kind = K.ADMINISTRATIVE_CENTRE if group == centres else K.LIAISON_OFFICE
        extra = (
            b.supervisor("ddg-management-and-reform", "oversees", name) if group == centres else {}
        )
        b.entity(file, name, kind, group, location={"city": city, "country": code}, **extra)
    all_regions = regions()
    budget -= 7 + len(all_regions)
    for centre, share in zip(
        b.children[centres], b.split(budget // 25, 2, heavy=False), strict=True
    ):
        b.grow(file, centre, share, REGIONAL_LEVELS, b.text.topics(2))
    budget -= budget // 25
    weights = [len(codes) * b.rng.uniform(0.7, 1.3) for *_, codes in all_regions]
    for number, ((city, code, region, countries), share) in enumerate(
        zip(all_regions, b.shares(budget, weights), strict=True), start=1
    ):
        _region(
            b,
            f"31-{number:02d}-{slugify(city)}.yaml",
            regional,
            (city, code, region),
            countries,
            share,
        )


def _region(
    b: Builder,
    file: str,
    group: str,
    where: tuple[str, str, str],
    countries: tuple[str, ...],
    budget: int,
) -> None:
    city, code, region = where
    name = f"Regional Office in {city}, {b.country_name(code)}"
    extra: Record = b.described(name, group, b.text.topics(2), city)
    if b.rng.random() < 0.5:
        extra["coordinates_subregion"] = region.removeprefix("the ")
    office = b.entity(
        file,
        name,
        K.REGIONAL_OFFICE,
        group,
        location={"city": city, "country": code},
        **extra,
        **b.supervisor("regional-director", "leads", name),
    )
    units = budget // 10
    b.grow(file, office, units, REGIONAL_LEVELS, b.text.topics(2), (code, city))
    budget -= units
    if budget <= 0:
        return
    name = f"Country Offices in {region}"
    offices = b.entity(
        file, name, K.OFFICE_GROUP, office, **b.described(name, office, b.text.topics(2), None)
    )
    budget -= 1
    count = min(len(countries), max(1, budget // 4)) if budget > 0 else 0
    for country, share in zip(
        b.rng.sample(countries, count), b.split(budget - count, count, heavy=True), strict=True
    ):
        name = f"Country Office in {b.country_name(country)}"
        topics = b.text.topics(2)
        place = (country, None)
        country_office = b.entity(
            file,
            name,
            K.COUNTRY_OFFICE,
            offices,
            location={"country": country},
            **b.described(name, offices, topics, b.country_name(country)),
            **b.supervisor("chief-of-mission", "leads", name),
        )
        b.country_offices.append(country_office)
        b.grow(file, country_office, share, OFFICE_LEVELS, topics, place)


def _committees(b: Builder, root: str, budget: int) -> None:
    file = "40-committees.yaml"
    coordinating = b.entity(
        file,
        "Coordinating Committees",
        K.COMMITTEE_GROUP,
        root,
        **b.described("Coordinating Committees", root, b.text.topics(2), None),
    )
    governing = b.entity(file, "Governing Bodies", K.COMMITTEE_GROUP, root)
    bodies = [
        b.entity(file, name, K.GOVERNING_BODY, governing, **b.committee_members(name))
        for name in ("Council", "Standing Committee on Programmes and Finance")
    ]
    budget -= 4
    working = budget // 6
    for body, share in zip(bodies, b.split(working, 2, heavy=False), strict=True):
        b.grow(file, body, share, COMMITTEE_LEVELS[1:], b.text.topics(2))
    b.grow(file, coordinating, budget - working, COMMITTEE_LEVELS, b.text.topics(4))


def _relations(b: Builder, count: int) -> list[Record]:
    ids = list(b.names)
    parents = {child: parent for parent, kids in b.children.items() for child in kids}
    committees = b.committees
    offices = b.country_offices or ids
    types, weights = list(RELATION_WEIGHTS), list(RELATION_WEIGHTS.values())
    relations = []
    for _ in range(count):
        source = ids[b.rng.randrange(1, len(ids))]
        (type_,) = b.rng.choices(types, weights)
        if type_ == "coordinates_with":
            siblings = b.children[parents[source]]
            target = siblings[b.rng.randrange(len(siblings))]
        elif type_ in ("secretariat_of", "supports") and b.rng.random() < 0.5:
            target = committees[b.rng.randrange(len(committees))]
        elif type_ in ("works_through", "located_in"):
            target = offices[b.rng.randrange(len(offices))]
        else:
            target = ids[b.rng.randrange(len(ids))]
        if target != source:
            relations.append(b.relation(source, type_, target))
    return relations
