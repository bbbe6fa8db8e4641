# SPDX-License-Identifier: EUPL-1.2
"""What a municipality installs is the product: the wheel, in a fresh virtual environment, used
from a directory outside the checkout (issue 11).

The suite itself runs from an editable install, where the checkout's ``policies/`` is always at
hand; only these tests see the package as ``pip install regelruimte`` delivers it. They build the
wheel and the sdist with the pinned hatchling, check that the wheel carries every file the product
needs and that the sdist builds the same wheel, then install the wheel (dependencies pinned by
``constraints.txt``) and use it: the demo, ``check`` and ``review`` on the bundled regulations, a
script that loads, assesses and reviews, and ``mypy --strict`` on user code against the installed
package (``py.typed``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
NEEDED = ["regelruimte/py.typed", "regelruimte/_data/schema/policy.v1.json", "regelruimte/_data/schema/norms.v1.json",
          "regelruimte/_data/examples/events_demo.csv", "regelruimte/_data/examples/demo_city.parquet"]


def _run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert run.returncode == 0, f"{' '.join(map(str, args))} exited {run.returncode}\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    return run


def _hatchling_build(source: Path, target: str, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    _run([sys.executable, "-m", "hatchling", "build", "-t", target, "-d", out], cwd=source)
    (built,) = out.glob("*.whl" if target == "wheel" else "*.tar.gz")
    return built


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _hatchling_build(ROOT, "wheel", tmp_path_factory.mktemp("wheel"))


def _contents(wheel: Path) -> dict[str, str]:
    """Every file of a wheel with the SHA-256 of its bytes (RECORD is derived from them)."""
    with zipfile.ZipFile(wheel) as z:
        return {n: hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist() if not n.endswith("/RECORD")}


def test_the_wheel_carries_the_regulations_schemas_demo_data_and_types(wheel: Path) -> None:
    names = set(_contents(wheel))
    missing = [n for n in NEEDED if n not in names]
    assert not missing, f"the wheel lacks {missing}"
    policies = sorted(p.relative_to(ROOT / "policies").as_posix() for p in (ROOT / "policies").rglob("*.yaml"))
    shipped = sorted(n.removeprefix("regelruimte/_data/policies/") for n in names if n.startswith("regelruimte/_data/policies/"))
    assert policies and shipped == policies, "every policy and norm file of policies/ ships, and nothing else"
    assert not [n for n in names if n.startswith(("tests/", "docs/", "benchmarks/")) or "__pycache__" in n]


def test_the_sdist_builds_the_same_wheel(wheel: Path, tmp_path: Path) -> None:
    sdist = _hatchling_build(ROOT, "sdist", tmp_path / "sdist")
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    (source,) = (tmp_path / "unpacked").iterdir()
    again = _hatchling_build(source, "wheel", tmp_path / "again")
    assert again.name == wheel.name
    assert _contents(again) == _contents(wheel)


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A fresh virtual environment with only the wheel (and its pinned dependencies), and a working
    directory that is not the checkout and holds no policies."""
    home = tmp_path_factory.mktemp("user")
    venv = home / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=home)
    pip = [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--constraint", ROOT / "constraints.txt"]
    _run([*pip, wheel], cwd=home, timeout=1200)
    work = home / "work"
    work.mkdir()
    return venv / "bin", work


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REGELRUIMTE_", "PYTHON"))}
    env.update(NO_COLOR="1", COLUMNS="110")
    return env


def test_the_installed_demo_runs_outside_the_checkout(installed: tuple[Path, Path]) -> None:
    bin_, work = installed
    run = _run([bin_ / "regelruimte", "demo"], cwd=work, env=_env())
    out = run.stdout
    assert "De meegeleverde regelingen" in out
    assert "synthetische stad" in out, "the screened synthetic city ships with the wheel"
    assert "Signalen op 2026-03-01" in out, "signals run: durable-rules is a dependency, and the demo log ships"
    assert not (work / "policies").exists()


def test_the_installed_cli_checks_and_reviews_the_bundled_regulations(installed: tuple[Path, Path]) -> None:
    bin_, work = installed
    check = _run([bin_ / "regelruimte", "check"], cwd=work, env=_env())
    assert "0 problemen." in check.stdout  # Dutch by default
    review = subprocess.run([bin_ / "regelruimte", "review", "--format", "json"], cwd=work, env=_env(), capture_output=True, text=True, timeout=300)
    assert review.returncode in (0, 1), review.stderr  # 1: findings, the reason a review exists
    assert '"findings"' in review.stdout


def test_the_installed_library_loads_assesses_and_reviews(installed: tuple[Path, Path]) -> None:
    bin_, work = installed
    script = (
        "import regelruimte as rr\n"
        "policies = rr.load_policies()\n"
        "assert len(policies) >= 9, len(policies)\n"
        "p = policies['kwijtschelding_afvalstoffenheffing']\n"
        "a = rr.assess(p, {'date': '2026-03-01', 'facts': {'netto_inkomen': '1401.50'}})\n"
        "assert a.letter.verdict in ('granted', 'denied', 'undetermined')\n"
        "assert a.questions, 'a partial case asks for what is missing'\n"
        "r = rr.review(p)\n"
        "assert r.findings\n"
        "assert (rr.bundled_path('schema') / 'policy.v1.json').is_file()\n"
        "import regelruimte.loading.bundled as b; assert 'site-packages' in str(rr.bundled_path()), rr.bundled_path()\n"
        "print(len(policies), rr.__version__)\n"
    )
    run = _run([bin_ / "python", "-c", script], cwd=work, env=_env())
    from regelruimte import __version__

    assert run.stdout.split() == [run.stdout.split()[0], __version__]


def test_the_installed_package_has_no_synthetic_extra_but_every_command(installed: tuple[Path, Path]) -> None:
    """numpy is only for the synthetic population (an extra); durable-rules is a dependency."""
    bin_, work = installed
    probe = "import importlib.util as u; print(u.find_spec('numpy') is None, u.find_spec('durable') is not None)"
    assert _run([bin_ / "python", "-c", probe], cwd=work, env=_env()).stdout.split() == ["True", "True"]
    help_ = _run([bin_ / "regelruimte", "--help"], cwd=work, env=_env()).stdout
    for command in ("check", "test", "assess", "review", "screen", "signals", "schema", "demo"):
        assert command in help_


def test_user_code_type_checks_against_the_installed_package(installed: tuple[Path, Path], tmp_path: Path) -> None:
    """py.typed ships: mypy --strict reads the installed package's annotations (PEP 561)."""
    bin_, work = installed
    user = work / "gemeente_app.py"
    user.write_text((ROOT / "tests" / "typing" / "public_api.py").read_text(encoding="utf-8"), encoding="utf-8")
    mypy = Path(sys.executable).parent / "mypy"
    run = subprocess.run([mypy, "--strict", "--no-incremental", "--python-executable", bin_ / "python", "--config-file", os.devnull, user.name],
                         cwd=work, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr


def test_pytest_collects_the_policies_with_the_installed_plugin(installed: tuple[Path, Path]) -> None:
    """The wheel registers its pytest plugin (entry point pytest11): a municipality's own copy of
    the regulations, outside any checkout, runs as tests with ``pytest``; and ``properties`` runs."""
    import regelruimte as rr

    bin_, work = installed
    _run([bin_ / "python", "-m", "pip", "install", "--quiet", "--constraint", ROOT / "constraints.txt", "pytest"], cwd=work, timeout=600)
    copy = "import regelruimte as rr, shutil; shutil.copytree(rr.bundled_path(), 'onze_regelingen')"
    _run([bin_ / "python", "-c", copy], cwd=work, env=_env())
    run = _run([bin_ / "python", "-m", "pytest", "onze_regelingen", "-q", "-p", "no:cacheprovider", "--regelruimte-seconds", "0.2",
                "--regelruimte-examples", "10"], cwd=work, env=_env())
    policies = [rr.load_policy(f) for f in (ROOT / "policies").rglob("*.yaml") if "normen" not in f.parts]
    items = sum(len(p.tests) + len(p.properties) for p in policies)
    xfails = sum(t.expected_failure is not None for p in policies for t in p.tests)
    assert f"{items - xfails} passed" in run.stdout, run.stdout[-2000:]
    assert " failed" not in run.stdout  # (an expected failure reads "1 xfailed")
    properties = subprocess.run([bin_ / "regelruimte", "properties", "--seconds", "0.2", "--examples", "10", "--no-cliffs", "-f", "json"],
                                cwd=work, env=_env(), capture_output=True, text=True, timeout=600)
    assert properties.returncode == 0, properties.stderr
    assert '"holds": true' in properties.stdout and '"holds": false' not in properties.stdout
