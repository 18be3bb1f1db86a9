"""`committees`: all committee-family entities, or those a position sits on."""

from __future__ import annotations

import pytest

from schema.identity import encode_id

COMMITTEES = """
query ($member: ID, $kind: [EntityKind!]) {
  committees(member: $member, kind: $kind) { slug }
}
"""


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        pytest.param({}, ["committees", "pcc", "audit"], id="all"),
        pytest.param({"kind": ["COMMITTEE"]}, ["pcc", "audit"], id="kind"),
        pytest.param({"member": "dg"}, ["pcc", "audit"], id="member-slug"),
        pytest.param({"member": encode_id("Position", "cos")}, ["pcc"], id="member-id"),
        pytest.param({"member": "rd"}, [], id="member-of-nothing"),
        pytest.param({"member": "nobody"}, [], id="member-unknown"),
        pytest.param({"member": "dg", "kind": ["BOARD"]}, [], id="member-and-kind"),
    ],
)
def test_committees_filters(gql, variables, expected) -> None:
    assert [c["slug"] for c in gql.data(COMMITTEES, **variables)["committees"]] == expected


def test_a_kind_outside_the_committee_family_is_refused(gql) -> None:
    message = gql.error(COMMITTEES, kind=["COMMITTEE", "UNIT"])
    assert message.startswith("`kind` names kinds outside the COMMITTEE family: UNIT is a kind")


def test_member_with_an_entity_id_says_it_takes_a_position(gql) -> None:
    message = gql.error(COMMITTEES, member=encode_id("Entity", "pcc"))
    assert message == "`member` takes a position (its slug or ID), not an entity's ID."
