# SPDX-License-Identifier: EUPL-1.2
"""hypothesis strategies for the cases of a policy: one per fact type, from the policy's own types,
enums, bounds and validity.

A case starts from one of the policy's example cases and draws most facts afresh, so the search
covers both the households the authors thought of and every other. Every value is one the case
validator accepts: enums draw from their values, numbers stay within
``minimum`` and ``maximum``, amounts have whole cents, dates fall around the policy's validity and
the reference date within it. A number without a bound is drawn from a plausible range (amounts 0
to 50,000 euros, whole numbers 0 to 100, other numbers 0 to 100) and, half of the time, close to a
limit the regulation names (a parameter's value or a number written in an expression), since that
is where a rule changes its mind. With ``missing=True`` a fact may be left out, and shrinking
leaves out every fact a counterexample does not need: the case is then at most the facts involved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from ..compiler import compiled_policy
from ..conditions import ast
from ..model.facts import Fact
from ..model.policy import Policy

CENT = Decimal("0.01")
DECIMAL_PLACES = Decimal("0.0001")
DEFAULT_HIGH = {"money": Decimal(50_000), "int": Decimal(100), "decimal": Decimal(100)}
NEAR = {"money": 500, "int": 3, "decimal": 30}
"""How far from a limit a value drawn near it may lie, in the fact's units (5 euros, 3, 0.003)."""


def case_dates(policy: Policy) -> st.SearchStrategy[date]:
    """Reference dates within the policy's validity (its first year when it has no end)."""
    last = (policy.valid_until - timedelta(days=1)) if policy.valid_until else policy.valid_from + timedelta(days=364)
    return st.dates(policy.valid_from, max(last, policy.valid_from))


def limits(policy: Policy) -> list[Decimal]:
    """The numbers the regulation names: parameter values (on every date) and numbers written in
    its expressions, sorted."""
    found: set[Decimal] = set()
    compiled = compiled_policy(policy)
    for timeline in compiled.timelines.values():
        for _, value in timeline:
            values = value.values() if isinstance(value, dict) else [value]
            found.update(Decimal(v) for v in values if isinstance(v, (int, Decimal)) and not isinstance(v, bool))
    exprs = [*compiled.rules.values(), *compiled.derived.values(), *compiled.purpose_tests.values(), *compiled.purpose_amounts.values()]
    for e in exprs:
        for n in ast.walk(e.node):
            if isinstance(n, ast.Literal) and n.kind in ("int", "decimal"):
                found.add(Decimal(n.value))  # type: ignore[arg-type]
    return sorted(found)


def fact_range(fact: Fact) -> tuple[int, int, Decimal]:
    """The range a numeric fact is drawn from, in its units (cents, units, ten-thousandths): the
    declared bounds, or from 0 (or the minimum) to a plausible high."""
    unit = {"money": CENT, "int": Decimal(1), "decimal": DECIMAL_PLACES}[fact.type]
    low = fact.minimum if fact.minimum is not None else Decimal(0)
    high = fact.maximum if fact.maximum is not None else max(low, Decimal(0)) + DEFAULT_HIGH[fact.type]
    return int((low / unit).to_integral_value(rounding="ROUND_CEILING")), int((high / unit).to_integral_value(rounding="ROUND_FLOOR")), unit


def date_range(policy: Policy) -> tuple[date, date]:
    """The dates a date fact is walked along: five years before the policy's validity to a year
    after (drawn values may also lie up to a hundred years earlier)."""
    start = policy.valid_from - timedelta(days=5 * 365)
    end = (policy.valid_until or policy.valid_from + timedelta(days=365)) + timedelta(days=365)
    return start, end


def axis(policy: Policy, name: str) -> tuple[int, int, Decimal, Callable[[int], Any]]:
    """A fact as a line to walk along: (first, last, unit, the value at a point). A yes/no goes from
    no (0) to yes (1), a date by days, a number by its units."""
    fact = policy.facts[name]
    if fact.type == "bool":
        return 0, 1, Decimal(1), bool
    if fact.type == "date":
        start, end = date_range(policy)
        return start.toordinal(), end.toordinal(), Decimal(1), date.fromordinal
    lo, hi, unit = fact_range(fact)
    return lo, hi, unit, lambda steps: as_value(fact, steps)


def as_value(fact: Fact, steps: int) -> Any:
    """A number of units of a numeric fact as the fact's value (an int, or an exact Decimal)."""
    if fact.type == "int":
        return steps
    unit = CENT if fact.type == "money" else DECIMAL_PLACES
    return (Decimal(steps) * unit).quantize(unit)


def _number(fact: Fact, near: list[Decimal]) -> st.SearchStrategy[Any]:
    lo, hi, unit = fact_range(fact)

    spread = st.integers(lo, hi)
    near_units = NEAR[fact.type]
    points = sorted({int((x / unit).to_integral_value()) for x in near if lo - near_units <= x / unit <= hi + near_units})
    if points:
        close = st.tuples(st.sampled_from(points), st.integers(-near_units, near_units)).map(lambda p: min(hi, max(lo, p[0] + p[1])))
        spread = st.one_of(spread, close)
    return spread.map(lambda steps: as_value(fact, steps))


def fact_values(policy: Policy, name: str, *, near: list[Decimal] | None = None) -> st.SearchStrategy[Any]:
    """Values of one fact of ``policy``, as the case validator reads them."""
    fact = policy.facts[name]
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "enum":
        return st.sampled_from(list(fact.values or ()))
    if fact.type in ("int", "money", "decimal"):
        return _number(fact, limits(policy) if near is None else near)
    if fact.type == "date":  # around the policy's validity, or long before it (a date of birth)
        start, end = date_range(policy)
        return st.one_of(st.dates(start, end), st.dates(start - timedelta(days=100 * 365), start))
    texts = sorted({n.value for e in compiled_policy(policy).rules.values() for n in ast.walk(e.node)
                    if isinstance(n, ast.Literal) and n.kind == "text" and isinstance(n.value, str)})
    plain = st.text(st.characters(codec="ascii", categories=["L", "N"]), max_size=12)
    return st.one_of(plain, st.sampled_from(texts)) if texts else plain


def examples(policy: Policy) -> list[dict[str, Any]]:
    """The facts of the policy's example cases, typed as the validator reads them."""
    compiled = compiled_policy(policy)
    out = []
    for i in range(len(policy.tests)):
        try:
            out.append(compiled.facts.validate(policy.test_facts(i)))
        except Exception:  # noqa: BLE001 - the loader reports a wrong example; here it is only not used
            continue
    return out


def facts(policy: Policy, *, missing: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Facts of a case of ``policy``. Each case starts from one of the policy's example cases (the
    households its authors thought of) and draws most facts afresh; with ``missing=True`` a fact
    may also be left out (about one in thirty-two), and shrinking leaves out every fact a failure does
    not need, or takes it back to the example's value or the smallest value."""
    near = limits(policy)
    per_fact = {name: fact_values(policy, name, near=near) for name in policy.facts}
    bases = examples(policy) or [{}]
    first = 0 if missing else 1

    @st.composite
    def draw(draw: st.DrawFn) -> dict[str, Any]:
        base = draw(st.sampled_from(bases))
        out: dict[str, Any] = {}
        for name, values in per_fact.items():
            choice = draw(st.integers(first, 31))  # 0: left out; 1 to 5: drawn afresh; 6 to 31: the example's value
            if choice == 0:
                continue
            out[name] = base[name] if choice >= 6 and name in base else draw(values)
        return out

    return draw()


def cases(policy: Policy, *, missing: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Cases of ``policy`` as ``{"date": ..., "facts": {...}}``, ready for :func:`regelruimte.assess`.

    Example:
        >>> from hypothesis import given
        >>> import regelruimte as rr
        >>> from regelruimte.testing import cases
        >>> policy = rr.load_policy(rr.bundled_path() / "nl" / "zuidplas" / "kwijtschelding.yaml")
        >>> @given(cases(policy))
        ... def test_never_more_than_the_bill(case):
        ...     a = rr.assess(policy, case)
        ...     assert a.letter.amount is None or a.letter.amount <= case["facts"]["aanslag"]
        >>> test_never_more_than_the_bill()
    """
    return st.fixed_dictionaries({"date": case_dates(policy), "facts": facts(policy, missing=missing)})
