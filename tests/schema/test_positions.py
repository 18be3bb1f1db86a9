"""Position fields: the post, what it supervises, the committees it sits on."""

from __future__ import annotations

from schema.identity import encode_id

POSITION = """
query ($slug: String!) {
  position(slug: $slug) {
    __typename id slug title plural description notes sourceOrder
    supervises { slug }
    supervisions { mode entity { slug } position { slug } }
    memberOf { slug name }
  }
}
"""


def test_position_exposes_its_record_and_links(gql) -> None:
    dg = gql.data(POSITION, slug="dg")["position"]
    assert dg["id"] == encode_id("Position", "dg")
    assert dg["title"] == "Director General"
    assert dg["plural"] is False
    assert dg["description"] is None
    assert dg["supervises"] == [{"slug": "exec"}]
    assert dg["supervisions"] == [
        {"mode": "DIRECTLY_SUPERVISES", "entity": {"slug": "exec"}, "position": {"slug": "dg"}}
    ]
    assert [c["slug"] for c in dg["memberOf"]] == ["pcc", "audit"]


def test_plural_position_with_notes(gql) -> None:
    rd = gql.data(POSITION, slug="rd")["position"]
    assert rd["plural"] is True
    assert rd["notes"] == ["One per region."]
    assert rd["supervises"] == []
    assert rd["memberOf"] == []
    assert rd["sourceOrder"] == 2
