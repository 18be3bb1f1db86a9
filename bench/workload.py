"""What the scale benchmark asks: sampled slugs, a deep children page, varied search queries.

Everything is drawn from the graph with a seeded generator, so the real data and synthetic
organizations of any size get the same mix of requests.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bench.common import REPO
from graph.indexes import OrgGraph
from graph.model import EntityKind
from graph.search.fold import fold_tokens
from schema.connections import encode_cursor

OPERATIONS = REPO / "viewer" / "operations"
TREE_CHILDREN = (OPERATIONS / "TreeChildren.graphql").read_text(encoding="utf-8")
ENTITY_PAGE = (OPERATIONS / "EntityPage.graphql").read_text(encoding="utf-8")
CHILDREN_PAGE = """
query ChildrenPage($slug: String!, $after: String) {
  entity(slug: $slug) {
    slug depth
    ancestors { slug }
    children(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { slug name kind childCount }
    }
  }
}
"""
DESCENDANTS_PAGE = """
query DescendantsPage($slug: String!, $kind: [EntityKind!]) {
  entity(slug: $slug) {
    descendants(first: 20, kind: $kind) { totalCount nodes { slug name kind depth } }
  }
}
"""
SEARCH = """
query Search($query: String!) {
  search(query: $query, first: 10) {
    totalCount
    nodes {
      score field typoCorrected
      subject {
        __typename
        ... on Entity { slug name kind }
        ... on Position { slug title }
        ... on Country { code }
        ... on City { name }
      }
      snippet { text fragments { text highlighted } }
    }
  }
}
"""


@dataclass(frozen=True, slots=True)
class Workload:
    slugs: tuple[str, ...]  # entities with children, for entity-with-children queries
    deep: str  # the deepest entity with several children
    deep_cursor: str | None  # a cursor into its children (page 2), when it has enough
    wide: str  # the largest subtree under the root, for a descendants page with a kind filter
    wide_kind: str  # the commonest kind in it
    searches: tuple[str, ...]


def workload(graph: OrgGraph, seed: int = 1, count: int = 200) -> Workload:
    rng = random.Random(seed)
    parents = [i for i in graph.entity_order if graph.children(i)]
    deep = max(parents, key=lambda i: (graph.depth(i), len(graph.children(i)) >= 3, i))
    children = graph.children(deep)
    cursor = encode_cursor(children[0]) if len(children) > 1 else None
    wide = max(graph.children(graph.root_id), key=lambda i: _size(graph, i))
    start, end = graph.descendant_span(wide)
    kind = max(EntityKind, key=lambda k: len(graph.kind_positions_in(k, start, end))).name
    return Workload(
        slugs=tuple(rng.choice(parents) for _ in range(count)),
        deep=deep,
        deep_cursor=cursor,
        wide=wide,
        wide_kind=kind,
        searches=tuple(search_queries(graph, rng, count)),
    )


def _size(graph: OrgGraph, entity_id: str) -> int:
    start, end = graph.descendant_span(entity_id)
    return end - start


def search_queries(graph: OrgGraph, rng: random.Random, count: int) -> list[str]:
    """A mix like people type: names and parts of names, typos, description words."""
    entities = [graph.entities[i] for i in graph.entity_order]
    queries: list[str] = []
    while len(queries) < count:
        entity = rng.choice(entities)
        name = [w for w in fold_tokens(entity.name) if len(w) > 2] or fold_tokens(entity.name)
        text = fold_tokens(entity.description or entity.mention or entity.name)
        word = rng.choice(name)
        roll = rng.random()
        if roll < 0.25:
            query = word
        elif roll < 0.40:
            query = word[: rng.randint(3, 5)]  # still typing
        elif roll < 0.50 and len(word) >= 5:
            i = rng.randrange(1, len(word) - 2)
            query = word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two letters swapped
        elif roll < 0.65:
            query = " ".join(rng.sample(name, min(2, len(name))))
        elif roll < 0.75:
            query = entity.name
        elif roll < 0.85:
            query = rng.choice([w for w in text if len(w) > 3] or text)
        else:
            start = rng.randrange(max(1, len(text) - 1))
            query = " ".join(text[start : start + 2])
        queries.append(query)
    return queries
