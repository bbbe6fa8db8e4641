# SPDX-License-Identifier: EUPL-1.2
"""Format 4 (``regelruimte.decisions.lean``): the stored assessment without the texts its policy
version fixes, which its base holds. Read back, it is the format-2 document; replay compares lean
documents byte for byte; a log of schema 3 keeps its documents and writes format 4 after the
migration; what cannot be kept as constants is stored in format 3."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import regelruimte as rr
from regelruimte.decisions import DecisionLog, document, lean, prepare, store

from .conftest import KEY
from .test_bases import _case, _kwijtschelding, _record
from .test_document import _assessments


def _format_2(a: rr.Assessment) -> bytes:
    fmt, raw = prepare.canonical_document(a, prepare.redactor_for(a, prepare.policy_of(a), prepare.facts_of(a)))  # type: ignore[arg-type]
    assert fmt == 2
    return raw


def _at(doc: Any, path: str) -> Any:
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        doc = doc[int(part[1:-1])] if part.startswith("[") else doc[part]
    return doc


def _leaned_fields() -> set[str]:
    return {f for _id, fields in lean.LEAN_FIELDS.values() for f in fields}


def test_the_places_are_found_in_the_schema() -> None:
    tree = document.places_of_lean()
    found: set[str] = set()

    def walk(t: lean.Place) -> None:
        if t[0] is not None:
            found.add(t[0][0])
        for _key, sub in t[1]:
            walk(sub)

    walk(tree)
    assert {"letter.rules", "letter.rules.calculation", "letter.amount_calculation", "intent.purposes", "discretion.options", "controls",
            "data", "questions", "parts.letter.rules", "periods.parts.letter.rules.calculation"} <= found


def test_lean_documents_read_back_as_format_2(tmp_path: Path, policies: rr.PolicySet) -> None:
    """Every bundled example and a synthetic year: read back, the format-2 document, except where
    format 2 left a case value out of a text of the policy (format 4 does not search those)."""
    from regelruimte.synthetic.decisions import decisions

    cases = _assessments(policies) + [a for a, _ in decisions(policies, 150, seed=11)]
    assert len(cases) > 150 and any(a.parts for a in cases)
    with DecisionLog(tmp_path / "lean.db") as log:
        with log.batch() as b:
            for a in cases:
                b.record(a, decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
        kept_apart = 0
        formats = []
        for e, a in zip(b.entries, cases, strict=True):
            (fmt, stored), whole = log.stored_document(e), log.document_text(e).encode()
            formats.append(fmt)
            # format 3 where the constants this assessment would add hold a case value's marker (a
            # text of the policy that happens to hold a value of the case: left out in format 2)
            assert fmt == 4 and len(stored) * 3 < len(whole) * 2 or fmt == 3 and whole == _format_2(a)
            if whole == _format_2(a):
                continue
            kept_apart += 1
            ours, theirs = json.loads(whole), json.loads(_format_2(a))
            from regelruimte.decisions.replay import differences

            for path in differences(ours, theirs):
                assert re.sub(r"\[\d+\]", "", path).split(".")[-1] in _leaned_fields() or path.split(".")[-2] in _leaned_fields() \
                    or path.split(".")[-3] in _leaned_fields(), path
                assert "[niet gelogd:" in json.dumps(_at(theirs, path)) and "[niet gelogd:" not in json.dumps(_at(ours, path))
        assert kept_apart < len(cases) // 10 and formats.count(4) > len(cases) * 0.8
        assert log.verify().ok
        assert log.entries() == b.entries and any(e.rules for e in b.entries), "the entries as built (rule rows unvalidated) are the entries read back"
        bases = log.store.rows("SELECT policy_sha256, format FROM rr_bases")
        assert 4 in {r[1] for r in bases} and len(bases) < len(cases) // 3


def test_replay_of_a_lean_document_is_byte_identical(log_url: str, policies: rr.PolicySet) -> None:
    cases = _kwijtschelding(policies)
    with DecisionLog(log_url) as log:
        entries = [_record(log, a) for a in cases[:3]]
        for i, e in enumerate(entries):
            assert log.stored_document(e)[0] == 4
            r = log.replay(e, _case(policies, i), key=KEY)
            assert r.ok and r.reproduced and r.assessment == json.loads(log.document_text(e))
        other = _case(policies, 1)
        r = log.replay(entries[0], other | {"id": "zaak-0"}, key=KEY)
        assert r.intact and r.reproduced is False and r.differences


def test_a_log_of_schema_3_keeps_its_documents_and_writes_format_4(log_url: str, policies: rr.PolicySet,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _kwijtschelding(policies)
    with monkeypatch.context() as m:
        m.setattr(store, "SCHEMA_VERSION", 3)
        with DecisionLog(log_url) as log:
            old = _record(log, cases[0])
            assert log.stored_document(old)[0] == 3
    with DecisionLog(log_url, create=False, read_only=True) as log:  # read as it is: a log of schema 3
        assert log.store.schema_version == 3 and log.verify().ok and log.stored_document(old)[0] == 3
    with DecisionLog(log_url, create=False) as log:
        assert log.store.schema_version == 4 and log.stored_document(old)[0] == 3
        new = _record(log, cases[1])
        assert log.stored_document(new)[0] == 4 and log.verify().ok
        assert log.replay(old, _case(policies, 0), key=KEY).reproduced and log.replay(new, _case(policies, 1), key=KEY).reproduced
        assert log.assessment(old) == json.loads(_format_2(cases[0])) and log.document_text(new).encode() == _format_2(cases[1])
        assert sorted(r[0] for r in log.store.rows("SELECT format FROM rr_bases")) == [3, 4]


def test_what_cannot_be_kept_as_constants_is_stored_in_format_3(tmp_path: Path, policies: rr.PolicySet,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The lean document with its constants put back must be the format-2 document, and the
    constants must hold no case value; when not, the entry is stored in format 3."""
    cases = _kwijtschelding(policies)
    with DecisionLog(tmp_path / "l.db") as log:
        with monkeypatch.context() as m:
            m.setattr(prepare, "restore", lambda doc, constants, tree: None)  # as if a text were not the policy's
            e = _record(log, cases[0])
            assert log.stored_document(e)[0] == 3 and log.document_text(e).encode() == _format_2(cases[0])
        with monkeypatch.context() as m:  # as if a constant held a case value
            m.setattr(prepare, "constants_of", _with_a_value)
            e = _record(log, cases[1])
            assert log.stored_document(e)[0] == 3
        e = _record(log, cases[2])
        assert log.stored_document(e)[0] == 4 and log.verify().ok


def _with_a_value(full: Any, lean_doc: Any, tree: lean.Place, into: lean.Constants) -> bool:
    ok = lean.constants_of(full, lean_doc, tree, into)
    into.setdefault("controls", {})["x"] = {"title": "[niet gelogd: inkomen]"}
    return ok


def test_a_changed_base_of_format_4_is_named_by_verify(tmp_path: Path, policies: rr.PolicySet) -> None:
    db = tmp_path / "b.db"
    cases = _kwijtschelding(policies)
    with DecisionLog(db) as log:
        for a in cases[:2]:
            _record(log, a)
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER rr_bases_no_update")
    (sha, body) = conn.execute("SELECT sha256, body FROM rr_bases ORDER BY LENGTH(body) LIMIT 1").fetchone()
    raw = document.decompress(body, 2)
    assert raw.startswith(b'{"constants":')
    conn.execute("UPDATE rr_bases SET body = ? WHERE sha256 = ?", (document.compress(raw.replace(b"Kwijtschelding", b"Kwijtscheld1ng", 1), 2), sha))
    conn.commit()
    conn.close()
    with DecisionLog(db, read_only=True) as log:
        v = log.verify()
        assert not v.ok and v.first_bad == 1 and "stored assessment" in " ".join(v.problems)
        with pytest.raises(rr.DecisionLogError, match="damaged"):
            log.document_text(1)


def test_the_ids_are_read_again_only_when_the_value_search_changed_one() -> None:
    """``prepare._ids_kept``: the ids as stored are the lean document's unless a case value was
    found in one (then the bytes are parsed again); its answer is compared with the parsed bytes."""
    from decimal import Decimal

    from regelruimte.decisions.redact import Redactor
    from regelruimte.model.facts import Fact

    from .test_document import SPECS

    text_spec = Fact.model_validate({"type": "text", "description": "een feit"})
    tree = document.places_of_lean()
    rules = [{"id": "drempel-1234", "result": "failed"}, {"id": "norm.12", "result": "passed"}]
    for value, texts in ((Decimal("1234"), False), (Decimal("12.00"), False), (Decimal("999"), False), ("drempel", True)):
        spec = SPECS["money"] if isinstance(value, Decimal) else text_spec
        redactor = Redactor({"x": value}, {"x": spec}, None)
        doc = {"letter": {"rules": rules, "verdict": "1234 999"}}
        lean_doc = {"letter": {"rules": [{"id": r["id"]} for r in rules]}}
        raw = json.dumps(doc, ensure_ascii=False).encode()
        clean = prepare._without_values(doc, 4, raw, redactor)
        stored_ids = [r["id"] for r in json.loads(clean)["letter"]["rules"]]
        kept = prepare._ids_kept(lean_doc, tree, redactor)
        assert kept == (not texts and stored_ids == [r["id"] for r in rules]), value
        assert kept == (value in (Decimal("999"), Decimal("12.00"))), value
