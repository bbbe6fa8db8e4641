# SPDX-License-Identifier: EUPL-1.2
"""The log in a SQLite file: the standard library's ``sqlite3``, nothing to install.

Write-ahead logging (``journal_mode=WAL``) with ``synchronous=FULL``: a committed entry survives a
killed process and a power cut, and readers never block the writer. The write lock is taken at
the start of an append (``BEGIN IMMEDIATE``), so concurrent writers queue (``busy_timeout``)
instead of failing halfway. Each thread gets its own connection.

Opened only to read (``read_only``), the file is opened with SQLite's read-only URI
(``file:...?mode=ro``) and ``PRAGMA query_only``: no journal mode is set and nothing is migrated,
so verifying an archived copy leaves its bytes as they were. A log already in WAL mode is read as
SQLite reads any WAL database: when its ``-wal``/``-shm`` files are absent and the folder is
writable, SQLite makes them (an empty ``-wal``, a ``-shm`` index; they stay after closing, and the
log's own bytes stay the same); when they are absent and the folder is not writable, the open fails
with SQLite's reason ("unable to open database file"). A schema-1 log is never in WAL mode.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

from ._internal import DecisionLogError
from .store import Cursor, Store

BUSY_SECONDS = 60
"""How long opening and writing wait for another process's lock (``busy_timeout``)."""


def to_wal(conn: sqlite3.Connection, seconds: float = BUSY_SECONDS) -> None:
    """Put the log in write-ahead logging mode. The switch needs the file to itself, and where
    waiting for it could deadlock (two processes creating the same new log, each holding a shared
    lock while it switches) SQLite answers "database is locked" at once instead of waiting for
    ``busy_timeout``: so the switch is tried again, a few milliseconds apart, for up to ``seconds``.
    Seen on a 2-core machine with four processes creating one log (tests/decisions/test_concurrency.py)."""
    deadline = time.monotonic() + seconds
    pause = 0.002
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


_TRIGGERS = [
    f"CREATE TRIGGER rr_{table}_no_{op.lower()} BEFORE {op} ON rr_{table} BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END"
    
    for table in ("entries", "entry_rules", "documents", "policy_files") for op in ("UPDATE", "DELETE")
]
_BASE_TRIGGERS = [
    f"CREATE TRIGGER rr_bases_no_{op.lower()} BEFORE {op} ON rr_bases BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END"
    for op in ("UPDATE", "DELETE")
]


class SqliteStore(Store):
    dialect = "sqlite"
    types = {"int": "INTEGER", "blob": "BLOB"}

    def __init__(self, path: str, *, create: bool = True, read_only: bool = False) -> None:
        self.memory = path == ":memory:"
        self.read_only = read_only and not self.memory
        if self.memory:  # shared between this log's threads, gone when the log is closed
            self.target, self.uri = f"file:rr-{uuid.uuid4().hex}?mode=memory&cache=shared", True
        else:
            p = Path(path)
            if (read_only or not create) and not p.is_file():
                raise DecisionLogError("log-missing", path=path)
            if create and not read_only and not p.parent.is_dir():
                raise DecisionLogError("log-no-folder", path=path)
            if self.read_only:
                self.target, self.uri = f"file:{urllib.parse.quote(str(p.resolve()))}?mode=ro", True
            else:
                self.target, self.uri = str(p), False
        self.where = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._keep = self._connect() if self.memory else None  # an in-memory database lives while a connection does
        if self.read_only:
            try:
                self.check_schema()
            except sqlite3.DatabaseError as exc:  # e.g. a WAL log without its side files in a folder not writable
                self.close()
                raise DecisionLogError("log-cannot-open", path=self.where, reason=f"{exc.__class__.__name__}: {exc}") from None
        else:
            self.migrate(create)

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.target, uri=self.uri, isolation_level=None, timeout=BUSY_SECONDS, check_same_thread=False)
            if self.read_only:
                conn.execute("PRAGMA query_only=ON")
            elif not self.memory:
                to_wal(conn)
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
        except sqlite3.DatabaseError as exc:
            raise DecisionLogError("log-cannot-open", path=self.where, reason=f"{exc.__class__.__name__}: {exc}") from None
        with self._lock:
            self._all.append(conn)
        return conn

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    @contextlib.contextmanager
    def _transaction(self, begin: str) -> Iterator[Cursor]:
        conn = self._conn()
        raw = conn.cursor()
        try:
            raw.execute(begin)
        except sqlite3.DatabaseError as exc:
            raise DecisionLogError("log-unreadable", path=self.where, reason=str(exc)) from None
        try:
            yield Cursor(raw, "qmark")
        except BaseException:
            if conn.in_transaction:
                raw.execute("ROLLBACK")
            raise
        else:
            raw.execute("COMMIT")
        finally:
            raw.close()

    def write(self) -> contextlib.AbstractContextManager[Cursor]:
        return self._transaction("BEGIN IMMEDIATE")

    def read(self) -> contextlib.AbstractContextManager[Cursor]:
        return self._transaction("BEGIN")

    def _table_exists(self, cur: Cursor, name: str) -> bool:
        return cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None

    def _after_migration(self, cur: Cursor, step: int) -> None:
        for statement in _TRIGGERS if step == 1 else _BASE_TRIGGERS if step == 3 else []:
            cur.execute(statement)

    def integrity(self) -> str:
        """SQLite's own check of the file (``ok`` when sound)."""
        row = self._conn().execute("PRAGMA integrity_check").fetchone()
        return str(row[0])

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._all.clear()
        self._local = threading.local()
