# SPDX-License-Identifier: EUPL-1.2
"""The court-tested suite (issue 14, acceptance): example tests built from published rulings and
Nationale ombudsman reports, each citing its ECLI or report number; expected failures that say
why the library does not follow a ruling yet, and fail the run once it does; and the court score
that ``regelruimte test`` prints."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import regelruimte as rr
from regelruimte.cli import app
from regelruimte.model.policy import PolicyTest
from regelruimte.policy_tests import COURT_LEVELS, run_test

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
UTRECHT = POLICIES / "nl" / "utrecht" / "terugvordering_bijstand.yaml"
ECLI = re.compile(r"^ECLI:NL:(CRVB|RVS|HR|RB[A-Z]{2,4}|GHARL|GHSHE|GHAMS|GHDHA):\d{4}:[A-Z0-9]+$")
REPORT = re.compile(r"^(Rapport|rapport) \d{4}/\d{3}$")
RULING_URL = "https://uitspraken.rechtspraak.nl/details?id="
MIN_RULINGS = 30


def _court_tests() -> list[tuple[rr.Policy, int]]:
    out = []
    for p in rr.load_policies(POLICIES).values():
        src = p.all_sources
        out += [(p, i) for i, t in enumerate(p.tests) if t.source is not None and src[t.source].level in COURT_LEVELS]
    return out


COURT = _court_tests()


def test_the_suite_holds_at_least_thirty_rulings_and_reports() -> None:
    rulings = {p.all_sources[p.tests[i].source].ecli or p.all_sources[p.tests[i].source].reference for p, i in COURT}  # type: ignore[index]
    assert len(COURT) >= MIN_RULINGS, len(COURT)
    assert len(rulings) >= MIN_RULINGS, sorted(r or "?" for r in rulings)


@pytest.mark.parametrize(("policy", "index"), COURT, ids=[f"{p.id}#{i + 1:02d}" for p, i in COURT])
def test_every_ruling_test_cites_a_well_formed_ecli_or_report_number(policy: rr.Policy, index: int) -> None:
    test = policy.tests[index]
    src = policy.all_sources[test.source]  # type: ignore[index]
    if src.level == "rechtspraak":
        assert src.ecli is not None and ECLI.match(src.ecli), src.id
        assert src.url == RULING_URL + src.ecli, src.url
        assert src.ecli in src.citation, src.citation
    else:
        assert src.reference is not None and REPORT.match(src.reference), src.id
        number = src.reference.split()[-1]
        assert src.url.startswith("https://www.nationaleombudsman.nl/") and number.replace("/", "") in src.url.replace("/", ""), src.url
    # the note says whether the ruling's own text was read or only a summary
    note = (test.note or "").lower()
    assert "tekst gelezen" in note or "samenvatting" in note, test.name


def _marked(policy: rr.Policy, index: int, reason: str | None, **expect: Any) -> rr.Policy:
    t = policy.tests[index]
    changed = t.model_copy(update={"expected_failure": reason, "expect": t.expect.model_copy(update=expect)})
    tests = [changed if i == index else other for i, other in enumerate(policy.tests)]
    return rr.change_policy(policy, tests=tests)


def test_an_expected_failure_that_fails_is_reported_as_such_and_does_not_fail_the_run() -> None:
    policy = rr.load_policy(UTRECHT)
    marked = _marked(policy, 0, "The library does not weigh this yet.", amount="1.00")
    o = run_test(marked, 0)
    assert (o.matched, o.passed, o.status) == (False, True, "expected_failure")
    assert o.ruling == "ECLI:NL:CRVB:2024:2192"


def test_an_expected_failure_that_passes_is_an_error() -> None:
    policy = rr.load_policy(UTRECHT)
    o = run_test(_marked(policy, 0, "The library does not weigh this yet."), 0)
    assert (o.matched, o.passed, o.status) == (True, False, "unexpected_pass")
    assert any("expected_failure" in d for d in o.differences)


def test_the_reason_of_an_expected_failure_is_required_text() -> None:
    with pytest.raises(ValueError):
        PolicyTest.model_validate({"name": "x y z", "date": "2026-01-01", "expect": {"letter": "granted"}, "expected_failure": ""})


def test_room_no_room_and_proportionality_are_compared() -> None:
    policy = rr.load_policy(UTRECHT)
    o = run_test(_marked(policy, 0, None, room=["dringende_redenen"], no_room=True, proportionality="disproportionate"), 0)
    assert not o.matched
    kinds = {d.split(":")[0] for d in o.differences}
    assert {"room", "no room", "proportionality"} <= kinds, o.differences


def test_court_score_counts_followed_expected_failures_and_errors() -> None:
    policy = rr.load_policy(UTRECHT)
    before = rr.court_score(rr.run_tests(policy))
    outcomes = rr.run_tests(_marked(policy, 0, "The library does not weigh this yet.", amount="1.00"))
    score = rr.court_score(outcomes)
    court = [o for o in outcomes if o.ruling is not None]
    assert score.total == len(court) == before.total and score.failed == 0
    assert (score.followed, score.expected_failures) == (before.followed - 1, before.expected_failures + 1)
    assert score.sentence() == f"Getoetst aan rechtspraak: {score.followed} van {score.total} uitspraken gevolgd; {score.expected_failures} verwacht mislukt"
    assert score.sentence("en").startswith(f"Tested against case law: {score.followed} of {score.total} rulings followed")


def _write_marked(tmp_path: Path, reason: str, expect: dict[str, Any]) -> Path:
    data = yaml.safe_load(UTRECHT.read_text(encoding="utf-8"))
    data["tests"][0]["expected_failure"] = reason
    data["tests"][0]["expect"].update(expect)
    # the policy reads the vermogensgrens from the shared norms, next to it as in policies/nl
    norms = tmp_path / "nl" / "normen" / "participatiewet.yaml"
    norms.parent.mkdir(parents=True)
    norms.write_bytes((POLICIES / "nl" / "normen" / "participatiewet.yaml").read_bytes())
    path = tmp_path / "nl" / "utrecht" / "terugvordering_bijstand.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_regelruimte_test_prints_the_court_score_and_honours_expected_failures(tmp_path: Path) -> None:
    path = _write_marked(tmp_path, "The library does not weigh this yet.", {"amount": "1.00"})
    runner = CliRunner()
    result = runner.invoke(app, ["test", str(path)])
    assert result.exit_code == 0, result.output
    # Dutch by default: the status word too (it was XFAIL in both languages)
    assert result.output.startswith("verwacht mislukt ") and "verwacht mislukt: The library does not weigh this yet." in result.output
    assert "XFAIL" not in result.output and ", 1 verwacht mislukt" in result.output
    before = rr.court_score(rr.run_tests(rr.load_policy(UTRECHT)))
    line = f"Getoetst aan rechtspraak: {before.followed - 1} van {before.total} uitspraken gevolgd; {before.expected_failures + 1} verwacht mislukt"
    assert line in result.output, result.output
    en = runner.invoke(app, ["test", str(path), "--lang", "en"])
    assert "Tested against case law:" in en.output
    assert en.output.startswith("XFAIL ") and "expected to fail: The library does not weigh this yet." in en.output and ", 1 expected to fail" in en.output
    assert "verwacht" not in en.output
    data = json.loads(runner.invoke(app, ["test", str(path), "--format", "json"]).output)
    assert data["court"]["expected_failures"] == before.expected_failures + 1 and data["failed"] == 0
    assert data["tests"][0]["status"] == "expected_failure" and data["tests"][0]["ruling"] == "ECLI:NL:CRVB:2024:2192"


def test_regelruimte_test_fails_when_an_expected_failure_passes(tmp_path: Path) -> None:
    path = _write_marked(tmp_path, "The library does not weigh this yet.", {})
    result = CliRunner().invoke(app, ["test", str(path)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("onverwacht geslaagd "), result.output
    en = CliRunner().invoke(app, ["test", str(path), "--lang", "en"])
    assert en.exit_code == 1 and en.output.startswith("XPASS "), en.output


def test_the_bundled_suite_runs_and_every_failure_is_marked() -> None:
    outcomes = [o for p in rr.load_policies(POLICIES).values() for o in rr.run_tests(p)]
    score = rr.court_score(outcomes)
    assert score.failed == 0, [(o.policy_id, o.name, o.differences) for o in outcomes if o.ruling and not o.passed]
    assert score.total == len(COURT) and score.followed >= 1


def test_every_ruling_of_the_suite_is_listed_in_the_docs() -> None:
    listed = (ROOT / "docs" / "court-tested.md").read_text(encoding="utf-8")
    missing = set()
    for p, i in COURT:
        src = p.all_sources[p.tests[i].source]  # type: ignore[index]
        key = src.ecli or src.reference or src.id
        if f"| {key} |" not in listed:
            missing.add(key)
    assert not missing, sorted(missing)


def test_differences_are_said_in_both_languages_and_english_in_the_json(tmp_path: Path) -> None:
    """The differences of a failing test: English in ``differences`` (the JSON and pytest read it),
    Dutch or English through ``differences_in``."""
    path = _write_marked(tmp_path, "The library does not weigh this yet.", {"amount": "1.00"})
    (o,) = [o for o in rr.run_tests(rr.load_policy(path)) if o.expected_failure]
    assert o.differences == o.differences_in("en") and any(d.startswith("amount: expected 1.00, got ") for d in o.differences), o.differences
    assert any(d.startswith("bedrag: verwacht 1.00, uitkomst ") for d in o.differences_in("nl")), o.differences_in("nl")
    assert not any("expected" in d for d in o.differences_in("nl"))
    data = json.loads(CliRunner().invoke(app, ["test", str(path), "--format", "json"]).output)
    assert data["tests"][0]["differences"] == o.differences
