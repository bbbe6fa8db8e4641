# SPDX-License-Identifier: EUPL-1.2
"""Eight writers at once, and writers killed with SIGKILL mid-stream, on both databases."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from regelruimte.decisions import DecisionLog

from .conftest import FIXTURES, ROOT

WRITER = Path(__file__).with_name("writer.py")
POLICY = FIXTURES / "canary.yaml"


def spawn(url: str, count: int, batch: int = 1) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WRITER), url, str(POLICY), str(count), str(batch)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT)


def test_eight_writers_at_once(log_url: str) -> None:
    DecisionLog(log_url).close()  # created first, so the writers race on appending, not on creating
    writers = [spawn(log_url, 30) for _ in range(8)]
    acked: list[int] = []
    for w in writers:
        out, err = w.communicate(timeout=300)
        assert w.returncode == 0, err[-2000:]
        acked += [int(x) for line in out.splitlines()[1:] for x in line.split()]
    assert sorted(acked) == list(range(1, 241)), "every acknowledged number once: none lost, none twice"
    with DecisionLog(log_url, create=False) as log:
        entries = log.entries()
        assert [e.id for e in entries] == list(range(1, 241))
        assert len({e.operation_id for e in entries}) == 240
        v = log.verify()
        assert v.ok, v.problems


def test_concurrent_creation_of_a_new_log(log_url: str) -> None:
    writers = [spawn(log_url, 3) for _ in range(4)]
    for w in writers:
        _out, err = w.communicate(timeout=300)
        assert w.returncode == 0, err[-2000:]
    with DecisionLog(log_url, create=False) as log:
        assert len(log) == 12 and log.verify().ok


@pytest.mark.parametrize("batch", [1, 25])
def test_a_killed_writer_loses_at_most_what_was_in_flight(log_url: str, batch: int) -> None:
    rounds = 3
    rng = random.Random(batch)
    acked: list[int] = []
    for _ in range(rounds):
        w = spawn(log_url, 0, batch)
        assert w.stdout is not None
        assert w.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + rng.uniform(0.3, 1.2)
        while time.monotonic() < deadline:
            line = w.stdout.readline()
            if not line:
                break
            acked += [int(x) for x in line.split()]
        os.kill(w.pid, signal.SIGKILL)
        # the rest through the same buffered reader: communicate() reads the pipe itself and would
        # miss the lines the reader has already taken from the pipe but not yet returned
        rest = w.stdout.read()
        w.communicate(timeout=60)
        acked += [int(x) for x in rest.split()]
        assert w.returncode == -signal.SIGKILL
    assert acked, "the writer wrote before it was killed"
    with DecisionLog(log_url, create=False) as log:
        v = log.verify()
        assert v.ok, v.problems
        present = {e.id for e in log.entries()}
        assert set(acked) <= present, "an acknowledged entry was lost"
        assert len(present) - len(acked) <= rounds * batch, "only what was in flight at each kill may be extra (committed, not yet printed)"
        if batch > 1:
            assert len(present) % batch == 0, "a batch is appended whole or not at all"
        if log.store.dialect == "sqlite":
            assert sqlite3.connect(log_url).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


class _Locked:
    """A connection whose journal-mode switch finds the file locked ``times`` times (what SQLite
    answers at once, without waiting, where waiting could deadlock), then succeeds."""

    def __init__(self, times: int, message: str = "database is locked") -> None:
        self.times, self.message, self.calls = times, message, 0

    def execute(self, sql: str) -> None:
        self.calls += 1
        if self.calls <= self.times:
            raise sqlite3.OperationalError(self.message)


def test_the_switch_to_wal_is_tried_again_while_another_process_holds_the_file() -> None:
    from regelruimte.decisions.sqlite_store import to_wal

    conn = _Locked(3)
    to_wal(conn, seconds=5)  # type: ignore[arg-type]
    assert conn.calls == 4
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        to_wal(_Locked(10**6), seconds=0.05)  # type: ignore[arg-type]  # bounded: the lock is never released
    other = _Locked(1, "disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk"):
        to_wal(other, seconds=5)  # type: ignore[arg-type]
    assert other.calls == 1  # another error is not tried again
