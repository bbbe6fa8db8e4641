# SPDX-License-Identifier: EUPL-1.2
"""``review(policy)``: every reason code with a small policy that triggers it and one that does not,
justification, severities and ``--fail-on``, exact burden figures, the real kwijtschelding policy,
and the renders.

The small policies are made in the test from one clean base (``BASE``, no findings at all) with
a few exact text replacements, written to tmp_path and loaded with :func:`regelruimte.load_policy`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import regelruimte as rr
from regelruimte.checks.findings import CODES
from regelruimte.cli import app
from regelruimte.policy_review import Review, review

KWIJTSCHELDING = Path(__file__).resolve().parent.parent / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"

BASE = """\
id: reviewbasis
title: Reviewbasis
authority: Testgemeente
country: nl
version: "1"
valid_from: 2026-01-01
valid_until: 2027-01-01
summary: Een kleine regeling om de toets van controles te testen.
applicants_per_year: 200
sources:
  - id: verordening
    citation: Testverordening, art. 1
    level: verordening
    url: https://example.org/verordening
    verified: text
  - id: beleid
    citation: Beleidsregels test, art. 2
    level: beleidsregel
    url: https://example.org/beleid
    verified: text
facts:
  inkomen:
    type: money
    period: month
    changes: monthly
    description: Netto inkomen per maand.
    question: Hoeveel netto inkomen heeft u per maand?
    minimum: 0
  huishouden:
    type: enum
    values: [alleen, samen]
    changes: rarely
    description: Samenstelling van het huishouden.
  woonlasten:
    type: money
    period: month
    changes: yearly
    description: Huur per maand.
    minimum: 0
  adres:
    type: text
    description: Het adres.
parameters:
  grens:
    type: money
    description: Inkomensgrens per huishouden.
    source: verordening
    keys: [alleen, samen]
    values:
      - from: 2026-01-01
        value: {alleen: "1000.00", samen: "1500.00"}
  bedrag:
    type: money
    description: Het bedrag.
    source: verordening
    values:
      - from: 2026-01-01
        value: "500.00"
purposes:
  - id: bestaanszekerheid
    title: Bestaanszekerheid
    description: Wie weinig heeft, krijgt hulp.
    source: verordening
    test: inkomen - woonlasten <= grens[huishouden]
rules:
  - id: inkomen_onder_grens
    text: Uw inkomen is niet hoger dan de grens.
    condition: inkomen <= grens[huishouden]
    source: verordening
    serves: [bestaanszekerheid]
outcome:
  granted: toegekend
  denied: afgewezen
  amount: bedrag
discretion:
  - id: hardheid
    title: Hardheidsclausule
    kind: hardheidsclausule
    source: verordening
    sets_aside: [inkomen_onder_grens]
    when: Als de regel onredelijk uitpakt.
    decided_by: college
controls:
  - id: loonstrook
    title: Loonstrook
    kind: document
    verifies: [inkomen]
    serves: [bestaanszekerheid]
    source: verordening
    explanation: Wij vragen uw loonstrook om te zien hoeveel u verdient.
    covers_months: 1
    burden: {minutes: 10, per_year: 1}
tests:
  - name: Onder de grens
    date: 2026-03-01
    facts: {inkomen: "900.00", huishouden: alleen, woonlasten: "0"}
    expect: {letter: granted, amount: "500.00", intent: served}
"""

Mods = list[tuple[str, str]]

# anchors in BASE
CONTROL_SERVES = ("    serves: [bestaanszekerheid]\n    source: verordening\n    explanation:", "    source: verordening\n    explanation:")
CONTROL_SOURCE = ("    source: verordening\n    explanation:", "    explanation:")
EXPLANATION = "    explanation: Wij vragen uw loonstrook om te zien hoeveel u verdient.\n"
INKOMEN_CHANGES = "    changes: monthly\n    description: Netto inkomen per maand.\n"
HELD = (INKOMEN_CHANGES, "    held_by: [Suwinet]\n" + INKOMEN_CHANGES)
HELD_LAST_YEAR = (INKOMEN_CHANGES, "    held_by: [{register: Belastingdienst, holds: inkomen over het vorige jaar, as_of: previous_year}]\n" + INKOMEN_CHANGES)
BURDEN = "burden: {minutes: 10, per_year: 1}"
DISCRETION = """discretion:
  - id: hardheid
    title: Hardheidsclausule
    kind: hardheidsclausule
    source: verordening
    sets_aside: [inkomen_onder_grens]
    when: Als de regel onredelijk uitpakt.
    decided_by: college
"""
RULE_SOURCE = "    condition: inkomen <= grens[huishouden]\n    source: verordening\n"
SECOND_RULE = """  - id: huishouden_bekend
    text: Wij weten hoe uw huishouden is samengesteld.
    condition: huishouden in ["alleen", "samen"]
    source: verordening
{serves}outcome:
"""
SECOND_PURPOSE = """  - id: zelfredzaamheid
    title: Zelfredzaamheid
    description: Wie hulp krijgt, kan weer zelf rondkomen.
    source: verordening
    test: inkomen > 0
rules:
"""
NOT_B1 = ("    explanation: Teneinde de rechtmatigheid van de verstrekking van de onderhavige voorziening adequaat te kunnen beoordelen, verzoeken wij "
          "u vriendelijk doch dringend om overlegging van bescheiden aangaande uw inkomsten uit arbeid en daarmee gelijkgestelde "
          "inkomensbestanddelen.\n")

# code: (replacements that trigger it, replacements for a near miss that does not)
CASES: dict[str, tuple[Mods, Mods]] = {
    "control-no-purpose": ([CONTROL_SERVES], []),
    "control-no-legal-basis": ([CONTROL_SOURCE], []),
    "control-verifies-nothing": ([("verifies: [inkomen]", "verifies: []")], []),
    "control-unused-facts": ([("verifies: [inkomen]", "verifies: [inkomen, adres]")],
                             [("verifies: [inkomen]", "verifies: [woonlasten]")]),  # used by the purpose test only
    # per fact: the register holds the income, not the rent; a register that holds last year's income does not count for today's
    "control-partly-held": ([HELD, ("verifies: [inkomen]", "verifies: [inkomen, woonlasten]")],
                            [HELD_LAST_YEAR, ("verifies: [inkomen]", "verifies: [inkomen, woonlasten]")]),
    "control-no-explanation": ([(EXPLANATION, "")], []),
    "control-not-b1": ([(EXPLANATION, NOT_B1)], []),
    "control-no-why": ([(EXPLANATION, "    explanation: Stuur uw loonstrook van deze maand mee.\n")], []),
    "control-once-only": ([HELD], [HELD, ("kind: document", "kind: consent")]),  # consent to look it up is once-only done right
    "control-excess-period": ([("covers_months: 1", "covers_months: 3")],
                              [("covers_months: 1", "covers_months: 12"), ("    period: month\n    changes: monthly", "    period: year\n    changes: monthly")]),
    "control-extra-data": ([(BURDEN, BURDEN + "\n    also_collects: [De naam en omschrijving bij elke uitgave]")],
                           [(BURDEN, BURDEN + "\n    also_collects: []")]),
    "control-not-doable": ([(BURDEN, "burden: {minutes: 10, per_year: 1, deadline_days: 7, channels: [digital, paper]}")],
                           [(BURDEN, "burden: {minutes: 10, per_year: 1, deadline_days: 14, channels: [digital, paper]}")]),
    "control-generic-request": ([(BURDEN, BURDEN + "\n    request: De ontbrekende gegevens.")],
                                [(BURDEN, BURDEN + "\n    request: Uw loonstrook van februari 2026.")]),
    "control-distrust": ([(BURDEN, BURDEN + "\n    needed_without_signal: false")],
                         [(BURDEN, BURDEN + "\n    needed_without_signal: false\n    applies_to: inkomen > grens[huishouden] * 0.9")]),
    "control-no-escalation": ([(BURDEN, BURDEN + "\n    on_missing: refusal")],
                              [(BURDEN, BURDEN + "\n    on_missing: refusal\n    escalation: Lukt het niet? Een medewerker vraagt het zelf op, met uw toestemming.")]),
    "control-too-frequent": ([(BURDEN, "burden: {minutes: 10, per_year: 4}"), ("changes: monthly", "changes: yearly")],
                             [(BURDEN, "burden: {minutes: 10, per_year: 12}")]),  # a monthly payslip for a monthly income
    # the amount at stake is EUR 500 a year (the median granted amount of the tests, no stake declared); 20% is EUR 100; an hour is EUR 15
    "control-disproportionate-burden": ([(BURDEN, "burden: {minutes: 420, per_year: 1}")],  # EUR 105
                                        [(BURDEN, "burden: {minutes: 400, per_year: 1}")]),  # EUR 100
    "rule-no-purpose": ([("outcome:\n", SECOND_RULE.format(serves=""))],
                        [("outcome:\n", SECOND_RULE.format(serves="    serves: [bestaanszekerheid]\n"))]),
    "purpose-no-rule": ([("rules:\n", SECOND_PURPOSE)],
                        [("rules:\n", SECOND_PURPOSE), ("    serves: [bestaanszekerheid]\noutcome:", "    serves: [bestaanszekerheid, zelfredzaamheid]\noutcome:")]),
    "purpose-no-test": ([("    test: inkomen - woonlasten <= grens[huishouden]\n", "")], []),
    "cliff-edge": ([(DISCRETION, "")],
                   [(DISCRETION, ""), (RULE_SOURCE, RULE_SOURCE + "    no_room:\n      reason: De verordening weegt dit zelf.\n      source: verordening\n")]),
    "beleidsregel-no-deviation": ([(RULE_SOURCE, RULE_SOURCE.replace("verordening", "beleid"))],
                                  [(RULE_SOURCE, RULE_SOURCE.replace("verordening", "beleid")), ("kind: hardheidsclausule", "kind: beleidsregel_afwijking")]),
    "test-failing": ([('expect: {letter: granted, amount: "500.00"', 'expect: {letter: denied, amount: "500.00"')],
                     [('expect: {letter: granted, amount: "500.00"', 'expect: {letter: granted, amount: "500.00", tension: aligned')]),
    "test-expected-failure": ([('expect: {letter: granted, amount: "500.00"', 'expected_failure: De rechter rekent anders dan de regeling.\n    expect: {letter: denied, amount: "500.00"')],
                              [('expect: {letter: granted, amount: "500.00"', 'expect: {letter: granted, amount: "500.00", tension: aligned')]),
    "source-unverified": ([("url: https://example.org/verordening\n    verified: text", "url: https://example.org/verordening\n    verified: \"no\"")],
                          [("url: https://example.org/verordening\n    verified: text", "url: https://example.org/verordening\n    verified: secondary")]),
}


def apply(mods: Mods, base: str = BASE) -> str:
    text = base
    for old, new in mods:
        assert text.count(old) == 1, f"anchor not unique or missing: {old!r}"
        text = text.replace(old, new)
    return text


@pytest.fixture
def make(tmp_path: Path) -> Callable[..., rr.Policy]:
    counter = iter(range(1000))

    def load(mods: Mods, base: str = BASE) -> rr.Policy:
        path = tmp_path / f"policy{next(counter)}.yaml"
        path.write_text(apply(mods, base), encoding="utf-8")
        return rr.load_policy(path)

    return load


def codes(r: Review) -> set[str]:
    return {f.code for f in r.findings}


@pytest.fixture(scope="module")
def kw() -> rr.Policy:
    return rr.load_policy(KWIJTSCHELDING)


@pytest.fixture(scope="module")
def kw_review(kw: rr.Policy) -> Review:
    return review(kw)


# -- every reason code -----------------------------------------------------------------------------
def test_every_reason_code_has_a_trigger_and_a_near_miss() -> None:
    assert set(CASES) == set(CODES), "a reason code without a test (or a test for a code that no longer exists)"


def test_the_base_policy_is_clean(make: Callable[..., rr.Policy]) -> None:
    r = review(make([]))
    assert r.findings == []
    assert [(v.id, v.verdict, v.explainable) for v in r.controls] == [("loonstrook", "sound", True)]
    assert r.worst() is None


@pytest.mark.parametrize("code", sorted(CODES))
def test_reason_code(make: Callable[..., rr.Policy], code: str) -> None:
    trigger, near_miss = CASES[code]
    hit = review(make(trigger))
    assert code in codes(hit)
    severity = CODES[code][0]
    found = [f for f in hit.findings if f.code == code]
    assert all(f.severity == severity and f.justified is None for f in found)
    assert all(f.nl and f.en and "{" not in f.nl and "{" not in f.en for f in found)  # every placeholder filled
    assert all(f.criterion.id == CODES[code][1] for f in found)
    miss = review(make(near_miss))
    assert code not in codes(miss)


@pytest.mark.parametrize(
    ("code", "element", "text"),
    [
        ("control-unused-facts", "controls.loonstrook", "adres"),
        ("control-once-only", "controls.loonstrook", "(Suwinet)"),
        ("control-excess-period", "controls.loonstrook", "3 maanden gegevens, terwijl de regel naar één maand kijkt"),
        ("control-too-frequent", "controls.loonstrook", "4 keer per jaar"),
        ("control-disproportionate-burden", "controls.loonstrook", "(€ 105,00 per jaar: 420 minuten, 1 keer)"),
        ("control-partly-held", "controls.loonstrook", "een deel van deze gegevens al: inkomen (Suwinet)"),
        ("control-not-doable", "controls.loonstrook", "7 dagen de tijd"),
        ("control-generic-request", "controls.loonstrook", "'De ontbrekende gegevens'"),
        ("control-no-escalation", "controls.loonstrook", "een afwijzing"),
        ("control-not-b1", "controls.loonstrook", "long-sentence"),
        ("rule-no-purpose", "rules.huishouden_bekend", "geen genoemd doel"),
        ("purpose-no-rule", "purposes.zelfredzaamheid", "Geen regel dient dit doel."),
        ("cliff-edge", "rules.inkomen_onder_grens", "harde grens"),
        ("beleidsregel-no-deviation", "rules.inkomen_onder_grens", "Awb 4:84"),
        ("test-failing", "tests[0]", "letter: expected denied, got granted"),
        ("test-expected-failure", "tests[0]", "De rechter rekent anders dan de regeling."),
        ("source-unverified", "sources.verordening", "niet gecontroleerd"),
    ],
)
def test_findings_name_the_element_and_the_reason(make: Callable[..., rr.Policy], code: str, element: str, text: str) -> None:
    (f,) = [f for f in review(make(CASES[code][0])).findings if f.code == code]
    assert f.element == element
    assert text in f.nl


def test_verdicts_follow_the_worst_kind_of_finding(make: Callable[..., rr.Policy]) -> None:
    def verdict(mods: Mods) -> str:
        (v,) = review(make(mods)).controls
        return v.verdict

    assert verdict(CASES["control-once-only"][0]) == "remove"
    assert verdict([("verifies: [inkomen]", "verifies: [adres]")]) == "remove"  # nothing it asks is used
    assert verdict(CASES["control-unused-facts"][0]) == "reduce"  # the income is used: ask only that
    assert verdict(CASES["control-partly-held"][0]) == "reduce"  # ask only the rent
    assert verdict(CASES["control-not-doable"][0]) == "reduce"
    assert verdict(CASES["control-distrust"][0]) == "reduce"
    assert verdict(CASES["control-generic-request"][0]) == "rewrite"
    assert verdict(CASES["control-no-escalation"][0]) == "rewrite"
    assert verdict(CASES["control-excess-period"][0]) == "reduce"
    assert verdict(CASES["control-disproportionate-burden"][0]) == "reduce"
    assert verdict(CASES["control-no-why"][0]) == "rewrite"
    assert verdict(CASES["control-no-explanation"][0]) == "rewrite"
    assert verdict(CASES["control-once-only"][0] + CASES["control-excess-period"][0]) == "remove"  # remove beats reduce
    assert verdict(CASES["control-excess-period"][0] + CASES["control-no-why"][0]) == "reduce"  # reduce beats rewrite
    (v,) = review(make(CASES["control-no-why"][0])).controls
    assert v.explainable is False
    (v,) = review(make(CASES["control-excess-period"][0])).controls
    assert v.explainable is True  # it asks too much, but the reason can be explained


def test_findings_are_sorted_by_severity_then_element(make: Callable[..., rr.Policy]) -> None:
    r = review(make(CASES["control-no-explanation"][0] + CASES["source-unverified"][0] + CASES["cliff-edge"][0] + CASES["control-excess-period"][0]))
    keys = [({"error": 0, "warning": 1, "info": 2}[f.severity], f.element, f.code) for f in r.findings]
    assert keys == sorted(keys)
    assert [f.severity for f in r.findings] == ["error", "warning", "warning", "info"]


# -- justification, severities, --fail-on ----------------------------------------------------------
def test_justification_downgrades_findings_to_info(make: Callable[..., rr.Policy]) -> None:
    reason = "De Suwinet-gegevens lopen drie maanden achter; de loonstrook is actueel."
    mods = CASES["control-once-only"][0] + CASES["control-excess-period"][0] + [
        ("    covers_months: 3\n", f"    covers_months: 3\n    justification: {reason}\n")]
    r = review(make(mods))
    found = [f for f in r.findings if f.element == "controls.loonstrook"]
    assert {f.code for f in found} == {"control-once-only", "control-excess-period"}
    assert all(f.severity == "info" and f.justified == reason for f in found)  # kept, visible, marked
    (v,) = r.controls
    assert (v.verdict, v.explainable) == ("sound", True)
    assert set(v.findings) == {"control-once-only", "control-excess-period"}
    assert r.worst() == "info"
    assert r.counts() == {"error": 0, "warning": 0, "info": 2}
    assert r.burden.hours_saved_per_year == Decimal("0.00")  # a justified control is not counted as removable
    assert "(verantwoord)" in r.to_markdown()


def test_worst_severity(make: Callable[..., rr.Policy]) -> None:
    assert review(make([])).worst() is None
    assert review(make(CASES["source-unverified"][0])).worst() == "info"
    assert review(make(CASES["source-unverified"][0] + CASES["cliff-edge"][0])).worst() == "warning"
    assert review(make(CASES["source-unverified"][0] + CASES["cliff-edge"][0] + CASES["test-failing"][0])).worst() == "error"
    r = review(make(CASES["cliff-edge"][0] + CASES["test-failing"][0]))
    assert r.counts() == {"error": 1, "warning": 1, "info": 0}


@pytest.mark.parametrize(
    ("mods", "fail_on", "exit_code"),
    [
        ([], "error", 0),
        ([], "warning", 0),
        (CASES["source-unverified"][0], "warning", 0),  # info never fails
        (CASES["cliff-edge"][0], "error", 0),
        (CASES["cliff-edge"][0], "warning", 1),
        (CASES["cliff-edge"][0], "never", 0),
        (CASES["test-failing"][0], "error", 1),
        (CASES["test-failing"][0], "never", 0),
    ],
)
def test_cli_fail_on(tmp_path: Path, mods: Mods, fail_on: str, exit_code: int) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(apply(mods), encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(path), "--format", "json", "--fail-on", fail_on])
    assert result.exit_code == exit_code, result.output
    [data] = json.loads(result.stdout)
    assert data["policy_id"] == "reviewbasis"


def test_cli_fail_on_kwijtschelding() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["review", str(KWIJTSCHELDING), "--format", "markdown"]).exit_code == 0  # default: errors only
    assert runner.invoke(app, ["review", str(KWIJTSCHELDING), "--format", "markdown", "--fail-on", "warning"]).exit_code == 1


# -- burden figures -------------------------------------------------------------------------------
CONTROLS_BLOCK = BASE[BASE.index("controls:\n"):BASE.index("tests:\n")]
BURDEN_CONTROLS = """controls:
  - id: loonstrook
    title: Loonstrook
    kind: document
    verifies: [inkomen]
    serves: [bestaanszekerheid]
    source: verordening
    explanation: Wij vragen uw loonstrook om te zien hoeveel u verdient.
    burden: {minutes: 30, per_year: 1}
  - id: huurbewijs
    title: Huurbewijs
    kind: document
    verifies: [woonlasten]
    serves: [bestaanszekerheid]
    source: verordening
    explanation: Wij vragen uw huurbewijs om te zien hoeveel huur u betaalt.
    burden: {minutes: 20, per_year: "2.5"}
  - id: verklaring
    title: Verklaring huishouden
    kind: declaration
    verifies: [huishouden]
    serves: [bestaanszekerheid]
    source: verordening
    explanation: Wij vragen wie bij u woont om te zien welke grens geldt.
    burden: {minutes: 7, per_year: 1, out_of_pocket: "12.50"}
  - id: zonder_last
    title: Zonder last
    kind: check
    verifies: [inkomen]
    serves: [bestaanszekerheid]
    source: verordening
    explanation: Wij kijken zelf in het register om te zien wat u verdient.
"""


def test_burden_figures_are_exact(make: Callable[..., rr.Policy]) -> None:
    # the payslip is removable: the income is held by Suwinet (a document, not a check); the rent
    # proof 2.5 times a year is not too frequent for a rent that may change monthly
    monthly_rent = ("    changes: yearly\n    description: Huur per maand.", "    changes: monthly\n    description: Huur per maand.")
    r = review(make([(CONTROLS_BLOCK, BURDEN_CONTROLS), HELD, monthly_rent]))
    # the declaration costs EUR 12.50: any cost is hard to bear on a minimum income (C6)
    assert {v.id: v.verdict for v in r.controls} == {"loonstrook": "remove", "huurbewijs": "sound", "verklaring": "reduce", "zonder_last": "sound"}
    assert {v.id: v.minutes_per_year for v in r.controls} == {"loonstrook": 30, "huurbewijs": 50, "verklaring": 7, "zonder_last": 0}
    b = r.burden
    assert b.hours_per_application == Decimal("0.95")  # (30 + 20 + 7) / 60
    assert b.hours_per_applicant_per_year == Decimal("1.45")  # (30 + 20 x 2.5 + 7) / 60
    assert b.applicants_per_year == 200
    assert b.hours_per_year == Decimal("290.00")  # 1.45 x 200
    assert b.hours_saved_per_year == Decimal("100.00")  # 30 / 60 x 200
    assert b.out_of_pocket_per_applicant == Decimal("12.50")
    for value in (b.hours_per_application, b.hours_per_applicant_per_year, b.hours_per_year, b.hours_saved_per_year):
        assert isinstance(value, Decimal) and value.as_tuple().exponent == -2


def test_burden_without_population(make: Callable[..., rr.Policy]) -> None:
    b = review(make([("applicants_per_year: 200\n", "")])).burden
    assert (b.applicants_per_year, b.hours_per_year, b.hours_saved_per_year) == (None, None, None)
    assert b.hours_per_application == Decimal("0.17")  # 10 / 60, to whole cents


# -- the real policy ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("control", "verdict", "findings"),
    [
        # the registers hold the balance of last 31 December, not today's: asked, but one month is enough
        ("bankafschriften", "reduce", {"control-excess-period"}),
        # the expected income is read from the months before the request, which the polisadministratie holds
        ("inkomensspecificaties", "remove", {"control-once-only", "control-excess-period"}),
        ("geautomatiseerde_toets", "sound", set()),  # consent for the automatic check is how once-only is done
        ("taxatie_auto", "reduce", {"control-distrust"}),  # every car owner, while the value matters only near the limit
        ("bewijs_woonlasten_zorgpolis", "sound", set()),
        ("verklaring_onmisbare_auto", "sound", set()),  # asked only for a car above the limit (applies_to)
    ],
)
def test_kwijtschelding_controls(kw_review: Review, control: str, verdict: str, findings: set[str]) -> None:
    v = next(v for v in kw_review.controls if v.id == control)
    assert v.verdict == verdict
    assert set(v.findings) == findings
    assert v.explainable == (verdict != "remove")


def test_kwijtschelding_policy_findings(kw_review: Review) -> None:
    assert kw_review.worst() == "warning"
    assert kw_review.counts()["error"] == 0
    assert {f.element for f in kw_review.findings} == {"controls.bankafschriften", "controls.inkomensspecificaties", "controls.taxatie_auto"}
    bank = next(f for f in kw_review.findings if f.element == "controls.bankafschriften")
    assert bank.criterion.id == "C2" and bank.fix_nl == "Vraag alleen gegevens over één maand."
    (once,) = [f for f in kw_review.findings if f.code == "control-once-only"]
    assert once.element == "controls.inkomensspecificaties" and once.criterion.id == "C3"
    assert "Inlichtingenbureau: loon en uitkeringen per maand" in once.nl  # what the register holds, so the reader can judge
    assert once.fix_nl == "Vraag dit niet. Haal netto_inkomen uit Inlichtingenbureau, UWV."


def test_kwijtschelding_burden(kw_review: Review) -> None:
    b = kw_review.burden
    # minutes 5 + 30 + 20 + 45 + 60 + 20 = 180, each once a year, 500 applicants
    assert (b.hours_per_application, b.hours_per_applicant_per_year, b.applicants_per_year, b.hours_per_year) == (
        Decimal("3.00"), Decimal("3.00"), 500, Decimal("1500.00"))
    assert b.hours_saved_per_year == Decimal("166.67")  # the payslips: 20 / 60 x 500
    # after the fixes: no payslips, one month of statements (30 x 1/2): 180 - 20 - 15 = 145 minutes
    assert (b.hours_per_applicant_per_year_after, b.hours_per_year_after) == (Decimal("2.42"), Decimal("1208.33"))
    assert (b.stake_amount, b.stake_period, b.stake_from) == (Decimal("315.97"), "year", "policy")
    assert b.out_of_pocket_per_applicant == Decimal("0.00")


def test_kwijtschelding_review_is_reproducible(kw: rr.Policy, kw_review: Review) -> None:
    assert review(kw).to_json() == kw_review.to_json()
    data = json.loads(kw_review.to_json())
    assert data["policy_sha256"] == kw.sha256
    assert data["policy_id"] == "kwijtschelding_afvalstoffenheffing"
    assert repr(kw_review) == "<Review kwijtschelding_afvalstoffenheffing@2026.1 errors=0 warnings=4 info=0>"


def test_assessment_and_review_agree_on_explainability(kw: rr.Policy, kw_review: Review) -> None:
    a = rr.assess(kw, {"date": "2026-03-01", "facts": kw.test_facts(0)})
    assert {c.id: c.explainable for c in a.controls} == {v.id: v.explainable for v in kw_review.controls}


# -- renders --------------------------------------------------------------------------------------
class Checker(HTMLParser):
    VOID = {"meta", "br", "link", "img", "hr", "input", "col", "wbr", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.after_table: list[str] = []
        self._table = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if self._table:
            self.after_table.append(tag)
            self._table = False
        self._table = tag == "table"
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack}")
        else:
            self.stack.pop()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_review_html_is_well_formed(kw_review: Review, lang: str) -> None:
    html = kw_review.to_html(lang=lang)
    c = Checker()
    c.feed(html)
    c.close()
    assert c.errors == [] and c.stack == []
    assert ("html", {"lang": lang}) in c.tags
    assert not any(t == "script" for t, _ in c.tags)
    tables = sum(t == "table" for t, _ in c.tags)
    assert tables >= 2 and c.after_table == ["caption"] * tables
    assert all(a.get("scope") in ("col", "row") for t, a in c.tags if t == "th")
    for control in KW_TITLES:
        assert control in html


KW_TITLES = [
    "Toestemming voor de automatische toets",
    "Bankafschriften van alle rekeningen over de laatste twee maanden",
    "Loonstroken of uitkeringsspecificaties van de laatste drie maanden",
    "Kentekenbewijs en taxatie of aankoopnota van de auto",
    "Verklaring van een arts of werkgever dat de auto onmisbaar is",
    "Huurspecificatie, zorgpolis en toeslagbeschikkingen",
]


def test_review_markdown_contains_each_control(kw_review: Review) -> None:
    md = kw_review.to_markdown()
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    for title in KW_TITLES:
        assert any(row.startswith(f"| {title} |") for row in rows), title
    assert "| Bankafschriften van alle rekeningen over de laatste twee maanden | beperken: vraagt te veel |" in md
    assert "| Verklaring van een arts of werkgever dat de auto onmisbaar is | in orde | — |" in md
    assert "| Kwijtschelding afvalstoffenheffing Zuidplas | 0 | 4 | 3,0 | 1.500 | 167 |" in md  # hours as Dutch numbers
    assert "| Kwijtschelding afvalstoffenheffing Zuidplas | 3,0 | 2,4 | 1.500 | 1.208 |" in md  # before and after the fixes
    assert "| Bankafschriften van alle rekeningen over de laatste twee maanden | Vraag alleen gegevens over één maand. |" in md
    en = kw_review.to_markdown(lang="en")
    assert "reduce: asks too much" in en and "Ask only for data over one month." in en and "What to do" in en
    assert "| Kwijtschelding afvalstoffenheffing Zuidplas | 3.0 | 2.4 | 1,500 | 1,208 |" in en


def test_review_escapes_policy_text(make: Callable[..., rr.Policy]) -> None:
    r = review(make(CASES["control-once-only"][0] + [("title: Loonstrook\n", "title: 'Loonstrook <script>x</script> & <b>meer</b>'\n")]))
    html = r.to_html()
    assert "<script>" not in html and "<b>" not in html
    assert "Loonstrook &lt;script&gt;x&lt;/script&gt; &amp; &lt;b&gt;meer&lt;/b&gt;" in html


def test_review_rich_and_mimebundle(kw_review: Review) -> None:
    from rich.console import Console

    console = Console(width=120, record=True, file=io.StringIO())
    console.print(kw_review)
    text = console.export_text()
    assert "Bankafschriften van alle rekeningen" in text and "beperken: vraagt" in text  # the columns wrap
    assert "Wat te doen" in text and "na de verbeteringen" in text
    full = kw_review._repr_mimebundle_()
    assert set(full) == {"text/plain", "text/html", "text/markdown"}
    assert full["text/plain"] == repr(kw_review)
    assert set(kw_review._repr_mimebundle_(include={"text/markdown"})) == {"text/markdown"}
    assert set(kw_review._repr_mimebundle_(exclude={"text/html"})) == {"text/plain", "text/markdown"}
