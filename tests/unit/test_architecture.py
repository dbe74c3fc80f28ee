"""DESIGN.md's layer rule and an import graph without cycles, checked on the source.

Every import counts, also one inside a function (a lazy import still ties two layers);
only imports under ``if TYPE_CHECKING:`` are left out, since they never run. A layer may
import itself and the layers listed for it, nothing else.
"""

from __future__ import annotations

import ast
import pathlib
import sys
from collections.abc import Iterator

ROOT = pathlib.Path(__file__).resolve().parents[2] / "rillet"

# DESIGN.md: imports flow down only. ``durability`` is the dependency-free writer of
# progress files; ``ui`` reads the engine's listener events and sits below the API that
# starts it; ``streaming``/``testing`` are public twins above the API; ``cli``,
# ``tools``, ``examples`` and the package root are entry points on top.
BELOW: dict[str, set[str]] = {
    "_compat": set(),
    "errors": set(),
    "durability": {"errors"},
    "plan": {"errors"},
    "compute": {"plan", "errors"},
    "connectors": {"errors", "durability"},
    "engine": {"plan", "compute", "connectors", "errors", "durability"},
    "ui": {"engine", "plan", "errors"},
    "spark_backend": {"errors"},
    # the twins of pyspark.conf / pyspark.taskcontext / SparkContext: the session builds the context
    "conf": {"errors"},
    "taskcontext": set(),
    "storagelevel": set(),
    "util": set(),
    "context": {"conf", "errors"},
    "sql": {"plan", "compute", "engine", "connectors", "errors", "ui", "spark_backend", "conf", "context", "taskcontext"},
    "streaming": {"sql", "engine", "plan", "compute", "connectors", "errors", "durability", "conf"},
    "testing": {"sql", "engine", "plan", "compute", "errors"},
}
ENTRY_POINTS = {"rillet", "cli", "tools", "examples"}
# Python-version shims every layer may use (they import nothing of rillet)
EVERYWHERE = {"_compat"}


def _modules() -> dict[str, pathlib.Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(body: list[ast.stmt], top_level_only: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from _imports(node.orelse, top_level_only)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        if top_level_only and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody", "handlers"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                yield from _imports([c for c in children if isinstance(c, ast.AST)], top_level_only)  # type: ignore[misc]


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The rillet modules an import statement loads (``from pkg import sub`` is ``pkg.sub``)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.startswith("rillet")]
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    if node.level:
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module or ""
    if not source.startswith("rillet"):
        return []
    subs = [f"{source}.{a.name}" for a in node.names if f"{source}.{a.name}" in MODULES]
    return subs if len(subs) == len(node.names) else [source, *subs]


def _graph(top_level_only: bool) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(), str(path))
        graph[module] = {
            t for n in _imports(tree.body, top_level_only) for t in _targets(module, n) if t != module
        }
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "rillet"


def test_every_package_has_a_layer() -> None:
    layers = {_layer(m) for m in MODULES}
    assert layers - set(BELOW) - ENTRY_POINTS == set()


def test_imports_flow_down_the_layers() -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _graph(top_level_only=False).items()
        for target in targets
        if _layer(module) not in ENTRY_POINTS
        and _layer(target) != _layer(module)
        and _layer(target) not in EVERYWHERE
        and _layer(target) not in BELOW[_layer(module)]
    )
    assert wrong == []


def test_no_import_cycles_between_modules() -> None:
    graph = _graph(top_level_only=True)
    cycles = [c for c in _strongly_connected(graph) if len(c) > 1]
    assert cycles == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph)))
    try:
        for v in sorted(graph):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_plan_is_pure() -> None:
    """``plan`` is data and pure functions: no compute library, no threads, no sockets, no clock
    reads (Arrow tables may be data in it: a local relation holds one)."""
    forbidden = {"polars", "threading", "socket", "subprocess", "time"}
    wrong = []
    for name, path in MODULES.items():
        if name.startswith("rillet.plan"):
            tree = ast.parse(path.read_text(), str(path))
            for node in _imports(tree.body, top_level_only=False):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                wrong += [f"{name} imports {n}" for n in names if n.split(".")[0] in forbidden]
    assert wrong == []


# What the API layer may take from the engine: the one entry point that starts a query
# (``engine.query``), the handle it returns, and the public types the twins re-export
# (progress, listener events, triggers, clocks, GroupState, StatefulProcessor, the state
# reader behind ``format("statestore")``). The planner, the checkpoint layout, operators and
# the state store stay the engine's own: ``sql`` never wires a query up itself.
SQL_MAY_USE_FROM_ENGINE = {
    "rillet.engine.query",
    "rillet.engine.execution",
    "rillet.engine.progress",
    "rillet.engine.listener",
    "rillet.engine.listener_bus",
    "rillet.engine.triggers",
    "rillet.engine.clock",
    "rillet.engine.stateful_processor",
    "rillet.engine.operators.pandas_state",
    "rillet.engine.state.reader",
}


def test_sql_starts_queries_only_through_the_engine_entry_point() -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _graph(top_level_only=False).items()
        if _layer(module) == "sql"
        for target in targets
        if _layer(target) == "engine" and target not in SQL_MAY_USE_FROM_ENGINE
    )
    assert wrong == []
