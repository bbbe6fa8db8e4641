# SPDX-License-Identifier: EUPL-1.2
"""Only regular files are read, bounded in size (issue 13, item 8).

A ``*.yaml`` symlink to ``/dev/zero`` once grew to gigabytes, and a FIFO named ``*.yaml`` hung
``check`` and ``review``. Both are refused with one problem, in a directory walk and on a direct
path; the command line runs in a new process with a timeout, so a hang fails the test instead of
the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import regelruimte as rr
from regelruimte.errors import PolicyLoadError

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs FIFOs and /dev/zero")


def _specials(folder: Path, minimal_text: str) -> dict[str, Path]:
    folder.mkdir()
    (folder / "minimaal.yaml").write_text(minimal_text, encoding="utf-8")
    zero = folder / "zero.yaml"
    zero.symlink_to("/dev/zero")
    fifo = folder / "fifo.yaml"
    os.mkfifo(fifo)
    return {"zero": zero, "fifo": fifo}


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "regelruimte", *map(str, args)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"})


@pytest.mark.parametrize("kind", ["zero", "fifo"])
def test_load_policy_refuses_a_special_file(tmp_path: Path, minimal_text: str, kind: str) -> None:
    path = _specials(tmp_path / "p", minimal_text)[kind]
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(path)
    (problem,) = info.value.problems
    assert (problem.path, problem.code) == (str(path), "file-not-regular")


def test_directory_walk_refuses_each_special_file_once(tmp_path: Path, minimal_text: str) -> None:
    folder = tmp_path / "p"
    specials = _specials(folder, minimal_text)
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policies(folder)
    assert sorted((p.path, p.code) for p in info.value.problems) == sorted((str(p), "file-not-regular") for p in specials.values())


def test_check_and_review_never_hang(tmp_path: Path, minimal_text: str) -> None:
    folder = tmp_path / "p"
    specials = _specials(folder, minimal_text)
    check = _run("check", folder)
    assert check.returncode == 1, check.stderr
    lines = [line for line in check.stdout.splitlines() if "file-not-regular" in line]
    assert sorted(line.split()[0] for line in lines) == sorted(f"{p}:1:1" for p in specials.values())
    assert "1 regeling(en) geldig, 2 problemen." in check.stdout
    review = _run("review", folder)
    assert review.returncode == 2 and "Traceback" not in review.stderr
    for direct in specials.values():
        one = _run("check", direct)
        assert one.returncode == 1 and "Traceback" not in one.stderr
        assert [line.split()[0] for line in one.stdout.splitlines() if "file-not-regular" in line] == [f"{direct}:1:1"]


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path: Path) -> None:
    from regelruimte.loading.strict_yaml import read_regular_file

    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\n" * 10)
    assert read_regular_file(path, limit=50) == b"a: 1\n" * 10
    with pytest.raises(PolicyLoadError) as info:
        read_regular_file(path, limit=49)
    assert info.value.problems[0].code == "file-too-large"
