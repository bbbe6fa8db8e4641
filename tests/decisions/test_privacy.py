# SPDX-License-Identifier: EUPL-1.2
"""The personal-data canary: BSN 999999990, "Canary Testpersoon", 12345.67 appear nowhere in the
database, the CLI's output or the reports, unless the policy declares the fact loggable."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import regelruimte as rr
from regelruimte.decisions import DecisionLog, document

from .conftest import CANARY_CASE, FIXTURES, KEY, ROOT

CANARIES = ("999999990", "Canary", "Testpersoon", "12345.67", "12345,67", "12.345,67", "12,345.67")


def dump(db: Path) -> str:
    """Every byte of the SQLite database as text: the SQL dump plus every compressed document opened."""
    conn = sqlite3.connect(db)
    text = "\n".join(conn.iterdump())
    bases = {sha: document.Base(sha, document.decompress(body, 2)) for sha, body in conn.execute("SELECT sha256, body FROM rr_bases")}
    text += "\n".join(base.raw.decode() for base in bases.values())
    text += "\n".join(document.decompress(body, fmt, bases.get(base)).decode()
                       for fmt, base, body in conn.execute("SELECT format, base, body FROM rr_documents"))
    conn.close()
    raw = db.read_bytes() + (db.with_name(db.name + "-wal").read_bytes() if db.with_name(db.name + "-wal").exists() else b"")
    return text + raw.decode("latin-1")


def test_the_assessment_itself_carries_the_canary(canary_policy: rr.Policy) -> None:
    """Otherwise the test below proves nothing: an amount that is a fact value, in JSON and texts."""
    text = rr.assess(canary_policy, CANARY_CASE, key=KEY).to_json()
    assert "12345.67" in text


def test_no_canary_in_the_database_or_the_reports(tmp_path: Path, canary_policy: rr.Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "b.db"
    a = rr.assess(canary_policy, CANARY_CASE, key=KEY)
    assert a.tension == "letter_blocks_intent"
    with DecisionLog(db) as log:
        log.record(a, decision="use_provision", provision="afwijken", role="teamleider", reason="Het doel weegt hier zwaarder dan de grens.")
        log.record(a, decision="signal", role="teamleider", reason="Signaal aan de regelmaker.", corrects=1)
        granted = rr.assess(canary_policy, {**CANARY_CASE, "facts": {**CANARY_CASE["facts"], "inkomen": "12345.67", "vaste_lasten": "12345.67"}}, key=KEY)
        log.record(granted, decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
        friction = log.friction()
        stored = log.document_text(1)
        replayed = log.replay(1, CANARY_CASE, key=KEY)
        assert replayed.reproduced is True
        outputs = [friction.to_json(), friction.to_html(), friction.to_markdown(), stored, replayed.model_dump_json(),
                   json.dumps([e.model_dump(mode="json") for e in log.entries()])]
    assert "[niet gelogd: inkomen]" in stored
    assert log.entries is not None
    everything = dump(db) + "\n".join(outputs)
    for canary in CANARIES:
        assert canary not in everything, canary
    monkeypatch.setenv("REGELRUIMTE_PSEUDONYM_KEY", KEY)
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CANARY_CASE))
    for args in (["log", "list", "--log", str(db)], ["log", "verify", "--log", str(db)], ["friction", "--log", str(db), "--format", "html"],
                 ["replay", "1", "--log", str(db), "--case", str(case)], ["replay", "1", "--log", str(db), "--format", "json"],
                 ["replay", "3", "--log", str(db), "--case", str(case)]):
        out = subprocess.run([sys.executable, "-m", "regelruimte", *args], capture_output=True, text=True, cwd=ROOT, timeout=120,
                             env={**__import__("os").environ, "REGELRUIMTE_PSEUDONYM_KEY": KEY})
        assert out.returncode in (0, 1, 2), (args, out.stderr)
        for canary in CANARIES:
            assert canary not in out.stdout + out.stderr, (args, canary)


def test_a_loggable_fact_is_kept_and_only_that_one(tmp_path: Path, canary_policy: rr.Policy) -> None:
    text = (FIXTURES / "canary.yaml").read_text().replace("    type: money\n    description: Netto inkomen per jaar.\n",
                                                            "    type: money\n    description: Netto inkomen per jaar.\n    loggable: true\n")
    path = tmp_path / "loggable.yaml"
    path.write_text(text)
    policy = rr.load_policy(path)
    with DecisionLog(tmp_path / "b.db") as log:
        e = log.record(rr.assess(policy, CANARY_CASE, key=KEY), decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
        assert e.facts == {"inkomen": "12345.67", "periode_maanden": "3"}
        assert "12345.67" in log.document_text(e)
    everything = dump(tmp_path / "b.db")
    assert "12345.67" in everything
    assert "Canary" not in everything and "999999990" not in everything


def test_a_reason_holding_a_case_value_is_refused_without_repeating_it(tmp_path: Path, canary_policy: rr.Policy) -> None:
    a = rr.assess(canary_policy, CANARY_CASE, key=KEY)
    with DecisionLog(tmp_path / "b.db") as log:
        for reason in ("Inkomen € 12.345,67 is te hoog.", "Inkomen 12345.67.", "Aanvrager Canary Testpersoon belde."):
            with pytest.raises(rr.DecisionLogError) as info:
                log.record(a, decision="follow_letter", role="consulent", reason=reason)
            assert "contains the value of fact" in str(info.value)
            assert not any(c in str(info.value) for c in CANARIES)
        assert len(log) == 0
