"""The package's import graph has no cycle.

Every `import` and `from … import` of a module under advisor/ counts — at module level, inside a
function, and under `if TYPE_CHECKING:`. A function-level import only postpones a cycle to run
time, and a type-only import still means one module cannot be read, tested or moved without the
other: either way the two modules are one unit pretending to be two, which is what the test exists
to catch. (advisor/__init__.py's lazy `importlib.import_module(f"advisor.{…}")` names no module the
parser can see; it serves the README's `advisor.load` / `advisor.analyze` and imports nothing at
import time.)

An edge goes to the module named: `from advisor.x import y` is an edge to `advisor.x.y` when that is
a module, else to `advisor.x`. The parent packages Python also initialises on the way are not
edges: they would make every module depend on every `__init__.py` above it, which reports where
a module sits rather than what it uses.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "advisor"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def advisor_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The advisor modules `path` imports anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in known and target != name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = advisor_modules()
    known = set(modules)
    return {name: imported_modules(name, path, known) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan), as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_closed_path(graph, component) for component in components]


def _closed_path(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A shortest path from the component's first module back to itself, inside the component."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & component):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # unreachable for a strongly connected component


def test_the_walker_reads_every_kind_of_import_the_package_uses() -> None:
    graph = import_graph()
    assert "advisor.model" in graph["advisor.loader"]  # module level
    assert "advisor.tokens" in graph["advisor.baselines.judge"]  # inside a function only
    assert "advisor.baselines.llm_types" in graph["advisor.baselines.judge"]  # under TYPE_CHECKING only
    assert "advisor.task_kinds.classification" in graph["advisor.task_kinds"]  # `from package import module`


def test_the_walker_resolves_relative_imports(tmp_path: Path) -> None:
    module = tmp_path / "unit.py"
    module.write_text("from . import sibling\nfrom .sub import thing\nfrom .. import top\n", encoding="utf-8")
    known = {"pkg", "pkg.inner", "pkg.inner.sibling", "pkg.inner.sub", "pkg.inner.unit"}
    assert imported_modules("pkg.inner.unit", module, known) == {"pkg.inner.sibling", "pkg.inner.sub", "pkg"}


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_advisor_has_no_import_cycle() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles in advisor/:\n" + "\n".join(" -> ".join(cycle) for cycle in found)
