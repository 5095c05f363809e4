"""The package's layers, read from its import graph (docs/internals.md).

Every ``somsim`` import is counted, at module level or inside a function (a lazy import is still
a dependency). A module may import modules of its own subpackage and of any lower layer; an import
of a higher layer, or of a sibling subpackage in the same layer, fails. No cycles between modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "somsim"

# lowest first; a module may import only its own layer's package and those listed before it
LAYERS: list[tuple[str, ...]] = [
    ("somsim._version", "somsim.errors", "somsim._vocab", "somsim._text", "somsim._io", "somsim._outpath",
     "somsim._tempfiles", "somsim._manifest", "somsim._signals", "somsim._resources", "somsim._hygiene",
     "somsim._args", "somsim._numba_cache"),
    ("somsim.distributions",),
    ("somsim.scenario",),
    ("somsim.model",),
    ("somsim.simulation",),
    ("somsim.results",),
    ("somsim.sensitivity",),
    ("somsim.voi",),
    ("somsim.decide",),
    ("somsim.present",),
    ("somsim.api",),  # the result objects of the Python API (over present: plots, the report)
    ("somsim.cli",),
    ("somsim", "somsim.__main__"),  # the curated public API and `python -m somsim` sit on top
]


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The somsim modules that `name` imports (resolved to modules, not attributes)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in known else mod for a in node.names]
        else:
            continue
        for t in targets:
            if t == "somsim" or t.startswith("somsim."):
                while t not in known and "." in t:
                    t = t.rsplit(".", 1)[0]
                if t in known and t != name:
                    out.add(t)
    return out


def layer_of(mod: str) -> tuple[int, str]:
    best = None
    for i, layer in enumerate(LAYERS):
        for pkg in layer:
            if (mod == pkg or mod.startswith(pkg + ".")) and pkg != "somsim":
                if best is None or len(pkg) > len(best[1]):
                    best = (i, pkg)
    if best is None and mod in ("somsim", "somsim.__main__"):
        return len(LAYERS) - 1, mod
    assert best is not None, f"{mod} belongs to no layer: add it to LAYERS and docs/internals.md"
    return best


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {m: imports_of(m, p, known) for m, p in mods.items()}


def test_every_module_has_a_layer(graph):
    for m in graph:
        layer_of(m)


def test_imports_point_down_only(graph):
    bad = []
    for m, deps in graph.items():
        lm, pm = layer_of(m)
        for d in deps:
            ld, pd = layer_of(d)
            if ld > lm or (ld == lm and pd != pm and lm != 0):
                bad.append(f"{m} imports {d} ({pm} may not import {pd})")
    assert not bad, "upward or sideways imports:\n" + "\n".join(sorted(bad))


def test_no_import_cycles(graph):
    # Tarjan's strongly connected components
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            # a package's __init__ importing its own submodules is a re-export, not a cycle
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, "import cycles: " + "; ".join(" ↔ ".join(c) for c in cycles)


def test_the_checker_sees_an_upward_import(tmp_path):
    """The graph reader resolves relative, absolute and function-local imports."""
    pkg = tmp_path / "somsim" / "model"
    pkg.mkdir(parents=True)
    (tmp_path / "somsim" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    f = pkg / "x.py"
    f.write_text("def f():\n    from ..present import plots\n    from somsim.cli import app\n")
    known = {"somsim", "somsim.model", "somsim.model.x", "somsim.present", "somsim.present.plots",
             "somsim.cli", "somsim.cli.app"}
    assert imports_of("somsim.model.x", f, known) == {"somsim.present.plots", "somsim.cli.app"}
