"""What the source states exists is recorded, placed and counted as the source counts it, and
every inference says so with a note (issue 17, classes 3, 4 and 5)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from graph.indexes import OrgGraph
from graph.model import Entity, EntityKind, SupervisionMode
from tests.data.lookup import entity_for_heading, not_recorded
from tests.data.source import headings, sentences, source_lines

NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
STRUCTURES = (
    r"(?:units|offices|committees|teams|functions|components|workstreams|centres|divisions)"
)
COUNT = re.compile(rf"\b({'|'.join(NUMBERS)}) (?:[\w-]+ ){{0,2}}?{STRUCTURES}\b", re.IGNORECASE)
# Sentences saying a structure exists somewhere ("A coordinating function ... is located in").
EXISTS = re.compile(
    r"\b(?:is located in|is established in|has an? (?:unit|team|office) in|hosts the team"
    r"|which includes the|oversees its operations centres)\b"
)
QUOTED = re.compile(r"“([^”]+)”")
COMMON = {"the", "of", "and", "for", "in", "to", "on", "a", "an", "with", "iom"}
# How the source words each supervision mode.
MODE_WORDS = {
    SupervisionMode.DIRECTLY_SUPERVISES: "directly supervises",
    SupervisionMode.OVERSEES: "oversees",
    SupervisionMode.LEADS: "led by",
    SupervisionMode.RESPONSIBLE_FOR: "responsibility",
    SupervisionMode.AUTHORITY_OVER: "authority",
    SupervisionMode.REPORTS_TO: "report",
}
GROUPS = {EntityKind.OFFICE_GROUP, EntityKind.COMMITTEE_GROUP}


def _fold(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = re.sub(r"[’']", "", "".join(c for c in text if not unicodedata.combining(c)))
    return re.findall(r"[^\W_]+", text)


def _names(text: str, name: str) -> bool:
    """True when every distinctive word of `name` starts a word of `text` ("office" in
    "offices"): the text names the structure, perhaps in a list ("Manila and Panama ...")."""
    words = _fold(text)
    stems = [n.removesuffix("s") for n in _fold(name) if n not in COMMON]  # "office(s)"
    return all(any(w.startswith(stem) for w in words) for stem in stems)


def _own_text(entity: Entity) -> str:
    return f"{entity.description}\n{entity.mention or ''}"


def _named_by(entity: Entity, text: str) -> bool:
    """The text is the entity's own (its description or mention) or names it."""
    return text in _own_text(entity) or any(_names(text, n) for n in (entity.name, *entity.aliases))


# Class 3: what the source states exists.


def test_no_source_sentence_lives_only_in_a_note(iom: OrgGraph) -> None:
    # Notes are not searched or shown as evidence: a sentence of the source quoted whole in a
    # note must also be a description, mention or evidence.
    whole = set(sentences()) | set(source_lines())
    texts = [_own_text(e) for e in iom.iter_entities()]
    texts += [e.supervision.evidence for e in iom.iter_entities() if e.supervision]
    texts += [e.members_evidence or "" for e in iom.iter_entities()]
    texts += [r.evidence for r in iom.relations]
    texts += [p.description for p in iom.positions.values()]
    texts += [entry.text for entry in not_recorded("names")]  # listed there, with why
    notes = [n for e in iom.iter_entities() for n in e.notes]
    notes += [n for p in iom.positions.values() for n in p.notes]
    notes += [r.note or "" for r in iom.relations]
    quoted = [q for note in notes for q in QUOTED.findall(note) if q in whole]
    assert quoted, "the notes quote whole sentences of the source"
    assert [q for q in quoted if not any(q in text for text in texts)] == []


def test_every_sentence_placing_a_structure_is_its_description_or_mention(iom: OrgGraph) -> None:
    stated = [s for s in sentences() if EXISTS.search(s)]
    assert len(stated) >= 5
    own = [_own_text(e) for e in iom.iter_entities()]
    assert [s[:70] for s in stated if not any(s in text for text in own)] == []


# Class 4: placement as the source counts it.


def test_counts_the_source_states_match_the_children_of_the_group(iom: OrgGraph) -> None:
    checked = set()
    for entity in iom.iter_entities():
        for match in COUNT.finditer(entity.description):
            count = NUMBERS[match.group(1).casefold()]
            children = iom.children(entity.id)
            if children:
                assert len(children) == count, (entity.id, match.group(0))
            else:
                assert entity.stated_count == count, (entity.id, match.group(0))
            checked.add(entity.id)
    assert len(checked) >= 7
    # And a stored count is one the source states.
    counted = [e.id for e in iom.iter_entities() if e.stated_count is not None]
    assert set(counted) <= checked


def test_no_grouping_heading_is_an_empty_leaf(iom: OrgGraph) -> None:
    groups = [e for e in iom.iter_entities() if e.kind in GROUPS]
    assert [e.id for e in groups if not iom.children(e.id) and e.stated_count is None] == []


# Class 5: every inference is marked inferred, with a note.


def test_every_inference_has_a_note(iom: OrgGraph) -> None:
    for entity in iom.iter_entities():
        if entity.inferred or (entity.supervision and entity.supervision.inferred):
            assert entity.notes, entity.id
        if entity.location and entity.location.inferred:
            assert entity.location.note, entity.id
    assert [(r.source_id, r.target_id) for r in iom.relations if r.inferred and not r.note] == []


def _unstated_supervisions(graph: OrgGraph) -> Iterator[str]:
    for entity in graph.iter_entities():
        supervision = entity.supervision
        if supervision is None or supervision.inferred:
            continue
        evidence = supervision.evidence
        title = graph.positions[supervision.position_id].title
        if not (
            _named_by(entity, evidence)
            and _names(evidence, title)
            and MODE_WORDS[supervision.mode] in evidence
        ):
            yield entity.id


def test_a_supervision_not_inferred_is_stated_by_its_evidence(iom: OrgGraph) -> None:
    # Stated: the evidence names the structure (or is its own text), the position and the
    # wording of the mode. "The Office comprises units that report directly to the Director
    # General" names no unit: each unit's reporting line is then an inference.
    assert list(_unstated_supervisions(iom)) == []
    assert sum(1 for e in iom.iter_entities() if e.supervision and e.supervision.inferred) >= 5


def test_a_relation_not_inferred_is_stated_by_its_evidence(iom: OrgGraph) -> None:
    unstated = []
    for relation in iom.relations:
        if relation.inferred:
            continue
        source, target = iom.entities[relation.source_id], iom.entities[relation.target_id]
        if not (_named_by(source, relation.evidence) and _named_by(target, relation.evidence)):
            unstated.append((relation.source_id, relation.type.value, relation.target_id))
    assert unstated == []


def test_a_parent_not_inferred_is_stated_where_the_source_names_the_entity(
    iom: OrgGraph,
) -> None:
    # Entities named inside a paragraph (no heading of their own): the sentence naming them is
    # the parent's own text, or names the parent; otherwise the placement is an inference.
    headed = {e.id for h in headings() if (e := entity_for_heading(iom, h)) is not None}
    unstated = []
    for entity in iom.iter_entities():
        if entity.id in headed or entity.parent_id is None or "parent" in entity.inferred:
            continue
        parent = iom.entities[entity.parent_id]
        text = entity.mention or entity.description
        if not _named_by(parent, text):
            unstated.append(entity.id)
    assert unstated == []
