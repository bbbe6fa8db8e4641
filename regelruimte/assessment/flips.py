# SPDX-License-Identifier: EUPL-1.2
"""How far a case is from the letter: for each failed rule, the distance of each failing
comparison (income € 12 above the limit, 0,8%), and the smallest change of one known fact that
makes the rule pass (a search of tens of evaluations per fact, run when first read).

Everything here reads the same compiled conditions as the letter; nothing re-interprets a rule.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import ConfigDict, Field

from .._exact import CENT, in_context
from ..compiler import CompiledPolicy, compiled_policy
from ..conditions import ast
from ..conditions.evaluate import Env
from ..model.base import LocalizedText, built
from ..model.policy import Policy
from .letter import LetterResult
from .personal import HidesValues

_LIMIT = Decimal(10) ** 8  # one million euros in cents: a larger change is no practical flip
_RELATIVE = Decimal("0.0001")  # a distance relative to its limit: to a hundredth of a per cent


class Distance(HidesValues):
    """How far one failed comparison is from passing (e.g. income € 12 above the limit, 0,8%)."""

    model_config = ConfigDict(frozen=True)
    personal_fields = ("gap", "relative", "case_value", "limit_value")

    rule: str
    comparison: str
    left: str
    right: str
    direction: Literal["above", "below"] = "above"
    """Where the left side is: above the right side (``<``, ``<=`` fail) or below it (``>``, ``>=``).
    Says nothing of the case when the limit is on the left: read :attr:`position` for that."""
    limit: Literal["left", "right"] = "right"
    """Which side is the limit: the side without facts, else the side that is not a plain fact
    (``kosten > draagkracht``: the draagkracht), else the right side."""
    position: Literal["above", "below", "at"] = "above"
    """Where the case's side stands against the limit (``at``: on it, and the rule wants it past)."""
    case_label: LocalizedText | None = None
    """What the case's side is (the fact, derived value or parameter it names); None for an expression."""
    limit_label: LocalizedText | None = None
    """What the limit is, likewise."""
    case_value: Decimal | int | date | None = None
    """The case's side (money in whole cents); personal data, left out unless values are asked for."""
    limit_value: Decimal | int | date | None = None
    """The limit's value for this case (it may rest on the case's facts, so left out likewise)."""
    gap: Decimal | int | None = None
    """Positive: how much the left side must come down (or the right side go up) to pass. With a
    limit from the policy it gives the fact's value back, so default output leaves it out
    (``to_dict(show_values=True)`` keeps it; docs/privacy.md)."""
    relative: Decimal | None = None
    """The gap as a fraction of the limit, where that is a number; left out by default, as ``gap``."""
    unit: Literal["money", "number", "days"]


class Flip(HidesValues):
    """The smallest change of one fact that makes a failed rule pass."""

    model_config = ConfigDict(frozen=True)
    personal_fields = ("to_value",)

    rule: str
    fact: str
    change: Decimal | int | str | None = None
    """For numbers: the change (+/-); for dates: days; for a yes/no fact: "flip" (the new value would
    disclose the case's value); for a choice: the value that would pass. A number or a number of
    days gives the fact's value back with the limit, so default output keeps only ``direction``."""
    direction: Literal["up", "down"] | None = None
    """For numbers and dates: whether the fact must go up (later) or down (earlier)."""
    to_value: Any = Field(default=None, repr=False)
    unit: Literal["money", "number", "days", "value"] = "value"
    flips_letter: bool
    """True when this change alone turns the letter into a grant."""

    def hidden_fields(self) -> tuple[str, ...]:
        return self.personal_fields if self.unit == "value" else (*self.personal_fields, "change")


# -- distance to the letter -------------------------------------------------------------------
def _failing_comparisons(node: ast.Node, env: Env, compiled: CompiledPolicy) -> list[ast.Compare]:
    """The comparisons inside a failed condition that make it fail."""
    if isinstance(node, ast.Compare):
        return [node]
    if isinstance(node, ast.And):
        return [c for item in node.items if compiled.fn_of(item)(env) is False for c in _failing_comparisons(item, env, compiled)]
    if isinstance(node, ast.Or):
        return [c for item in node.items for c in _failing_comparisons(item, env, compiled)]
    return []


def distances(policy: Policy, letter: LetterResult, env: Env) -> list[Distance]:
    """For each failed rule, how far each failing comparison is from passing."""
    compiled: CompiledPolicy = compiled_policy(policy)
    out: list[Distance] = []
    for r in letter.rules:
        if r.result != "failed":
            continue
        for cmp in _failing_comparisons(compiled.rules[r.id].node, env, compiled):
            d = _distance(r.id, cmp, env, compiled)
            if d is not None:
                out.append(d)
    return out


def _distance(rule_id: str, cmp: ast.Compare, env: Env, compiled: CompiledPolicy) -> Distance | None:
    if cmp.op in ("==", "!="):
        return None
    cmp, limit, texts, labels, money = _shape(cmp, compiled)
    left, right = compiled.fn_of(cmp.left)(env), compiled.fn_of(cmp.right)(env)
    if left is None or right is None:
        return None
    case_value, limit_value = (right, left) if limit == "left" else (left, right)
    position: Literal["above", "below", "at"] = "above" if case_value > limit_value else "below" if case_value < limit_value else "at"
    if isinstance(left, date):
        gap: Decimal | int = (left - right).days if cmp.op in ("<", "<=") else (right - left).days
        unit: Literal["money", "number", "days"] = "days"
        relative = None
    else:
        diff = Decimal(left) - Decimal(right)
        gap = diff if cmp.op in ("<", "<=") else -diff
        unit = "money" if money else "number"
        relative = (Decimal(gap) / abs(Decimal(limit_value))).quantize(_RELATIVE) if limit_value != 0 else None
        gap = Decimal(gap).quantize(CENT) if unit == "money" else gap
        if unit == "money":
            case_value, limit_value = Decimal(case_value).quantize(CENT), Decimal(limit_value).quantize(CENT)
    # made by the library from values of the right types, every field given in the model's order: not validated again
    return built(Distance, rule=rule_id, comparison=texts[0], left=texts[1], right=texts[2], direction="above" if cmp.op in ("<", "<=") else "below",
                 limit=limit, position=position, case_label=labels[0], limit_label=labels[1], case_value=case_value, limit_value=limit_value, gap=gap,
                 relative=relative, unit=unit)


def _shape(written: ast.Compare, compiled: CompiledPolicy) -> tuple[ast.Compare, Literal["left", "right"], tuple[str, str, str],
                                                                    tuple[LocalizedText | None, LocalizedText | None], bool]:
    """What a distance takes from the comparison alone, not from the case: the relaxed comparison,
    which side is the limit, the texts, the labels of the case's side and the limit (from the
    comparison as the rule writes it: its sides name what a reader knows, a derived value or a
    fact) and whether it compares money. Found once per comparison and kept on the compiled policy
    (keyed by identity, the node kept in the entry so a key is never reused by another object)."""
    table: dict[int, tuple[ast.Compare, Any]] = compiled.analyses.setdefault("distance_shapes", {})
    hit = table.get(id(written))
    if hit is not None and hit[0] is written:
        return hit[1]  # type: ignore[no-any-return]
    cmp = _relaxed(compiled, written)  # max(0, X) > 0 is X > 0: the distance of X is the informative one
    limit = _limit_side(cmp, compiled)
    case_node, limit_node = (written.right, written.left) if limit == "left" else (written.left, written.right)
    types = compiled.types
    money = bool(types.get(cmp.left) and types[cmp.left].kind == "money" or types.get(cmp.right) and types[cmp.right].kind == "money")
    shape = (cmp, limit, (ast.to_text(cmp), ast.to_text(cmp.left), ast.to_text(cmp.right)), (_label(case_node, compiled), _label(limit_node, compiled)), money)
    table[id(written)] = (written, shape)
    return shape


def _facts_in(node: ast.Node, compiled: CompiledPolicy) -> set[str]:
    """The facts an expression depends on, also through derived values."""
    out: set[str] = set()
    for name in ast.names(node):
        kind = compiled.kinds.get(name)
        if kind == "fact":
            out.add(name)
        elif kind == "derived":
            out |= compiled.derived[name].facts
    return out


def _limit_side(cmp: ast.Compare, compiled: CompiledPolicy) -> Literal["left", "right"]:
    """Which side of a comparison is the limit, whichever way the rule is written."""
    table = [isinstance(n, ast.Lookup) or isinstance(n, ast.Name) and compiled.kinds.get(n.name) == "parameter" for n in (cmp.left, cmp.right)]
    if table[0] != table[1]:
        return "left" if table[0] else "right"
    left, right = _facts_in(cmp.left, compiled), _facts_in(cmp.right, compiled)
    if left and not right:
        return "right"
    if right and not left:
        return "left"
    plain_left = isinstance(cmp.left, ast.Name) and compiled.kinds.get(cmp.left.name) == "fact"
    plain_right = isinstance(cmp.right, ast.Name) and compiled.kinds.get(cmp.right.name) == "fact"
    return "left" if plain_right and not plain_left else "right"


def _label(node: ast.Node, compiled: CompiledPolicy) -> LocalizedText | None:
    """The description of the fact, derived value or parameter a side names (None for an expression)."""
    if not isinstance(node, (ast.Name, ast.Lookup)):
        return None
    policy = compiled.policy
    named = policy.facts.get(node.name) or policy.derived.get(node.name) or policy.all_parameters.get(node.name)
    return named.description if named is not None else None


# -- smallest change of one fact -----------------------------------------------------------------
@in_context
def smallest_flips(policy: Policy, letter: LetterResult, facts: dict[str, Any], day: date) -> list[Flip]:
    """For each failed rule, the smallest change of one known fact that makes the rule pass."""
    compiled: CompiledPolicy = compiled_policy(policy)
    failed = [r.id for r in letter.rules if r.result == "failed"]
    out: list[Flip] = []
    base = compiled.env(facts, day)
    for rule_id in failed:
        expr = compiled.rules[rule_id]
        best: Flip | None = None
        for fact in sorted(expr.facts):
            if fact not in facts:
                continue
            found = _search(compiled, rule_id, fact, facts, day, base)
            if found is None:
                continue
            change, value = found
            others_pass = all(
                compiled.rules[other].fn(compiled.env({**facts, fact: value}, day)) is True for other in failed if other != rule_id
            )
            kind = compiled.policy.facts[fact].type
            unit: Literal["money", "number", "days", "value"] = "money" if kind == "money" else "number" if kind in ("int", "decimal") else "days" if kind == "date" else "value"
            direction = None if isinstance(change, str) else "up" if change > 0 else "down"
            candidate = built(Flip, rule=rule_id, fact=fact, change=change, direction=direction, to_value=value, unit=unit, flips_letter=others_pass)
            if best is None or _size(candidate, facts) < _size(best, facts):
                best = candidate
        if best is not None:
            out.append(best)
    return out


def _size(f: Flip, facts: dict[str, Any]) -> Decimal:
    if isinstance(f.change, str) or f.change is None:
        return Decimal(1)
    base = facts.get(f.fact)
    denominator = abs(Decimal(base)) if isinstance(base, (int, Decimal)) and not isinstance(base, bool) and base != 0 else Decimal(1)
    return abs(Decimal(f.change)) / denominator


def _passes(compiled: CompiledPolicy, rule_id: str, facts: dict[str, Any], day: date, kept: dict[str, Any] | None = None) -> bool:
    env = compiled.env(facts, day) if kept is None else compiled.env_with(facts, day, kept)
    return compiled.rules[rule_id].fn(env) is True


def _search(compiled: CompiledPolicy, rule_id: str, fact: str, facts: dict[str, Any], day: date, base: Env | None = None) -> tuple[Any, Any] | None:
    current = facts[fact]
    kept = compiled.kept_derived(base if base is not None else compiled.env(facts, day), fact)
    spec = compiled.policy.facts[fact]
    if spec.type == "bool":
        new = not current
        # the change of a yes/no fact is "flip": its new value would disclose the old one
        return ("flip", new) if _passes(compiled, rule_id, {**facts, fact: new}, day, kept) else None
    if spec.type == "enum":
        for value in spec.values or ():
            if value != current and _passes(compiled, rule_id, {**facts, fact: value}, day, kept):
                return value, value
        return None
    if spec.type == "date":
        def moved_passes(k: int, s: int) -> bool:
            try:
                moved = current + timedelta(days=s * k)
            except OverflowError:  # beyond the calendar: no such date, so no flip there
                return False
            return _passes(compiled, rule_id, {**facts, fact: moved}, day, kept)

        for sign in (-1, 1):
            days = _boundary(lambda k, s=sign: moved_passes(k, s), 1, 36500)
            if days is not None:
                return sign * days, current + timedelta(days=sign * days)
        return None
    if spec.type in ("money", "decimal", "int"):
        unit: Decimal | int = 1 if spec.type == "int" else CENT
        results = []
        guess = _linear_guess(compiled, rule_id, fact, facts, day, unit)
        for sign in (-1, 1):
            bound = spec.minimum if sign < 0 else spec.maximum
            high = int(_LIMIT) if bound is None else min(int(_LIMIT), int(abs(Decimal(current) - bound) / Decimal(unit)))
            if high < 1:
                continue

            def ok(k: int, s: int = sign) -> bool:
                return _passes(compiled, rule_id, {**facts, fact: current + s * k * unit}, day, kept)

            if guess is not None and guess[1] == sign and guess[0] <= high and ok(guess[0]) and (guess[0] == 1 or not ok(guess[0] - 1)):
                results.append(guess)  # a linear rule: the exact boundary in two evaluations
                continue
            steps = _boundary(ok, 1, high)
            if steps is not None:
                results.append((steps, sign))
        if not results:
            return None
        steps, sign = min(results)
        change = sign * steps * unit
        return change, current + change
    return None


def _linear_guess(compiled: CompiledPolicy, rule_id: str, fact: str, facts: dict[str, Any], day: date, unit: Decimal | int) -> tuple[int, int] | None:
    """Where the single failing comparison of a rule crosses its limit, if it is linear in ``fact``:
    the gap divided by the slope, in whole units (cents), with the direction of the change."""
    node = compiled.rules[rule_id].node
    env = compiled.env(facts, day)
    failing = _failing_comparisons(node, env, compiled)
    if len(failing) != 1 or failing[0].op in ("==", "!="):
        return None
    cmp = _relaxed(compiled, failing[0])
    left, right = compiled.fn_of(cmp.left), compiled.fn_of(cmp.right)

    def gap(value: Any) -> Decimal | None:
        e = compiled.env({**facts, fact: value}, day)
        a, b = left(e), right(e)
        if a is None or b is None or isinstance(a, date):
            return None
        return Decimal(a) - Decimal(b)

    current = facts[fact]
    g0, g1 = gap(current), gap(current + unit * 100)
    if g0 is None or g1 is None or g1 == g0:
        return None
    slope = (g1 - g0) / (unit * 100)
    # the comparison passes when gap <= 0 (for <, <=) or gap >= 0 (for >, >=)
    needed = -g0 / slope
    steps = abs(needed) / Decimal(unit)
    k = int(steps.to_integral_value(rounding="ROUND_CEILING"))
    if cmp.op in ("<", ">") and Decimal(k) == steps:
        k += 1
    return (max(k, 1), 1 if needed > 0 else -1)


def _relaxed(compiled: CompiledPolicy, cmp: ast.Compare) -> ast.Compare:
    """An equivalent comparison without a floor that hides the slope: ``max(a, X) > c`` is
    ``X > c`` when ``a <= c`` (the common ``kwijtschelding > 0`` with ``max(0, ...)``).
    Derived names on the left are looked through. Only used to guess where to search."""
    left = cmp.left
    for _ in range(16):
        if isinstance(left, ast.Name) and compiled.kinds.get(left.name) == "derived":
            left = compiled.derived[left.name].node
        else:
            break
    if (
        cmp.op in (">", ">=")
        and isinstance(left, ast.Call)
        and left.func == "max"
        and len(left.args) == 2
        and isinstance(cmp.right, ast.Literal)
    ):
        floor, inner = left.args
        if isinstance(floor, ast.Literal) and floor.value <= cmp.right.value:  # type: ignore[operator]
            return ast.Compare(cmp.op, inner, cmp.right, cmp.pos)
    return ast.Compare(cmp.op, left, cmp.right, cmp.pos)


def _boundary(ok: Any, low: int, high: int) -> int | None:
    """The smallest k in [low, high] with ok(k), assuming ok is monotone in k (a larger change
    never stops a passing rule from passing): None when even ``high`` does not pass; otherwise
    exponential search for a passing k, then bisection."""
    if not ok(high):
        return None
    k, last_fail = low, low - 1
    while k < high and not ok(k):
        last_fail, k = k, k * 4
    k = min(k, high)
    lo, hi = last_fail, k  # ok(hi) is True, ok(lo) False (or lo below range)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi
