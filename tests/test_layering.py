"""The package layout is the data flow (docs/architecture.md): each stage imports only the
stages before it, only the chart modules import matplotlib, only the simulation imports
SimPy, only the command line prints or exits, and no two modules import each other."""

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "engine"
# read ← check ← simulate ← analyse ← render ← facilitate ← cli; lint sits beside the
# pipeline after check; errors and version are the leaves every stage may use.
ORDER = ("read", "check", "simulate", "analyse", "render", "facilitate")
ALLOWED: dict[str, set[str]] = {stage: {"errors", "version", *ORDER[: i + 1]} for i, stage in enumerate(ORDER)}
ALLOWED["lint"] = {"errors", "version", "read", "check", "lint"}
ALLOWED["errors"] = {"errors"}
ALLOWED["version"] = {"version"}
ALLOWED["api"] = {"api", "errors", "version", *ORDER}
ALLOWED["cli"] = {"cli", "api", "errors", "version", "lint", *ORDER}
ALLOWED["__main__"] = {"cli"}
ALLOWED["__init__"] = set()  # the package's lazy names are strings, imported on first use


class Import(NamedTuple):
    """One import statement's target, where it stands."""

    module: str  # dotted, e.g. engine.render.msel
    line: int


def module_name(path: Path) -> str:
    """``engine/render/msel.py`` → ``engine.render.msel`` (a package is its ``__init__``'s name)."""
    parts = path.relative_to(ENGINE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    """The stage a module belongs to: ``engine.render.charts.timeline`` → ``render``."""
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def imports(source: str) -> Iterator[Import]:
    """Every import in a module: top level, inside functions and under TYPE_CHECKING alike."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (Import(a.name, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module == "engine":  # `from engine import api`: each name is a module
                yield from (Import(f"engine.{a.name}", node.lineno) for a in node.names)
            else:
                yield Import(node.module, node.lineno)


def layer_violations(module: str, source: str) -> list[str]:
    """Imports of ``module`` that point against the data flow, as ``module:line: target``."""
    allowed = ALLOWED[stage(module)]
    return [f"{module}:{i.line}: imports {i.module}" for i in imports(source)
            if i.module.startswith("engine.") and stage(i.module) not in allowed]


def library_violations(module: str, source: str) -> list[str]:
    """matplotlib outside render/charts, SimPy outside simulate."""
    homes = {"matplotlib": "engine.render.charts", "simpy": "engine.simulate"}
    out = []
    for i in imports(source):
        home = homes.get(i.module.split(".")[0])
        if home and not (module == home or module.startswith(home + ".")):
            out.append(f"{module}:{i.line}: imports {i.module}")
    return out


def output_violations(module: str, source: str) -> list[str]:
    """Printing or exiting outside the command line."""
    if stage(module) in ("cli", "__main__"):
        return []
    out = []
    for node in ast.walk(ast.parse(source)):
        what = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("print", "exit", "quit"):
            what = node.func.id
        elif isinstance(node, ast.Attribute) and node.attr in ("exit", "_exit", "stdout", "stderr") \
                and isinstance(node.value, ast.Name) and node.value.id in ("sys", "os"):
            what = f"{node.value.id}.{node.attr}"
        elif isinstance(node, ast.Name) and node.id == "SystemExit":
            what = "SystemExit"
        if what:
            out.append(f"{module}:{node.lineno}: {what}")
    return out


def sources() -> dict[str, str]:
    return {module_name(p): p.read_text(encoding="utf-8") for p in sorted(ENGINE.rglob("*.py"))}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def import_graph(modules: dict[str, str]) -> dict[str, set[str]]:
    """Module → the engine modules it imports (a package import counts as its ``__init__``)."""
    return {m: {i.module for i in imports(src) if i.module in modules and i.module != m} for m, src in modules.items()}


@pytest.mark.parametrize("check", [layer_violations, library_violations, output_violations])
def test_the_engine_follows_the_layout(check: object) -> None:
    """No module of engine/ breaks the layout's rules."""
    found = [v for m, src in sources().items() for v in check(m, src)]  # type: ignore[operator]
    assert found == []


def test_no_import_cycles() -> None:
    """No two modules import each other, even behind TYPE_CHECKING or inside a function."""
    assert cycles(import_graph(sources())) == []


def test_a_forbidden_import_is_found() -> None:
    """The checks catch what they exist for: the simulation importing a renderer or
    matplotlib, a renderer printing, and a cycle."""
    bad = "import matplotlib\nfrom engine.render.msel import render_msel_csv\nprint('x')\n"
    assert layer_violations("engine.simulate.simulation", bad) == [
        "engine.simulate.simulation:2: imports engine.render.msel"]
    assert library_violations("engine.simulate.simulation", bad) == ["engine.simulate.simulation:1: imports matplotlib"]
    assert output_violations("engine.render.msel", bad) == ["engine.render.msel:3: print"]
    assert layer_violations("engine.render.msel", "from engine.cli import main\n") == [
        "engine.render.msel:1: imports engine.cli"]
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_every_stage_documents_itself() -> None:
    """Each subpackage's ``__init__`` says what lives there and what it may import, and
    names its public modules in ``__all__``."""
    for init in sorted(ENGINE.glob("*/__init__.py")):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree) or ""
        assert "May import" in doc, init
        names = [n for n in tree.body if isinstance(n, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in n.targets)]
        assert names, init
        listed = set(ast.literal_eval(names[0].value))
        present = {p.stem for p in init.parent.glob("*.py") if p.stem != "__init__"}
        present |= {p.name for p in init.parent.iterdir() if (p / "__init__.py").exists()}
        if init.parent.name == "cli":  # its public names are the program's two entry points
            assert listed == {"entry", "main"}
        else:  # a stage's public names are its modules
            assert listed == present, init
