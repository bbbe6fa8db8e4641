# SPDX-License-Identifier: EUPL-1.2
"""``log verify``: is the log still what was written?

In one consistent read of the log, in chunks: entries are numbered 1, 2, 3, ... without a gap;
each entry's ``prev_hash`` is the hash of the one before; each hash is the SHA-256 of the entry's
canonical body (so a changed decision, reason, role, date or rule row shows); each rule row repeats
its entry's fields; each stored assessment and policy version hashes to its key; the chain head
points at the last entry (so entries cut off at the end show too). The first entry that fails is
named. What a hash chain cannot show on its own: someone who rewrites the whole chain from some
entry on. Against that, note the head hash ``verify`` prints somewhere else (the case system, the
archive) and compare it later.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

from .._messages import Text
from .bases import loaded
from .document import decompress
from .model import GENESIS
from .store import ENTRY_COLUMNS, RULE_COLUMNS, Store, entry_from

CHUNK = 5000
"""Entries read at a time."""


class Verification(BaseModel):
    """The result of checking the whole log: the chain, every stored document and policy file."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    entries: int
    head: str
    """The hash of the last entry: note it elsewhere (the case system, an archive) to anchor the log."""
    first_bad: int | None = None
    """The first entry that does not verify."""
    problems: list[str] = []
    """What fails, in English (at most 50); :meth:`problems_in` gives them in another language."""
    _said: list[Text] = PrivateAttr(default_factory=list)

    def problems_in(self, lang: str = "en") -> list[str]:
        """The problems in ``lang`` (``nl`` or ``en``)."""
        return [t.render(lang) for t in self._said] if self._said else list(self.problems)

    def __repr__(self) -> str:
        return f"<Verification ok={self.ok} entries={self.entries}" + (f" first_bad=#{self.first_bad}" if self.first_bad else "") + ">"


def verify(store: Store) -> Verification:
    problems: list[Text] = []
    first_bad: int | None = None

    def bad(number: int | None, message: Text) -> None:
        nonlocal first_bad
        if number is not None and (first_bad is None or number < first_bad):
            first_bad = number
        if len(problems) < 50:
            problems.append(message)

    with store.read() as cur:
        seq, head = store.head(cur)
        prev, expected, last_hash = GENESIS, 1, GENESIS
        count = 0
        for start in range(1, seq + 1, CHUNK):
            end = start + CHUNK - 1
            rows = cur.execute(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM rr_entries WHERE id >= ? AND id <= ? ORDER BY id", (start, end)).fetchall()
            rules = cur.execute(f"SELECT {', '.join(RULE_COLUMNS)} FROM rr_entry_rules WHERE entry_id >= ? AND entry_id <= ? ORDER BY entry_id, pos",
                                (start, end)).fetchall()
            by_entry: dict[int, list[Any]] = {}
            for r in rules:
                by_entry.setdefault(int(r[0]), []).append(r)
            for row in rows:
                number = int(row[0])
                count += 1
                if number != expected:
                    bad(expected, Text("verify-missing", entry=expected, next=number))
                    expected = number
                mine = by_entry.pop(number, [])
                try:
                    entry = entry_from(row, mine)
                except (ValidationError, ValueError, TypeError):
                    bad(number, Text("verify-unreadable", entry=number))
                    prev, expected = str(row[-1]), number + 1
                    continue
                if entry.prev_hash != prev:
                    bad(number, Text("verify-unlinked", entry=number, before=number - 1))
                if entry.computed_hash() != entry.hash:
                    bad(number, Text("verify-changed", entry=number))
                for r in mine:
                    if (r[1], r[9], r[10], r[11], r[12]) != (r[1], entry.policy_id, entry.decision_date.isoformat(), entry.decision, entry.role):
                        bad(number, Text("verify-rule-changed", entry=number))
                        break
                if [int(r[1]) for r in mine] != list(range(len(mine))):
                    bad(number, Text("verify-rules-missing", entry=number))
                prev, last_hash, expected = entry.hash, entry.hash, number + 1
            for orphan in by_entry:
                bad(orphan, Text("verify-orphan-rules", entry=orphan))
        if count != seq:
            bad(count + 1 if count < seq else None, Text("verify-head-count", seq=seq, count=count))
        if last_hash != head:
            bad(seq, Text("verify-head-last"))
        missing = cur.execute("SELECT e.id FROM rr_entries e LEFT JOIN rr_documents d ON d.sha256 = e.assessment_sha256 WHERE d.sha256 IS NULL ORDER BY e.id LIMIT 1").fetchall()
        if missing:
            bad(int(missing[0][0]), Text("verify-document-missing", entry=missing[0][0]))
        bases = {str(sha): loaded(str(sha), bytes(body)) for sha, body in cur.execute("SELECT sha256, body FROM rr_bases").fetchall()} \
            if store.schema_version >= 3 else {}  # one per policy version: a changed one makes its documents read as changed
        for sha, fmt, base, body in _documents(cur, store.format_column, store.base_column):
            try:  # in the format it was stored in (a changed format reads as damaged)
                ok = hashlib.sha256(decompress(bytes(body), int(fmt), bases.get(base) if base else None)).hexdigest() == sha
            except ValueError:
                ok = False
            if not ok:
                first = cur.execute("SELECT MIN(id) FROM rr_entries WHERE assessment_sha256 = ?", (sha,)).fetchone()[0]
                bad(int(first) if first is not None else None, Text("verify-document-changed-used", sha=sha[:12], entry=first) if first else Text("verify-document-changed", sha=sha[:12]))
        bundles: dict[str, list[bytes]] = {}
        for bundle_sha, _pos, content in cur.execute("SELECT bundle_sha256, pos, content FROM rr_policy_files ORDER BY bundle_sha256, pos").fetchall():
            bundles.setdefault(str(bundle_sha), []).append(bytes(content))
        for bundle_sha, contents in bundles.items():
            h = hashlib.sha256()
            for c in contents:
                h.update(c)
            if h.hexdigest() != bundle_sha:
                first = cur.execute("SELECT MIN(id) FROM rr_entries WHERE policy_sha256 = ?", (bundle_sha,)).fetchone()[0]
                bad(int(first) if first is not None else None, Text("verify-policy-changed", sha=bundle_sha[:12]))
    result = Verification(ok=not problems, entries=seq, head=head, first_bad=first_bad, problems=[str(t) for t in problems])
    result._said = problems
    return result


def _documents(cur: Any, format_column: str, base_column: str) -> Any:
    """Every stored assessment, a chunk at a time (keyset pagination: memory stays small)."""
    after = ""
    while True:
        rows = cur.execute(f"SELECT sha256, {format_column}, {base_column}, body FROM rr_documents WHERE sha256 > ? ORDER BY sha256 LIMIT ?", (after, CHUNK)).fetchall()
        if not rows:
            return
        yield from rows
        after = rows[-1][0]
