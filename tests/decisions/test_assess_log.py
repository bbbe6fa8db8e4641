# SPDX-License-Identifier: EUPL-1.2
"""``rr.assess(policy, case, log=log)``: the processing is logged as an entry of kind ``assessed``;
the decision stays a person's, recorded later; the friction report counts only decisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import regelruimte as rr
from regelruimte.decisions import DecisionLog

from .conftest import KEY
from .test_log import KWIJTSCHELDING, blocked


def test_assess_with_a_log_appends_an_assessed_entry(log_url: str, policies: rr.PolicySet) -> None:
    p = policies[KWIJTSCHELDING]
    case = {"date": p.tests[0].date, "facts": p.test_facts(0), "id": "zaak-log-1"}
    with DecisionLog(log_url) as log:
        a = rr.assess(p, case, key=KEY, log=log)
        assert len(log) == 1
        e = log.entry(1)
        assert (e.decision, e.role, e.subject, e.policy_id) == ("assessed", "regelruimte", a.case_ref, KWIJTSCHELDING)
        assert (e.letter, e.intent, e.tension) == (a.letter.verdict, a.intent.verdict, a.tension)
        stored = log.assessment(1)
        assert stored["letter"]["amount"] == "[niet gelogd: aanslag]", "a value of the case is left out, as in every entry"
        assert stored["provenance"] == json.loads(a.to_json())["provenance"]
        assert log.replay(1, case, key=KEY).reproduced is True, "the stored document is this assessment"
        assert log.verify().ok
        # the same log takes the person's decision on the same case afterwards
        d = log.record(a, decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
        assert [x.id for x in log.entries(subject=a.case_ref)] == [1, d.id]


def test_the_friction_report_counts_only_decisions(tmp_path: Path, policies: rr.PolicySet) -> None:
    a = blocked(policies)
    p = policies[KWIJTSCHELDING]
    with DecisionLog(tmp_path / "log.db") as log:
        for i in range(6):
            rr.assess(p, {"date": p.tests[0].date, "facts": p.test_facts(0), "id": f"zaak-{i}"}, key=KEY, log=log)
        assert log.friction().decisions == 0
        log.record(a, decision="signal", role="teamleider", reason="Signaal aan de regelmaker.")
        report = log.friction()
        assert report.decisions == 1
        assert report.policies[0].decided == {"signal": 1}


def test_without_a_log_assess_writes_nothing_and_with_a_bad_case_the_log_refuses(tmp_path: Path, policies: rr.PolicySet,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    p = policies[KWIJTSCHELDING]
    monkeypatch.delenv("REGELRUIMTE_PSEUDONYM_KEY", raising=False)
    with DecisionLog(tmp_path / "log.db") as log:
        with pytest.raises(rr.DecisionLogError, match="pseudonym"):
            rr.assess(p, {"date": p.tests[0].date, "facts": p.test_facts(0)}, log=log)
        assert len(log) == 0


@pytest.mark.parametrize("recorder", ["record", "batch"])
def test_a_person_cannot_record_assessed_as_their_decision(tmp_path: Path, policies: rr.PolicySet, recorder: str) -> None:
    a = blocked(policies)
    with DecisionLog(tmp_path / "log.db") as log:
        with pytest.raises(rr.DecisionLogError, match="not a decision"):
            if recorder == "record":
                log.record(a, decision="assessed", role="regelruimte", reason="Beoordeeld door regelruimte; nog geen besluit genomen.")
            else:
                with log.batch() as b:
                    b.record(a, decision="assessed", role="consulent", reason="x")
        assert len(log) == 0


def test_the_cli_logs_what_it_assesses(tmp_path: Path, policies: rr.PolicySet, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from regelruimte.cli import app

    p = policies[KWIJTSCHELDING]
    case = tmp_path / "zaak.json"
    case.write_text(json.dumps({"date": p.tests[0].date.isoformat(), "facts": {k: str(v) if not isinstance(v, bool) else v
                                                                              for k, v in p.test_facts(0).items()}, "id": "zaak-cli"}))
    monkeypatch.setenv("REGELRUIMTE_PSEUDONYM_KEY", KEY.decode() if isinstance(KEY, bytes) else KEY)
    db = tmp_path / "besluiten.db"
    result = CliRunner().invoke(app, ["assess", p.path, str(case), "--format", "json", "--log", str(db)])
    assert result.exit_code == 0, result.output
    with DecisionLog(db, create=False) as log:
        assert [e.decision for e in log.entries()] == ["assessed"]
