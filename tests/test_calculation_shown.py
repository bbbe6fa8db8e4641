# SPDX-License-Identifier: EUPL-1.2
"""Issue 14 point 3: a refusal shows its calculation (the chain of derived values behind a failed
rule or an amount) in the JSON, the trace and the citizen text; the case's figures only when
values are asked for."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regelruimte as rr
from regelruimte.money import format_money

ROOT = Path(__file__).resolve().parent.parent
ZUIDPLAS = ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"


@pytest.fixture(scope="module")
def policy() -> rr.Policy:
    return rr.load_policy(ZUIDPLAS)


def _refused(policy: rr.Policy, **changes: Any) -> rr.Assessment:
    """A Zuidplas case whose 80% of the payment capacity covers the tax: no remission."""
    facts = {**policy.test_facts(0), "netto_inkomen": "1450.00", **changes}
    a = rr.assess(policy, {"date": "2026-03-01", "facts": facts})
    assert a.letter.verdict == "denied" and [r.id for r in a.letter.failed] == ["bedrag_resteert"]
    return a


def test_a_failed_rule_carries_the_chain_in_dependency_order(policy: rr.Policy) -> None:
    a = _refused(policy)
    steps = a.letter.failed[0].calculation
    ids = [s.id for s in steps]
    assert {"kosten_van_bestaan", "uitgaven", "betalingscapaciteit", "vermogen", "kwijtschelding"} <= set(ids)
    assert len(ids) == len(set(ids))
    for before, after in [("kosten_van_bestaan", "betalingscapaciteit"), ("uitgaven", "betalingscapaciteit"),
                          ("betalingscapaciteit", "kwijtschelding"), ("vermogen", "kwijtschelding"), ("vrij_saldo", "vermogen")]:
        assert ids.index(before) < ids.index(after), (before, after)
    capacity = next(s for s in steps if s.id == "betalingscapaciteit")
    assert capacity.expression == policy.derived["betalingscapaciteit"].expr
    assert capacity.label == policy.derived["betalingscapaciteit"].description
    assert capacity.source is not None and capacity.source.id == "uri_art13"


def test_step_values_are_the_case_figures_in_cents(policy: rr.Policy) -> None:
    a = _refused(policy)
    steps = {s.id: s for s in a.letter.failed[0].calculation}
    living, spent = steps["kosten_van_bestaan"].value, steps["uitgaven"].value
    assert isinstance(living, Decimal) and isinstance(spent, Decimal)
    expected = max(Decimal(0), Decimal("1450.00") - spent - living) * 12
    assert steps["betalingscapaciteit"].value == expected.quantize(Decimal("0.01"))
    assert all(s.value.as_tuple().exponent == -2 for s in steps.values() if s.type == "money" and isinstance(s.value, Decimal))


def test_the_json_names_the_steps_and_gives_figures_only_when_asked(policy: rr.Policy) -> None:
    a = _refused(policy)
    failed = next(r for r in a.to_dict()["letter"]["rules"] if r["id"] == "bedrag_resteert")
    assert failed["calculation"] and all("value" not in s for s in failed["calculation"])
    assert all(set(s) >= {"id", "label", "expression", "type"} for s in failed["calculation"])
    assert "value" not in a.model_dump(mode="json")["letter"]["rules"][1]["calculation"][0]
    shown = next(r for r in a.to_dict(show_values=True)["letter"]["rules"] if r["id"] == "bedrag_resteert")
    capacity = next(s for s in shown["calculation"] if s["id"] == "betalingscapaciteit")
    assert capacity["value"] == str(next(s.value for s in a.letter.failed[0].calculation if s.id == "betalingscapaciteit"))


def test_the_trace_expands_the_chain_with_values_only_when_asked(policy: rr.Policy) -> None:
    a = _refused(policy)
    capacity = next(s for s in a.letter.failed[0].calculation if s.id == "betalingscapaciteit")
    plain = a.trace()
    assert f"= betalingscapaciteit: {capacity.expression}" in plain
    assert isinstance(capacity.value, Decimal)
    figure = f"-> {format_money(capacity.value)}"
    shown = a.trace(show_values=True)
    assert figure in shown and "-> €" not in plain


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_citizen_text_shows_the_chain_and_figures_only_when_asked(policy: rr.Policy, lang: str) -> None:
    a = _refused(policy)
    heading = {"nl": "Zo is dit berekend:", "en": "This is how it was calculated:"}[lang]
    label = policy.derived["betalingscapaciteit"].description.get(lang).rstrip(".")
    text = a.explain(lang)
    assert heading in text
    assert f"- {label}." in text
    assert "€" not in text.split(heading, 1)[1]
    with_values = a.explain(lang, show_values=True)
    line = next(x for x in with_values.splitlines() if x.startswith(f"- {label}"))
    assert "€" in line


def test_a_granted_amount_carries_its_chain(policy: rr.Policy) -> None:
    a = rr.assess(policy, {"date": "2026-03-01", "facts": policy.test_facts(0)})
    assert a.letter.verdict == "granted" and a.letter.amount is not None
    ids = [s.id for s in a.letter.amount_calculation]
    assert "kwijtschelding" in ids and ids.index("betalingscapaciteit") < ids.index("kwijtschelding")
    assert all(r.calculation == [] for r in a.letter.rules)
