# SPDX-License-Identifier: EUPL-1.2
"""Properties of the exact three-valued evaluator, with generated well-typed conditions (C8, C20).

The conditions are generated as text (tests/strategies.py), parsed by the real parser, checked by
the real type checker and run by the real compiled closures. About 5,200 generated examples in all.
"""

from __future__ import annotations

import decimal
import functools
import itertools
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import DERIVED, ENUM_VALUES, FACTS, PARAM_TYPES, PARAMS, PEILDATUM, VALUES, cents, expressions, fact_values

import regelruimte as rr
from regelruimte.assessment.letter import evaluate_letter
from regelruimte.conditions import Checker, ConditionTypeError, Env, Symbol, Type, compile_expr, parse

FIXTURES = Path(__file__).resolve().parent / "fixtures"

PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _type(kind: str) -> Type:
    return Type("enum", frozenset(ENUM_VALUES)) if kind == "enum" else Type(kind)


SCOPE = {name: Symbol("fact", _type(t)) for name, t in FACTS.items()}
SCOPE |= {name: Symbol("parameter", Type(t), frozenset(ENUM_VALUES) if name == "p_k" else None) for name, t in PARAM_TYPES.items()}
SCOPE |= {name: Symbol("derived", Type(t)) for name, (t, _) in DERIVED.items()}
SCOPE["peildatum"] = Symbol("builtin", Type("date"))
KINDS = {name: sym.kind for name, sym in SCOPE.items()}
DERIVED_FNS = {name: compile_expr(parse(text), KINDS) for name, (_, text) in DERIVED.items()}

NAMES = sorted(FACTS)
masks = st.integers(0, 2 ** len(NAMES) - 1)  # which facts are missing (one draw: faster than a set)


def _missing(mask: int) -> set[str]:
    return {name for i, name in enumerate(NAMES) if mask >> i & 1}


PY_TYPES: dict[str, tuple[type, ...]] = {"bool": (bool,), "int": (int,), "money": (Decimal, int), "decimal": (Decimal, int), "date": (date,)}


@functools.lru_cache(maxsize=4096)
def _compile(text: str, kind: str):  # noqa: ANN202
    node = parse(text)
    assert Checker(SCOPE).check(node, kind).kind == kind, text
    return compile_expr(node, KINDS)


def _run(fn, facts: dict[str, Any]) -> Any:  # noqa: ANN001
    return fn(Env(facts, PARAMS, PEILDATUM, DERIVED_FNS))


def _check_value(value: Any, kind: str) -> None:
    assert value is None or isinstance(value, PY_TYPES[kind]), f"{kind} expression gave {type(value).__name__}"
    assert not isinstance(value, float)
    if kind != "bool":
        assert not isinstance(value, bool)
    if isinstance(value, Decimal):
        assert value.is_finite()


# -- Kleene logic -------------------------------------------------------------------------------
TRUTH = (True, False, None)
_RANK = {False: 0, None: 1, True: 2}


def k_and(*xs: bool | None) -> bool | None:
    return min(xs, key=_RANK.__getitem__)


def k_or(*xs: bool | None) -> bool | None:
    return max(xs, key=_RANK.__getitem__)


def k_not(x: bool | None) -> bool | None:
    return None if x is None else not x


def _bools(a: bool | None, b: bool | None, c: bool | None = None) -> dict[str, Any]:
    return {k: v for k, v in (("b1", a), ("b2", b), ("b3", c)) if v is not None}


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("b1 and b2", lambda a, b, c: k_and(a, b)),
        ("b2 and b1", lambda a, b, c: k_and(a, b)),
        ("b1 or b2", lambda a, b, c: k_or(a, b)),
        ("b2 or b1", lambda a, b, c: k_or(a, b)),
        ("not b1", lambda a, b, c: k_not(a)),
        ("not not b1", lambda a, b, c: a),
        ("b1 and b2 and b3", lambda a, b, c: k_and(a, b, c)),
        ("(b1 and b2) and b3", lambda a, b, c: k_and(a, b, c)),
        ("b1 and (b2 and b3)", lambda a, b, c: k_and(a, b, c)),
        ("b1 or (b2 or b3)", lambda a, b, c: k_or(a, b, c)),
        ("not (b1 and b2)", lambda a, b, c: k_or(k_not(a), k_not(b))),
        ("not b1 or not b2", lambda a, b, c: k_not(k_and(a, b))),
        ("not (b1 or b2)", lambda a, b, c: k_and(k_not(a), k_not(b))),
        ("b1 and (b2 or b3)", lambda a, b, c: k_or(k_and(a, b), k_and(a, c))),
        ("b1 or (b1 and b2)", lambda a, b, c: a),
        ("b1 or not b1", lambda a, b, c: None if a is None else True),
        ("b1 and not b1", lambda a, b, c: None if a is None else False),
        ("if b1 then b2 else b3", lambda a, b, c: b if a is True else c if a is False else (b if b is not None and b == c else None)),
    ],
)
def test_kleene_truth_tables(text: str, reference) -> None:  # noqa: ANN001
    fn = _compile(text, "bool")
    for a, b, c in itertools.product(TRUTH, repeat=3):
        assert _run(fn, _bools(a, b, c)) == reference(a, b, c), (text, a, b, c)
        assert _run(fn, _bools(a, b, c)) is reference(a, b, c)  # True/False/None, never 0/1


def test_false_and_unknown_is_false_and_true_or_unknown_is_true() -> None:
    for text in ("b1 and false", "false and b1", "b1 and b2 and false", "false and (i1 > 0)"):
        assert _run(_compile(text, "bool"), {}) is False
    for text in ("b1 or true", "true or b1", "(m1 > 0) or true"):
        assert _run(_compile(text, "bool"), {}) is True
    for text in ("b1 and true", "b1 or false", "not b1", "m1 > 0"):
        assert _run(_compile(text, "bool"), {}) is None


@settings(PROPERTY, max_examples=250)
@given(x=expressions("bool", 3), y=expressions("bool", 3), facts=fact_values(), mask=masks)
def test_de_morgan_and_commutativity_on_generated_conditions(x, y, facts: dict[str, Any], mask: int) -> None:  # noqa: ANN001
    missing = _missing(mask)
    env = {k: v for k, v in facts.items() if k not in missing}
    (xt, _), (yt, _) = x, y
    pairs = [
        (f"not (({xt}) and ({yt}))", f"(not ({xt})) or (not ({yt}))"),
        (f"not (({xt}) or ({yt}))", f"(not ({xt})) and (not ({yt}))"),
        (f"({xt}) and ({yt})", f"({yt}) and ({xt})"),
        (f"({xt}) or ({yt})", f"({yt}) or ({xt})"),
    ]
    vx, vy = _run(_compile(xt, "bool"), env), _run(_compile(yt, "bool"), env)
    assert _run(_compile(f"({xt}) and ({yt})", "bool"), env) is k_and(vx, vy)
    assert _run(_compile(f"({xt}) or ({yt})", "bool"), env) is k_or(vx, vy)
    for left, right in pairs:
        assert _run(_compile(left, "bool"), env) is _run(_compile(right, "bool"), env)


# -- totality and soundness -----------------------------------------------------------------------
@settings(PROPERTY, max_examples=900)
@given(expr=expressions(), facts=fact_values(), mask=masks)
def test_evaluation_never_raises_and_gives_a_value_of_the_checked_type(expr, facts: dict[str, Any], mask: int) -> None:  # noqa: ANN001
    text, kind = expr
    missing = _missing(mask)
    fn = _compile(text, kind)
    for env in (facts, {k: v for k, v in facts.items() if k not in missing}, {}):
        _check_value(_run(fn, env), kind)


@settings(PROPERTY, max_examples=1100)
@given(expr=expressions(), facts=fact_values(), other=fact_values(), mask=masks.filter(bool))
def test_a_determined_result_does_not_change_when_missing_facts_arrive(expr, facts, other, mask: int) -> None:  # noqa: ANN001
    """Soundness of 'unknown': if the partial case decides the expression, every completion agrees."""
    text, kind = expr
    missing = _missing(mask)
    fn = _compile(text, kind)
    partial = {k: v for k, v in facts.items() if k not in missing}
    result = _run(fn, partial)
    if result is None:
        return
    for completion in (facts, {**partial, **{k: other[k] for k in missing}}):
        assert _run(fn, completion) == result, (text, sorted(missing))


@settings(PROPERTY, max_examples=250)
@given(expr=expressions(), facts=fact_values(), mask=masks, data=st.data())
def test_the_result_does_not_depend_on_fact_order(expr, facts, mask: int, data: st.DataObject) -> None:  # noqa: ANN001
    text, kind = expr
    missing = _missing(mask)
    fn = _compile(text, kind)
    items = [(k, v) for k, v in facts.items() if k not in missing]
    shuffled = data.draw(st.permutations(items))
    assert _run(fn, dict(items)) == _run(fn, dict(shuffled)) == _run(fn, dict(reversed(items)))


@settings(PROPERTY, max_examples=300)
@given(expr=expressions(max_depth=4), facts=fact_values(), prec=st.integers(1, 6), rounding=st.sampled_from([decimal.ROUND_DOWN, decimal.ROUND_CEILING]))
def test_the_result_does_not_depend_on_the_callers_decimal_context(expr, facts, prec: int, rounding: str) -> None:  # noqa: ANN001
    """Money is computed in a fixed context, whatever precision the calling thread has set."""
    text, kind = expr
    fn = _compile(text, kind)
    expected = _run(fn, facts)
    with decimal.localcontext(decimal.Context(prec=prec, rounding=rounding, traps=[decimal.Inexact])):
        got = _run(fn, facts)
    assert got == expected and type(got) is type(expected), text


@functools.lru_cache(maxsize=4096)
def _plain(text: str):  # noqa: ANN202
    return compile_expr(parse(text), KINDS, shortcuts=False)


@pytest.mark.parametrize("value", ["1.123456789012345", "-0.0000000000005", "2.5", "7"])
@pytest.mark.parametrize("text", ["x * 3", "x * 0.5", "x + 1", "x - 0.000000000001", "max(0, x)", "min(0, x)", "x > 0", "x == 2.5"])
def test_literal_shortcuts_round_and_represent_as_the_plain_closures(text: str, value: str) -> None:
    """A number with more than 12 decimals (a decimal fact may have them) times a literal is
    rounded at 12 decimals by the shortcut exactly as by the plain closure."""
    kinds = {"x": "fact"}
    x = int(value) if "." not in value else Decimal(value)
    shortcut, plain = (compile_expr(parse(text), kinds, shortcuts=s)(Env({"x": x}, {}, PEILDATUM, {})) for s in (True, False))
    assert shortcut == plain and type(shortcut) is type(plain) and str(shortcut) == str(plain)


@settings(PROPERTY, max_examples=700)
@given(expr=expressions(), facts=fact_values(), mask=masks,
       literal=st.sampled_from(["0", "12", "1.50", "0.000000000001", "999999999999.99", "2026-01-01"]))
def test_the_closures_for_literal_operands_give_what_the_plain_closures_give(expr, facts, mask: int, literal: str) -> None:  # noqa: ANN001
    """``x * 12``, ``x > 0`` and ``max(0, x)`` get closures that hold the literal (one call less per
    node): on generated conditions, with a literal operand added where one fits, they give the very
    same value and type as the closure tree without those shortcuts."""
    text, kind = expr
    texts = [text]
    if kind in ("money", "int") and literal != "2026-01-01":
        texts += [f"({text}) * {literal}", f"({text}) + {literal}", f"({text}) - {literal}", f"max({literal}, {text})", f"min({literal}, {text})",
                  f"({text}) > {literal}", f"({text}) == {literal}"]
    if kind == "date" and literal == "2026-01-01":
        texts += [f"({text}) < {literal}", f"max({literal}, {text})"]
    env = {k: v for k, v in facts.items() if k not in _missing(mask)}
    for t in texts:
        try:
            k = Checker(SCOPE).check(parse(t), None).kind
        except ConditionTypeError:
            continue  # e.g. a whole number times an amount literal: not the language
        shortcut, plain = _run(_compile(t, k), env), _run(_plain(t), env)
        assert shortcut == plain and type(shortcut) is type(plain), t
        if isinstance(plain, Decimal):
            assert str(shortcut) == str(plain), t  # the same representation too, not only the same number


# -- money is exact -------------------------------------------------------------------------------
AMOUNTS = [f"a{i}" for i in range(20)]
MONEY_SCOPE = {name: Symbol("fact", Type("money")) for name in AMOUNTS} | {"k0": Symbol("fact", Type("int"))}
MONEY_KINDS = {name: "fact" for name in MONEY_SCOPE}


@functools.lru_cache(maxsize=256)
def _money_fn(text: str):  # noqa: ANN202
    node = parse(text)
    Checker(MONEY_SCOPE).check(node, "money")
    return compile_expr(node, MONEY_KINDS)


def _eur(c: int) -> Decimal:
    """``c`` cents as euros, built from the integer's digits (no arithmetic context involved)."""
    return Decimal((0 if c >= 0 else 1, tuple(int(d) for d in str(abs(c))), -2))


@settings(PROPERTY, max_examples=800)
@given(amounts=st.lists(cents, min_size=1, max_size=20))
def test_sums_of_amounts_are_exact_to_the_cent(amounts: list[int]) -> None:
    names = AMOUNTS[: len(amounts)]
    signs = [i % 3 != 2 for i in range(len(amounts))]  # a0 + a1 - a2 + a3 + a4 - a5 ... (the amounts have both signs)
    text = names[0] + "".join(f" {'+' if s else '-'} {n}" for n, s in zip(names[1:], signs[1:]))
    expected_cents = amounts[0] + sum(c if s else -c for c, s in zip(amounts[1:], signs[1:]))
    result = _money_fn(text)(Env(dict(zip(names, map(_eur, amounts))), {}, PEILDATUM, {}))
    assert isinstance(result, Decimal)
    assert result == _eur(expected_cents)
    assert result.scaleb(2) == expected_cents  # whole cents, no float residue


def test_ten_times_ten_cents_is_one_euro() -> None:
    fn = _money_fn(" + ".join(AMOUNTS[:10]))
    assert fn(Env(dict.fromkeys(AMOUNTS[:10], Decimal("0.10")), {}, PEILDATUM, {})) == Decimal("1.00")
    assert _money_fn("a0 * 10")(Env({"a0": Decimal("0.10")}, {}, PEILDATUM, {})) == Decimal("1.00")


@settings(PROPERTY, max_examples=800)
@given(c=cents)
def test_rounding_to_cents_at_half_cent_boundaries(c: int) -> None:
    """``a0 / 2`` ends in .005 for an odd number of cents: half up is away from zero, the others floor/ceil."""
    env = Env({"a0": _eur(c)}, {}, PEILDATUM, {})

    def run(fn: str) -> Decimal:
        value = _money_fn(f"{fn}(a0 / 2)")(env)
        assert isinstance(value, Decimal) and value.as_tuple().exponent == (-2 if fn != "round_euros_down" else 0)
        return value

    sign = -1 if c < 0 else 1
    assert run("round_cents") == _eur(sign * ((abs(c) + 1) // 2))  # half up (away from zero)
    assert run("round_cents_down") == _eur(c // 2)  # floor
    assert run("round_cents_up") == _eur(-((-c) // 2))  # ceiling
    assert run("round_euros_down") == Decimal(c // 200)  # whole euros, floor


@pytest.mark.parametrize(
    ("value", "half_up", "down", "up"),
    [("0.005", "0.01", "0.00", "0.01"), ("0.004999", "0.00", "0.00", "0.01"), ("-0.005", "-0.01", "-0.01", "-0.00"),
     ("2.675", "2.68", "2.67", "2.68"), ("1.015", "1.02", "1.01", "1.02"), ("999999999999.995", "1000000000000.00", "999999999999.99", "1000000000000.00")],
)
def test_round_cents_fixtures(value: str, half_up: str, down: str, up: str) -> None:
    env = Env({"a0": Decimal(value)}, {}, PEILDATUM, {})
    assert _money_fn("round_cents(a0)")(env) == Decimal(half_up)
    assert _money_fn("round_cents_down(a0)")(env) == Decimal(down)
    assert _money_fn("round_cents_up(a0)")(env) == Decimal(up)


@settings(PROPERTY, max_examples=600)
@given(c=cents, k=st.integers(0, 1000))
def test_multiplication_by_factors_is_exact(c: int, k: int) -> None:
    env = Env({"a0": _eur(c), "k0": k}, {}, PEILDATUM, {})
    assert _money_fn("a0 * k0")(env) == _eur(c * k)
    assert _money_fn("k0 * a0 - a0 * k0")(env) == 0
    assert _money_fn("a0 * 0.8")(env) == Decimal((0 if c >= 0 else 1, tuple(int(d) for d in str(abs(c * 8))), -3))
    assert _money_fn("a0 * 12")(env).scaleb(2) == c * 12


# -- the letter on a whole policy -----------------------------------------------------------------
MINIMAL = rr.load_policy(FIXTURES / "minimal.yaml")


@settings(PROPERTY, max_examples=200)
@given(
    facts=st.fixed_dictionaries({}, optional={"inkomen": VALUES["money"], "huishouden": st.sampled_from(["alleen", "samen"])}),
    data=st.data(),
)
def test_letter_verdicts_do_not_depend_on_fact_order(facts: dict[str, Any], data: st.DataObject) -> None:
    day = date(2026, 3, 1)
    shuffled = dict(data.draw(st.permutations(list(facts.items()))))
    a = evaluate_letter(MINIMAL, facts, day)
    b = evaluate_letter(MINIMAL, shuffled, day)
    assert a.model_dump() == b.model_dump()
    limit = {"alleen": Decimal("1000.00"), "samen": Decimal("1500.00")}
    if len(facts) == 2:  # the verdict itself, from the fixture's own numbers
        assert a.verdict == ("granted" if facts["inkomen"] <= limit[facts["huishouden"]] else "denied")
    else:
        assert a.verdict == "undetermined"


# -- out of range is unknown, never an exception (regressions) ------------------------------------
BIG = {"m1": Decimal("999999999999.99"), "i1": 10**12 - 1, "d1": date(9999, 12, 31), "d2": date(1, 1, 1)}


def _balanced_product(n: int) -> str:
    return "i1" if n == 1 else f"({_balanced_product(n // 2)} * {_balanced_product(n - n // 2)})"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("round_cents(m1 * i1 * i1)", "money"),  # 10**36: more digits than whole cents can hold in 34
        ("round_euros_down(m1 * i1 * i1 * i1)", "money"),
        (f"m1 * {_balanced_product(90)}", "money"),  # beyond 10**999
        (f"m1 * {_balanced_product(90)} > 0", "bool"),
        (f"m1 + m1 * {_balanced_product(90)}", "money"),
        (f"{_balanced_product(90)} / 3", "decimal"),
        ("add_months(d1, i1)", "date"),
        ("add_months(d2, -i1)", "date"),
        ("add_days(d1, i1)", "date"),
        ("add_days(d1, 1)", "date"),
    ],
    ids=["round-cents", "round-euros", "product", "product-compared", "sum", "quotient", "months-up", "months-down", "days", "day-after-max"],
)
def test_results_beyond_range_are_unknown(text: str, kind: str) -> None:
    assert _run(_compile(text, kind), BIG) is None


def test_out_of_range_does_not_hide_a_decided_and() -> None:
    assert _run(_compile(f"false and (m1 * {_balanced_product(90)} > 0)", "bool"), BIG) is False
    assert _run(_compile(f"true or (m1 * {_balanced_product(90)} > 0)", "bool"), BIG) is True


@pytest.mark.parametrize("text", ["-m1", "abs(-m1)", "-(-m1)", "m1 * 1", "round_cents(m1 / 3)", "-p_m"])
def test_amounts_ignore_a_low_precision_thread_context(text: str) -> None:
    facts = {"m1": Decimal("123456.78")}
    expected = _run(_compile(text, "money"), facts)
    with decimal.localcontext(decimal.Context(prec=3)):
        got = _run(_compile(text, "money"), facts)
        assert _run(_compile("-m1 == -123456.78", "bool"), facts) is True
    assert got == expected and len(got.as_tuple().digits) > 3
