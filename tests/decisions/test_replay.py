# SPDX-License-Identifier: EUPL-1.2
"""Replay: byte-identical on the stored policy, a changed policy named, a different case refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import regelruimte as rr
from regelruimte.decisions import DecisionLog

from .conftest import CANARY_CASE, KEY, ROOT


@pytest.fixture
def logged(tmp_path: Path, canary_policy: rr.Policy) -> tuple[Path, rr.Policy]:
    db = tmp_path / "b.db"
    with DecisionLog(db) as log:
        log.record(rr.assess(canary_policy, CANARY_CASE, key=KEY), decision="use_provision", provision="afwijken", role="teamleider",
                   reason="Het doel weegt zwaarder dan de grens.")
    return db, canary_policy


def test_replay_with_the_case_is_byte_identical(logged: tuple[Path, rr.Policy]) -> None:
    db, _ = logged
    with DecisionLog(db, create=False) as log:
        r = log.replay(1, CANARY_CASE, key=KEY)
    assert r.intact and r.reproduced is True and r.differences == [] and r.ok
    assert r.policy.startswith("proefregeling 1 (")


def test_replay_with_other_facts_says_where_it_differs(logged: tuple[Path, rr.Policy]) -> None:
    db, _ = logged
    changed = {**CANARY_CASE, "facts": {**CANARY_CASE["facts"], "vaste_lasten": "100.00"}}
    with DecisionLog(db, create=False) as log:
        r = log.replay(1, changed, key=KEY)
    assert r.reproduced is False and not r.ok
    assert "tension" in r.differences and all("12345" not in d for d in r.differences)


def test_replay_refuses_another_case_and_needs_the_key(logged: tuple[Path, rr.Policy], monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = logged
    monkeypatch.delenv("REGELRUIMTE_PSEUDONYM_KEY", raising=False)
    with DecisionLog(db, create=False) as log:
        with pytest.raises(rr.DecisionLogError, match="not the case of entry #1"):
            log.replay(1, {**CANARY_CASE, "id": "111222333"}, key=KEY)
        with pytest.raises(rr.DecisionLogError, match="REGELRUIMTE_PSEUDONYM_KEY"):
            log.replay(1, CANARY_CASE)
        with pytest.raises(rr.DecisionLogError, match="no 'id'"):
            log.replay(1, {"date": "2026-03-01", "facts": {}}, key=KEY)


def test_a_changed_policy_is_named_and_the_stored_version_used(logged: tuple[Path, rr.Policy]) -> None:
    db, policy = logged
    path = Path(policy.path)
    path.write_text(path.read_text().replace('value: "12000.00"', 'value: "20000.00"'))  # the limit was raised since
    with DecisionLog(db, create=False) as log:
        r = log.replay(1, CANARY_CASE, key=KEY, policy_file=path)
        assert r.reproduced is True, "replayed on the stored bytes, not on today's file"
        assert r.policy_changed is not None and str(path) in r.policy_changed
        assert any("is veranderd sinds het besluit" in line for line in r.lines("nl"))
        assert any("changed since the decision" in line for line in r.lines("en"))
        stored = log.policy(r.entry.policy_sha256)
        assert stored.sha256 == r.entry.policy_sha256 != rr.load_policy(path).sha256


def test_replay_without_a_case_checks_and_shows(logged: tuple[Path, rr.Policy]) -> None:
    db, _ = logged
    with DecisionLog(db, create=False) as log:
        r = log.replay(1)
    assert r.intact and r.reproduced is None and r.assessment["tension"] == "letter_blocks_intent"
    assert any("Geen zaak gegeven" in line for line in r.lines("nl"))


def run(*args: str, key: str | None = KEY) -> subprocess.CompletedProcess[str]:
    import os

    env = {k: v for k, v in os.environ.items() if k != "REGELRUIMTE_PSEUDONYM_KEY"}
    if key:
        env["REGELRUIMTE_PSEUDONYM_KEY"] = key
    return subprocess.run([sys.executable, "-m", "regelruimte", *args], capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)


def test_cli_replay_and_its_exit_codes(logged: tuple[Path, rr.Policy], tmp_path: Path) -> None:
    db, _ = logged
    case = tmp_path / "zaak.json"
    case.write_text(json.dumps(CANARY_CASE))
    ok = run("replay", "1", "--log", str(db), "--case", str(case))
    assert ok.returncode == 0 and "byte voor byte" in ok.stdout, ok.stderr
    en = run("replay", "1", "--log", str(db), "--case", str(case), "--lang", "en", "--format", "json")
    assert en.returncode == 0 and json.loads(en.stdout)["reproduced"] is True
    other = tmp_path / "anders.json"
    other.write_text(json.dumps({**CANARY_CASE, "facts": {**CANARY_CASE["facts"], "vaste_lasten": "100.00"}}))
    assert run("replay", "1", "--log", str(db), "--case", str(other)).returncode == 1
    for args, message in ((["replay", "9", "--log", str(db)], "geen regel #9"), (["replay", "1", "--log", str(tmp_path / "weg.db")], "dit besluitenlogboek bestaat niet"),
                          (["friction", "--log", str(tmp_path / "weg.db")], "dit besluitenlogboek bestaat niet"), (["log", "verify", "--log", str(tmp_path / "weg.db")], "dit besluitenlogboek bestaat niet"),
                          (["friction", "--log", str(db), "--from", "maart"], "--from moet een datum zijn")):
        bad = run(*args)
        assert bad.returncode == 2 and message in bad.stderr and "Traceback" not in bad.stderr, (args, bad.stderr)
        assert len(bad.stderr.strip().splitlines()) == 1


def test_cli_log_verify_and_list_speak_dutch_by_default_and_english_when_asked(logged: tuple[Path, rr.Policy], monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line is Dutch by default; `log verify` and `log list` printed English only
    (and had no --lang)."""
    db, _ = logged
    monkeypatch.setenv("COLUMNS", "200")  # the table's headers unwrapped
    verify = run("log", "verify", "--log", str(db))
    assert verify.returncode == 0 and verify.stdout.startswith("Het besluitenlogboek is ongeschonden: "), verify.stdout + verify.stderr
    english = run("log", "verify", "--log", str(db), "--lang", "en")
    assert english.returncode == 0 and english.stdout.startswith("The decision log is intact: "), english.stdout + english.stderr
    listed = run("log", "list", "--log", str(db))
    assert listed.returncode == 0 and "┃ regeling " in listed.stdout and "┃ besluit " in listed.stdout and "┃ regulation " not in listed.stdout, listed.stdout
    listed_en = run("log", "list", "--log", str(db), "--lang", "en")
    assert listed_en.returncode == 0 and "┃ regulation " in listed_en.stdout and "┃ regeling " not in listed_en.stdout, listed_en.stdout
