# SPDX-License-Identifier: EUPL-1.2
"""The example notebooks in ``examples/`` run from top to bottom, quickly, and show what they promise.

Each notebook is executed in a fresh Jupyter kernel with nbclient, from ``examples/`` as a user
opens it. A cell that raises fails the test with the cell's source and the error. The committed
notebooks carry no outputs (they are cleaned before commit), so diffs stay readable and no
generated data lands in git.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
SECONDS = 30


def test_the_three_notebooks_are_there() -> None:
    assert [p.name for p in NOTEBOOKS] == ["01_regelruimte_in_een_zaak.ipynb", "02_controles_toetsen.ipynb", "03_proactief_screenen.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_is_clean(path: Path) -> None:
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs before committing"


def execute(path: Path) -> tuple[object, float]:
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(book, timeout=SECONDS, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}})
    start = time.perf_counter()
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:  # pragma: no cover - the failure message is the point
        pytest.fail(f"{path.name}: {exc}")
    return book, time.perf_counter() - start


def outputs(book: object) -> list[dict]:
    return [o for cell in book.cells if cell.cell_type == "code" for o in cell.outputs]  # type: ignore[attr-defined]


def rich_outputs(book: object, prefix: str) -> list[dict]:
    """Display outputs whose plain text starts with ``prefix`` (e.g. '<Assessment')."""
    return [o for o in outputs(book) if "data" in o and o["data"].get("text/plain", "").startswith(prefix)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path) -> None:
    book, seconds = execute(path)
    assert seconds < SECONDS, f"{path.name} took {seconds:.1f} s"
    assert not [o for o in outputs(book) if o["output_type"] == "error"]
    if path.stem.startswith("01"):
        for prefix in ("<Policy", "<Assessment"):
            (shown,) = rich_outputs(book, prefix)
            assert {"text/html", "text/markdown"} <= set(shown["data"]), "the result renders itself in Jupyter"
            assert "<table" in shown["data"]["text/html"] and "<script" not in shown["data"]["text/html"]
        text = "".join(o.get("text", "") for o in outputs(book) if o["output_type"] == "stream")
        assert "Uitkomst: geen kwijtschelding." in text and "Outcome:" in text
    elif path.stem.startswith("02"):
        (shown,) = rich_outputs(book, "<Review")
        assert "Toets van de controles" in shown["data"]["text/html"]
    else:
        (shown,) = rich_outputs(book, "<Screening")
        assert "text/html" in shown["data"]
        assert [o for o in outputs(book) if "image/png" in o.get("data", {})], "the chart is drawn"
