# SPDX-License-Identifier: EUPL-1.2
"""Fixtures of the HTTP API tests: servers started once per session (see apiserver.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the HTTP API needs the api extra")

from apiserver import ROOT, TOKEN, Server, start, stop  # noqa: E402


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The bundled regulations, no token (every operation open), default limits."""
    s = start(tmp_path_factory.mktemp("serve"))
    try:
        yield s
    finally:
        stop(s)


@pytest.fixture(scope="session")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """With a token, one allowed CORS origin, and a small upload limit."""
    s = start(tmp_path_factory.mktemp("secured"), "--cors-origin", "https://portaal.gemeente.example", "--max-upload", "65536", token=TOKEN)
    try:
        yield s
    finally:
        stop(s)


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    """A copy of the bundled regulations that a test may change."""
    target = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", target)
    return target


@pytest.fixture(autouse=True)
def _the_library_keeps_its_analyses_after_an_in_process_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """``create_app`` tells the library to keep no analysis of a case (the service keeps nothing of a
    case after answering); an app made in this process must not change that for the other tests."""
    from regelruimte.assessment import completions

    monkeypatch.setattr(completions, "MEMO_SIZE", completions.MEMO_SIZE)
