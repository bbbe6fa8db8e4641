# SPDX-License-Identifier: EUPL-1.2
"""The log in PostgreSQL, for a municipality's real deployment: psycopg 3 (the ``postgres`` extra).

Every statement runs in an explicit transaction. An append locks the chain head row
(``SELECT ... FOR UPDATE``) before it reads it, so concurrent writers from any number of processes
or machines queue on that row; opening a new log takes a transaction-level advisory lock so two
processes cannot both create the tables. Reads run at ``REPEATABLE READ``: a verification sees one
state of the log while others keep appending. Each thread gets its own connection. Opened only to
read (``read_only``), the log is not migrated and every transaction is ``READ ONLY``.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from typing import Any

from ._internal import DecisionLogError
from .store import Cursor, Store

_LOCK_KEY = 0x72725F6C6F67  # "rr_log": the advisory lock taken while creating or migrating the schema

_TRIGGER_FUNCTION = """CREATE FUNCTION rr_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the decision log is append-only'; END $$"""


def _redacted(url: str) -> str:
    """The URL without a password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)


class PostgresStore(Store):
    dialect = "postgresql"
    types = {"int": "BIGINT", "blob": "BYTEA"}
    lock_clause = " FOR UPDATE"

    def __init__(self, url: str, *, create: bool = True, read_only: bool = False) -> None:
        try:
            import psycopg
        except ImportError:
            raise DecisionLogError("log-needs-psycopg") from None
        self._psycopg = psycopg
        self.url = url.replace("postgresql+psycopg://", "postgresql://", 1)
        self.where = _redacted(self.url)
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self.read_only = read_only
        if read_only:  # read as it is: no migration, every transaction read-only (the server refuses a write)
            self.check_schema()
        else:
            self.migrate(create)

    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            try:
                conn = self._psycopg.connect(self.url, autocommit=True)
            except self._psycopg.Error as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise DecisionLogError("log-cannot-connect", where=self.where, reason=first) from None
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def _transaction(self, isolation: str | None) -> Iterator[Cursor]:
        conn = self._conn()
        with conn.transaction(), conn.cursor() as raw:
            if isolation:
                raw.execute(f"SET TRANSACTION ISOLATION LEVEL {isolation}" + (" READ ONLY" if self.read_only else ""))
            elif self.read_only:
                raw.execute("SET TRANSACTION READ ONLY")
            yield Cursor(raw, "pyformat")

    def write(self) -> contextlib.AbstractContextManager[Cursor]:
        return self._transaction(None)

    def read(self) -> contextlib.AbstractContextManager[Cursor]:
        return self._transaction("REPEATABLE READ")

    def _table_exists(self, cur: Cursor, name: str) -> bool:
        return bool(cur.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0])

    def _lock_for_migration(self, cur: Cursor) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_KEY,))

    def _after_migration(self, cur: Cursor, step: int) -> None:
        if step == 1:
            cur.execute(_TRIGGER_FUNCTION)
            for table in ("entries", "entry_rules", "documents", "policy_files"):
                cur.execute(f"CREATE TRIGGER rr_{table}_append_only BEFORE UPDATE OR DELETE ON rr_{table} FOR EACH ROW EXECUTE FUNCTION rr_append_only()")
        if step == 3:
            cur.execute("CREATE TRIGGER rr_bases_append_only BEFORE UPDATE OR DELETE ON rr_bases FOR EACH ROW EXECUTE FUNCTION rr_append_only()")

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                with contextlib.suppress(Exception):
                    conn.close()
            self._all.clear()
        self._local = threading.local()


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))
