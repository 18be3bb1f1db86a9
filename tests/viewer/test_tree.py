"""The tree: expanded along a deep link, children as an htmx fragment, links without JS."""

from __future__ import annotations

from schema.context import Context
from tests.viewer.conftest import HX, Client
from viewer.queries import OPERATIONS, run
from viewer.tree import build_tree


def test_build_tree_expands_the_path_to_the_opened_entity(sample_context: Context) -> None:
    data = run(OPERATIONS["TreePage"], {"open": "lab", "hasOpen": True}, sample_context)
    root = build_tree(data)
    assert root.slug == "org" and root.expanded and root.level == 1
    hq = next(node for node in root.children or () if node.slug == "hq")
    ops = next(node for node in hq.children or () if node.slug == "ops")
    health = next(node for node in ops.children or () if node.slug == "health")
    lab = next(node for node in health.children or () if node.slug == "lab")
    assert (hq.level, ops.level, health.level, lab.level) == (2, 3, 4, 5)
    assert lab.current and not health.current
    assert lab.children == ()  # opened, with no children
    regions = next(node for node in root.children or () if node.slug == "regions")
    assert not regions.expanded


def test_build_tree_without_open_expands_only_the_root(sample_context: Context) -> None:
    root = build_tree(run(OPERATIONS["TreePage"], {}, sample_context))
    assert root.expanded
    assert all(not child.expanded for child in root.children or ())


def test_tree_page_is_plain_nested_lists_of_links(client: Client) -> None:
    """Without JavaScript: lists and links, no tree roles (tree.js adds them with the keys)."""
    body = client.get("/tree").text
    toggle = body.split('id="t-hq"')[1].split("</a>")[0]
    assert 'aria-expanded="false"' in toggle
    assert 'hx-get="/tree?open=hq"' in toggle
    assert 'href="/tree?open=hq#t-hq"' in toggle  # works without JavaScript
    assert "Open Headquarters: 2 sub-structures" in toggle
    assert '<ul class="tree-group" id="g-hq" aria-label="Headquarters" hidden>' in body
    # role="group" on a list makes its <li> children invalid (axe: listitem).
    assert 'role="' not in body.split("data-tree")[1].split("</main>")[0]


def test_tree_deep_link_opens_the_path_and_marks_the_entity(client: Client) -> None:
    body = client.get("/tree", params={"open": "health"}).text
    for slug in ("org", "hq", "ops", "health"):
        item = body.split(f'id="t-{slug}"')[1].split("</a>")[0]
        assert 'aria-expanded="true"' in item, slug
    assert 'href="/entity/health" aria-current="location"' in body
    assert 'href="/entity/lab"' in body
    # An expanded toggle's plain link closes it: the tree opened at the parent.
    assert 'href="/tree?open=ops#t-health"' in body


def test_tree_fragment_is_the_children_of_the_opened_entity(client: Client) -> None:
    body = client.get("/tree", params={"open": "exec"}, headers=HX).text
    assert body.startswith("<title>Tree: Executive Office · orggraph</title>")
    assert 'id="t-media"' in body and 'id="t-legal"' in body
    assert 'id="t-hq"' not in body and "<ul" not in body


def test_tree_fragment_without_open_is_the_whole_tree(client: Client) -> None:
    body = client.get("/tree", headers=HX).text
    assert "data-tree" in body and 'id="t-org"' in body


def test_leaf_has_no_toggle(client: Client) -> None:
    body = client.get("/tree", params={"open": "health"}).text
    lab = body.split('id="t-lab"')[1].split("</li>")[0]
    assert "data-tree-toggle" not in lab
