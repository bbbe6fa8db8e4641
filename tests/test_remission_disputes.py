# SPDX-License-Identifier: EUPL-1.2
"""The facts that decide real disputes about kwijtschelding (issue 14, point 6), on the bundled
Zuidplas policy: an earlier grant (history) in ``assess`` and not only in signals, and a refusal
after an unanswered request for a named document (Awb 4:5 lid 1 onder c; Nationale ombudsman
2017/104) that names that document in the citizen text, in Dutch and English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import regelruimte as rr

ROOT = Path(__file__).resolve().parent.parent
ZUIDPLAS = ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
POLICY = rr.load_policy(ZUIDPLAS)
DAY = "2026-03-01"
BASE: dict[str, Any] = POLICY.test_facts(0)
ITEMS = [v for v in POLICY.facts["ontbreekt_na_verzoek"].values or [] if v != "niets"]
# each missing item and words of the document it names, in the Dutch and the English letter
NAMED = {
    "bankafschriften": ("afschriften van al uw betaal- en spaarrekeningen", "statements of all your current and savings accounts"),
    "inkomensspecificaties": ("loonstroken of uitkeringsspecificaties", "payslips or benefit statements"),
    "taxatie_auto": ("taxatie of de aankoopnota van uw auto", "valuation or the purchase invoice"),
    "verklaring_onmisbare_auto": ("verklaring van uw arts of werkgever", "statement from your doctor or employer"),
    "woonlasten_zorgpolis": ("polis van uw zorgverzekering", "health insurance policy"),
}


def assess(**facts: Any) -> rr.Assessment:
    return rr.assess(POLICY, {"date": DAY, "facts": {**BASE, **facts}})


def test_every_item_the_municipality_can_ask_for_is_named() -> None:
    assert sorted(ITEMS) == sorted(NAMED)


@pytest.mark.parametrize("item", sorted(NAMED))
def test_an_unanswered_request_refuses_and_names_the_missing_item(item: str) -> None:
    a = assess(ontbreekt_na_verzoek=item)
    assert a.letter.verdict == "denied"
    failed = [r.id for r in a.letter.rules if r.result == "failed"]
    assert failed == [f"gestuurd_{item}"]
    nl, en = NAMED[item]
    assert nl in a.explain("nl") and en in a.explain("en")
    # the other items are not named: the letter says which one is missing, not 'the missing data'
    for other, (other_nl, _) in NAMED.items():
        if other != item:
            assert other_nl not in a.explain("nl"), other
    # Awb 4:5 says 'kan': the municipality may deal with the request anyway, and the room says so
    assert "toch_behandelen" in [o.id for o in a.discretion.options]


def test_without_a_named_request_a_missing_statement_is_no_refusal() -> None:
    # ombudsman 2017/104: the statement is missing, but the municipality never asked for it by name
    facts = {k: v for k, v in BASE.items() if k != "saldo"}
    a = rr.assess(POLICY, {"date": DAY, "facts": facts})
    assert a.letter.verdict == "undetermined"
    assert "saldo" in {q.fact for q in a.questions}


def test_nothing_missing_decides_as_before() -> None:
    a = assess()
    assert (a.letter.verdict, str(a.letter.amount)) == ("granted", "315.97")
    assert all(r.result == "passed" for r in a.letter.rules if r.id.startswith("gestuurd_"))


@settings(max_examples=30, deadline=None)
@given(before=st.booleans(), income=st.integers(min_value=120_000, max_value=160_000))
def test_a_grant_last_year_never_changes_this_years_letter(before: bool, income: int) -> None:
    # every year is assessed anew (Invorderingswet art. 26; Ombudsman Groningen 2021)
    amount = f"{income // 100}.{income % 100:02d}"
    with_history, without = assess(kwijtschelding_vorig_jaar=before, netto_inkomen=amount), assess(kwijtschelding_vorig_jaar=not before, netto_inkomen=amount)
    assert (with_history.letter.verdict, with_history.letter.amount) == (without.letter.verdict, without.letter.amount)
    assert with_history.intent.verdict == without.intent.verdict


def test_a_grant_last_year_is_used_in_assess_the_automatic_test_comes_first() -> None:
    def needed(a: rr.Assessment) -> set[str]:
        return {c.id for c in a.controls if c.needed}

    # the balance is not known yet: without a grant last year the bank statements are asked for;
    # after one, the automatic test (with the data of UWV, RDW and the Belastingdienst) comes first
    open_balance = {k: v for k, v in BASE.items() if k != "saldo"}
    first = rr.assess(POLICY, {"date": DAY, "facts": {**open_balance, "kwijtschelding_vorig_jaar": False}})
    again = rr.assess(POLICY, {"date": DAY, "facts": {**open_balance, "kwijtschelding_vorig_jaar": True}})
    assert "bankafschriften" in needed(first)
    assert "bankafschriften" not in needed(again) and "geautomatiseerde_toets" in needed(again)
    reasons = {c.id: c.reason for c in again.controls}
    assert reasons["bankafschriften"] == reasons["inkomensspecificaties"] == reasons["bewijs_woonlasten_zorgpolis"] == "no_signal"
    # the letter does not depend on it: both are undetermined until the balance is known
    assert first.letter.verdict == again.letter.verdict == "undetermined"


def test_the_signal_hands_the_history_to_the_assessment() -> None:
    (signal,) = [s for s in POLICY.signals if s.id == "kwijtschelding_volgend_jaar"]
    assert signal.then.facts["kwijtschelding_vorig_jaar"] == "true"
