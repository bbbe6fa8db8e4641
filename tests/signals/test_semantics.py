# SPDX-License-Identifier: EUPL-1.2
"""The durable-rules translation means what the signal says: on random households, every signal
of the test policy fires exactly for the matches the plain-Python reference finds (which reads
conditions with the condition language's own exact evaluator)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

pytest.importorskip("durable.engine", reason="durable-rules==2.0.28 is needed for signals")

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import regelruimte as rr  # noqa: E402
from regelruimte.compiler import compiled_policy  # noqa: E402
from regelruimte.compiler.signal_messages import days  # noqa: E402
from regelruimte.conditions.functions import add_months, months_between  # noqa: E402
from regelruimte.signalling import reference  # noqa: E402
from regelruimte.signalling.evaluator import Evaluator  # noqa: E402
from regelruimte.signalling.events import Event  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "signaaltest.yaml"
DAY = date(2026, 3, 31)
POLICY = rr.load_policy(FIXTURE)
COMPILED = compiled_policy(POLICY).signals
PARAMS = compiled_policy(POLICY).params_on(DAY)


@pytest.fixture(scope="module")
def evaluator():
    with Evaluator([POLICY], DAY, assess_rights=False) as ev:
        yield ev


def household(rng: random.Random, size: int) -> list[Event]:
    """Random events around the windows' edges (42 days, 30 days, whole months)."""
    out = []
    for n in range(size):
        kind = rng.choice(["melding", "besluit", "betaling"])
        day = DAY - timedelta(days=rng.choice([0, 1, 29, 30, 31, 41, 42, 43, 60, 89, 90, 91, 92, 120, 200, 300, 365, 400]))
        values: dict = {}
        if kind in ("melding", "besluit"):
            values["soort"] = rng.choice(["a", "b"])
        if kind == "besluit":
            values["positief"] = rng.random() < 0.7
        if kind == "betaling":
            values["bedrag"] = rng.choice([0, 1049, 1050, 1549, 1555, 99_999, 100_000, 250_000])
            values["jaar"] = rng.choice([2024, 2025, 2026])
            values["tot"] = days(DAY + timedelta(days=rng.choice([-400, -60, -31, -30, 0, 30, 31, 32])))
        out.append(Event(n + 1, kind, days(day), values))
    return out


def engine_matches(ev: Evaluator, events: list[Event]) -> dict[str, set[frozenset]]:
    found, _ = ev.evaluate("hh", events)
    out: dict[str, set[frozenset]] = {}
    for hit in found.hits if found else []:
        for match in hit.matches:
            out.setdefault(hit.signal, set()).add(frozenset((m.alias, m.record) for m in match))
    return out


def reference_matches(events: list[Event]) -> dict[str, set[frozenset]]:
    out: dict[str, set[frozenset]] = {}
    for cs in COMPILED.signals:
        for bound in reference.matches(COMPILED, cs.signal.id, events, DAY, PARAMS):
            out.setdefault(cs.signal.id, set()).add(frozenset((a, events[i].record) for a, i in bound.items()))
    return out


@settings(max_examples=120, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(min_value=0, max_value=7))
def test_engine_matches_the_reference(evaluator, rng, size) -> None:
    events = household(rng, size)
    assert engine_matches(evaluator, events) == reference_matches(events)


def test_order_of_events_does_not_matter(evaluator) -> None:
    rng = random.Random(11)
    for _ in range(30):
        events = household(rng, 6)
        shuffled = events[:]
        rng.shuffle(shuffled)
        assert engine_matches(evaluator, events) == engine_matches(evaluator, shuffled)


def test_every_signal_fires_in_the_random_sample(evaluator) -> None:
    rng = random.Random(3)
    fired: set[str] = set()
    for _ in range(300):
        fired |= set(engine_matches(evaluator, household(rng, 6)))
    assert fired == {s.id for s in POLICY.signals}


@settings(max_examples=400, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
       st.integers(min_value=0, max_value=400))
@example(date(2000, 1, 2), date(2000, 1, 1), 0)  # b a day before a: months_between is 0, yet b < add_months(a, 0)
def test_months_between_rewrite_is_exact(a: date, b: date, n: int) -> None:
    # months_between(a, b) >= n  <=>  b >= add_months(a, n) for whole n >= 1, and <=> a < add_months(b, 1)
    # for n = 0 (the durable-rules compiler relies on both)
    rewritten = a < add_months(b, 1) if n == 0 else b >= add_months(a, n)
    assert (months_between(a, b) >= n) == rewritten


def test_events_after_the_reference_date_are_not_known() -> None:
    from regelruimte.signalling import signals

    records = [{"household": "h1", "date": "2026-01-01", "type": "melding", "soort": "a"},
               {"household": "h1", "date": "2026-04-01", "type": "besluit", "soort": "a", "positief": "true"}]
    early = signals([POLICY], records, date="2026-03-31", workers=0)
    assert early.summary.after_reference_date == 1
    assert "geen_besluit" in [h.signal for h in early.households[0].hits]
    assert all(len(m) == 1 for h in early.households[0].hits for m in h.matches)  # the later decision is not there
    later = signals([POLICY], records, date="2026-04-01", workers=0)
    assert "geen_besluit" in [h.signal for h in later.households[0].hits]  # the decision came after the 42 days
    assert "besluit_op_tijd" not in [h.signal for h in later.households[0].hits]


def test_offers_carry_the_assessment_with_facts_from_the_events() -> None:
    from regelruimte.signalling import signals

    records = [{"household": "h1", "date": "2026-02-01", "type": "betaling", "bedrag": "1000.00", "jaar": 2026, "tot": "2026-03-01"}]
    (hh,) = signals([POLICY], records, date=DAY, workers=0).households
    (hit,) = [h for h in hh.hits if h.signal == "grote_of_kleine_betaling"]
    assert hit.assessment is not None and hit.assessment.letter.verdict == "granted"  # inkomen 1000.00 <= grens 1000.00
    assert hit.rules_pass is True
    records[0]["bedrag"] = "10.49"
    (hh,) = signals([POLICY], records, date=DAY, workers=0).households
    (hit,) = [h for h in hh.hits if h.signal == "grote_of_kleine_betaling"]
    assert hit.assessment.letter.verdict == "granted"
    records[0]["bedrag"] = "10.50"
    result = signals([POLICY], records, date=DAY, workers=0)
    assert not any(h.signal == "grote_of_kleine_betaling" for hh in result.households for h in hh.hits)
