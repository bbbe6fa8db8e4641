# SPDX-License-Identifier: EUPL-1.2
"""Shared fixtures: the small hand-written base policies in tests/fixtures/ and a writer for variants."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"


@pytest.fixture(scope="session")
def minimal_text() -> str:
    """The text of tests/fixtures/minimal.yaml: a small, valid policy."""
    return (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture
def write_policy(tmp_path: Path) -> Callable[..., Path]:
    """Write policy text to ``tmp_path/<name>`` and return the path."""

    def write(text: str, name: str = "policy.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The review's precision and recall on the hand-labelled corpora, when they were scored."""
    import sys

    corpus = sys.modules.get("review_corpus")
    report = getattr(corpus, "REPORT", None)
    if report:
        terminalreporter.section("review on the hand-labelled corpora (tests/review_corpus)")
        for name, lines in report.items():
            terminalreporter.write_line(f"{name}:")
            for line in lines:
                terminalreporter.write_line(f"  {line}")
