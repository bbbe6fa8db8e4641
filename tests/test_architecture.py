# SPDX-License-Identifier: EUPL-1.2
"""The shape of the package (issue 12; docs/design-decisions.md, Architecture).

The layers themselves are import-linter contracts in pyproject.toml, run by ``make lint``; these
tests run them too, and add what a layer contract cannot say: no import circle between any two
modules, small modules, a ground that imports nothing of the package, and heavy or optional
dependencies kept in their one place. Every import counts: at the top, inside functions and under
``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "regelruimte"
MAX_LINES = 400


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


MODULES = modules()


def imported(name: str, path: Path) -> Iterator[str]:
    """Every module ``name`` imports, wherever the import stands (absolute names)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield module
            yield from (f"{module}.{a.name}" for a in node.names)


def internal_edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for name, path in MODULES.items():
        for target in imported(name, path):
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                edges[name].add(target)
    return edges


def test_the_layer_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:  # pragma: no cover - the dev extra installs it
        pytest.skip("import-linter is not installed")
    run = subprocess.run([lint, "--no-logo", "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_no_module_is_in_an_import_circle() -> None:
    """Tarjan's strongly connected components over every import between modules."""
    edges = internal_edges()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
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
            if len(component) > 1:
                circles.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    assert not circles, circles


def test_modules_are_small() -> None:
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    assert not {n: s for n, s in sizes.items() if s > MAX_LINES}, "split these modules by concept"


@pytest.mark.parametrize("ground", ["regelruimte.errors", "regelruimte._exact", "regelruimte._display", "regelruimte._texts", "regelruimte._report_texts", "regelruimte._property_texts", "regelruimte._signal_texts", "regelruimte._messages", "regelruimte._version"])
def test_the_ground_imports_nothing_of_the_package(ground: str) -> None:
    allowed = {"regelruimte._messages"} if ground == "regelruimte.errors" else set()  # every error's text is in the catalogue, below it
    inside = {m for m in MODULES if m.startswith(ground + ".")}  # a ground package's own modules (the catalogue's, one per concept)
    assert not internal_edges()[ground] - allowed - inside
    assert all(not internal_edges()[m] - inside - {ground} for m in inside)


def test_results_do_not_know_their_views() -> None:
    """Only the views, the demo and the command line import regelruimte.render. The decision log sits
    above the views (its layer may import any below it) and keeps its own two view modules, which
    use the shared stylesheet; its results do not."""
    importers = {m for m, targets in internal_edges().items() if any(t.startswith("regelruimte.render") for t in targets)}
    views_elsewhere = {m for m in importers if m.startswith("regelruimte.decisions.") and m.endswith("_views")}
    assert {m.split(".")[1] for m in importers - views_elsewhere} <= {"render", "demo", "cli"}, importers


def test_the_demo_and_the_synthetic_data_stay_out_of_the_library() -> None:
    edges = internal_edges()
    demo_users = {m for m, targets in edges.items() if "regelruimte.demo" in targets}
    assert {m.split(".")[1] for m in demo_users} <= {"cli"}, demo_users
    synthetic_users = {m for m, targets in edges.items() if any(t.startswith("regelruimte.synthetic") for t in targets)}
    assert all(m.startswith("regelruimte.synthetic") for m in synthetic_users), synthetic_users


@pytest.mark.parametrize(("dependency", "home"), [("numpy", "regelruimte.synthetic"), ("durable", "regelruimte.signalling.engine.host"),
                                                  ("durable_rules_engine", "regelruimte.signalling.engine.host"), ("typer", "regelruimte.cli"),
                                                  ("dask", "regelruimte.screening.distributed"), ("zstandard", "regelruimte.decisions.document"),
                                                  ("orjson", "regelruimte.decisions")])
def test_heavy_and_optional_dependencies_have_one_home(dependency: str, home: str) -> None:
    users = {name for name, path in MODULES.items() if any(t.split(".")[0] == dependency for t in imported(name, path))}
    assert users and all(u.startswith(home) for u in users), users
