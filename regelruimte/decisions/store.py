# SPDX-License-Identifier: EUPL-1.2
"""Where the log lives: one SQL schema, two databases (SQLite and PostgreSQL).

The schema is small and written once, with the few words the two dialects spell differently filled
in per database. Every value is stored as text or a whole number, never as a float, a database
date or JSONB: the entry's hash covers its exact text, and JSONB would reorder the keys of the
stored JSON. The schema has a version (``rr_meta``); a newer regelruimte adds steps to
``MIGRATIONS`` and applies them on open, inside one transaction.

Appending is the one write. It runs in a transaction that first takes the log's write lock, reads
the chain head, numbers and chains the new entries, inserts them and moves the head: so ids are
1, 2, 3, ... without gaps, and two writers can never chain onto the same head. SQLite takes the
lock with ``BEGIN IMMEDIATE``; PostgreSQL with ``SELECT ... FOR UPDATE`` on the head row. A crash
before the commit leaves the log as it was (SQLite's write-ahead log, PostgreSQL's transactions).
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import Any

from ._internal import DecisionLogError
from .model import GENESIS, Entry, compact_json

SCHEMA_VERSION = 4

_V1 = [
    "CREATE TABLE rr_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE rr_head (one INTEGER PRIMARY KEY CHECK (one = 1), seq {int} NOT NULL, hash TEXT NOT NULL)",
    # the stored assessments, content-addressed: compressed canonical JSON without case values
    "CREATE TABLE rr_documents (sha256 TEXT PRIMARY KEY, body {blob} NOT NULL)",
    # the exact bytes of every policy version decided on (the policy file, then its norm files)
    "CREATE TABLE rr_policy_files (bundle_sha256 TEXT NOT NULL, pos INTEGER NOT NULL, path TEXT NOT NULL, content {blob} NOT NULL, PRIMARY KEY (bundle_sha256, pos))",
    """CREATE TABLE rr_entries (
        id {int} PRIMARY KEY, recorded_at TEXT NOT NULL, decision_date TEXT NOT NULL, trace_id TEXT NOT NULL,
        operation_id TEXT NOT NULL, processing_activity TEXT, subject TEXT NOT NULL, policy_id TEXT NOT NULL,
        policy_version TEXT NOT NULL, policy_sha256 TEXT NOT NULL, library_version TEXT NOT NULL, reference_date TEXT NOT NULL,
        letter TEXT NOT NULL, intent TEXT NOT NULL, tension TEXT NOT NULL, room TEXT NOT NULL, adverse INTEGER NOT NULL,
        decision TEXT NOT NULL, provision TEXT, role TEXT NOT NULL, reason TEXT NOT NULL, legal_basis TEXT NOT NULL,
        purposes TEXT NOT NULL, corrects {int} REFERENCES rr_entries (id), facts TEXT NOT NULL,
        assessment_sha256 TEXT NOT NULL REFERENCES rr_documents (sha256), prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE)""",
    # the friction report reads only this index (it covers every column the report groups by, and
    # SQLite keeps the id in it): a scan in index order, no table lookups, no sort
    "CREATE INDEX rr_entries_friction ON rr_entries (policy_id, policy_sha256, policy_version, tension, decision, role, decision_date)",
    "CREATE INDEX rr_entries_subject ON rr_entries (subject)",
    "CREATE INDEX rr_entries_corrects ON rr_entries (corrects) WHERE corrects IS NOT NULL",
    # one row per rule that failed or stood in the way; the entry's own fields the friction report
    # groups by are repeated here so the report reads one table (the entry's hash covers them)
    """CREATE TABLE rr_entry_rules (
        entry_id {int} NOT NULL REFERENCES rr_entries (id), pos INTEGER NOT NULL, rule TEXT NOT NULL, failed INTEGER NOT NULL,
        blocking INTEGER NOT NULL, set_aside INTEGER NOT NULL, no_room TEXT, relative_bp {int}, unit TEXT,
        policy_id TEXT NOT NULL, decision_date TEXT NOT NULL, decision TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (entry_id, pos))""",
    "CREATE INDEX rr_entry_rules_friction ON rr_entry_rules (policy_id, rule, failed, blocking, set_aside, no_room, decision, role, relative_bp, decision_date, entry_id)",
]
_V2 = [
    # the format of each stored assessment (regelruimte.decisions.document): 1 for those written
    # before this column, 2 (orjson and Zstandard) for new ones; the log reads both
    "ALTER TABLE rr_documents ADD COLUMN format INTEGER NOT NULL DEFAULT 1",
]
_V3 = [
    # the bases of format 3 (regelruimte.decisions.document): per policy version, the uncompressed
    # bytes of one of its stored assessments (Zstandard, no dictionary), the dictionary the other
    # documents of that version are compressed with; each document of format 3 names its base
    "CREATE TABLE rr_bases (sha256 TEXT PRIMARY KEY, policy_sha256 TEXT NOT NULL, body {blob} NOT NULL)",
    "CREATE INDEX rr_bases_policy ON rr_bases (policy_sha256)",
    "ALTER TABLE rr_documents ADD COLUMN base TEXT REFERENCES rr_bases (sha256)",
]
_V4 = [
    # format 4 (regelruimte.decisions.lean): a base of format 4 holds the texts its policy version
    # fixes and a lean document; documents of format 3 keep bases of format 3
    "ALTER TABLE rr_bases ADD COLUMN format INTEGER NOT NULL DEFAULT 3",
]
MIGRATIONS: dict[int, list[str]] = {1: _V1, 2: _V2, 3: _V3, 4: _V4}
"""Schema version -> the statements that bring the previous version to it."""

ENTRY_COLUMNS = ("id", "recorded_at", "decision_date", "trace_id", "operation_id", "processing_activity", "subject", "policy_id",
                 "policy_version", "policy_sha256", "library_version", "reference_date", "letter", "intent", "tension", "room",
                 "adverse", "decision", "provision", "role", "reason", "legal_basis", "purposes", "corrects", "facts",
                 "assessment_sha256", "prev_hash", "hash")
RULE_COLUMNS = ("entry_id", "pos", "rule", "failed", "blocking", "set_aside", "no_room", "relative_bp", "unit",
                "policy_id", "decision_date", "decision", "role")


class Cursor:
    """A database cursor that takes ``?`` placeholders on either database."""

    def __init__(self, raw: Any, paramstyle: str) -> None:
        self.raw = raw
        self.pyformat = paramstyle == "pyformat"

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.pyformat else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        self.raw.execute(self._sql(sql), tuple(params))
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.raw.executemany(self._sql(sql), rows)

    def fetchone(self) -> Any:
        return self.raw.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self.raw.fetchall())

    def fetchmany(self, size: int) -> list[Any]:
        return list(self.raw.fetchmany(size))


class Store(ABC):
    """One database holding one decision log."""

    dialect: str
    types: dict[str, str]
    where: str
    """Where the log is, for messages (never a password)."""
    read_only = False
    """Opened only to read: no migration, no write (``open_to_read``)."""
    schema_version = SCHEMA_VERSION
    """The schema of the log as it is in the database (older when opened read-only, not migrated)."""

    @property
    def format_column(self) -> str:
        """The SQL that reads ``rr_documents.format``: a schema-1 log has no such column, and all
        its documents are format 1."""
        return "format" if self.schema_version >= 2 else "1 AS format"

    @property
    def base_column(self) -> str:
        """The SQL that reads ``rr_documents.base`` (a log before schema 3 has no bases)."""
        return "base" if self.schema_version >= 3 else "NULL AS base"

    def base(self, sha256: str) -> tuple[str, bytes] | None:
        """The policy hash and compressed bytes of a base of format 3 (None: no such base)."""
        if self.schema_version < 3:
            return None
        rows = self.rows("SELECT policy_sha256, body FROM rr_bases WHERE sha256 = ?", (sha256,))
        return (str(rows[0][0]), bytes(rows[0][1])) if rows else None

    def base_of_policy(self, policy_sha256: str, fmt: int = 3) -> tuple[str, bytes] | None:
        """The hash and compressed bytes of a base of format ``fmt`` stored for a policy version
        (None: none yet); of format 4, the largest (the one with the most constants, likely)."""
        if self.schema_version < 3 or fmt == 4 and self.schema_version < 4:
            return None
        if self.schema_version < 4:
            rows = self.rows("SELECT sha256, body FROM rr_bases WHERE policy_sha256 = ? ORDER BY sha256 LIMIT 1", (policy_sha256,))
        else:
            rows = self.rows("SELECT sha256, body FROM rr_bases WHERE policy_sha256 = ? AND format = ? ORDER BY LENGTH(body) DESC, sha256 LIMIT 1",
                             (policy_sha256, fmt))
        return (str(rows[0][0]), bytes(rows[0][1])) if rows else None

    @abstractmethod
    def write(self) -> contextlib.AbstractContextManager[Cursor]:
        """A transaction holding the log's write lock (serialises every appender)."""

    @abstractmethod
    def read(self) -> contextlib.AbstractContextManager[Cursor]:
        """A transaction that sees one consistent state of the log."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _table_exists(self, cur: Cursor, name: str) -> bool: ...

    def _lock_for_migration(self, cur: Cursor) -> None:  # noqa: B027 - SQLite's write transaction is the lock already
        """Serialise two processes that open a new log at once."""

    # -- schema ----------------------------------------------------------------------------------
    def check_schema(self) -> None:
        """For a log opened only to read: its schema version, without changing anything. A log
        that is not ours or is newer than this library is refused, as by :meth:`migrate`."""
        with self.read() as cur:
            if not self._table_exists(cur, "rr_meta"):
                raise DecisionLogError("log-not-ours", path=self.where)
            row = cur.execute("SELECT value FROM rr_meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0])
        if version > SCHEMA_VERSION:
            raise DecisionLogError("log-newer", path=self.where, version=version, ours=SCHEMA_VERSION)
        self.schema_version = version

    def migrate(self, create: bool) -> None:
        with self.write() as cur:
            self._lock_for_migration(cur)
            if not self._table_exists(cur, "rr_meta"):
                if not create:
                    raise DecisionLogError("log-not-ours", path=self.where)
                version = 0
            else:
                row = cur.execute("SELECT value FROM rr_meta WHERE key = 'schema_version'").fetchone()
                version = int(row[0])
            if version > SCHEMA_VERSION:
                raise DecisionLogError("log-newer", path=self.where, version=version, ours=SCHEMA_VERSION)
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step]:
                    cur.execute(statement.format(**self.types))
                self._after_migration(cur, step)
                if step == 1:
                    cur.execute("INSERT INTO rr_head (one, seq, hash) VALUES (1, 0, ?)", (GENESIS,))
                    cur.execute("INSERT INTO rr_meta (key, value) VALUES ('schema_version', ?)", (str(step),))
                else:
                    cur.execute("UPDATE rr_meta SET value = ? WHERE key = 'schema_version'", (str(step),))
        self.schema_version = SCHEMA_VERSION

    def _after_migration(self, cur: Cursor, step: int) -> None:  # noqa: B027 - optional per database
        """Database-specific statements after a schema step (the append-only triggers)."""

    # -- the one write ---------------------------------------------------------------------------
    def append(self, build: Any, documents: list[tuple[str, int, bytes, str | None]], files: list[tuple[str, int, str, bytes]],
               bases: Sequence[tuple[str, str, bytes, int]] = ()) -> list[Entry]:
        """In one locked transaction: ``build(next_id, prev_hash)`` numbers and chains the entries
        and gives them with their rows (``entry_row``) and rule rows, which are inserted with their
        documents (SHA-256, format, body, base), the bases they need (SHA-256, policy hash, body, format)
        and policy files; the head moves to the last."""
        if self.read_only:
            raise DecisionLogError("log-read-only", path=self.where)
        with self.write() as cur:
            seq, head = self.head(cur, lock=True)
            entries, entry_rows, rows = build(seq + 1, head)
            if not entries:
                return []
            if self.schema_version >= 4:
                cur.executemany("INSERT INTO rr_bases (sha256, policy_sha256, body, format) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", bases)
            elif self.schema_version == 3:  # a log kept at schema 3 (tests of the migrations): bases of format 3 only
                cur.executemany("INSERT INTO rr_bases (sha256, policy_sha256, body) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [b[:3] for b in bases])
            if self.schema_version >= 3:
                cur.executemany("INSERT INTO rr_documents (sha256, format, body, base) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", documents)
            else:  # a log kept at an older schema (tests of the migrations): no bases
                cur.executemany("INSERT INTO rr_documents (sha256, format, body) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [d[:3] for d in documents])
            cur.executemany("INSERT INTO rr_policy_files (bundle_sha256, pos, path, content) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", files)
            cur.executemany(_INSERT_ENTRY, entry_rows)
            cur.executemany(_INSERT_RULE, rows)
            cur.execute("UPDATE rr_head SET seq = ?, hash = ? WHERE one = 1", (entries[-1].id, entries[-1].hash))
        return list(entries)

    def head(self, cur: Cursor, lock: bool = False) -> tuple[int, str]:
        row = cur.execute("SELECT seq, hash FROM rr_head WHERE one = 1" + (self.lock_clause if lock else "")).fetchone()
        return int(row[0]), str(row[1])

    lock_clause = ""

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self.read() as cur:
            return cur.execute(sql, params).fetchall()

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 2000) -> Iterator[list[Any]]:
        """Rows in batches, all from one consistent state of the log."""
        with self.read() as cur:
            cur.execute(sql, params)
            while batch := cur.fetchmany(size):
                yield batch


_INSERT_ENTRY = f"INSERT INTO rr_entries ({', '.join(ENTRY_COLUMNS)}) VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})"
_INSERT_RULE = f"INSERT INTO rr_entry_rules ({', '.join(RULE_COLUMNS)}) VALUES ({', '.join('?' * len(RULE_COLUMNS))})"
_JSON_COLUMNS = frozenset(("legal_basis", "purposes", "facts"))


def entry_row(e: Entry) -> tuple[Any, ...]:
    """The row of an entry in ``rr_entries``."""
    return row_of(e.model_dump(mode="json"))


def row_of(data: dict[str, Any]) -> tuple[Any, ...]:
    """The row of ``rr_entries`` for an entry's fields as its hash covers them (JSON values):
    ``adverse`` as 0 or 1, the lists and the loggable facts as compact JSON."""
    row = [data[c] for c in ENTRY_COLUMNS]
    for i in _JSON_POSITIONS:
        row[i] = compact_json(row[i])
    row[_ADVERSE] = int(row[_ADVERSE])
    return tuple(row)


_JSON_POSITIONS = tuple(i for i, c in enumerate(ENTRY_COLUMNS) if c in _JSON_COLUMNS)
_ADVERSE = ENTRY_COLUMNS.index("adverse")


def rule_rows(e: Entry) -> list[tuple[Any, ...]]:
    return [(e.id, pos, r.rule, int(r.failed), int(r.blocking), int(r.set_aside), r.no_room, r.relative_bp, r.unit,
             e.policy_id, e.decision_date.isoformat(), e.decision, e.role) for pos, r in enumerate(e.rules)]


def entry_from(row: Sequence[Any], rules: Sequence[Sequence[Any]]) -> Entry:
    """An entry as stored (rule rows in ``pos`` order): the exact fields its hash was made of."""
    import json

    d = dict(zip(ENTRY_COLUMNS, row))
    d["adverse"] = bool(d["adverse"])
    for key in ("legal_basis", "purposes", "facts"):
        d[key] = json.loads(d[key])
    d["rules"] = [{"rule": r[2], "failed": bool(r[3]), "blocking": bool(r[4]), "set_aside": bool(r[5]), "no_room": r[6],
                   "relative_bp": r[7], "unit": r[8]} for r in rules]
    return Entry.model_validate(d)
