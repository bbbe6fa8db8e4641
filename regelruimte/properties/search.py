# SPDX-License-Identifier: EUPL-1.2
"""Search one declared property with hypothesis for a case that breaks it, and shrink that case.

The cases come from :mod:`.strategies`; hypothesis shrinks the case that breaks the property, and
:func:`prune` then leaves out every fact it does not need. Where a property is about a change in one fact, the
drawn household is also searched along that fact by bisection (:func:`steepest`), which finds a
cliff at any limit, also one computed from other facts. The search is seeded (the same seed, the
same cases) and has a budget in seconds: when the budget runs out before a case breaks the property,
the cases not yet tried are skipped; once one breaks it, shrinking runs until three times the budget
is spent, and then stops with the smallest case found so far.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as seeded
from hypothesis import strategies as st

from ..compiler import compiled_policy
from ..errors import PolicyError
from ..model.policy import Policy
from ..model.properties import Property
from .outcomes import ZERO, Evaluation, involved
from .result import Counterexample, PropertyResult
from .strategies import as_value, axis, case_dates, fact_range, facts, limits

Check = Callable[[date, dict[str, Any], Any], "Counterexample | None"]


class _Broken(Exception):
    """Raised inside the hypothesis test when a case breaks the property."""

    def __init__(self, drawn: tuple[date, dict[str, Any], Any], found: Counterexample) -> None:
        super().__init__("property broken")
        self.drawn = drawn
        self.found = found


class _ShrinkingOver(BaseException):
    """Raised inside the hypothesis test when the time for shrinking is spent: a BaseException, so
    hypothesis does not take it for a failure to shrink but stops."""


def prune(check: Check, drawn: tuple[date, dict[str, Any], Any], found: Counterexample) -> Counterexample:
    """Leave out, one by one, every fact the counterexample does not need: the case that remains
    still breaks the property, and holds at most the facts involved (a missing fact is unknown, so
    a fact that decides the outcome cannot be left out)."""
    day, case, extra = drawn
    for name in sorted(case):
        trial = {k: v for k, v in case.items() if k != name}
        again = check(day, trial, extra)
        if again is not None:
            case, found = trial, again
    return found


@dataclass(frozen=True)
class Budget:
    """How long and how far to search one property."""

    seed: int = 0
    max_examples: int = 200
    seconds: float = 5.0


def steepest(f: Callable[[int], Decimal | None], lo: int, hi: int, step: int, score: Callable[[Decimal], Decimal]) -> tuple[int, Decimal] | None:
    """Where along ``[lo, hi]`` one ``step`` moves ``f`` most (by ``score`` of the change), found by
    bisection: the half whose ends differ most is kept. Returns (x, f(x + step) - f(x)) or None."""
    if hi - lo < step:
        return None
    a, b = lo, hi
    fa, fb = f(a), f(b)
    if fa is None or fb is None:
        return None
    while b - a > step:
        m = (a + b) // 2
        fm = f(m)
        if fm is None:
            return None
        if score(fm - fa) >= score(fb - fm):
            b, fb = m, fm
        else:
            a, fa = m, fm
    x = min(a, hi - step)
    before, after = f(x), f(x + step)
    if before is None or after is None:
        return None
    return x, after - before


def _along(policy: Policy, prop: Property, day: date, case: dict[str, Any]) -> tuple[Callable[[int], Decimal | None], int, int, int, Callable[[int], Any]]:
    """The amount as a function of the property's fact, in the fact's units."""
    assert prop.fact is not None
    name = prop.fact
    lo, hi, unit, value = axis(policy, name)
    step = max(1, int((prop.step / unit).to_integral_value()))
    of = f"{prop.id}.of" if prop.of is not None else None
    cache: dict[int, Decimal | None] = {}

    def f(steps: int) -> Decimal | None:
        if steps not in cache:
            cache[steps] = Evaluation(policy, {**case, name: value(steps)}, day).amount(of)
        return cache[steps]

    return f, lo, hi, step, value


def _pair(policy: Policy, prop: Property, day: date, case: dict[str, Any], x: Any, y: Any, change: Decimal) -> Counterexample:
    assert prop.fact is not None
    of = f"{prop.id}.of" if prop.of is not None else None
    before = Evaluation(policy, {**case, prop.fact: x}, day).outcome("before", of)
    after = Evaluation(policy, {**case, prop.fact: y}, day).outcome("after", of)
    shown = {k: v for k, v in case.items() if k != prop.fact}
    return Counterexample(date=day, facts=shown, fact=prop.fact, before_value=x, after_value=y, before=before, after=after,
                          change=change, rules=involved(before, after))


def _given(policy: Policy, prop: Property, day: date, case: dict[str, Any]) -> bool:
    return prop.given is None or Evaluation(policy, case, day).condition(f"{prop.id}.given") is True


def monotone(policy: Policy, prop: Property) -> tuple[st.SearchStrategy[Any], Check]:
    assert prop.fact is not None
    lo, hi, _, _ = axis(policy, prop.fact)
    sign = Decimal(1) if prop.direction == "never_up" else Decimal(-1)

    def check(day: date, case: dict[str, Any], extra: Any) -> Counterexample | None:
        if not _given(policy, prop, day, case):
            return None
        f, lo_, hi_, step, value = _along(policy, prop, day, case)
        x, y = sorted(extra)
        if x < y:
            fx, fy = f(x), f(y)
            if fx is not None and fy is not None and sign * (fy - fx) > 0:
                return _pair(policy, prop, day, case, value(x), value(y), fy - fx)
        found = steepest(f, lo_, hi_, step, lambda d: sign * d)
        if found is not None and sign * found[1] > 0:
            return _pair(policy, prop, day, case, value(found[0]), value(found[0] + step), found[1])
        return None

    return st.tuples(st.integers(lo, hi), st.integers(lo, hi)), check


def no_cliff(policy: Policy, prop: Property) -> tuple[st.SearchStrategy[Any], Check]:
    assert prop.fact is not None and prop.max_change is not None
    lo, hi, _ = fact_range(policy.facts[prop.fact])
    limit = prop.max_change

    def check(day: date, case: dict[str, Any], extra: Any) -> Counterexample | None:
        if not _given(policy, prop, day, case):
            return None
        f, lo_, hi_, step, value = _along(policy, prop, day, case)
        x = min(extra, hi_ - step)
        fx, fy = f(x), f(x + step)
        if fx is not None and fy is not None and abs(fy - fx) > limit:
            return _pair(policy, prop, day, case, value(x), value(x + step), fy - fx)
        found = steepest(f, lo_, hi_, step, abs)
        if found is not None and abs(found[1]) > limit:
            return _pair(policy, prop, day, case, value(found[0]), value(found[0] + step), found[1])
        return None

    return st.integers(lo, hi), check


def bounded(policy: Policy, prop: Property) -> tuple[st.SearchStrategy[Any], Check]:
    assert prop.purpose is not None
    purpose = next(p for p in policy.purposes if p.id == prop.purpose)
    tolerance = prop.tolerance if prop.tolerance is not None else (purpose.tolerance or ZERO)

    def check(day: date, case: dict[str, Any], extra: Any) -> Counterexample | None:
        if not purpose.applies_on(day) or not _given(policy, prop, day, case):
            return None
        ev = Evaluation(policy, case, day)
        letter, wanted = ev.letter_amount(), ev.purpose_amount(purpose.id)
        if letter is None or wanted is None:
            return None
        over = letter - wanted if prop.bound == "at_most" else wanted - letter
        if over <= tolerance:
            return None
        before = ev.outcome("letter")
        after = before.model_copy(update={"label": "purpose", "amount": wanted})
        failed = [r for r, v in before.rules.items() if v == "failed"]
        return Counterexample(date=day, facts=case, before=before, after=after, change=wanted - letter, rules=failed or ["outcome.amount"])

    return st.none(), check


def _other_day(policy: Policy, other: Policy, day: date) -> date:
    if other.applies_on(day):
        return day
    years = other.valid_from.year - policy.valid_from.year
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return (day - timedelta(days=1)).replace(year=day.year + years)


def _probes(policy: Policy, other: Policy) -> list[tuple[str, Any]]:
    """(fact, value) just below and above every limit that differs between the versions, for every
    numeric fact both have: where a change of a limit shows."""
    changed = sorted(set(limits(policy)) ^ set(limits(other)))
    out = []
    for name, fact in policy.facts.items():
        if fact.type not in ("int", "money", "decimal") or name not in other.facts:
            continue
        lo, hi, unit = fact_range(fact)
        for limit in changed:
            at = int((limit / unit).to_integral_value())
            out += [(name, as_value(fact, x)) for x in (at - 1, at, at + 1) if lo <= x <= hi]
    return out


def equivalent(policy: Policy, prop: Property, other: Policy) -> tuple[st.SearchStrategy[Any], Check]:
    tolerance = prop.tolerance or ZERO
    own = set(policy.facts)
    theirs = set(other.facts)
    probes = _probes(policy, other)

    def differs(day: date, case: dict[str, Any]) -> Counterexample | None:
        mine = Evaluation(policy, case, day)
        if prop.except_when is not None and mine.condition(f"{prop.id}.except_when") is not False:
            return None
        yours = Evaluation(other, {k: v for k, v in case.items() if k in theirs}, _other_day(policy, other, day))
        a, b = mine.letter_amount(), yours.letter_amount()
        if a is None or b is None or (mine.verdict == yours.verdict and abs(a - b) <= tolerance):
            return None
        before = mine.outcome("this version")
        after = yours.outcome("other version")
        return Counterexample(date=day, facts=case, before=before, after=after, change=b - a, rules=involved(before, after))

    def check(day: date, case: dict[str, Any], extra: Any) -> Counterexample | None:
        if not _given(policy, prop, day, case):
            return None
        both = {**case, **extra}
        found = differs(day, both)
        for name, value in probes:
            if found is not None:
                break
            if name in both:
                found = differs(day, {**both, name: value})
        return found

    extra = facts(other).map(lambda d: {k: v for k, v in d.items() if k not in own})
    return extra, check


def load_other(policy: Policy, prop: Property) -> Policy:
    """The other version an equivalence property names, relative to the policy's file."""
    from ..loading.policy import load_policy

    assert prop.other is not None
    path = Path(policy.path).parent / prop.other
    if not path.is_file():
        raise PolicyError("property-other-not-file", property=repr(prop.id), policy=repr(policy.id), other=repr(prop.other))
    return load_policy(path)


def search(policy: Policy, prop: Property, budget: Budget) -> PropertyResult:
    """Search ``prop`` of ``policy`` for a case that breaks it, within ``budget``."""
    if prop.kind == "monotone":
        extra, check = monotone(policy, prop)
    elif prop.kind == "no_cliff":
        extra, check = no_cliff(policy, prop)
    elif prop.kind == "bounded":
        extra, check = bounded(policy, prop)
    else:
        extra, check = equivalent(policy, prop, load_other(policy, prop))
    start = time.monotonic()
    failing: set[str] = set()
    smallest: list[tuple[tuple[date, dict[str, Any], Any], Counterexample]] = []
    tried = 0

    @seeded(budget.seed)
    @settings(max_examples=budget.max_examples, deadline=None, database=None, verbosity=Verbosity.quiet, report_multiple_bugs=False,
              phases=(Phase.generate, Phase.shrink), suppress_health_check=[HealthCheck.too_slow], print_blob=False)
    @given(st.tuples(case_dates(policy), facts(policy), extra))
    def run(drawn: tuple[date, dict[str, Any], Any]) -> None:
        nonlocal tried
        key = repr(drawn)
        spent = time.monotonic() - start
        if smallest and spent > budget.seconds * 3:
            raise _ShrinkingOver  # ends hypothesis' run at once; the smallest case found is kept
        if not smallest and spent > budget.seconds:
            return  # the budget is spent and nothing broke the property
        tried += 0 if key in failing else 1
        found = check(*drawn)
        if found is None:
            return
        if key not in failing:
            failing.add(key)
            smallest.append((drawn, found))  # hypothesis only tries cases smaller than its best
        raise _Broken(drawn, found)

    counterexample = None
    try:
        run()
    except _Broken as broken:
        counterexample = prune(check, broken.drawn, broken.found)
    except _ShrinkingOver:
        counterexample = prune(check, *smallest[-1])
    compiled = compiled_policy(policy)
    return PropertyResult(id=prop.id, kind=prop.kind, text=prop.text, source=compiled.source_ref(prop.source) if prop.source else None, reason=prop.reason,
                          holds=counterexample is None, examples=tried, seconds=round(time.monotonic() - start, 3), counterexample=counterexample)

