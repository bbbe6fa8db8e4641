# SPDX-License-Identifier: EUPL-1.2
"""``rr.DecisionLog(url)``: the municipality's memory of what it decided, and why.

``record(assessment, decision=..., role=..., reason=...)`` appends one entry; ``with log.batch() as
b: b.record(...)`` appends many in one transaction. There is no method to change or delete an
entry: a correction is a new entry that names the one it corrects (``corrects=``), and both stay.
Each entry carries the hash of the one before, so ``verify()`` finds an entry changed behind the
log's back. ``replay`` reproduces a decision on the stored policy bytes; ``friction`` reports where
rules chafe.

``rr.assess(policy, case, log=log)`` records the assessment itself, as an entry of kind
``assessed`` with role ``regelruimte``: the processing, which the Logboek Dataverwerkingen asks to
log, not a decision. The decision is a person's, taken after reading the assessment (follow the
letter, use a provision, signal), with a reason only that person can give: ``log.record(...)``.
Without ``log``, ``assess`` stays a pure function of policy and case (no I/O, no clock).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regelruimte as rr

from . import document, policy_files
from ._internal import DecisionLogError, policy_sha256
from .bases import Bases
from .document import orjson
from .lean import restore
from .model import ASSESSED_ROLE, GENESIS, Entry, built_entry, canonical
from .postgres_store import PostgresStore, is_postgres
from .prepare import ASSESSED_REASON, Pending, prepare
from .sqlite_store import SqliteStore
from .store import ENTRY_COLUMNS, RULE_COLUMNS, Store, entry_from, row_of

if TYPE_CHECKING:
    from .friction import Friction
    from .replay import Replay
    from .verify import Verification



def _open(url: str, create: bool, read_only: bool) -> Store:
    if is_postgres(url):
        return PostgresStore(url, create=create, read_only=read_only)
    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://")
        if path in ("", "/", "/:memory:"):
            return SqliteStore(":memory:", create=create)
        return SqliteStore(path[1:] if path.startswith("/") else path, create=create, read_only=read_only)
    if "://" in url:
        raise DecisionLogError("log-database", scheme=url.split("://")[0])
    return SqliteStore(url, create=create, read_only=read_only)


class DecisionLog:
    """An append-only log of decisions in SQLite (a file, the default) or PostgreSQL.

    Args:
        url: A file path or ``sqlite:///besluiten.db`` (``sqlite://`` alone: in memory), or
            ``postgresql://user@host/db`` (needs the ``postgres`` extra).
        create: Create the log when it does not exist (``False``: a missing log is an error).
        processing_activity: The URI of this processing in the municipality's register of
            processing activities (the Logboek Dataverwerkingen's ``dpl.core.processing_activity_id``).
        read_only: Open an existing log only to read it (verify, list, replay, friction): a SQLite
            file is opened read-only, not migrated to this library's schema and not switched to
            WAL, so its bytes stay as they were; recording raises :class:`DecisionLogError`. A log
            newer than this library is still refused. A PostgreSQL log is not migrated either, and
            every transaction on it is read-only.

    Example:
        >>> log = rr.DecisionLog("besluiten.db")  # doctest: +SKIP
        >>> log.record(a, decision="use_provision", provision="hardheidsclausule", role="teamleider",
        ...            reason="De letter treft iemand die het doel van de regeling juist wil helpen.")  # doctest: +SKIP
    """

    def __init__(self, url: str | os.PathLike[str] = "besluiten.db", *, create: bool = True, processing_activity: str | None = None,
                 read_only: bool = False) -> None:
        self.url = os.fspath(url)
        self.store = _open(self.url, create, read_only)
        self.processing_activity = processing_activity
        self._stored_bundles: set[str] = set()
        self._policies: dict[str, rr.Policy] = {}
        self._lock = threading.Lock()
        self._bases = Bases(self.store)

    # -- writing -------------------------------------------------------------------------------
    def record(self, assessment: rr.Assessment, *, decision: str, role: str, reason: str, provision: str | None = None,
               corrects: int | None = None, decision_date: date | None = None, trace_id: str | None = None,
               processing_activity: str | None = None) -> Entry:
        """Append one decision and return its entry (committed when this returns).

        Args:
            assessment: What :func:`regelruimte.assess` returned for the case.
            decision: ``follow_letter``, ``use_provision`` (with ``provision``) or ``signal``.
            role: Who decided, as a role (``consulent``, ``teamleider``, ``college``, ...), never a name.
            reason: The reason in words (Awb 3:46), without case values: one that holds a value of
                the case or a BSN-like number is refused.
            provision: For ``use_provision``: the id of the discretion provision used.
            corrects: The number of an earlier entry this one corrects (that entry stays).
            decision_date: The day the decision was taken (default today).
            trace_id: 32 hex digits tying this entry to the other log lines of the same processing.

        Raises:
            DecisionLogError: a bad decision, role, reason or provision; an assessment not made by
                ``rr.assess``; a policy file changed since it was loaded.
        """
        _refuse_assessed(decision)
        pending = self._prepare(assessment, decision=decision, role=role, reason=reason, provision=provision, corrects=corrects,
                                decision_date=decision_date, trace_id=trace_id, processing_activity=processing_activity)
        return self._append([pending])[0]

    def record_assessment(self, assessment: rr.Assessment, *, trace_id: str | None = None,
                          processing_activity: str | None = None) -> Entry:
        """Append that regelruimte assessed a case (kind ``assessed``, role ``regelruimte``): what
        ``rr.assess(policy, case, log=log)`` calls. Not a decision: the friction report leaves these
        entries out, and the decision taken later is recorded with :meth:`record` (same subject, so
        ``entries(subject=...)`` shows both). Values are left out as in every entry.

        Raises:
            DecisionLogError: the case has no id or no pseudonym key; a policy file changed since it
                was loaded.
        """
        pending = self._prepare(assessment, decision="assessed", role=ASSESSED_ROLE, reason=ASSESSED_REASON, provision=None, corrects=None,
                                decision_date=None, trace_id=trace_id, processing_activity=processing_activity)
        return self._append([pending])[0]

    @contextlib.contextmanager
    def batch(self) -> Iterator[Batch]:
        """Record many decisions in one transaction: all are appended when the block ends, or none
        (an error or a crash inside the block appends nothing)."""
        b = Batch(self)
        yield b
        b.entries = self._append(b.pending) if b.pending else []

    def _prepare(self, assessment: rr.Assessment, known: set[str] | None = None, **kwargs: Any) -> Pending:
        if kwargs.get("processing_activity") is None:
            kwargs["processing_activity"] = self.processing_activity
        corrects = kwargs.get("corrects")
        pending = prepare(assessment, **kwargs, bases=self._bases if self.store.schema_version >= 3 else None,
                          lean=self.store.schema_version >= 4)
        if corrects is not None:
            earlier = self.entry(corrects)
            if earlier.subject != pending.fields["subject"] or earlier.policy_id != pending.fields["policy_id"]:
                raise DecisionLogError("log-correction-other-case", entry=corrects)
        sha = policy_sha256(pending.policy)
        if sha not in self._stored_bundles and (known is None or sha not in known):
            pending.files = policy_files.bundle(pending.policy)
            if known is not None:
                known.add(sha)  # this item carries the files for the rest of its batch
        return pending

    def _append(self, pending: list[Pending]) -> list[Entry]:
        files = []
        shas = set()
        for p in pending:
            if p.files and p.policy.sha256 not in shas:
                shas.add(p.policy.sha256)
                files += [(p.policy.sha256, pos, path, content) for pos, (path, content) in enumerate(p.files)]
        documents = list({p.document[0]: p.document for p in pending}.values())
        bases = list({p.base[0]: p.base for p in pending if p.base is not None}.values())

        def build(first: int, prev: str) -> tuple[list[Entry], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
            now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            entries, entry_rows, rows = [], [], []
            for i, p in enumerate(pending):
                data = {**p.fields, "id": first + i, "recorded_at": now, "prev_hash": prev}
                digest = hashlib.sha256(canonical(data)).hexdigest()
                data["hash"] = digest
                entries.append(built_entry(data, p.rules))
                entry_rows.append(row_of(data))
                rows += [(data["id"], pos, r.rule, int(r.failed), int(r.blocking), int(r.set_aside), r.no_room, r.relative_bp, r.unit,
                          data["policy_id"], data["decision_date"], data["decision"], data["role"]) for pos, r in enumerate(p.rules)]
                prev = digest
            return entries, entry_rows, rows

        entries = self.store.append(build, documents, files, bases)
        self._stored_bundles |= shas
        self._bases.confirm({b[0] for b in bases})
        return entries

    # -- reading -------------------------------------------------------------------------------
    def entry(self, number: int) -> Entry:
        """The entry with this number. Raises :class:`DecisionLogError` when there is none."""
        found = self.entries(first=number, last=number)
        if not found:
            raise DecisionLogError("log-no-entry", entry=number)
        return found[0]

    def entries(self, *, policy: str | None = None, subject: str | None = None, since: date | None = None, until: date | None = None,
                first: int | None = None, last: int | None = None, limit: int | None = None) -> list[Entry]:
        """Entries in order, filtered by policy id, case pseudonym (``subject``), decision date
        (``since`` inclusive, ``until`` exclusive) or number range."""
        where, params = ["1 = 1"], []
        for clause, value in (("policy_id = ?", policy), ("subject = ?", subject), ("decision_date >= ?", since and since.isoformat()),
                              ("decision_date < ?", until and until.isoformat()), ("id >= ?", first), ("id <= ?", last)):
            if value is not None:
                where.append(clause)
                params.append(value)
        sql = f"SELECT {', '.join(ENTRY_COLUMNS)} FROM rr_entries WHERE {' AND '.join(where)} ORDER BY id" + (f" LIMIT {int(limit)}" if limit else "")
        with self.store.read() as cur:
            rows = cur.execute(sql, params).fetchall()
            if not rows:
                return []
            rules = cur.execute(f"SELECT {', '.join(RULE_COLUMNS)} FROM rr_entry_rules WHERE entry_id >= ? AND entry_id <= ? ORDER BY entry_id, pos",
                                (rows[0][0], rows[-1][0])).fetchall()
        by_entry: dict[int, list[Any]] = {}
        for r in rules:
            by_entry.setdefault(int(r[0]), []).append(r)
        return [entry_from(row, by_entry.get(int(row[0]), [])) for row in rows]

    def __len__(self) -> int:
        with self.store.read() as cur:
            return self.store.head(cur)[0]

    def assessment(self, entry: Entry | int) -> dict[str, Any]:
        """The stored assessment of an entry: its canonical JSON without case values, parsed."""
        doc: dict[str, Any] = json.loads(self.document_text(entry))
        return doc

    def document_text(self, entry: Entry | int) -> str:
        """The stored assessment of an entry as its canonical JSON text (in the format it was
        stored in: :mod:`regelruimte.decisions.document`; a lean document of format 4 with the
        texts of its policy version put back, as format 2 would have stored it)."""
        return self._document(entry, whole=True)[1].decode("utf-8")

    def stored_document(self, entry: Entry | int) -> tuple[int, bytes]:
        """The format and the uncompressed bytes of an entry's stored assessment (of format 4: the
        lean document, whose SHA-256 the entry holds)."""
        return self._document(entry, whole=False)

    def _document(self, entry: Entry | int, whole: bool) -> tuple[int, bytes]:
        e = entry if isinstance(entry, Entry) else self.entry(entry)
        rows = self.store.rows(f"SELECT {self.store.format_column}, {self.store.base_column}, body FROM rr_documents WHERE sha256 = ?",
                               (e.assessment_sha256,))
        if not rows:
            raise DecisionLogError("log-assessment-missing", entry=e.id)
        fmt = int(rows[0][0])
        base = self._bases.get(str(rows[0][1])) if rows[0][1] is not None else None
        try:
            raw = document.decompress(bytes(rows[0][2]), fmt, base)
            if whole and fmt == document.LEAN and base is not None:
                doc = orjson.loads(raw)
                restore(doc, base.constants, document.places_of_lean())
                raw = orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
            return fmt, raw
        except (ValueError, KeyError, TypeError, AttributeError):  # damaged, or a base without the constants it should hold
            raise DecisionLogError("log-assessment-damaged", entry=e.id) from None

    def policy(self, sha256: str) -> rr.Policy:
        """The policy version with this hash, loaded from the bytes the log kept."""
        with self._lock:
            if sha256 in self._policies:
                return self._policies[sha256]
        rows = self.store.rows("SELECT path, content FROM rr_policy_files WHERE bundle_sha256 = ? ORDER BY pos", (sha256,))
        if not rows:
            raise DecisionLogError("log-no-policy", hash=sha256[:12])
        files = [(str(r[0]), bytes(r[1])) for r in rows]
        if policy_files.digest(files) != sha256:
            raise DecisionLogError("log-policy-hash", hash=sha256[:12])
        policy = policy_files.load(files)
        with self._lock:
            self._policies[sha256] = policy
        return policy

    # -- checking ------------------------------------------------------------------------------
    def verify(self) -> Verification:
        """Check the chain (numbering, links, hashes), every stored assessment and policy file."""
        from .verify import verify

        return verify(self.store)

    def replay(self, entry: Entry | int, case: rr.Case | dict[str, Any] | None = None, *, policy_file: str | Path | None = None,
               key: bytes | str | None = None) -> Replay:
        """Reproduce a decision's assessment on the stored policy version: with the municipality's
        case file (its ``id`` must give the entry's pseudonym with ``key`` or
        ``$REGELRUIMTE_PSEUDONYM_KEY``), say whether the canonical JSON is byte-identical; without,
        check the entry and show what was stored. ``policy_file``: the policy file as it is now,
        named in the result when it changed since."""
        from .replay import replay

        return replay(self, entry, case, policy_file=policy_file, key=key)

    def friction(self, *, since: date | None = None, until: date | None = None, policy: str | None = None, series: int = 5, near: str = "0.05") -> Friction:
        """The rule-friction report over a period (decision dates ``since`` inclusive, ``until``
        exclusive), optionally for one regulation; ``series``: from how many cases a pattern is a
        series; ``near``: how close to a limit counts as just over it (a fraction)."""
        from .friction import friction

        return friction(self, since=since, until=until, policy=policy, series=series, near=near)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> DecisionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<DecisionLog {self.store.dialect} {self.store.where}>"


def _refuse_assessed(decision: str) -> None:
    if decision == "assessed":
        raise DecisionLogError("log-assessed-not-decision")


class Batch:
    """Decisions waiting to be appended together (see :meth:`DecisionLog.batch`)."""

    def __init__(self, log: DecisionLog) -> None:
        self.log = log
        self.pending: list[Pending] = []
        self.entries: list[Entry] = []
        """The appended entries, once the ``with`` block has ended."""
        self._carried: set[str] = set()

    def record(self, assessment: rr.Assessment, *, decision: str, role: str, reason: str, provision: str | None = None,
               corrects: int | None = None, decision_date: date | None = None, trace_id: str | None = None,
               processing_activity: str | None = None) -> None:
        """Check and queue one decision (see :meth:`DecisionLog.record`)."""
        _refuse_assessed(decision)
        self.pending.append(self.log._prepare(assessment, self._carried, decision=decision, role=role, reason=reason, provision=provision,
                                              corrects=corrects, decision_date=decision_date, trace_id=trace_id, processing_activity=processing_activity))


    def record_assessment(self, assessment: rr.Assessment, *, trace_id: str | None = None, processing_activity: str | None = None) -> None:
        """Queue that regelruimte assessed a case (see :meth:`DecisionLog.record_assessment`)."""
        self.pending.append(self.log._prepare(assessment, self._carried, decision="assessed", role=ASSESSED_ROLE, reason=ASSESSED_REASON,
                                              provision=None, corrects=None, decision_date=None, trace_id=trace_id,
                                              processing_activity=processing_activity))


__all__ = ["GENESIS", "Batch", "DecisionLog"]
