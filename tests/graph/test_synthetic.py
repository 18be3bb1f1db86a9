"""The synthetic generator (graph/synthetic/generate.py) and `python -m graph generate`."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from graph.indexes import OrgGraph
from graph.load.countries import alpha2_codes
from graph.load.loader import load
from graph.model import EntityKind, Family
from graph.synthetic.generate import MIN_ENTITIES, generate, write_organization

K = EntityKind


@pytest.fixture(scope="module")
def org500(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, OrgGraph]:
    out = tmp_path_factory.mktemp("org500")
    write_organization(out, 500, seed=7)
    result = load(out)
    assert result.errors == (), result.errors[:5]
    assert result.graph is not None
    return out, result.graph


def test_same_seed_writes_the_same_bytes(tmp_path: Path, org500) -> None:
    out, _ = org500
    write_organization(tmp_path, 500, seed=7)
    for path in out.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_another_seed_gives_another_organization() -> None:
    assert generate(200, seed=1) != generate(200, seed=2)


def test_the_loader_validates_it_with_exactly_the_entities_asked_for(org500) -> None:
    _, graph = org500
    assert len(graph.entities) == 500
    assert graph.root.kind is K.ORGANIZATION


def test_it_is_split_across_files_like_the_real_data(org500) -> None:
    out, _ = org500
    names = sorted(p.name for p in out.glob("*.yaml"))
    assert names[0] == "10-organization.yaml"
    assert {"20-headquarters.yaml", "30-offices.yaml", "40-committees.yaml"} <= set(names)
    assert names[-2:] == ["50-positions.yaml", "60-relations.yaml"]
    assert len(names) > 8  # one per department and per region


def test_the_tree_is_deep_and_branching(org500) -> None:
    _, graph = org500
    depths = Counter(graph.depth(i) for i in graph.entities)
    assert 6 <= max(depths) <= 9
    widths = [len(graph.children(i)) for i in graph.entities if graph.children(i)]
    assert max(widths) >= 5
    assert sum(widths) / len(widths) >= 2


def test_kinds_follow_the_real_shape(org500) -> None:
    _, graph = org500
    kinds = graph.counts_by_kind()
    for kind in (K.DEPARTMENT, K.DIVISION, K.UNIT, K.TEAM, K.COUNTRY_OFFICE, K.COMMITTEE):
        assert kinds[kind] > 0, kind
    for department in graph.by_kind(K.DEPARTMENT):
        assert graph.parent(department) == graph.entities["headquarters"]
    for office in graph.by_kind(K.COUNTRY_OFFICE):
        assert graph.entities[office].location is not None
    assert all(graph.parent(i).kind is K.OFFICE_GROUP for i in graph.by_kind(K.REGIONAL_OFFICE))


def test_offices_are_in_real_countries(org500) -> None:
    _, graph = org500
    assert len(graph.countries()) > 20
    assert set(graph.countries()) <= alpha2_codes()


def test_committees_have_members_supervision_and_relations_have_evidence(org500) -> None:
    _, graph = org500
    committees = [graph.entities[i] for i in graph.by_family(Family.COMMITTEE)]
    assert any(c.members and c.members_evidence for c in committees)
    supervised = [e for e in graph.iter_entities() if e.supervision is not None]
    assert len(supervised) > 20 and all(e.supervision.evidence for e in supervised)
    assert len(graph.relations) > 100
    assert all(r.evidence and r.source_id != r.target_id for r in graph.relations)


def test_descriptions_have_realistic_length_and_paragraphs(org500) -> None:
    _, graph = org500
    descriptions = [e.description for e in graph.iter_entities() if e.description]
    assert len(descriptions) > 0.7 * len(graph.entities)
    assert all(300 <= len(d) <= 1600 for d in descriptions)
    assert sum("\n\n" in d for d in descriptions) > len(descriptions) / 2
    assert any("’" in d for d in descriptions)  # typographic apostrophes, as in the source


def test_too_small_an_organization_is_refused() -> None:
    with pytest.raises(ValueError, match=str(MIN_ENTITIES)):
        generate(MIN_ENTITIES - 1)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", "generate", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_writes_then_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "org"
    done = _cli("--entities", "100", "--out", str(out), "--seed", "3")
    assert done.returncode == 0, done.stderr
    assert "wrote 100 entities" in done.stdout
    assert _cli("--entities", "100", "--out", str(out)).returncode == 1
    assert _cli("--entities", "120", "--out", str(out), "--force").returncode == 0
    result = load(out)
    assert result.graph is not None and len(result.graph.entities) == 120


def test_cli_rejects_too_few_entities(tmp_path: Path) -> None:
    done = _cli("--entities", "5", "--out", str(tmp_path))
    assert done.returncode == 2 and "at least" in done.stderr
