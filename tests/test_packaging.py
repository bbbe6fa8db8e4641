# SPDX-License-Identifier: EUPL-1.2
"""Packaging rules a fresh clone and an installation rely on (issue 11): one version source, the
lock covers what the suite installs, the shipped demo data matches its generator, and signals
say in one line what to do where durable-rules cannot run."""

from __future__ import annotations

import importlib.metadata
import re
import sys
from pathlib import Path

import polars as pl
import pytest

import regelruimte as rr
from regelruimte.errors import EngineError
from regelruimte.loading import bundled

ROOT = Path(__file__).resolve().parent.parent


def test_the_version_is_written_once() -> None:
    assert rr.__version__ == importlib.metadata.version("regelruimte")
    publiccode = (ROOT / "publiccode.yml").read_text(encoding="utf-8")
    assert re.search(rf"^softwareVersion: {re.escape(rr.__version__)}$", publiccode, re.M), "publiccode.yml names another version"
    assert not re.search(r'^version = "', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M), "pyproject reads the version from regelruimte/_version.py"
    hits = [p for p in (ROOT / "regelruimte").rglob("*.py") if p.name != "_version.py" and re.search(r"=\s*\"0\.\d+\.\d+\"", p.read_text(encoding="utf-8"))]
    assert not hits, f"a version literal outside _version.py: {hits}"


def _pins() -> dict[str, str]:
    """The locked version of each distribution for this interpreter (the lock is universal: a pin
    may hold for some Python versions only, after its ``;`` marker)."""
    from packaging.markers import Marker

    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==([^ ;]+)\s*(?:;\s*(.+))?$", line)
        if m and (m.group(3) is None or Marker(m.group(3)).evaluate()):
            pins[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return pins


def test_the_lock_pins_what_the_suite_runs_on() -> None:
    """Every installed distribution the suite imports is at the locked version (make test installs
    with --constraint constraints.txt; a stale environment or a missing pin fails here)."""
    pins = _pins()
    for dist in ("pydantic", "rich", "lark", "pyyaml", "typer", "pyphen", "polars", "pytest", "hypothesis", "mypy", "hatchling", "numpy", "pip"):
        assert dist in pins, f"{dist} is not pinned in constraints.txt"
        assert importlib.metadata.version(dist) == pins[dist], f"{dist} {importlib.metadata.version(dist)} is installed, {pins[dist]} is locked: run make"
    if sys.version_info < (3, 13):
        assert importlib.metadata.version("durable-rules") == pins["durable-rules"] == "2.0.28"


def test_durable_rules_is_written_once_as_a_dependency() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert text.count("durable-rules==") == 1
    requires = importlib.metadata.requires("regelruimte") or []
    assert any(r.startswith("durable-rules==2.0.28") and "extra ==" not in r for r in requires), requires
    assert not any(r.startswith("numpy") and "extra ==" not in r for r in requires), "numpy is only for the synthetic extra"


def test_the_shipped_demo_city_is_what_the_generator_makes() -> None:
    """examples/demo_city.parquet ships in the wheel for `regelruimte demo`; regenerate it with
    `make demo-data` after a change to the bundled policies' facts or to the generator."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import make_demo_data
    finally:
        sys.path.remove(str(ROOT / "tools"))
    shipped = pl.read_parquet(ROOT / "examples" / "demo_city.parquet")
    assert shipped.equals(make_demo_data.demo_city()), "examples/demo_city.parquet is stale: run make demo-data"


def test_bundled_path_finds_the_checkout_in_an_editable_install() -> None:
    assert rr.bundled_path() == ROOT / "policies"
    assert rr.bundled_path("schema") == ROOT / "schema"
    assert (rr.bundled_path("examples") / "events_demo.csv").is_file()
    with pytest.raises(ValueError):
        rr.bundled_path("tests")  # type: ignore[arg-type]


def test_bundled_path_says_what_is_wrong_in_an_incomplete_installation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(bundled, "_CHECKOUT", tmp_path)
    with pytest.raises(FileNotFoundError, match="reinstall"):
        rr.bundled_path()


def test_load_policies_without_a_path_loads_the_bundled_regulations() -> None:
    policies = rr.load_policies()
    assert "kwijtschelding_afvalstoffenheffing" in policies
    assert len(policies) == len(rr.load_policies(ROOT / "policies"))


@pytest.mark.parametrize(("python", "expected"), [((3, 13, 0), "does not run on Python 3.13"), ((3, 12, 1), "reinstall regelruimte")])
def test_signals_without_durable_rules_say_what_to_do(monkeypatch: pytest.MonkeyPatch, python: tuple[int, int, int], expected: str) -> None:
    from regelruimte.signalling.engine import host as _engine

    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    _engine._durable.cache_clear()
    monkeypatch.setattr(_engine.importlib.metadata, "version", missing)
    monkeypatch.setattr(_engine.sys, "version_info", python)
    try:
        with pytest.raises(EngineError) as info:
            _engine._durable()
    finally:
        _engine._durable.cache_clear()
    message = str(info.value)
    assert expected in message and "\n" not in message
