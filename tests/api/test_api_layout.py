# SPDX-License-Identifier: EUPL-1.2
"""How the HTTP API sits on the library: on the public names, with one module for the rest, and
never loaded by the library itself or by the command line until ``serve`` runs."""

from __future__ import annotations

import ast
import subprocess
import sys

from apiserver import ROOT

API = ROOT / "regelruimte" / "api"


def _imports(path: object) -> set[str]:
    tree = ast.parse(API.joinpath(str(path)).read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            out.add(("." * node.level) + module)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return out


def test_only_the_library_module_reaches_inside_the_library() -> None:
    for path in sorted(API.glob("*.py")):
        inside = {m for m in _imports(path.name) if m.startswith("regelruimte.") or m.startswith("..")}
        if path.name == "_library.py":
            assert inside, "the one module that imports the library's internals"
        else:
            assert not inside, f"{path.name} imports {inside}: use `import regelruimte as rr` or regelruimte/api/_library.py"


def test_modules_are_small_rooms() -> None:
    for path in API.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 300, path.name


def test_the_library_and_the_cli_do_not_load_the_web_stack() -> None:
    code = ("import sys, regelruimte as rr; rr.assess; rr.review; "
            "from regelruimte.cli import app; "
            "assert not {'fastapi', 'starlette', 'uvicorn', 'regelruimte.api'} & set(sys.modules), sorted(sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
