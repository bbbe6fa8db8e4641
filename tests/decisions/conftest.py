# SPDX-License-Identifier: EUPL-1.2
"""Fixtures of the decision-log tests: logs on both databases, the canary policy, a loaded policy set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import regelruimte as rr

from . import postgres_server

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
KEY = "test-key-for-pseudonyms"


@pytest.fixture(scope="session")
def postgres() -> Iterator[postgres_server.Server]:
    server = postgres_server.start()
    if isinstance(server, str):
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL must run in CI: {server}")
        pytest.skip(server)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(postgres: postgres_server.Server) -> str:
    """A fresh, empty database on the throwaway server."""
    import psycopg

    name = f"rr_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return postgres.url(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def log_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new decision log on each database."""
    if request.param == "sqlite":
        return str(tmp_path / "besluiten.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(scope="session")
def policies() -> rr.PolicySet:
    return rr.load_policies(ROOT / "policies")


@pytest.fixture
def canary_policy(tmp_path: Path) -> rr.Policy:
    """The canary policy, copied so a test may edit it."""
    path = tmp_path / "canary.yaml"
    path.write_bytes((FIXTURES / "canary.yaml").read_bytes())
    return rr.load_policy(path)


CANARY_CASE = {"date": "2026-03-01", "id": "999999990",
               "facts": {"inkomen": "12345.67", "vaste_lasten": "1000.00", "naam": "Canary Testpersoon", "periode_maanden": 3}}
