# SPDX-License-Identifier: EUPL-1.2
"""Format 3: documents compressed against a base of their policy version (``regelruimte.decisions.bases``).

The base is written with the first document that uses it, reused by a log opened later, never
referred to before it is committed, and a changed base shows in ``verify``; a log of schema 2 is
read as it is and migrated on open."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import regelruimte as rr
from regelruimte.decisions import DecisionLog, Entry, document, store

from .conftest import KEY
from .test_log import KWIJTSCHELDING


def _case(policies: rr.PolicySet, i: int) -> dict[str, object]:
    p = policies[KWIJTSCHELDING]
    return {"date": p.tests[i].date, "facts": p.test_facts(i), "id": f"zaak-{i}"}


def _kwijtschelding(policies: rr.PolicySet) -> list[rr.Assessment]:
    p = policies[KWIJTSCHELDING]
    return [rr.assess(p, _case(policies, i), key=KEY) for i in range(len(p.tests))]


def _record(log: DecisionLog, a: rr.Assessment) -> Entry:
    return log.record(a, decision="follow_letter", role="consulent", reason="De letter is gevolgd.")


def test_format_3_round_trips() -> None:
    raw = document.encode({"b": "€ 12,00", "a": [1, {"x": None}]}, 3)
    assert raw == document.encode({"b": "€ 12,00", "a": [1, {"x": None}]}, 2), "format 3 has the bytes of format 2"
    base = document.Base("0" * 64, raw.replace(b"12", b"13"))
    assert document.decompress(base.compress(raw), 3, base) == raw
    with pytest.raises(ValueError, match="damaged"):
        document.decompress(base.compress(raw), 3)
    with pytest.raises(ValueError, match="damaged"):
        document.decompress(base.compress(raw), 3, document.Base("1" * 64, b"something else entirely"))


def test_documents_of_one_policy_share_a_base_and_are_smaller(log_url: str, policies: rr.PolicySet, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "SCHEMA_VERSION", 3)  # a log of schema 3 writes format 3 (format 4: test_lean.py)
    cases = _kwijtschelding(policies)
    assert len(cases) >= 4
    with DecisionLog(log_url) as log:
        with log.batch() as b:
            for a in cases:
                b.record(a, decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
        rows = log.store.rows("SELECT format, base, body FROM rr_documents")
        bases = log.store.rows("SELECT sha256, policy_sha256 FROM rr_bases")
        assert len(bases) == 1 and bases[0][1] == cases[0].provenance.policy_sha256
        assert {(r[0], r[1]) for r in rows} == {(3, bases[0][0])}
        for e, a in zip(b.entries, cases, strict=True):
            assert log.assessment(e) == json.loads(a.to_json()) or "[niet gelogd:" in log.document_text(e)
        stored = sum(len(bytes(r[2])) for r in rows)
        alone = sum(len(document.compress(log.stored_document(e)[1], 2)) for e in b.entries)
        assert stored * 3 < alone, "the documents are stored as their differences from the base"
        assert log.verify().ok
    with DecisionLog(log_url) as log:  # a log opened later goes on with the stored base
        e = _record(log, cases[0])
        assert log.store.rows("SELECT COUNT(*) FROM rr_bases")[0][0] == 1
        assert log.stored_document(e)[0] == 3 and log.verify().ok


@pytest.mark.parametrize("schema", [3, 4])
def test_a_base_is_sent_again_until_its_transaction_commits(tmp_path: Path, policies: rr.PolicySet, schema: int,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "SCHEMA_VERSION", schema)
    cases = _kwijtschelding(policies)
    with DecisionLog(tmp_path / "b.db") as log:
        with pytest.raises(RuntimeError), log.batch() as b:
            b.record(cases[0], decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
            raise RuntimeError("the batch is abandoned: nothing is appended, the base neither")
        assert len(log) == 0 and log.store.rows("SELECT COUNT(*) FROM rr_bases")[0][0] == 0
        e = _record(log, cases[1])  # compressed against the base made from cases[0], which it writes now
        assert log.store.rows("SELECT COUNT(*) FROM rr_bases")[0][0] == 1 or schema == 4  # format 4: the constants of cases[1] too
        used = log.store.rows("SELECT base FROM rr_documents")[0][0]
        assert log.store.rows("SELECT COUNT(*) FROM rr_bases WHERE sha256 = ?", (used,))[0][0] == 1
        assert log.stored_document(e)[0] == schema and log.verify().ok


def test_a_changed_base_is_named_by_verify(tmp_path: Path, policies: rr.PolicySet, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "SCHEMA_VERSION", 3)  # format 4: test_lean.py
    db = tmp_path / "b.db"
    cases = _kwijtschelding(policies)
    with DecisionLog(db) as log:
        for a in cases[:3]:
            _record(log, a)
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE rr_bases SET body = body")
    conn.execute("DROP TRIGGER rr_bases_no_update")
    (body,) = conn.execute("SELECT body FROM rr_bases").fetchone()
    raw = document.decompress(body, 2).replace(b'"letter":', b'"letter" :', 1)
    conn.execute("UPDATE rr_bases SET body = ?", (document.compress(raw, 2),))
    conn.commit()
    conn.close()
    with DecisionLog(db, read_only=True) as log:
        v = log.verify()
        assert not v.ok and v.first_bad == 1 and "stored assessment" in " ".join(v.problems)
        with pytest.raises(rr.DecisionLogError, match="damaged"):
            log.document_text(2)
    with DecisionLog(db) as log:  # a changed base is not written with: a new one is made
        e = _record(log, cases[3])
        assert log.store.rows("SELECT COUNT(*) FROM rr_bases")[0][0] == 2 and log.stored_document(e)[0] == 3


def test_a_log_of_schema_2_is_read_as_it_is_and_migrated_on_open(log_url: str, policies: rr.PolicySet,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _kwijtschelding(policies)
    with monkeypatch.context() as m:
        m.setattr(store, "SCHEMA_VERSION", 2)
        with DecisionLog(log_url) as log:
            old = _record(log, cases[0])
            assert log.stored_document(old)[0] == 2 and log.verify().ok
    with DecisionLog(log_url, create=False) as log:
        assert log.store.schema_version == 4 and log.stored_document(old)[0] == 2
        new = _record(log, cases[1])
        assert log.stored_document(new)[0] == 4 and log.verify().ok and log.replay(old, _case(policies, 0), key=KEY).intact


def test_a_log_opened_to_read_is_not_migrated_on_either_database(log_url: str, policies: rr.PolicySet,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _kwijtschelding(policies)
    with monkeypatch.context() as m:
        m.setattr(store, "SCHEMA_VERSION", 2)
        with DecisionLog(log_url) as log:
            _record(log, cases[0])
    with DecisionLog(log_url, create=False, read_only=True) as log:
        assert log.store.schema_version == 2 and log.verify().ok and log.stored_document(1)[0] == 2
        assert log.store.rows("SELECT value FROM rr_meta WHERE key = 'schema_version'")[0][0] == "2"
        with pytest.raises(rr.DecisionLogError, match="read"):
            _record(log, cases[1])
    with DecisionLog(log_url, create=False) as log:  # opened to write: migrated
        assert log.store.schema_version == 4 and len(log) == 1
