"""No import circles: a module never needs, however indirectly, a module that needs it.

A circle works only while every module in it happens to be imported in the right order
(``from x import name`` on a half-run module fails), so a reordered import or a new
caller breaks startup. The graph is read from the source with ``ast``: module-level and
function-local imports both count (a function-local one still runs, just later), and
only imports under ``if TYPE_CHECKING:`` are left out, because they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "desktop" / "infusiondesk"

# Every package is held to it (the GUI joined once its folders were split, issue 13).
CHECKED = ("store", "services", "rules", "claims", "output", "cli", "ui")


def module_names(root: Path = PACKAGE) -> dict[str, Path]:
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement under ``node``, skipping ``if TYPE_CHECKING:`` bodies
    (their ``else:`` branch does run, so it is kept)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield from _imports_in(other)
            continue
        yield from _imports_in(child)


def _imports_in(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    else:
        yield from _imports(node)


def _targets(statement: ast.Import | ast.ImportFrom, package: str, known: dict[str, Path]) -> set[str]:
    """The modules an import statement runs: ``from pkg import name`` is ``pkg.name``
    when that is a module, else ``pkg`` itself."""
    if isinstance(statement, ast.Import):
        return {alias.name for alias in statement.names}
    if statement.level:
        base = package.split(".")
        base = base[: len(base) - (statement.level - 1)]
        source = ".".join(base + ([statement.module] if statement.module else []))
    else:
        source = statement.module or ""
    return {
        f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source for alias in statement.names
    }


def import_graph(known: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {
            target
            for statement in _imports(tree)
            for target in _targets(statement, package, known)
            if target in known and target != name
        }
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

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
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _in_scope(module: str) -> bool:
    return any(module == f"infusiondesk.{p}" or module.startswith(f"infusiondesk.{p}.") for p in CHECKED)


def _describe(component: list[str], graph: dict[str, set[str]]) -> str:
    members = set(component)
    lines = [" <-> ".join(component)]
    lines += [f"    {m} -> {', '.join(sorted(graph[m] & members))}" for m in component]
    return "\n".join(lines)


def test_no_import_cycles_in_the_checked_packages() -> None:
    graph = import_graph(module_names())
    circles = [c for c in cycles(graph) if any(_in_scope(m) for m in c)]
    assert not circles, "import circles:\n" + "\n".join(_describe(c, graph) for c in circles)


def test_every_package_is_checked() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and any(p.rglob("*.py"))} - {"__pycache__"}
    assert folders == set(CHECKED)


def test_the_graph_sees_a_circle_and_skips_type_checking_imports(tmp_path: Path) -> None:
    """The checker itself: a function-local import closes a circle, one under
    ``if TYPE_CHECKING:`` does not, and ``from pkg import module`` reaches the module."""
    pkg = tmp_path / "infusiondesk" / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from infusiondesk.pkg import b\n")
    (pkg / "b.py").write_text("def f():\n    from . import c\n")
    (pkg / "c.py").write_text("from infusiondesk.pkg.a import x\n")
    (pkg / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from infusiondesk.pkg import e\n"
    )
    (pkg / "e.py").write_text("from infusiondesk.pkg.d import y\n")
    graph = import_graph(module_names(tmp_path / "infusiondesk"))
    assert cycles(graph) == [["infusiondesk.pkg.a", "infusiondesk.pkg.b", "infusiondesk.pkg.c"]]
