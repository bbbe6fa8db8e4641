# SPDX-License-Identifier: EUPL-1.2
"""``--output`` that cannot be written (issue 13, item 11): one line, exit 2, never a traceback;
a failed write never truncates the previous report, and the work of ``screen`` and ``signals``
is kept elsewhere (and the line says where).

A full disk and a read-only file system are simulated by patching the write, in-process.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from regelruimte.cli import app

ROOT = Path(__file__).resolve().parent.parent
KWIJTSCHELDING = ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
CASE = ROOT / "examples" / "case_aflossingen.json"
EVENTS = ROOT / "examples" / "events_demo.csv"


def _invoke(*args: Any) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args] + ["--lang", "en"], env={"NO_COLOR": "1", "COLUMNS": "200"})


def _one_line_refusal(result: Any) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("regelruimte: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("command", [["review", KWIJTSCHELDING], ["assess", KWIJTSCHELDING, CASE]])
def test_output_into_a_missing_folder_or_onto_a_folder_or_a_device(tmp_path: Path, command: list[Any]) -> None:
    assert "no such folder" in _one_line_refusal(_invoke(*command, "--output", tmp_path / "missing" / "r.txt"))
    assert "is a folder" in _one_line_refusal(_invoke(*command, "--output", tmp_path))
    if Path("/dev/full").exists():
        assert "not a regular file" in _one_line_refusal(_invoke(*command, "--output", "/dev/full"))


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Path.write_text`` writes half and then finds the disk full, as a real full disk would."""
    real = Path.write_text

    def half(self: Path, data: str, *args: Any, **kwargs: Any) -> int:
        real(self, data[: len(data) // 2], *args, **kwargs)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_text", half)


@pytest.mark.parametrize("format", ["rich", "html", "markdown", "json"])
def test_a_full_disk_never_truncates_the_previous_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format: str) -> None:
    report = tmp_path / "review.txt"
    assert _invoke("review", KWIJTSCHELDING, "--format", format, "--output", report, "--fail-on", "never").exit_code == 0
    before = report.read_bytes()
    assert len(before) > 1000
    _full_disk(monkeypatch)
    line = _one_line_refusal(_invoke("review", KWIJTSCHELDING, "--format", format, "--output", report, "--fail-on", "never"))
    assert "No space left on device" in line and "unchanged" in line
    assert report.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.txt"]  # no temporary file left behind


def test_a_read_only_file_system_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def read_only(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    line = _one_line_refusal(_invoke("assess", KWIJTSCHELDING, CASE, "--output", tmp_path / "a.txt"))
    assert "Read-only file system" in line
    assert not (tmp_path / "a.txt").exists()


def test_a_new_report_is_written_whole(tmp_path: Path) -> None:
    report = tmp_path / "a.md"
    assert _invoke("assess", KWIJTSCHELDING, CASE, "--format", "markdown", "--output", report).exit_code == 0
    assert report.read_text(encoding="utf-8").startswith("#")
    mask = os.umask(0o22)
    os.umask(mask)
    assert report.stat().st_mode & 0o777 == 0o666 & ~mask  # as an ordinary new file, not the temporary's 0600
    report.chmod(0o640)
    assert _invoke("assess", KWIJTSCHELDING, CASE, "--format", "markdown", "--output", report).exit_code == 0
    assert report.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its mode


def test_screen_keeps_the_results_when_the_output_cannot_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    population = tmp_path / "stad.parquet"
    import regelruimte as rr

    facts = rr.load_policy(KWIJTSCHELDING).facts  # only its columns: no warning about columns that are no fact
    city = pl.read_parquet(ROOT / "examples" / "demo_city.parquet").head(40)
    city.select([c for c in city.columns if c in facts or c == "id"]).write_parquet(population)
    target = tmp_path / "out" / "uitkomst.parquet"
    target.parent.mkdir()
    real = pl.DataFrame.write_parquet

    def full_in_target(self: pl.DataFrame, file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file).parent == target.parent:
            Path(file).write_bytes(b"PAR1")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, file, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", full_in_target)
    result = _invoke("screen", KWIJTSCHELDING, "--population", population, "--date", "2026-03-01", "--output", target, "--format", "json")
    line = _one_line_refusal(result)
    assert result.stdout.strip().startswith("[")  # the summary was still printed
    kept = re.search(r"written to (\S+) instead", line)
    assert kept is not None, line
    path = Path(kept.group(1))
    try:
        assert pl.read_parquet(path).height == 40
        assert path.stat().st_mode & 0o077 == 0  # personal data: readable only by the user
    finally:
        path.unlink()
    assert not target.exists() and list(target.parent.iterdir()) == []


def test_signals_keeps_the_report_when_the_output_cannot_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "signalen.json"
    real = Path.write_text

    def full_in_target(self: Path, data: str, *args: Any, **kwargs: Any) -> int:
        if self.parent == tmp_path:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, data, *args, **kwargs)

    real_open = Path.open

    def open_full_in_target(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self.parent == tmp_path and "w" in mode:  # the JSON is streamed through Path.open
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full_in_target)
    monkeypatch.setattr(Path, "open", open_full_in_target)
    result = _invoke("signals", "--events", EVENTS, "--date", "2026-03-01", "--format", "json", "--output", target, "--workers", "0")
    lines = [ln for ln in result.stderr.splitlines() if "cannot write" in ln]
    assert result.exit_code == 2 and len(lines) == 1, result.stderr
    kept = re.search(r"written to (\S+) instead", lines[0])
    assert kept is not None, lines[0]
    path = Path(kept.group(1))
    try:
        assert '"households"' in path.read_text(encoding="utf-8")
    finally:
        path.unlink()
