# SPDX-License-Identifier: EUPL-1.2
"""The tension over every completion of the missing facts.

A case with missing facts stands for all the cases that fill them in (its *completions*), within
each fact's declared type, choices and bounds. :func:`analyse` runs the abstract evaluator
(:mod:`regelruimte.conditions.abstract`) over that box and says, per rule and per purpose, which
results are still possible, which letter and intent verdicts, and which tensions. When only one
tension is possible, it holds whatever the missing facts are, and the assessment reports it.
When several are, the tension stays ``undetermined``, and the room lists the provisions that
would bridge a *possible* divergence, with the facts it depends on.

The box is split on missing yes/no and choice facts (each value its own box) and on the limits
missing numbers are compared with, up to :data:`SPLIT_CAP` boxes; what is not split stays
abstract. Every step over-approximates, so a determined answer is sound (it holds for every
completion); with the cap reached, an answer is only less often determined, never wrong.
"""

from __future__ import annotations

import decimal
import weakref
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import product
from typing import Any

from ..compiler.compiled import CompiledPolicy, Expr, compiled_policy
from ..conditions import ast
from ..conditions.abstract import Abs, AbsEnv, abstract, bounds, const, interval, join, of_set
from ..model.policy import Policy
from .boxes import boxes_of, domain_of, known_box, split_box
from .intent import IntentResult, tolerance
from .letter import LetterResult, round_amount

SPLIT_CAP = 64
"""At most this many boxes per case: the analysis stays fast on any policy (no enumeration)."""

Truths = frozenset[bool | None]


@dataclass
class Completions:
    """What every completion of the missing facts can give."""

    missing: list[str]
    """The missing facts the rules, purposes and amounts use (the box's open dimensions)."""
    day: date
    """The reference date."""
    tensions: set[str] = field(default_factory=set)
    letter: set[str] = field(default_factory=set)
    intent: set[str] = field(default_factory=set)
    rules: dict[str, set[bool | None]] = field(default_factory=dict)
    purposes: dict[str, set[bool | None]] = field(default_factory=dict)
    amount: Abs | None = None
    """The letter's amount over the boxes where the letter can grant (rounded as the outcome says)."""
    purpose_amounts: dict[str, Abs] = field(default_factory=dict)
    boxes: int = 0
    box: AbsEnv | None = field(default=None, repr=False, compare=False)
    """The unsplit box of the case (without overrides), with what was computed in it: the lifting
    and the directions reason over the same box and reuse it."""

    @property
    def tension(self) -> str | None:
        """The one tension every completion gives, or None."""
        return next(iter(self.tensions)) if len(self.tensions) == 1 else None

    def may_block(self, adverse: bool) -> set[str]:
        """The rules that can stand between the citizen and what the purpose calls for: for a
        benefit those that can fail, for an adverse outcome those that can pass."""
        hit = True if adverse else False
        return {rid for rid, t in self.rules.items() if hit in t}


def waiting_facts(letter: LetterResult, intent: IntentResult, amount_missing: list[str]) -> list[str]:
    """The missing facts the letter, its amount and the purposes are waiting for."""
    out = set(amount_missing)
    for r in letter.rules:
        out.update(r.missing)
    for p in intent.purposes:
        out.update(p.missing)
    return sorted(out)


_COMPARED: weakref.WeakKeyDictionary[CompiledPolicy, tuple[tuple[str, ast.Node], ...]] = weakref.WeakKeyDictionary()


def _compared(compiled: CompiledPolicy) -> tuple[tuple[str, ast.Node], ...]:
    """Every (fact name, other side) of a comparison ``fact <op> expr`` in the rules, purpose tests
    and derived values: found once per compiled policy (kept as long as the policy lives)."""
    hit = _COMPARED.get(compiled)
    if hit is not None:
        return hit
    pairs: list[tuple[str, ast.Node]] = []
    for e in (*compiled.rules.values(), *compiled.purpose_tests.values(), *compiled.derived.values()):
        for n in ast.walk(e.node):
            if isinstance(n, ast.Compare):
                for side, other in ((n.left, n.right), (n.right, n.left)):
                    if isinstance(side, ast.Name) and compiled.kinds.get(side.name) == "fact":
                        pairs.append((side.name, other))
    _COMPARED[compiled] = tuple(pairs)
    return tuple(pairs)


def _thresholds(compiled: CompiledPolicy, env: AbsEnv, missing: set[str]) -> dict[str, set[Any]]:
    """The limits each missing number or date is compared with directly (``fact <= limit``), where
    the limit is the same in every completion: splitting there keeps the comparison exact."""
    out: dict[str, set[Any]] = {}
    for name, other in _compared(compiled):
        if name in missing:
            limit = abstract(other, env).single
            if limit is not None and not isinstance(limit, (bool, str)):
                out.setdefault(name, set()).add(limit)
    return out


QUANTUM = {"int": Decimal(1), "money": Decimal("0.01"), "decimal": Decimal("1e-12")}
"""The finest step a case's value of each number type can take (:mod:`regelruimte.model.case`)."""


def _neighbours(c: Any, kind: str) -> tuple[Any, Any, bool] | None:
    """The nearest values a fact of ``kind`` can take below and above ``c``, and whether it can be ``c``."""
    if kind == "date":
        if not isinstance(c, date):
            return None
        try:
            return c - timedelta(days=1), c + timedelta(days=1), True
        except OverflowError:
            return None
    if isinstance(c, date):
        return None
    q = QUANTUM[kind]
    steps = Decimal(c) / q
    below = (steps.to_integral_value(rounding=decimal.ROUND_CEILING) - 1) * q
    above = (steps.to_integral_value(rounding=decimal.ROUND_FLOOR) + 1) * q
    on_grid = steps == steps.to_integral_value()
    if kind == "int":
        return int(below), int(above), on_grid
    return below, above, on_grid


def _pieces(domain: Abs, limits: set[Any], kind: str) -> list[Abs]:
    """A numeric or date domain cut at ``limits``: below, at and above each one. The pieces cover
    every value a case can hold (a limit off the fact's grid of cents or whole numbers is no piece)."""
    span = bounds(domain)
    if span is None:
        return [domain]
    lo, hi = span
    try:
        cuts = sorted(c for c in limits if lo <= c <= hi)
    except TypeError:
        return [domain]
    out: list[Abs] = []
    start = lo
    for c in cuts:
        near = _neighbours(c, kind)
        if near is None:
            return [domain]
        below, above, on_grid = near
        if start <= below:
            out.append(interval(start, below))
        if on_grid and start <= c:
            out.append(const(c))
        start = max(start, above)
    if start <= hi:
        out.append(interval(start, hi))
    return out


MEMO_SIZE = 4
"""How many analyses each compiled policy keeps (:func:`analyse`): the most recently used. Few: a
kept analysis holds its boxes, and with 256 the garbage collector's passes over them made cases
that run the analysis about a quarter slower (make bench's sample of the session start)."""


def keep_recent_analyses(n: int) -> None:
    """Keep the ``n`` most recently used analyses of each policy (default :data:`MEMO_SIZE`; 0 keeps
    none). A kept analysis holds its case's known facts, so a process that promises to keep nothing
    of a case after answering it (``regelruimte serve``) keeps none."""
    global MEMO_SIZE
    if n < 0:
        raise ValueError("n must be 0 or more")
    MEMO_SIZE = n


def analyse(policy: Policy, facts: dict[str, Any], day: date, overrides: dict[str, Abs] | None = None) -> Completions:
    """The possible rule results, verdicts and tensions over every completion of ``facts``.
    ``overrides`` fix derived values (a bound of a derived value with a declared direction).

    A pure function of the policy, the facts, the day and the overrides, so the
    :data:`MEMO_SIZE` most recently used analyses of each policy are kept and a case that gives the
    same facts the same values (many cases leave the same facts open and know the same few) reuses one. The key holds
    each value's type and ``repr`` (``1.0`` and ``1.00`` stay apart, as ``True`` and ``1``). The
    result is only read by the assessment, never changed; what the lifting and the directions
    compute in its box is kept there, as in a box of one case."""
    compiled = compiled_policy(policy)
    if not MEMO_SIZE:
        compiled.analyses.pop("completions", None)
        return _analyse(policy, compiled, facts, day, overrides)
    memo: dict[tuple[Any, ...], Completions] = compiled.analyses.setdefault("completions", {})
    key = (day, tuple(sorted((name, type(v).__name__, repr(v)) for name, v in facts.items())),
           None if overrides is None else tuple(sorted((name, repr(a)) for name, a in overrides.items())))
    hit = memo.pop(key, None)
    if hit is not None:
        memo[key] = hit  # the most recently used last
        return hit
    result = _analyse(policy, compiled, facts, day, overrides)
    if len(memo) >= MEMO_SIZE:
        for old in list(memo)[:len(memo) - MEMO_SIZE + 1]:  # the least recently used (another thread may have taken one)
            memo.pop(old, None)
    memo[key] = result
    return result


def _analyse(policy: Policy, compiled: CompiledPolicy, facts: dict[str, Any], day: date, overrides: dict[str, Abs] | None) -> Completions:
    used = boxes_of(compiled).used
    known = known_box(compiled, facts)
    whole = split_box(compiled, known, day, None, overrides)  # the unsplit box: what no split changes is computed here once
    missing = [f for f in policy.facts if f not in facts and f in used]
    result = Completions(missing=missing, day=day, box=whole if overrides is None else None)
    finite = sorted((f for f in missing if policy.facts[f].type in ("bool", "enum")), key=lambda f: -len(compiled.exprs_using(f)))
    splits: list[tuple[str, list[Abs]]] = []
    budget = SPLIT_CAP
    for f in finite:
        values = sorted(domain_of(policy, f).values or (), key=repr)
        if 1 < len(values) <= budget:
            splits.append((f, [const(v) for v in values]))
            budget //= len(values)
    names = [s[0] for s in splits]
    numbers = set(missing) - set(finite)
    for combo in product(*(s[1] for s in splits)):
        fixed = dict(zip(names, combo))
        # within this box, cut the missing numbers and dates at the limits they are compared with
        cuts: list[tuple[str, list[Abs]]] = []
        room = budget
        for f, limits in _thresholds(compiled, split_box(compiled, known, day, fixed, overrides, whole), numbers).items():
            pieces = _pieces(domain_of(policy, f), limits, policy.facts[f].type)
            if 1 < len(pieces) <= room:
                cuts.append((f, pieces))
                room //= len(pieces)
        for chosen in product(*(c[1] for c in cuts)):
            env = split_box(compiled, known, day, {**fixed, **dict(zip((c[0] for c in cuts), chosen))}, overrides, whole)
            _one_box(policy, compiled, env, result)
            result.boxes += 1
    return result


def _kleene_and(truths: list[set[bool | None]]) -> set[bool | None]:
    states: set[bool | None] = {True}
    for t in truths:
        nxt: set[bool | None] = set()
        for s in states:
            for v in t:
                nxt.add(False if s is False or v is False else None if s is None or v is None else True)
        states = nxt
    return states


def _amount(expr: Expr, env: AbsEnv, rounding: str) -> Abs:
    raw = env.shared(expr.node, expr.facts)
    if raw.values is not None:
        return of_set((round_amount(v, rounding) for v in raw.values), raw.undef)
    span = bounds(raw)
    if span is None:
        return Abs(None, undef=True)
    return interval(round_amount(span[0], rounding), round_amount(span[1], rounding), raw.undef)  # rounding is monotone


def _one_box(policy: Policy, compiled: CompiledPolicy, env: AbsEnv, out: Completions) -> None:
    rule_truths: list[set[bool | None]] = []
    for r in policy.rules:
        if not r.applies_on(env.peildatum):
            continue
        rule = compiled.rules[r.id]
        t = set(env.shared(rule.node, rule.facts).truths)
        out.rules.setdefault(r.id, set()).update(t)
        rule_truths.append(t)
    letter_truth = _kleene_and(rule_truths)
    letter: set[str] = set()
    amount: Abs | None = None
    if False in letter_truth:
        letter.add("denied")
    if None in letter_truth:
        letter.add("undetermined")
    if True in letter_truth:
        if compiled.amount is None:
            letter.add("granted")
        else:
            amount = _amount(compiled.amount, env, policy.outcome.rounding)
            out.amount = amount if out.amount is None else join(out.amount, amount)
            if amount.undef:
                letter.add("undetermined")
            if amount.values is None or amount.values:
                letter.add("granted")
    purpose_truths: list[set[bool | None]] = []
    amounts: list[Abs] = []
    for p in policy.purposes:
        if not p.applies_on(env.peildatum):
            continue
        amount_expr = compiled.purpose_amounts.get(p.id)
        if amount_expr is not None:
            amounts.append(_amount(amount_expr, env, policy.outcome.rounding))
            known = out.purpose_amounts.get(p.id)
            out.purpose_amounts[p.id] = amounts[-1] if known is None else join(known, amounts[-1])
        test = compiled.purpose_tests.get(p.id)
        if test is not None:
            t = set(env.shared(test.node, test.facts).truths)
            out.purposes.setdefault(p.id, set()).update(t)
            purpose_truths.append(t)
    intent_truth = _kleene_and(purpose_truths) if purpose_truths else {None}
    intent = {"served" if v is True else "not_served" if v is False else "undetermined" for v in intent_truth}
    out.letter |= letter
    out.intent |= intent
    out.tensions |= _tensions(policy, letter, intent, amount, _first_known(amounts), bool(amounts))


def _first_known(amounts: list[Abs]) -> Abs | None:
    """The intent amount: the first purpose amount that is known (as :mod:`.intent` takes it)."""
    out: Abs | None = None
    for a in amounts:
        known = Abs(a.values, a.lo, a.hi, False)
        out = known if out is None else join(out, known)
        if not a.undef:
            return out
    if out is None:
        return None
    return Abs(out.values, out.lo, out.hi, True)


def _tensions(policy: Policy, letter: set[str], intent: set[str], amount: Abs | None, intent_amount: Abs | None, has_amount_purposes: bool) -> set[str]:
    """Every tension a combination of the possible verdicts and amounts can give (as ``tension_of``)."""
    adverse = policy.outcome.adverse
    out: set[str] = set()
    for lv in letter:
        for iv in intent:
            if lv == "undetermined" or iv == "undetermined":
                out.add("undetermined")
                continue
            granted, served = lv == "granted", iv == "served"
            if granted != served:
                citizen_worse = (not granted) if not adverse else granted
                out.add("letter_blocks_intent" if citizen_worse else "letter_exceeds_intent")
                continue
            if not granted or amount is None:
                out.add("aligned")
                continue
            if has_amount_purposes and (intent_amount is None or intent_amount.undef):
                out.add("undetermined")
            if intent_amount is None:
                if not has_amount_purposes:
                    out.add("aligned")
                continue
            if intent_amount.values is not None and not intent_amount.values:
                continue
            out |= _amount_tensions(amount, intent_amount, tolerance(policy), adverse)
    return out


def _amount_tensions(letter: Abs, intent: Abs, tol: Decimal, adverse: bool) -> set[str]:
    la, ia = bounds(letter), bounds(intent)
    if la is None or ia is None:
        return {"aligned", "letter_blocks_intent", "letter_exceeds_intent"}
    if letter.values is not None and intent.values is not None and len(letter.values) * len(intent.values) <= 256:
        diffs = [x - y for x in letter.values for y in intent.values]
        low, high = min(diffs), max(diffs)
        exact = True
    else:
        low, high = la[0] - ia[1], la[1] - ia[0]
        exact = False
    out: set[str] = set()
    more, less = ("letter_blocks_intent", "letter_exceeds_intent") if adverse else ("letter_exceeds_intent", "letter_blocks_intent")
    if high > tol:
        out.add(more)
    if low < -tol:
        out.add(less)
    if exact:
        if any(abs(d) <= tol for d in diffs):
            out.add("aligned")
    elif low <= tol and high >= -tol:
        out.add("aligned")
    return out
