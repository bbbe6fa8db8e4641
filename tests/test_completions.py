# SPDX-License-Identifier: EUPL-1.2
"""Issue 14, point 1: unknowns must not swallow the tension or the room.

The tension is reasoned over every completion of the missing facts (within their declared types,
choices and bounds). Soundness, as a hypothesis property on every bundled regulation: whenever a
partial case gets a determined tension, every sampled completion gives that very tension. The
completions are drawn where the rules turn: at, one cent below and above every parameter on the
reference date and every value the example cases use, the fact's bounds, zero, and anywhere.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import regelruimte as rr
from regelruimte.assessment.completions import SPLIT_CAP, analyse
from regelruimte.compiler import compiled_policy
from regelruimte.conditions import parse
from regelruimte.conditions.abstract import abstract, fact_domain
from regelruimte.model.policy import Policy

ROOT = Path(__file__).resolve().parents[1]
POLICIES = rr.load_policies(ROOT / "policies")
IDS = sorted(POLICIES)
PROPERTY = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CENT = Decimal("0.01")


def _numbers(policy: Policy, day: date) -> list[Decimal]:
    """The amounts the rules turn on: every parameter on the day, and the example cases' amounts."""
    out: set[Decimal] = {Decimal(0)}
    for value in compiled_policy(policy).params_on(day).values():
        for v in value.values() if isinstance(value, dict) else (value,):
            if isinstance(v, (int, Decimal)) and not isinstance(v, bool):
                out.add(Decimal(v))
    for i in range(len(policy.tests)):
        for v in policy.test_facts(i).values():
            if isinstance(v, (int, float, str)) and not isinstance(v, bool):
                try:
                    out.add(Decimal(str(v)))
                except ArithmeticError:
                    pass
    return sorted(out)


def _value(policy: Policy, name: str, day: date, numbers: list[Decimal]) -> st.SearchStrategy[Any]:
    spec = policy.facts[name]
    if spec.type == "bool":
        return st.booleans()
    if spec.type == "enum":
        return st.sampled_from(spec.values or [])
    if spec.type == "text":
        return st.text(max_size=5)
    if spec.type == "date":
        return st.one_of(st.integers(-40 * 366, 5 * 366).map(lambda d: day + timedelta(days=d)), st.dates())
    low = spec.minimum if spec.minimum is not None else Decimal("-999999999999")
    high = spec.maximum if spec.maximum is not None else Decimal("999999999999")
    step = Decimal(1) if spec.type == "int" else CENT
    near = [n + k * step for n in numbers for k in (-1, 0, 1)]
    near = [n.quantize(step) for n in near if low <= n <= high] + [low, high]
    raw = st.one_of(st.sampled_from(near), st.decimals(min_value=low, max_value=high, places=0 if spec.type == "int" else 2, allow_nan=False, allow_infinity=False))
    return raw.map(lambda d: int(d) if spec.type == "int" else d)


@st.composite
def partial_and_completion(draw: st.DrawFn, policy: Policy) -> tuple[dict[str, Any], dict[str, Any], date]:
    index = draw(st.integers(0, len(policy.tests) - 1))
    test = policy.tests[index]
    facts = dict(compiled_policy(policy).facts.validate(policy.test_facts(index)))
    names = sorted(facts)
    dropped = draw(st.lists(st.sampled_from(names), unique=True, min_size=1, max_size=min(4, len(names)))) if names else []
    partial = {k: v for k, v in facts.items() if k not in dropped}
    numbers = _numbers(policy, test.date)
    missing = [f for f in policy.facts if f not in partial]
    fill = {f: draw(_value(policy, f, test.date, numbers)) for f in missing}
    return partial, compiled_policy(policy).facts.validate({**partial, **fill}), test.date


@pytest.mark.parametrize("pid", IDS)
@PROPERTY
@given(data=st.data())
def test_what_a_partial_case_determines_holds_for_every_completion(pid: str, data: st.DataObject) -> None:
    """The tension, the letter (verdict and amount), the intent (verdict and amount) and every rule
    and purpose result that a partial case determines are those of every completion."""
    policy = POLICIES[pid]
    partial, complete, day = data.draw(partial_and_completion(policy))
    a = rr.assess(policy, {"date": day.isoformat(), "facts": partial})
    full = rr.assess(policy, {"date": day.isoformat(), "facts": complete})
    where = (sorted(set(complete) - set(partial)), a.tension_regardless_of)
    if a.tension != "undetermined":
        assert full.tension == a.tension, where
    if a.letter.verdict != "undetermined":
        assert (full.letter.verdict, full.letter.amount) == (a.letter.verdict, a.letter.amount), where
    if a.intent.verdict != "undetermined":
        assert full.intent.verdict == a.intent.verdict, where
    if a.intent.amount is not None:
        assert full.intent.amount == a.intent.amount, where
    for partial_rule, full_rule in zip(a.letter.rules, full.letter.rules):
        if partial_rule.result != "unknown":
            assert full_rule.result == partial_rule.result, (partial_rule.id, where)
    for partial_purpose, full_purpose in zip(a.intent.purposes, full.intent.purposes):
        if partial_purpose.result != "undetermined":
            assert full_purpose.result == partial_purpose.result, (partial_purpose.id, where)


@pytest.mark.parametrize("pid", IDS)
def test_the_tension_is_found_whatever_the_missing_facts(pid: str) -> None:
    """On every regulation, dropping one fact of an example case leaves its tension determined in
    some cases where the old point-wise tension was undetermined (the facts are named)."""
    policy = POLICIES[pid]
    found = []
    for i, test in enumerate(policy.tests):
        facts = policy.test_facts(i)
        for k in facts:
            a = rr.assess(policy, {"date": test.date.isoformat(), "facts": {f: v for f, v in facts.items() if f != k}})
            if a.tension_regardless_of:
                assert a.tension != "undetermined"
                given = {f for f, v in facts.items() if v is not None and f != k}
                assert set(a.tension_regardless_of) <= set(policy.facts) - given
                found.append(k)
    assert found, f"{pid}: no partial example case gets a tension over its completions"


def test_oss_student_parent_without_repayment_is_blocked_whatever_it_is() -> None:
    """The worked example of docs/concepts.md: the student exclusion decides the letter; the purpose
    reads the income after a compulsory debt repayment, which is not known, but a repayment (at
    least nil) can only lower that income, already under the limit: the purpose is served whatever
    it is, so the letter blocks the purpose whatever it is, and the room is listed."""
    policy = POLICIES["meedoen_is_belangrijk_oss"]
    facts = {"inwoner_oss": True, "geboortedatum": "2003-09-15", "student": True, "studeeromgeving": True, "huishouden": "alleenstaande_ouder",
             "pensioengerechtigd": False, "netto_inkomen": "1400.00", "vermogen": "2000.00", "aantal_gezinsleden": 3,
             "kinderen_basisonderwijs": 2, "kinderen_voortgezet_onderwijs": 0, "kinderen_overgangsjaar": 0}
    a = rr.assess(policy, {"date": "2026-03-01", "facts": facts})
    assert a.letter.verdict == "denied"
    assert a.tension == "letter_blocks_intent"
    assert a.tension_regardless_of == ["aflossing_schuldregeling"]
    assert a.discretion.options and a.discretion.note in ("deviate_possible", "signal_only")


def test_an_undetermined_tension_lists_the_room_for_a_possible_divergence() -> None:
    """Income unknown: whether the letter blocks depends on it, so the tension stays undetermined,
    but the provisions that would bridge it are listed, each with the facts it depends on."""
    policy = POLICIES["kwijtschelding_afvalstoffenheffing"]
    facts = {k: v for k, v in {**policy.test_facts(0), "aflossingen_overige_schulden": "200.00"}.items() if k != "netto_inkomen"}
    a = rr.assess(policy, {"date": "2026-03-01", "facts": facts})
    assert a.tension == "undetermined"
    assert a.discretion.note == "divergence_possible"
    assert a.discretion.options
    for o in a.discretion.options:
        assert o.depends_on and "netto_inkomen" in o.depends_on
        assert o.legal_basis.citation and o.decided_by


# -- the abstract evaluator itself -------------------------------------------------------------
SMALL = """
id: completions
title: Regeling om de voltooiingen te testen
authority: Testgemeente
country: nl
version: "1"
valid_from: 2026-01-01
summary: Een kleine regeling.
sources:
  - {id: wet, citation: "Testwet, art. 1", level: verordening, url: "https://example.org/testwet", verified: "no"}
facts:
  x: {type: money, description: Netto inkomen per maand., minimum: 0}
  k: {type: enum, values: [a, b, c], description: Een keuze.}
  b: {type: bool, description: Ja of nee.}
parameters:
  grens:
    type: money
    description: Inkomensgrens per keuze.
    source: wet
    keys: [a, b, c]
    values: [{from: 2026-01-01, value: {a: "100.00", b: "150.00", c: "200.00"}}]
derived:
  ruimte: {type: money, description: Wat onder de grens overblijft., expr: "grens[k] - x"}
purposes:
  - {id: doel, title: Bestaanszekerheid, description: Wie weinig heeft krijgt hulp., source: wet, test: "ruimte >= 0"}
rules:
  - {id: r, text: Uw inkomen is niet hoger dan de grens., source: wet, serves: [doel], condition: "x <= grens[k]"}
outcome: {granted: toegekend, denied: afgewezen}
"""


def _policy(tmp_path: Path, extra: str = "") -> Policy:
    path = tmp_path / "p.yaml"
    path.write_text(SMALL + extra)
    return rr.load_policy(path)


def test_a_shared_threshold_is_split_so_letter_and_purpose_move_together(tmp_path: Path) -> None:
    """Letter and purpose compare the same missing amount with the same limit: aligned whatever it
    is. Without splitting at the limit, intervals alone would lose the link and say undetermined."""
    policy = _policy(tmp_path)
    c = analyse(policy, {}, date(2026, 3, 1))
    assert c.tensions == {"aligned"}
    a = rr.assess(policy, {"date": "2026-03-01", "facts": {}})
    assert a.tension == "aligned" and a.tension_regardless_of == ["k", "x"]


def test_the_split_stays_under_its_cap(tmp_path: Path) -> None:
    policy = _policy(tmp_path)
    assert analyse(policy, {}, date(2026, 3, 1)).boxes <= SPLIT_CAP


@pytest.mark.parametrize(("text", "expected"), [
    ("max(0, 50 - x) == 0", None),             # x may be under 50
    ("max(0, 0 - x) == 0", True),              # x >= 0: never above nil
    ("grens[k] >= 100", True),
    ("if b then x else x", None),
    ("if b then 1 else 1", 1),
    ("k in [a, b, c]", True),
    ("x >= 0 or b", True),
    ("x < 0 and b", False),
])
def test_the_abstract_value_is_exact_where_it_is_determined(tmp_path: Path, text: str, expected: Any) -> None:
    policy = _policy(tmp_path)
    compiled = compiled_policy(policy)
    from regelruimte.assessment.boxes import box_env
    node = parse(text.replace("[a, b, c]", '["a", "b", "c"]'))
    assert abstract(node, box_env(compiled, {}, date(2026, 3, 1))).single == expected


def test_an_int_domain_respects_its_bounds() -> None:
    d = fact_domain("int", minimum=Decimal("0.5"), maximum=Decimal("3.5"))
    assert (d.values, d.lo, d.hi) == (None, 1, 3)


def test_the_citizen_text_names_the_possible_room() -> None:
    """While the tension is open but the letter may block the purpose, the letter to the citizen says
    that the authority may deviate, where that is written, and that it depends on what is still needed."""
    policy = POLICIES["kwijtschelding_afvalstoffenheffing"]
    facts = {k: v for k, v in {**policy.test_facts(0), "aflossingen_overige_schulden": "200.00"}.items() if k != "netto_inkomen"}
    a = rr.assess(policy, {"date": "2026-03-01", "facts": facts})
    citation = a.discretion.options[0].legal_basis.citation
    assert "Misschien werkt de regel bij u anders uit" in a.explain("nl") and citation in a.explain("nl")
    assert "may work out differently for you" in a.explain("en") and citation in a.explain("en")


def test_keeping_no_analysis_gives_the_same_assessment(monkeypatch: pytest.MonkeyPatch) -> None:
    from regelruimte.assessment import completions

    policy = POLICIES["kwijtschelding_afvalstoffenheffing"]
    case = {"date": policy.tests[0].date.isoformat(), "facts": {"netto_inkomen": "1200.00"}}
    kept = rr.assess(policy, case).to_json(show_values=True)
    monkeypatch.setattr(completions, "MEMO_SIZE", completions.MEMO_SIZE)  # restored after the test
    completions.keep_recent_analyses(0)
    assert rr.assess(policy, case).to_json(show_values=True) == kept
    assert not compiled_policy(policy).analyses.get("completions")
    with pytest.raises(ValueError):
        completions.keep_recent_analyses(-1)


def test_an_analysis_is_reused_only_for_the_same_facts_with_the_same_types() -> None:
    """The analyses kept per policy (speed, make bench): the same facts give the very same analysis;
    a value written with another exponent or of another type is another case, analysed again, and
    reusing an analysis changes nothing an assessment says."""
    policy = POLICIES["kwijtschelding_afvalstoffenheffing"]
    day = policy.tests[0].date
    facts = {"netto_inkomen": Decimal("1200.0")}
    first = analyse(policy, facts, day)
    assert analyse(policy, dict(facts), day) is first
    assert analyse(policy, {"netto_inkomen": Decimal("1200.00")}, day) is not first
    assert analyse(policy, facts, day + timedelta(days=1)) is not first
    case = {"date": day.isoformat(), "facts": {"netto_inkomen": "1200.00"}}
    compiled_policy(policy).analyses.pop("completions", None)
    fresh = rr.assess(policy, case).to_json(show_values=True)
    assert compiled_policy(policy).analyses["completions"]  # the case ran the analysis, and it was kept
    assert rr.assess(policy, case).to_json(show_values=True) == fresh  # the second one reuses the analysis
