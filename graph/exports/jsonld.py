"""JSON-LD with the W3C Organization Ontology (ORG), for linked-data tools.

The `@context` is inline: a processor expands the document without fetching anything, so the
export works offline and cannot be broken (or tracked) through a remote context URL.

Mapping: each entity is an `org:Organization` (the root also `org:FormalOrganization`, the others
`org:OrganizationalUnit`, both kept explicit for consumers that do no RDFS reasoning) with
`org:subOrganizationOf` its parent, `org:classification` a SKOS concept for its kind and
`org:hasSite` an `org:Site` with a vCard address. Each position is an `org:Post` in the root;
each committee seat an `org:Membership` whose `org:member` is the post (ORG: a post may be a
member ex officio). Typed relations are `org:linkedTo` on the source plus an `og:Relation` node
carrying the type and the evidence sentence; supervision is an `og:Supervision` node. `og:` is a
small vocabulary of this project under the same base.
"""

from __future__ import annotations

from typing import Any

from graph.exports._shared import country_name, dumps, omit_empty, relation_keys, seats
from graph.indexes import OrgGraph
from graph.model import Entity, EntityKind, Location, RelationType, Supervision

# An example base, not a registered namespace: publishers that serve the data pass their own.
DEFAULT_BASE = "urn:orggraph:"
_BASE_ENDS = ("/", "#", ":")


def export_jsonld(graph: OrgGraph, *, base: str = DEFAULT_BASE) -> str:
    """The graph as JSON-LD; every IRI starts with `base` (an absolute IRI ending in / # or :)."""
    return dumps(jsonld_document(graph, base=base))


def jsonld_document(graph: OrgGraph, *, base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The document `export_jsonld` serializes."""
    if ":" not in base or not base.endswith(_BASE_ENDS):
        raise ValueError(f"base must be an absolute IRI ending in /, # or :, not {base!r}")
    iri = _Iris(base)
    nodes: list[dict[str, Any]] = [
        {
            "@id": iri.dataset,
            "@type": "dcat:Dataset",
            "dct:title": f"Structure of {graph.root.name}",
            "owl:versionInfo": graph.version,
            "dct:subject": {"@id": iri.entity(graph.root_id)},
        },
        *_scheme(iri.kinds, "Kinds of structure", [k.value for k in EntityKind]),
        *_scheme(iri.relation_types, "Types of relation", [t.value for t in RelationType]),
    ]
    links: dict[str, list[dict[str, str]]] = {}
    for _, relation in relation_keys(graph):
        links.setdefault(relation.source_id, []).append({"@id": iri.entity(relation.target_id)})
    for entity in graph.iter_entities():
        nodes.append(_organization(graph, entity, iri, links.get(entity.id, [])))
        if entity.location is not None:
            nodes.append(_site(entity.id, entity.location, iri))
    for position_id in graph.position_order:
        position = graph.positions[position_id]
        post = {
            "@id": iri.post(position.id),
            "@type": "org:Post",
            "skos:prefLabel": position.title,
            "org:postIn": {"@id": iri.entity(graph.root_id)},
            "dct:description": position.description,
            "og:plural": position.plural,
        }
        nodes.append(omit_empty(post))
    for seat in seats(graph):
        nodes.append(
            {
                "@id": f"{base}membership/{seat.key}",
                "@type": "org:Membership",
                "org:member": {"@id": iri.post(seat.position_id)},
                "org:organization": {"@id": iri.entity(seat.committee_id)},
            }
        )
    for key, relation in relation_keys(graph):
        link = {
            "@id": f"{base}relation/{key}",
            "@type": "og:Relation",
            "og:relationType": {"@id": f"{iri.relation_types}/{relation.type.value}"},
            "og:source": {"@id": iri.entity(relation.source_id)},
            "og:target": {"@id": iri.entity(relation.target_id)},
            "og:evidence": relation.evidence,
            "og:inferred": relation.inferred,
            "og:note": relation.note,
        }
        nodes.append(omit_empty(link))
    return {"@context": _context(base), "@graph": nodes}


class _Iris:
    """The IRI of each kind of node, in one place so that references and nodes agree."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.dataset = f"{base}dataset"
        self.kinds = f"{base}kinds"
        self.relation_types = f"{base}relation-types"

    def entity(self, entity_id: str) -> str:
        return f"{self.base}entity/{entity_id}"

    def site(self, entity_id: str) -> str:
        return f"{self.base}entity/{entity_id}/site"

    def post(self, position_id: str) -> str:
        return f"{self.base}post/{position_id}"


def _context(base: str) -> dict[str, str]:
    return {
        "org": "http://www.w3.org/ns/org#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "dct": "http://purl.org/dc/terms/",
        "dcat": "http://www.w3.org/ns/dcat#",
        "owl": "http://www.w3.org/2002/07/owl#",
        "vcard": "http://www.w3.org/2006/vcard/ns#",
        "og": f"{base}vocab#",
    }


def _scheme(scheme: str, label: str, notations: list[str]) -> list[dict[str, Any]]:
    """A SKOS concept scheme and one concept per notation, at `{scheme}/{notation}`."""
    concepts = [
        {
            "@id": f"{scheme}/{notation}",
            "@type": "skos:Concept",
            "skos:prefLabel": notation.replace("_", " "),
            "skos:notation": notation,
            "skos:inScheme": {"@id": scheme},
        }
        for notation in notations
    ]
    return [{"@id": scheme, "@type": "skos:ConceptScheme", "skos:prefLabel": label}, *concepts]


def _organization(
    graph: OrgGraph, entity: Entity, iri: _Iris, links: list[dict[str, str]]
) -> dict[str, Any]:
    is_root = entity.id == graph.root_id
    extra_type = "org:FormalOrganization" if is_root else "org:OrganizationalUnit"
    parent = None if entity.parent_id is None else {"@id": iri.entity(entity.parent_id)}
    site = None if entity.location is None else {"@id": iri.site(entity.id)}
    node = {
        "@id": iri.entity(entity.id),
        "@type": ["org:Organization", extra_type],
        "skos:prefLabel": entity.name,
        "skos:altLabel": list(entity.aliases),
        "org:identifier": entity.id,
        "org:classification": {"@id": f"{iri.kinds}/{entity.kind.value}"},
        "org:subOrganizationOf": parent,
        "dct:description": entity.description,
        "org:hasSite": site,
        "og:supervision": _supervision(entity.supervision, iri),
        "org:linkedTo": links,
    }
    return omit_empty(node)


def _supervision(supervision: Supervision | None, iri: _Iris) -> dict[str, Any] | None:
    if supervision is None:
        return None
    return {
        "@type": "og:Supervision",
        "og:post": {"@id": iri.post(supervision.position_id)},
        "og:mode": supervision.mode.value,
        "og:evidence": supervision.evidence,
        "og:inferred": supervision.inferred,
    }


def _site(entity_id: str, location: Location, iri: _Iris) -> dict[str, Any]:
    address = {
        "@type": "vcard:Address",
        "vcard:locality": location.city,
        "vcard:country-name": country_name(location.country) if location.country else None,
    }
    site = {
        "@id": iri.site(entity_id),
        "@type": "org:Site",
        "org:siteAddress": omit_empty(address),
        "og:countryCode": location.country,
        "og:inferred": location.inferred,
        "og:note": location.note,
    }
    return omit_empty(site)
