"""The layout's rules (docs/architecture.md), read from the source with `ast`:

- imports between top-level packages follow the layers, and never form a cycle;
- imports between `graph/`'s parts (its subpackages and top modules) never form a cycle;
- no module is over 400 lines.

Every import counts, including those under `if TYPE_CHECKING:` and inside functions: a cycle
hidden from the interpreter is still one for a reader.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from web.httpcache import CODE_PACKAGES

REPO_ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400
# Each package may import only from those listed after it (lower layers).
LAYERS: Mapping[str, frozenset[str]] = {
    "graph": frozenset(),
    "schema": frozenset({"graph"}),
    "resolvers": frozenset({"schema", "graph"}),
    "api": frozenset({"resolvers", "schema", "graph"}),
    "web": frozenset({"schema", "graph"}),
    "viewer": frozenset({"web", "api", "schema", "graph"}),
    "server": frozenset({"viewer", "web", "api", "schema", "graph"}),
}
CHECKED = (*CODE_PACKAGES, "tests", "bench", "scripts")


def _modules(root: Path = REPO_ROOT) -> dict[str, Path]:
    found = {}
    for package in CODE_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _imports(path: Path, known: Mapping[str, Path]) -> Iterator[str]:
    """The project modules `path` imports (a `from package import module` names the module)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            if name in known:
                yield name


def _edges(group: Callable[[str], str | None]) -> dict[str, set[str]]:
    known = _modules()
    edges: dict[str, set[str]] = {}
    for module, path in known.items():
        source = group(module)
        for target in map(group, _imports(path, known)):
            if source is not None and target is not None and source != target:
                edges.setdefault(source, set()).add(target)
    return edges


def _cycle(edges: Mapping[str, set[str]]) -> list[str] | None:
    """One cycle of the directed graph, as a path that starts and ends at the same node."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def _top_level(module: str) -> str:
    return module.split(".")[0]


def _graph_part(module: str) -> str | None:
    """`graph.search.rank` -> `graph.search`; `graph.indexes` -> itself; others -> None."""
    parts = module.split(".")
    if parts[0] != "graph" or len(parts) == 1:
        return None  # graph/__init__.py re-exports for users: not a part of its own
    return ".".join(parts[:2])


def test_top_level_packages_import_only_lower_layers() -> None:
    assert set(LAYERS) == set(CODE_PACKAGES)
    wrong = sorted(
        f"{source} -> {target}"
        for source, targets in _edges(_top_level).items()
        for target in targets
        if target not in LAYERS[source]
    )
    assert not wrong, f"imports against the layers: {wrong}"


def test_no_cycle_between_top_level_packages() -> None:
    assert _cycle(_edges(_top_level)) is None


def test_no_cycle_between_the_parts_of_graph() -> None:
    edges = _edges(_graph_part)
    assert {"graph.load", "graph.search", "graph.cache", "graph.synthetic"} <= set(edges)
    assert _cycle(edges) is None


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


@pytest.mark.parametrize("folder", CHECKED)
def test_no_module_is_over_400_lines(folder: str) -> None:
    long = {
        str(path.relative_to(REPO_ROOT)): lines
        for path in sorted((REPO_ROOT / folder).rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these modules (at most {MAX_LINES} lines): {long}"
