"""Imports run one way (docs/DEVELOPING.md, "Layers"): a module may import its own layer and the layers
below it, never one above; and no modules import each other in a circle, not even from inside a function.

Every import statement counts, also those inside functions (a hidden cycle is still a cycle); only
imports under ``if TYPE_CHECKING:`` are left out, as Python never runs them.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Each layer and the layers it may import (besides itself). Read upwards: a layer is built on these.
MAY_IMPORT: dict[str, set[str]] = {
    "parsers": set(),
    "exportgen": {"parsers"},
    "analysis": {"parsers"},
    "presentation": {"parsers", "analysis"},
    "store": {"parsers", "analysis"},
    "reports": {"parsers", "analysis", "presentation"},
    "samples": {"parsers", "exportgen", "analysis"},
    "evaluation": {"parsers", "exportgen", "analysis", "samples"},
    "cli": {"parsers", "analysis", "presentation", "store", "reports"},
    "dashboard": {"parsers", "analysis", "presentation", "store", "reports"},
    "pages": {"parsers", "analysis", "presentation", "store", "reports", "dashboard"},
    "app": {"parsers", "analysis", "presentation", "store", "reports", "dashboard", "pages"},
    "bench": {
        "parsers", "exportgen", "analysis", "presentation", "store", "reports", "samples", "evaluation",
        "cli", "dashboard", "pages", "app",
    },
    "tools": {
        "parsers", "exportgen", "analysis", "presentation", "store", "reports", "dashboard", "pages", "app",
        "bench",
    },
}

#: Which layer a module belongs to: the longest prefix listed here wins.
LAYER_OF: dict[str, str] = {
    "parsers": "parsers",
    "exportgen": "exportgen",
    "analysis": "analysis",
    "analysis.__main__": "cli",
    "store": "store",
    "presentation": "presentation",
    "reports": "reports",
    "samples": "samples",
    "evaluation": "evaluation",
    "cli": "cli",
    "dashboard": "dashboard",
    "app_pages": "pages",
    "app": "app",
    "bench": "bench",
    "tools": "tools",
}


def _modules() -> dict[str, Path]:
    """Every module of the project (tests and the virtual environment left out), by dotted name."""
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[0] in {"tests", "mutants"} or parts[0].startswith("."):
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def layer(module: str) -> str | None:
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in LAYER_OF:
            return LAYER_OF[".".join(parts[:end])]
    return None


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the project modules it imports (``from package import module`` names the module)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_lines(tree)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in skip:
                continue
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def test_no_module_imports_a_layer_above_its_own() -> None:
    modules = _modules()
    unknown = sorted(m for m in modules if layer(m) is None)
    assert not unknown, f"modules in no layer (add them to LAYER_OF): {unknown}"
    upward = sorted(
        f"{module} ({layer(module)}) -> {target} ({layer(target)})"
        for module, targets in imports(modules).items()
        for target in targets
        if layer(target) != layer(module) and layer(target) not in MAY_IMPORT[layer(module)]
    )
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_modules_import_each_other_in_a_circle() -> None:
    graph = imports(_modules())
    # A package's __init__ that hands on its modules' names is not a circle with them: a module of the
    # package importing a sibling through the package is read as importing the sibling.
    for package in [m for m in graph if any(other.startswith(m + ".") for other in graph)]:
        for module in [m for m in graph if m.startswith(package + ".")]:
            if package in graph[module]:
                graph[module] = (graph[module] - {package}) | {
                    t for t in graph[package] if t.startswith(package + ".")
                }
    cycles = _cycles(graph)
    assert not cycles, "modules that import each other in a circle:\n" + "\n".join(map(str, cycles))


def test_the_checks_see_an_upward_import_and_a_circle() -> None:
    """The two checks themselves: a made-up upward import and a made-up circle are found."""
    assert layer("analysis.metrics") == "analysis" and layer("app_pages.overzicht") == "pages"
    assert layer("dashboard.session") == "dashboard" and layer("reports.month") == "reports"
    assert "dashboard" not in MAY_IMPORT["analysis"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
