# SPDX-License-Identifier: EUPL-1.2
"""The review on the criteria of issue 15, one behaviour at a time: once-only per fact and with
freshness, a register that holds something related but not the fact, frequency against change
without a floor, the amount at stake compared like with like, doenvermogen, the specific request,
trust by default (in the review and in ``assess``), the route to escalate, the fix each finding
carries, and the before/after burden figure.

The small policies are the clean base of test_review.py with a few exact text replacements.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from test_review import BASE, BURDEN, CASES, HELD, INKOMEN_CHANGES, Mods, apply

import regelruimte as rr
from regelruimte.checks.findings import CODES, CRITERIA
from regelruimte.policy_review import review

RENT = ("verifies: [inkomen]", "verifies: [inkomen, woonlasten]")


@pytest.fixture
def make(tmp_path: Path) -> Callable[..., rr.Policy]:
    counter = iter(range(1000))

    def load(mods: Mods) -> rr.Policy:
        path = tmp_path / f"policy{next(counter)}.yaml"
        path.write_text(apply(mods, BASE), encoding="utf-8")
        return rr.load_policy(path)

    return load


def codes(p: rr.Policy) -> set[str]:
    return {f.code for f in review(p).findings}


def held(entry: str) -> tuple[str, str]:
    return (INKOMEN_CHANGES, f"    held_by: [{entry}]\n" + INKOMEN_CHANGES)


# -- C1-C10: each criterion has a finding code -------------------------------------------------------
def test_every_criterion_has_a_finding_code_and_a_source() -> None:
    assert {CODES[c][1] for c in CODES} >= {f"C{i}" for i in range(1, 11)}
    for i in range(1, 11):
        crit = CRITERIA[f"C{i}"]
        assert crit.citation and crit.url.startswith("https://")


def test_every_finding_carries_its_fix_in_dutch_and_english(make: Callable[..., rr.Policy]) -> None:
    for code, (trigger, _miss) in CASES.items():
        found = [f for f in review(make(trigger)).findings if f.code == code]
        assert found, code
        for f in found:
            assert f.fix_nl and f.fix_en and f.fix_nl != f.fix_en, code
            assert "{" not in f.fix_nl + f.fix_en, code
            assert f.fix("en") == f.fix_en and f.fix() == f.fix_nl
            assert f.criteria[0] == f.criterion.id


def test_a_fact_no_rule_uses_answers_c1_c2_and_c4(make: Callable[..., rr.Policy]) -> None:
    (f,) = [f for f in review(make(CASES["control-unused-facts"][0])).findings if f.code == "control-unused-facts"]
    assert f.criteria == ["C4", "C1", "C2"]
    assert f.fix_nl == "Vraag niet naar adres."


# -- C3: once-only per fact, for the moment the decision needs ------------------------------------------
def test_per_fact_the_held_part_is_reduced_with_its_fix(make: Callable[..., rr.Policy]) -> None:
    r = review(make([HELD, RENT]))
    (f,) = [f for f in r.findings if f.code == "control-partly-held"]
    assert f.fix_nl == "Vraag alleen woonlasten. Haal inkomen uit Suwinet."
    assert f.fix_en == "Ask only for woonlasten. Get inkomen from Suwinet."
    (v,) = r.controls
    assert v.verdict == "reduce" and v.explainable


@pytest.mark.parametrize(
    ("entry", "needed", "once_only"),
    [
        ("Suwinet", None, True),  # a bare name holds the fact today
        ("{register: Belastingdienst, as_of: previous_year}", None, False),  # last year's data for today's decision
        ("{register: Belastingdienst, as_of: previous_year}", "previous_year", True),  # last year's income, for last year
        ("{register: Suwinet, as_of: past_months}", "last_month", False),  # wages arrive weeks after the month
        ("{register: Suwinet, as_of: past_months}", "past_months", True),  # the reference period is in the register
        ("{register: eigen_administratie, as_of: current}", "two_years_ago", True),  # current data also cover the past
        ("{register: BRP, holds: de inschrijving, complete: false}", None, False),  # registration is not where someone lives
    ],
)
def test_a_register_counts_only_for_the_moment_it_holds(make: Callable[..., rr.Policy], entry: str, needed: str | None, once_only: bool) -> None:
    mods = [("    period: month\n    changes: monthly", f"    period: month\n    needed_as_of: {needed}\n    changes: monthly")] if needed else []
    mods.append(held(entry))
    assert ("control-once-only" in codes(make(mods))) is once_only


def test_a_stale_register_leaves_the_question_to_the_citizen(make: Callable[..., rr.Policy]) -> None:
    p = make([held("{register: Belastingdienst, as_of: previous_year}")])
    a = rr.assess(p, {"date": "2026-03-01", "facts": {"huishouden": "alleen"}})
    (q,) = [q for q in a.questions if q.fact == "inkomen"]
    assert (q.ask_citizen, q.held_by) == (True, [])
    (c,) = a.controls
    assert (c.needed, c.reason, c.registers, c.missing) == (True, "fact_missing", ["Belastingdienst"], ["inkomen"])
    fresh = rr.assess(make([HELD]), {"date": "2026-03-01", "facts": {"huishouden": "alleen"}})
    (q,) = [q for q in fresh.questions if q.fact == "inkomen"]
    assert (q.ask_citizen, q.held_by) == (False, ["Suwinet"])
    assert [(c.needed, c.reason) for c in fresh.controls] == [(False, "register")]


def test_a_register_check_is_how_once_only_is_done(make: Callable[..., rr.Policy]) -> None:
    assert "control-once-only" not in codes(make([HELD, ("kind: document", "kind: check")]))


# -- C2: frequency against change, no floor -------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "extra", "flagged"),
    [
        ("never", "    repeats: true\n", True),  # a yearly re-proof of what never changes
        ("rarely", "    repeats: true\n", True),
        ("yearly", "    repeats: true\n", False),
        ("never", "", False),  # once, at the application: not a re-proof
        ("never", "    repeats: false\n", False),
    ],
)
def test_a_yearly_re_proof_of_what_never_changes_is_too_frequent(make: Callable[..., rr.Policy], changes: str, extra: str, flagged: bool) -> None:
    p = make([("changes: monthly", f"changes: {changes}"), (BURDEN, BURDEN + "\n" + extra.rstrip("\n"))] if extra else [("changes: monthly", f"changes: {changes}")])
    assert ("control-too-frequent" in codes(p)) is flagged


def test_a_reapplication_repeats_by_its_kind(make: Callable[..., rr.Policy]) -> None:
    assert "control-too-frequent" in codes(make([("changes: monthly", "changes: rarely"), ("kind: document", "kind: reapplication")]))


def test_excess_period_reads_the_months_the_rule_needs(make: Callable[..., rr.Policy]) -> None:
    three = ("    period: month\n    changes: monthly", "    period: month\n    reference_months: 3\n    changes: monthly")
    assert "control-excess-period" not in codes(make([("covers_months: 1", "covers_months: 3"), three]))
    (f,) = [f for f in review(make([("covers_months: 1", "covers_months: 12"), three])).findings if f.code == "control-excess-period"]
    assert "naar 3 maanden kijkt" in f.nl and "looks at 3 months" in f.en and f.fix_nl == "Vraag alleen gegevens over 3 maanden."


# -- C5: the amount at stake, like with like ---------------------------------------------------------------
MONTHLY_FORM = (BURDEN, "burden: {minutes: 30, per_year: 12}")


@pytest.mark.parametrize(
    ("stake", "flagged"),
    [
        ("stake: {amount: \"100.00\", period: month}", False),  # EUR 90 a year against EUR 1,200 a year: 7.5%
        ("stake: {amount: \"100.00\", period: year}", True),  # EUR 90 a year against EUR 100 a year: 90%
        ("stake: {amount: \"100.00\", period: once}", False),  # a one-off amount weighs one occurrence: EUR 7.50 is 7.5%
        ("stake: {amount: \"30.00\", period: once}", True),  # EUR 7.50 of EUR 30: 25%
    ],
)
def test_burden_is_compared_like_with_like(make: Callable[..., rr.Policy], stake: str, flagged: bool) -> None:
    p = make([MONTHLY_FORM, ("applicants_per_year: 200\n", f"applicants_per_year: 200\n{stake}\n")])
    assert ("control-disproportionate-burden" in codes(p)) is flagged


def test_the_threshold_can_be_lowered(make: Callable[..., rr.Policy]) -> None:
    p = make([MONTHLY_FORM, ("applicants_per_year: 200\n", "applicants_per_year: 200\nstake: {amount: \"100.00\", period: month}\n")])
    assert "control-disproportionate-burden" in {f.code for f in review(p, burden_share=Decimal("0.05")).findings}


def test_a_once_stake_weighs_one_occurrence(make: Callable[..., rr.Policy]) -> None:
    p = make([(BURDEN, "burden: {minutes: 60, per_year: 1, out_of_pocket: \"25.00\"}"),
              ("applicants_per_year: 200\n", "applicants_per_year: 200\nstake: {amount: \"150.00\", period: once}\n")])
    (f,) = [f for f in review(p).findings if f.code == "control-disproportionate-burden"]
    assert "€ 40,00 per keer" in f.nl and "€ 150,00 eenmalig" in f.nl  # EUR 15 + EUR 25 against EUR 150: 27%
    r = review(p)
    assert (r.burden.stake_amount, r.burden.stake_period, r.burden.stake_from) == (Decimal("150.00"), "once", "policy")


def test_without_a_declared_stake_the_tests_give_a_yearly_amount(make: Callable[..., rr.Policy]) -> None:
    b = review(make([])).burden
    assert (b.stake_amount, b.stake_period, b.stake_from) == (Decimal("500.00"), "year", "tests")


def test_a_control_can_protect_its_own_amount(make: Callable[..., rr.Policy]) -> None:
    own = (BURDEN, "burden: {minutes: 420, per_year: 1}\n    stake: {amount: \"700.00\", period: month}")
    assert "control-disproportionate-burden" in codes(make(CASES["control-disproportionate-burden"][0]))
    assert "control-disproportionate-burden" not in codes(make([own]))  # EUR 105 against EUR 8,400 a year


# -- C6: doenvermogen ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("burden", "reason"),
    [
        ("{minutes: 10, channels: [digital]}", "alleen digitaal"),
        ("{minutes: 10, deadline_days: 13}", "13 dagen de tijd"),
        ("{minutes: 10, documents: 6}", "6 stukken"),
        ("{minutes: 10, third_party_documents: 2, deadline_days: 28}", "2 stukken van anderen"),
        ("{minutes: 10, third_party_documents: 1, deadline_days: 10}", "1 stukken van anderen"),
        ("{minutes: 10, out_of_pocket: \"25.00\"}", "kosten voor de burger (€ 25,00)"),
    ],
)
def test_what_a_person_under_stress_cannot_do(make: Callable[..., rr.Policy], burden: str, reason: str) -> None:
    (f,) = [f for f in review(make([(BURDEN, f"burden: {burden}")])).findings if f.code == "control-not-doable"]
    assert reason in f.nl and f.fix_nl


@pytest.mark.parametrize(
    "burden",
    [
        "{minutes: 10, channels: [digital, paper], deadline_days: 14, documents: 5, third_party_documents: 1}",
        "{minutes: 10, third_party_documents: 3, deadline_days: 28, offer_to_fetch: true}",  # the municipality fetches them
    ],
)
def test_a_doable_control(make: Callable[..., rr.Policy], burden: str) -> None:
    assert "control-not-doable" not in codes(make([(BURDEN, f"burden: {burden}")]))


def test_an_unannounced_visit_is_not_doable(make: Callable[..., rr.Policy]) -> None:
    visit = [("kind: document", "kind: visit"), (BURDEN, BURDEN + "\n    announced: false")]
    assert "control-not-doable" in codes(make(visit))
    assert "control-not-doable" not in codes(make([("kind: document", "kind: visit"), (BURDEN, BURDEN + "\n    announced: true")]))


# -- C8: a named item, not a generic one ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("asked", "generic"),
    [
        ("De ontbrekende gegevens.", True),
        ("Alle ontbrekende stukken waaruit de betaling blijkt.", True),
        ("Eventueel andere bewijsstukken waaruit blijkt dat u de toeslag nodig heeft.", True),
        ("Bewijzen van uw inkomen, vermogen en schulden.", True),
        ("Een bewijs dat u uw inkomen niet kunt verbeteren.", True),
        ("Alles wat u heeft over uw schulden.", True),
        ("Het afschrift van uw spaarrekening eindigend op 4821 over maart 2026.", False),
        ("Alle brieven van uw schuldeisers die u heeft, ook ongeopende.", False),  # 'alle', but the type is named
        ("Per jaar één bewijs (jaaropgave of bankafschrift) van alimentatie over 2023, 2024 en 2025.", False),
        ("Afschriften van alle bank- en spaarrekeningen over de laatste 12 maanden.", False),  # too much (C2), but named
    ],
)
def test_generic_requests(make: Callable[..., rr.Policy], asked: str, generic: bool) -> None:
    p = make([(BURDEN, f"{BURDEN}\n    request: \"{asked}\"")])
    assert ("control-generic-request" in codes(p)) is generic


def test_assess_names_the_missing_item_for_this_case(make: Callable[..., rr.Policy]) -> None:
    p = make([RENT, (BURDEN, f"{BURDEN}\n    request: Uw loonstrook van februari 2026 en de huurspecificatie van 2026.")])
    (c,) = rr.assess(p, {"date": "2026-03-01", "facts": {"huishouden": "alleen", "woonlasten": "400.00"}}).controls
    assert c.missing == ["inkomen"]
    assert c.request is not None and c.request.nl.startswith("Uw loonstrook van februari 2026")


# -- C9: trust by default, in the review and per case ----------------------------------------------------------
SIGNAL = (BURDEN, f"{BURDEN}\n    needed_without_signal: false\n    applies_to: inkomen > grens[huishouden] * 0.9")


@pytest.mark.parametrize(
    ("facts", "needed", "reason"),
    [
        ({"huishouden": "alleen", "inkomen": "950.00"}, True, "can_change_outcome"),  # the signal holds: the payslip can decide
        ({"huishouden": "alleen", "inkomen": "500.00"}, False, "no_signal"),  # far under the limit: trusted
        ({"huishouden": "alleen"}, False, "signal_unknown"),  # nothing known: trust by default
    ],
)
def test_a_control_on_a_signal_is_needed_only_when_it_holds(make: Callable[..., rr.Policy], facts: dict[str, str], needed: bool, reason: str) -> None:
    (c,) = rr.assess(make([SIGNAL]), {"date": "2026-03-01", "facts": facts}).controls
    assert (c.needed, c.reason) == (needed, reason)


def test_a_control_for_everyone_is_needed_as_before(make: Callable[..., rr.Policy]) -> None:
    (c,) = rr.assess(make([]), {"date": "2026-03-01", "facts": {"huishouden": "alleen", "inkomen": "500.00"}}).controls
    assert (c.needed, c.reason) == (False, "cannot_change_outcome")  # far under the limit: the payslip cannot matter


def test_applies_to_does_not_make_a_fact_used(make: Callable[..., rr.Policy]) -> None:
    p = make([("verifies: [inkomen]", "verifies: [inkomen]\n    applies_to: adres == \"Dorpsstraat 1\"")])
    assert "control-unused-facts" not in codes(p)
    q = make([("verifies: [inkomen]", "verifies: [adres]\n    applies_to: inkomen > 0")])
    assert "control-unused-facts" in codes(q)  # a signal is not a use by the regulation


# -- C10 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("on_missing", "flagged"), [("refusal", True), ("not_processed", True), ("full_recovery", True), ("suspension", True),
                                                     ("no_start", True), ("ask_again", False), ("decide_on_available", False), ("no_consequence", False)])
def test_a_hard_outcome_needs_a_route(make: Callable[..., rr.Policy], on_missing: str, flagged: bool) -> None:
    assert ("control-no-escalation" in codes(make([(BURDEN, f"{BURDEN}\n    on_missing: {on_missing}")]))) is flagged


# -- C1 and C7 for a control that asks nothing -------------------------------------------------------------------
def test_a_control_that_asks_nothing_needs_no_fact_and_no_why(make: Callable[..., rr.Policy]) -> None:
    nothing = [("verifies: [inkomen]", "verifies: []"), (BURDEN, "burden: {minutes: 0, per_year: 1}"),
               ("explanation: Wij vragen uw loonstrook om te zien hoeveel u verdient.", "explanation: U hoeft niets te sturen. Het CAK stuurt u de rekening.")]
    assert codes(make(nothing)) == set()
    assert {"control-verifies-nothing", "control-no-why"} <= codes(make([*nothing[:1], nothing[2]]))  # ten minutes: it asks something


# -- the before/after figure -----------------------------------------------------------------------------------------
def test_before_and_after_burden_for_the_whole_regulation(make: Callable[..., rr.Policy]) -> None:
    controls = BASE[BASE.index("controls:\n"):BASE.index("tests:\n")]
    new = """controls:
  - id: loonstrook
    title: Loonstrook en huur
    kind: document
    verifies: [inkomen, woonlasten]
    serves: [bestaanszekerheid]
    source: verordening
    explanation: Wij vragen uw loonstrook en huur om te zien wat u overhoudt.
    covers_months: 3
    burden: {minutes: 60, per_year: 1}
  - id: adres
    title: Bewijs van adres
    kind: document
    verifies: [adres]
    serves: [bestaanszekerheid]
    source: verordening
    explanation: Wij vragen uw adres om te zien waar u woont.
    burden: {minutes: 30, per_year: 1}
  - id: huishouden_elk_jaar
    title: Elk jaar een verklaring over het huishouden
    kind: declaration
    verifies: [huishouden]
    serves: [bestaanszekerheid]
    source: verordening
    explanation: Wij vragen wie bij u woont om te zien welke grens geldt.
    repeats: true
    burden: {minutes: 12, per_year: 4}
"""
    r = review(make([(controls, new), HELD]))
    v = {c.id: (c.verdict, c.minutes_per_year, c.minutes_per_year_after) for c in r.controls}
    # the income is held (ask only the rent: half the facts) and three months where the rule reads one: 60 x 1/2 x 1/3
    assert v["loonstrook"] == ("reduce", Decimal(60), Decimal(10))
    assert v["adres"] == ("remove", Decimal(30), Decimal(0))  # no rule uses the address
    assert v["huishouden_elk_jaar"] == ("reduce", Decimal(48), Decimal(6))  # four times a year for what rarely changes: 12 x 0.5
    b = r.burden
    assert (b.hours_per_applicant_per_year, b.hours_per_applicant_per_year_after) == (Decimal("2.30"), Decimal("0.27"))  # 138 and 16 minutes
    assert (b.hours_per_year, b.hours_per_year_after) == (Decimal("460.00"), Decimal("53.33"))
