"""Every relation the source states plainly is recorded with its evidence, and every body or post
it names is recorded or listed as not recorded, with why (issue 17, classes 6 and 7).

What is deliberately left out is listed in data/sources/not-recorded.yaml; these tests also keep
that list honest: each entry is the source's own text, has a reason, and is still needed.
"""

from __future__ import annotations

import re

import pytest

from graph.indexes import OrgGraph
from tests.data.lookup import NotRecorded, not_recorded
from tests.data.source import acronyms, body_names, sentences, source_lines

# Wordings that state a link between two structures.
LINKS = re.compile(
    r"support(?:s|ing)? the work of|(?:coordination|cooperation|communication) between"
    r"|in (?:close )?(?:coordination|collaboration|conjunction|partnership|consultation)"
    r"(?: and (?:coordination|consultation))? with"
    r"|coordinates its activities with|works? closely with"
    r"|reports? (?:annually |directly )?to|secretariat for|ensures oversight of"
    r"|(?:support|assistance|guidance|advice)[\w ,]{0,60} to (?:IOM )?"
    r"(?:Headquarters|country|regional|field|the Department|units)"
    r"|supports? (?:IOM )?(?:country|regional|field) offices|assists? the"
    r"|support(?:s|ing)? the (?:Deputy )?Director"
)
NAMES = not_recorded("names")
SENTENCES = not_recorded("sentences")


def _singular(text: str) -> str:
    return " ".join(w.removesuffix("s") for w in text.casefold().split())


def _recorded_names(graph: OrgGraph) -> list[str]:
    names = [e.name for e in graph.iter_entities()]
    names += [alias for e in graph.iter_entities() for alias in e.aliases]
    names += [p.title for p in graph.positions.values()]
    return [_singular(n) for n in names]


def _covered(name: str, known: list[str]) -> bool:
    """The name is (part of) a recorded or listed name, in the singular ("Regional Directors"
    is the position "Regional Director"); a list of names ("X and the Y") is split."""
    if any(_singular(name) in k for k in known):
        return True
    parts = re.split(r" and (?:the )?", name)
    return len(parts) > 1 and all(" " not in p or _covered(p, known) for p in parts)


def test_every_sentence_stating_a_link_is_the_evidence_of_a_relation(iom: OrgGraph) -> None:
    evidence = [r.evidence for r in iom.relations]
    unrecorded = []
    stating = [s for s in sentences() if LINKS.search(s)]
    for sentence in stating:
        if any(sentence in text or text in sentence for text in evidence):
            continue
        if any(entry.text in sentence for entry in SENTENCES):
            continue
        unrecorded.append(sentence[:90])
    assert unrecorded == []
    assert len(stating) > 30


@pytest.mark.parametrize("entry", SENTENCES, ids=lambda e: e.text[:40])
def test_each_sentence_left_unrecorded_is_the_source_s_and_says_why(
    iom: OrgGraph, entry: NotRecorded
) -> None:
    matching = [s for s in sentences() if entry.text in s]
    assert len(matching) == 1, entry.text
    assert LINKS.search(matching[0]), "listed although it states no link"
    assert entry.reason
    assert not any(matching[0] in r.evidence for r in iom.relations), "recorded after all"


def test_every_body_or_post_the_source_names_is_recorded_or_listed(iom: OrgGraph) -> None:
    known = _recorded_names(iom) + [_singular(entry.text) for entry in NAMES]
    names = body_names()
    assert len(names) > 100
    assert [name for name in names if not _covered(name, known)] == []


def test_every_acronym_the_source_uses_is_recorded_or_listed(iom: OrgGraph) -> None:
    known = [n.casefold() for n in _names(iom)] + [e.text.casefold() for e in NAMES]
    known += [alias.casefold() for e in iom.iter_entities() for alias in e.aliases]
    found = acronyms()
    assert {"IASC", "IDM", "IGF", "PRIMA"} <= set(found)
    missing = [
        a for a in found if not any(re.search(rf"\b{re.escape(a.casefold())}", k) for k in known)
    ]
    assert missing == []


@pytest.mark.parametrize("entry", NAMES, ids=lambda e: e.text[:40])
def test_each_name_left_unrecorded_is_the_source_s_and_says_why(
    iom: OrgGraph, entry: NotRecorded
) -> None:
    text = " ".join("\n".join(source_lines()).split())
    assert entry.text in text
    assert entry.reason
    assert all(ref in iom.entities or ref in iom.positions for ref in entry.refers_to)
    if not entry.refers_to:
        # Not recorded under this name either (else the entry would be stale).
        assert not any(entry.text.casefold() == n for n in map(str.casefold, _names(iom)))


def _names(graph: OrgGraph) -> list[str]:
    return [e.name for e in graph.iter_entities()] + [p.title for p in graph.positions.values()]
