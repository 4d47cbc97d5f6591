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
import re
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
    assert "advisor.data.model" in graph["advisor.data.loader"]  # module level
    assert "advisor.data.tokens" in graph["advisor.baselines.judge"]  # inside a function only
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


# The README's layout table: a bold row names a folder of advisor/ (a stage); the plain rows under it and the
# file names in its own description are relative to it. A stage whose files the table names one by one does not
# cover the rest of its folder by being named.
README = PACKAGE.parent / "README.md"
TICKED = re.compile(r"`([^`]+)`")


def layout_rows(readme: str) -> list[tuple[bool, list[str], list[str]]]:
    """(bold, names in the path column, names in the description) of each row of the "## Layout" table."""
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if not line.startswith("| ") or line.startswith("| path ") or line.startswith("| ---"):
            continue
        path_cell, description = line[2:].split(" | ", 1)
        rows.append((path_cell.startswith("**"), TICKED.findall(path_cell), TICKED.findall(description)))
    return rows


def layout_names(readme: str) -> tuple[set[str], set[str]]:
    """(files and folders the table names, folders it names as a stage), as paths from the repository root."""
    named: set[str] = set()
    stages: set[str] = set()
    stage = ""
    for bold, paths, described in layout_rows(readme):
        if bold:
            folders = [path for path in paths if path.startswith("advisor/") and path.endswith("/")]
            stage = folders[-1] if folders else ""
            stages.update(folders)
            named.update(path for path in paths if not path.endswith("/") or not path.startswith("advisor/"))
            named.update(stage + name for name in described if stage and _is_code(name) and "/" not in name.rstrip("/"))
        else:
            named.update(path if "/" in path.rstrip("/") or not stage else stage + path
                         for path in paths if _is_code(path))
    return named, stages


def _is_code(name: str) -> bool:
    return name.endswith((".py", "/")) and " " not in name and not name.startswith(("scripts/", "data/"))


def uncovered_modules(named: set[str], stages: set[str]) -> list[str]:
    root = PACKAGE.parent
    covering = {path for path in named if path.endswith("/")}
    covering |= {stage for stage in stages if not any(path.startswith(stage) and path != stage for path in named)}
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if path.name == "__init__.py" and relative != "advisor/__init__.py":
            continue
        if relative not in named and not any(relative.startswith(folder) for folder in covering):
            missing.append(relative)
    return missing


def test_the_layout_reader_reads_stages_relative_names_and_coverage() -> None:
    readme = ("intro\n## Layout\n\n| path | what |\n| --- | --- |\n| `advisor/x.py` | top |\n"
              "| **`advisor/a/`** | **stage a** |\n| `one.py`, `sub/` | the first; a folder |\n"
              "| **`advisor/b/`** | stage b: `two.py` and its `three.py` |\n| **`advisor/c/`** | covered whole |\n"
              "\n## Next\n| `advisor/never.py` | not the layout |\n")
    named, stages = layout_names(readme)
    assert named == {"advisor/x.py", "advisor/a/one.py", "advisor/a/sub/", "advisor/b/two.py", "advisor/b/three.py"}
    assert stages == {"advisor/a/", "advisor/b/", "advisor/c/"}


def test_the_readme_layout_table_names_every_module_and_nothing_that_is_not_there() -> None:
    named, stages = layout_names(README.read_text(encoding="utf-8"))
    root = PACKAGE.parent
    assert {"advisor/data/", "advisor/profiling/", "advisor/pricing/", "advisor/decide/", "advisor/render/"} <= stages
    assert sorted(path for path in named | stages if not (root / path).exists()) == []
    assert uncovered_modules(named, stages) == []
