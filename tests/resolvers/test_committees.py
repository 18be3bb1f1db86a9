"""`committees`: all committee-family entities, or those a position sits on."""

from __future__ import annotations

import pytest
from strawberry.relay import GlobalID

COMMITTEES = """
query ($member: String, $kind: [EntityKind!]) {
  committees(member: $member, kind: $kind) { slug }
}
"""


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        pytest.param({}, ["committees", "pcc", "audit"], id="all"),
        pytest.param({"kind": ["COMMITTEE"]}, ["pcc", "audit"], id="kind"),
        pytest.param({"member": "dg"}, ["pcc", "audit"], id="member-slug"),
        pytest.param({"member": str(GlobalID("Position", "cos"))}, ["pcc"], id="member-id"),
        pytest.param({"member": "rd"}, [], id="member-of-nothing"),
        pytest.param({"member": "nobody"}, [], id="member-unknown"),
        pytest.param({"member": "dg", "kind": ["BOARD"]}, [], id="member-and-kind"),
    ],
)
def test_committees_filters(gql, variables, expected) -> None:
    assert [c["slug"] for c in gql.data(COMMITTEES, **variables)["committees"]] == expected
