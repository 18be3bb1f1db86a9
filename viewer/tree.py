"""The tree page's model: which nodes are expanded, built from a `TreePage` result.

The organization is always expanded; with `?open=slug`, so is every ancestor of that entity and
the entity itself, whose row is marked current. Other nodes start collapsed, their children
loaded on demand (`TreeChildren`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Record = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class TreeNode:
    slug: str
    name: str
    kind: str
    child_count: int
    level: int
    parent: str | None
    # None while collapsed (not loaded); otherwise the loaded children, in source order.
    children: tuple[TreeNode, ...] | None = None
    # Children beyond the loaded page (the API pages at 100).
    more: int = 0
    current: bool = False

    @property
    def expanded(self) -> bool:
        return self.children is not None


def level_nodes(
    level: Record, *, depth: int, parent: str, current: str | None = None
) -> tuple[tuple[TreeNode, ...], int]:
    """Collapsed nodes for one loaded `children` connection, and how many it left out."""
    nodes = tuple(
        TreeNode(
            slug=item["slug"],
            name=item["name"],
            kind=item["kind"],
            child_count=item["childCount"],
            level=depth,
            parent=parent,
            current=item["slug"] == current,
        )
        for item in level["nodes"]
    )
    return nodes, level["totalCount"] - len(nodes)


def build_tree(data: Record) -> TreeNode:
    """The root node, expanded along the path to `data["opened"]` when there is one."""
    root = data["organization"]
    loaded: dict[str, Record] = {root["slug"]: root["children"]}
    opened = data.get("opened")
    current = None
    if opened:
        current = opened["slug"]
        for ancestor in opened["ancestors"]:
            loaded[ancestor["slug"]] = ancestor["children"]
        loaded[opened["slug"]] = opened["children"]
    return _expand(
        TreeNode(root["slug"], root["name"], root["kind"], root["childCount"], 1, None),
        loaded,
        current,
    )


def _expand(node: TreeNode, loaded: Mapping[str, Record], current: str | None) -> TreeNode:
    level = loaded.get(node.slug)
    if level is None:
        return node
    children, more = level_nodes(level, depth=node.level + 1, parent=node.slug, current=current)
    expanded: Sequence[TreeNode] = [_expand(child, loaded, current) for child in children]
    return TreeNode(
        slug=node.slug,
        name=node.name,
        kind=node.kind,
        child_count=node.child_count,
        level=node.level,
        parent=node.parent,
        children=tuple(expanded),
        more=more,
        current=node.slug == current,
    )
