# SPDX-License-Identifier: EUPL-1.2
"""Issue 14 point 3: the distance sentence names the limit and the side of it the case is on,
whichever way the rule is written, and never reads "above the limit" for a case below it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import regelruimte as rr
from regelruimte.money import format_money

ROOT = Path(__file__).resolve().parent.parent
ROTTERDAM = ROOT / "policies" / "nl" / "rotterdam" / "bijzondere_bijstand.yaml"
OSS = ROOT / "policies" / "nl" / "oss" / "meedoen_is_belangrijk.yaml"
SAY = {"nl": ("U zit", "boven de grens", "onder de grens"), "en": ("You are", "above the limit", "below the limit")}


def _swapped(policy: rr.Policy, rule_id: str, condition: str) -> rr.Policy:
    """The same rule written with the limit on the left (an equivalent condition)."""
    rules = [r.model_copy(update={"condition": condition}) if r.id == rule_id else r for r in policy.rules]
    return rr.change_policy(policy, rules=rules)


def _assess(policy: rr.Policy, index: int) -> rr.Assessment:
    return rr.assess(policy, {"date": policy.tests[index].date, "facts": policy.test_facts(index)})


def _distance_lines(text: str, lang: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(SAY[lang][0])]


@pytest.fixture(scope="module")
def rotterdam() -> rr.Policy:
    return rr.load_policy(ROTTERDAM)


@pytest.fixture(scope="module")
def oss() -> rr.Policy:
    return rr.load_policy(OSS)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("show_values", [False, True])
def test_costs_below_the_capacity_never_read_above_the_limit(rotterdam: rr.Policy, lang: str, show_values: bool) -> None:
    """Costs of € 500 against a draagkracht of € 2.382: below the limit, however the rule is written."""
    for policy in (rotterdam, _swapped(rotterdam, "draagkracht_ontoereikend", "draagkracht < kosten")):
        a = _assess(policy, 2)
        assert [r.id for r in a.letter.failed] == ["draagkracht_ontoereikend"]
        (d,) = a.discretion.distances
        assert d.position == "below"
        lines = _distance_lines(a.explain(lang, show_values=show_values), lang)
        assert lines, "the refusal says which side of the limit the case is on"
        assert all(SAY[lang][2] in line and SAY[lang][1] not in line for line in lines)


def test_income_above_a_limit_written_on_the_left_reads_above(oss: rr.Policy) -> None:
    original, swapped = _assess(oss, 3), _assess(_swapped(oss, "inkomen_tot_120_procent", "inkomensgrens >= netto_inkomen"), 3)
    (d0,), (d1,) = original.discretion.distances, swapped.discretion.distances
    assert (d1.limit, d1.position) == ("left", "above")
    assert (d0.position, d0.gap, d0.relative, d0.case_value, d0.limit_value) == (d1.position, d1.gap, d1.relative, d1.case_value, d1.limit_value)
    for lang in ("nl", "en"):
        assert _distance_lines(swapped.explain(lang, show_values=True), lang) == _distance_lines(original.explain(lang, show_values=True), lang)
        assert all(SAY[lang][1] in line for line in _distance_lines(swapped.explain(lang), lang))


def test_the_sentence_names_the_limit_and_both_figures_only_when_asked(rotterdam: rr.Policy) -> None:
    a = _assess(rotterdam, 2)
    (d,) = a.discretion.distances
    assert d.limit_label is not None and d.case_label is not None
    assert d.limit_label == rotterdam.derived["draagkracht"].description
    costs, capacity = format_money(d.case_value), format_money(d.limit_value)  # type: ignore[arg-type]
    shown = a.explain(show_values=True)
    assert costs in shown and capacity in shown
    plain = a.explain()
    assert costs not in plain and capacity not in plain
    assert d.limit_label.get().rstrip(".")[1:] in plain  # the limit is named, without its figure


def test_case_and_limit_figures_stay_out_of_default_json(rotterdam: rr.Policy) -> None:
    a = _assess(rotterdam, 2)
    plain: dict[str, Any] = a.to_dict()["discretion"]["distances"][0]
    assert {"case_value", "limit_value", "gap", "relative"}.isdisjoint(plain)
    assert plain["position"] == "below" and plain["limit"] == "right"
    shown = a.to_dict(show_values=True)["discretion"]["distances"][0]
    assert shown["case_value"] == "500.00" and shown["limit_value"] == str(a.discretion.distances[0].limit_value)
    assert "500.00" not in a.trace() and "500.00" in a.trace(show_values=True)
