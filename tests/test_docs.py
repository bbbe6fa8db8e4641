# SPDX-License-Identifier: EUPL-1.2
"""The documentation builds, its examples run, and the generated policy-format page is current.

* ``mkdocs build --strict`` (warnings are errors, broken links and anchors included) into a
  temporary directory;
* every ```python block in ``docs/*.md`` (the top level; the pages under ``docs/policies/`` are
  notes on the bundled regulations) runs, in page order and in one namespace per page, from the
  repository root as a reader would run it. A block opts out only with a ``<!-- no-run -->`` line
  right before it, when it truly cannot run;
* ``docs/policy-format.md`` equals what ``docs/gen_policy_format.py`` makes from the schema.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)
NO_RUN = "<!-- no-run -->"


def python_blocks(page: Path) -> list[tuple[int, str]]:
    """The ```python blocks of a page that should run, with their line numbers."""
    text = page.read_text(encoding="utf-8")
    blocks = []
    for match in FENCE.finditer(text):
        if match.group("lang") not in ("python", "py"):
            continue
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1].strip()
        if before == NO_RUN:
            continue
        line = text.count("\n", 0, match.start()) + 2
        blocks.append((line, match.group("body")))
    return blocks


PAGES_WITH_CODE = [p for p in PAGES if python_blocks(p)]


def test_the_pages_have_examples() -> None:
    names = {p.name for p in PAGES_WITH_CODE}
    assert {"index.md", "concepts.md", "tutorial.md", "api.md", "citing-law.md"} <= names, names


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=lambda p: p.name)
def test_python_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs.{page.stem}"}
    for line, code in python_blocks(page):
        output = io.StringIO()
        try:
            with contextlib.redirect_stdout(output):
                exec(compile(code, f"{page.relative_to(ROOT)}:{line}", "exec"), namespace)
        except Exception as exc:  # the block's location is the useful part of the failure
            pytest.fail(f"{page.relative_to(ROOT)}, the block at line {line} raised {type(exc).__name__}: {exc}")


def test_index_example_shows_the_tension(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first example readers see prints what the page says it prints."""
    monkeypatch.chdir(ROOT)
    line, code = python_blocks(DOCS / "index.md")[0]
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, f"docs/index.md:{line}", "exec"), {})
    assert output.getvalue().strip() == "denied served letter_blocks_intent"


def test_policy_format_page_is_current() -> None:
    spec = importlib.util.spec_from_file_location("gen_policy_format", DOCS / "gen_policy_format.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    expected = gen.render(json.loads((ROOT / "schema" / "policy.v1.json").read_text(encoding="utf-8")))
    assert (DOCS / "policy-format.md").read_text(encoding="utf-8") == expected, "run: python docs/gen_policy_format.py"


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=ROOT, capture_output=True,
                            text=True, timeout=180, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    for page in ("index.html", "concepts/index.html", "tutorial/index.html", "api/index.html", "policy-format/index.html",
                 "glossary/index.html", "citing-law/index.html", "cli/index.html", "design-decisions/index.html", "facts/index.html",
                 "privacy-decision-log/index.html", "friction-report/index.html"):
        assert (site / page).is_file(), page
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert "Assess one case against one regulation" in api, "mkdocstrings rendered the docstrings"
    tutorial = (site / "tutorial" / "index.html").read_text(encoding="utf-8")
    assert "meedoen_oss_tutorial" in tutorial and "--8&lt;--" not in tutorial, "the tutorial's YAML snippets were included"
