# SPDX-License-Identifier: EUPL-1.2
"""The decision log on both databases: what an entry holds, the chain, corrections, the refusals."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

import regelruimte as rr
from regelruimte.decisions import DecisionLog, Entry, document

from .conftest import KEY

KWIJTSCHELDING = "kwijtschelding_afvalstoffenheffing"


def blocked(policies: rr.PolicySet) -> rr.Assessment:
    """A kwijtschelding case where the letter blocks the purpose and a provision can bridge it."""
    p = policies[KWIJTSCHELDING]
    for i, t in enumerate(p.tests):
        a = rr.assess(p, {"date": t.date, "facts": p.test_facts(i), "id": f"zaak-{i}"}, key=KEY)
        if a.tension == "letter_blocks_intent" and a.discretion.options:
            return a
    raise AssertionError("the bundled kwijtschelding has a blocking example")


def test_record_and_read_back(log_url: str, policies: rr.PolicySet) -> None:
    a = blocked(policies)
    option = a.discretion.options[0]
    with DecisionLog(log_url, processing_activity="https://gemeente.example/verwerkingen/kwijtschelding") as log:
        e = log.record(a, decision="use_provision", provision=option.id, role="teamleider", reason="Het doel van de regeling vraagt om kwijtschelding.",
                       decision_date=date(2026, 3, 4))
        assert e.id == 1 and e.prev_hash == "0" * 64 and e.computed_hash() == e.hash
        assert (e.policy_id, e.letter, e.tension, e.decision, e.provision, e.role) == (KWIJTSCHELDING, "denied", "letter_blocks_intent", "use_provision", option.id, "teamleider")
        assert e.subject == a.case_ref and len(e.trace_id) == 32 and len(e.operation_id) == 16
        assert e.legal_basis == [option.legal_basis.citation]
        assert any(r.blocking and r.set_aside for r in e.rules)
        again = log.entry(1)
        assert again == e
        assert log.assessment(1) == json.loads(a.to_json())  # nothing of this case needed to be left out
        # stored in format 4 (lean); read back, the same JSON as to_json, sorted keys without whitespace (regelruimte.decisions.document)
        assert log.stored_document(e)[0] == 4
        assert log.document_text(e) == json.dumps(json.loads(a.to_json()), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert log.verify().ok and len(log) == 1


def test_chain_links_entries_and_batches_append_together(log_url: str, policies: rr.PolicySet) -> None:
    a = blocked(policies)
    with DecisionLog(log_url) as log:
        first = log.record(a, decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
        with log.batch() as b:
            for _ in range(3):
                b.record(a, decision="signal", role="teamleider", reason="Signaal aan de regelmaker.")
            assert len(log) == 1, "nothing is appended before the block ends"
        assert [e.id for e in b.entries] == [2, 3, 4]
        assert b.entries[0].prev_hash == first.hash and b.entries[2].prev_hash == b.entries[1].hash
        # the entries given back are built without validating them again: they are what validation and the database give
        assert [first, *b.entries] == log.entries() == [Entry.model_validate(e.model_dump()) for e in [first, *b.entries]]
        assert all(e.computed_hash() == e.hash for e in b.entries)
        for e in [first, *b.entries]:  # built without model_construct: the same model state as validation gives
            valid = Entry.model_validate(e.model_dump())
            assert e.__dict__ == valid.__dict__ and list(e.__dict__) == list(valid.__dict__)
            assert e.model_fields_set == valid.model_fields_set and e.model_extra is None and e.__pydantic_private__ is None
            assert e.model_dump_json() == valid.model_dump_json()
            with pytest.raises(ValidationError):
                e.reason = "x"  # still frozen
        with pytest.raises(RuntimeError), log.batch() as b2:
            b2.record(a, decision="signal", role="teamleider", reason="Wordt niet bewaard.")
            raise RuntimeError("the block fails")
        assert len(log) == 4
        v = log.verify()
        assert v.ok and v.entries == 4 and v.head == b.entries[-1].hash


def test_a_correction_is_a_new_entry_and_the_old_one_stays(log_url: str, policies: rr.PolicySet) -> None:
    a = blocked(policies)
    with DecisionLog(log_url) as log:
        old = log.record(a, decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
        new = log.record(a, decision="use_provision", provision=a.discretion.options[0].id, role="teamleider", reason="Na bezwaar heroverwogen.",
                         corrects=old.id)
        assert new.corrects == old.id and log.entry(old.id) == old
        assert log.replay(old.id).corrected_by == [new.id]
        assert log.friction().corrected == 1 and log.friction().decisions == 1
        other = rr.assess(policies[KWIJTSCHELDING], {"date": "2026-03-01", "facts": {}, "id": "een-andere-zaak"}, key=KEY)
        with pytest.raises(rr.DecisionLogError, match="another case"):
            log.record(other, decision="follow_letter", role="consulent", reason="Correctie.", corrects=old.id)
        with pytest.raises(rr.DecisionLogError, match="no entry #99"):
            log.record(a, decision="follow_letter", role="consulent", reason="Correctie.", corrects=99)


def test_no_way_to_change_or_delete_through_the_api() -> None:
    public = {n for n in dir(DecisionLog) if not n.startswith("_")}
    assert not public & {"update", "delete", "remove", "edit", "purge", "set", "replace", "amend"}
    assert public >= {"record", "batch", "entries", "entry", "verify", "replay", "friction"}
    with pytest.raises(Exception):
        Entry.model_validate({}).__setattr__("reason", "x")  # frozen model (and invalid)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"decision": "approve", "role": "consulent", "reason": "x"}, "decision must be one of"),
    ({"decision": "follow_letter", "role": "Jan Jansen", "reason": "x"}, "never a person's name"),
    ({"decision": "follow_letter", "role": "consulent", "reason": "  "}, "reason in words"),
    ({"decision": "use_provision", "role": "teamleider", "reason": "x"}, "needs provision="),
    ({"decision": "use_provision", "provision": "bestaat_niet", "role": "teamleider", "reason": "x"}, "does not bridge"),
    ({"decision": "follow_letter", "provision": "x", "role": "consulent", "reason": "x"}, "only given with"),
    ({"decision": "follow_letter", "role": "consulent", "reason": "BSN 999999990 gezien."}, "looks like a BSN"),
    ({"decision": "follow_letter", "role": "consulent", "reason": "x", "trace_id": "abc"}, "trace_id"),
])
def test_bad_input_is_refused_in_one_line(tmp_path: Path, policies: rr.PolicySet, kwargs: dict[str, str], message: str) -> None:
    with DecisionLog(tmp_path / "b.db") as log:
        with pytest.raises(rr.DecisionLogError, match=message) as info:
            log.record(blocked(policies), **kwargs)  # type: ignore[arg-type]
        assert "\n" not in str(info.value)
        dutch = info.value.message("nl")  # the same refusal in Dutch (issue 13 item 20), one line, without the reason's text
        assert dutch != str(info.value) and "\n" not in dutch and info.value.code.startswith("log-")
        assert "999999990" not in dutch + str(info.value)
        assert len(log) == 0


def test_an_assessment_without_pseudonym_or_case_is_refused(tmp_path: Path, policies: rr.PolicySet, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGELRUIMTE_PSEUDONYM_KEY", raising=False)
    p = policies[KWIJTSCHELDING]
    with DecisionLog(tmp_path / "b.db") as log:
        with pytest.raises(rr.DecisionLogError, match="no pseudonym"):
            log.record(rr.assess(p, {"date": "2026-03-01", "facts": {}, "id": "z"}), decision="follow_letter", role="consulent", reason="x")
        rebuilt = rr.Assessment.model_validate_json(rr.assess(p, {"date": "2026-03-01", "facts": {}, "id": "z"}, key=KEY).to_json())
        with pytest.raises(rr.DecisionLogError, match="no case attached"):
            log.record(rebuilt, decision="follow_letter", role="consulent", reason="x")


def test_a_policy_file_edited_after_loading_is_refused(tmp_path: Path) -> None:
    from .conftest import FIXTURES

    path = tmp_path / "canary.yaml"
    path.write_bytes((FIXTURES / "canary.yaml").read_bytes())
    p = rr.load_policy(path)
    a = rr.assess(p, {"date": "2026-03-01", "facts": {"inkomen": "900.00"}, "id": "z"}, key=KEY)
    path.write_text(path.read_text() + "\n# edited\n")
    with DecisionLog(tmp_path / "b.db") as log, pytest.raises(rr.DecisionLogError, match="changed after it was loaded"):
        log.record(a, decision="follow_letter", role="consulent", reason="x")


def test_tampering_in_sql_is_named_by_verify(tmp_path: Path, policies: rr.PolicySet) -> None:
    db = tmp_path / "b.db"
    a = blocked(policies)
    with DecisionLog(db) as log, log.batch() as b:
        for i in range(5):
            b.record(a, decision="follow_letter", role="consulent", reason=f"Reden {i}.")
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE rr_entries SET reason = 'anders' WHERE id = 3")
    conn.execute("DROP TRIGGER rr_entries_no_update")  # someone with the file in hand
    conn.execute("UPDATE rr_entries SET role = 'college' WHERE id = 3")
    conn.commit()
    conn.close()
    with DecisionLog(db, create=False) as log:
        v = log.verify()
    assert not v.ok and v.first_bad == 3 and "entry #3 was changed" in v.problems[0]
    assert v.problems_in("en") == v.problems and v.problems_in("nl")[0].startswith("regel #3 is veranderd nadat hij is geschreven")


def test_a_stored_assessment_changed_is_named(tmp_path: Path, policies: rr.PolicySet) -> None:
    db = tmp_path / "b.db"
    with DecisionLog(db) as log:
        log.record(blocked(policies), decision="follow_letter", role="consulent", reason="x")
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER rr_documents_no_update")
    conn.execute("UPDATE rr_documents SET body = ?", (document.compress(b'{"letter":"granted"}', 2),))
    conn.commit()
    conn.close()
    with DecisionLog(db, create=False) as log:
        v = log.verify()
    assert not v.ok and v.first_bad == 1 and "stored assessment" in " ".join(v.problems)
    assert "bewaarde beoordeling" in " ".join(v.problems_in("nl"))
    nl = subprocess.run([sys.executable, "-m", "regelruimte", "log", "verify", "--log", str(db)], capture_output=True, text=True, env={**{k: v for k, v in os.environ.items() if k != "REGELRUIMTE_LANG"}, "PYTHONPATH": str(Path(rr.__file__).parent.parent)})
    assert nl.returncode == 1 and "bewaarde beoordeling" in nl.stdout and "stored assessment" not in nl.stdout, nl.stdout + nl.stderr


def test_a_removed_last_entry_is_named(tmp_path: Path, policies: rr.PolicySet) -> None:
    db = tmp_path / "b.db"
    with DecisionLog(db) as log:
        for _ in range(3):
            log.record(blocked(policies), decision="follow_letter", role="consulent", reason="x")
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER rr_entries_no_delete")
    conn.execute("DROP TRIGGER rr_entry_rules_no_delete")
    conn.execute("DELETE FROM rr_entry_rules WHERE entry_id = 3")
    conn.execute("DELETE FROM rr_entries WHERE id = 3")
    conn.commit()
    conn.close()
    with DecisionLog(db, create=False) as log:
        v = log.verify()
    assert not v.ok and v.first_bad == 3


def test_postgres_refuses_changes_and_verify_names_a_tampered_entry(pg_url: str, policies: rr.PolicySet) -> None:
    import psycopg

    with DecisionLog(pg_url) as log:
        for i in range(4):
            log.record(blocked(policies), decision="follow_letter", role="consulent", reason=f"Reden {i}.")
    with psycopg.connect(pg_url.replace("postgresql://", "postgresql://", 1), autocommit=True) as conn:
        with pytest.raises(psycopg.Error, match="append-only"):
            conn.execute("UPDATE rr_entries SET reason = 'anders' WHERE id = 2")
        conn.execute("ALTER TABLE rr_entries DISABLE TRIGGER rr_entries_append_only")
        conn.execute("UPDATE rr_entries SET decision_date = '2020-01-01' WHERE id = 2")
    with DecisionLog(pg_url, create=False) as log:
        v = log.verify()
    assert not v.ok and v.first_bad == 2


def test_entries_filter_and_missing_logs(tmp_path: Path, policies: rr.PolicySet) -> None:
    with DecisionLog(f"sqlite:///{tmp_path / 'b.db'}") as log:
        a = blocked(policies)
        log.record(a, decision="follow_letter", role="consulent", reason="x", decision_date=date(2026, 1, 5))
        log.record(a, decision="signal", role="teamleider", reason="y", decision_date=date(2026, 2, 5))
        assert [e.id for e in log.entries(since=date(2026, 2, 1))] == [2]
        assert [e.id for e in log.entries(subject=a.case_ref)] == [1, 2]
        assert log.entries(policy="iets_anders") == []
        with pytest.raises(rr.DecisionLogError, match="no entry #7"):
            log.entry(7)
    with pytest.raises(rr.DecisionLogError, match="no such decision log"):
        DecisionLog(tmp_path / "nergens.db", create=False)
    (tmp_path / "leeg.db").write_bytes(b"")
    with pytest.raises(rr.DecisionLogError, match="not a regelruimte decision log"):
        DecisionLog(tmp_path / "leeg.db", create=False)
    with DecisionLog("sqlite://") as memory:
        memory.record(blocked(policies), decision="follow_letter", role="consulent", reason="x")
        assert len(memory) == 1
