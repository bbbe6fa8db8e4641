# SPDX-License-Identifier: EUPL-1.2
"""Compile the condition AST to polars expressions with the same semantics as the evaluator.

Why polars: a columnar engine that runs a whole population through one query plan on every
core, with Kleene logic for ``&``/``|`` on nulls built in; and an exact 128-bit integer type.

How the semantics are kept identical to :mod:`regelruimte.conditions.evaluate`:

* unknown is ``null``; comparisons and arithmetic with null give null; ``and``/``or`` are polars'
  Kleene ``&``/``|``; ``if`` with an unknown condition is the branch value only when both branches
  agree; ``in``, ``min``/``max`` and functions give null when an argument is null (polars' own
  ``min_horizontal`` skips nulls, so it is not used bare);
* numbers are exact scaled integers (Int128) whose scale (number of decimals) is tracked at
  compile time: money in cents, a factor such as ``110%`` as 110 at scale 2. ``+ - *`` are exact;
  a quotient is rounded half to even at 12 decimals, exactly as the evaluator does; division by
  zero is null;
* parameters are constants on the reference date; keyed look-ups are ``replace_strict``.

A property test (tests/test_screen_differential.py) checks row by row that this path and
``assess`` agree on generated populations for every bundled policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from ..conditions import ast
from ..conditions.functions import FUNCTIONS
from ..conditions.typecheck import Type
from .compiled import CompiledPolicy

I128 = pl.Int128
DIV_SCALE = 12
NUMERIC = ("int", "decimal", "money")


@dataclass(frozen=True)
class Num:
    """A numeric expression as scaled integers: the value is ``expr / 10**scale``."""

    expr: pl.Expr
    scale: int


def _lit_int(v: int) -> pl.Expr:
    return pl.lit(v, dtype=I128)


def _neg(e: pl.Expr) -> pl.Expr:
    return _lit_int(0) - e  # polars has no unary minus for Int128


def _abs(e: pl.Expr) -> pl.Expr:
    return pl.when(e < 0).then(_lit_int(0) - e).otherwise(e)


def _scaled(value: Decimal | int) -> Num:
    d = Decimal(value)
    exponent = d.as_tuple().exponent
    scale = max(0, -exponent) if isinstance(exponent, int) else 0
    return Num(_lit_int(int(d.scaleb(scale))), scale)


def rescale(n: Num, scale: int) -> pl.Expr:
    """``n`` at a higher (or equal) scale; exact."""
    if scale < n.scale:  # pragma: no cover - callers only raise the scale
        raise ValueError("rescale only raises the scale")
    return n.expr if scale == n.scale else n.expr * _lit_int(10 ** (scale - n.scale))


def round_to(n: Num, scale: int, mode: str) -> pl.Expr:
    """``n`` rounded to ``scale`` decimals: half_up (away from zero), floor, ceiling, half_even."""
    if n.scale <= scale:
        return rescale(n, scale)
    div = _lit_int(10 ** (n.scale - scale))
    q = n.expr // div  # floor division
    r = n.expr - q * div  # 0 <= r < div
    if mode == "floor":
        return q
    if mode == "ceiling":
        return pl.when(r > 0).then(q + 1).otherwise(q)
    twice = r * 2
    if mode == "half_up":  # away from zero on a tie
        up = (twice > div) | ((twice == div) & (n.expr >= 0))
    else:  # half_even
        up = (twice > div) | ((twice == div) & (q % 2 != 0))
    return pl.when(up).then(q + 1).otherwise(q)


class VectorCompiler:
    """Compiles expressions of one policy, on one reference date, to polars expressions.

    Derived values become columns (computed once, in dependency order) named
    ``{prefix}{name}``; facts are read from columns named after the fact, already normalised
    (see :func:`regelruimte.screening.columns.normalise`): money and decimals as Int128 at the fact's scale.
    """

    def __init__(self, compiled: CompiledPolicy, day: date, prefix: str, fact_scales: dict[str, int]) -> None:
        self.c = compiled
        self.day = day
        self.prefix = prefix
        self.params = compiled.params_on(day)
        self.fact_scales = fact_scales
        self.derived_scales: dict[str, int] = {}
        self.helpers: list[pl.Expr] = []
        self._helper_count = 0

    # -- entry points ------------------------------------------------------------------------
    def derived_columns(self) -> list[list[pl.Expr]]:
        """The derived values (and the helper columns they need) as column expressions, in stages
        of dependency order: each stage only uses columns of earlier stages."""
        deps = {n: {x for x in ast.names(e.node) if self.c.kinds.get(x) == "derived"} for n, e in self.c.derived.items()}
        done: set[str] = set()
        stages: list[list[pl.Expr]] = []
        while len(done) < len(deps):
            ready = sorted(n for n, d in deps.items() if n not in done and d <= done)
            stage = []
            for name in ready:
                out = self.value(self.c.derived[name].node)
                if isinstance(out, Num):
                    self.derived_scales[name] = out.scale
                    stage.append(out.expr.alias(self.prefix + name))
                else:
                    stage.append(out.alias(self.prefix + name))
            stages += [[h] for h in self.take_helpers()]
            stages.append(stage)
            done.update(ready)
        return stages

    def take_helpers(self) -> list[pl.Expr]:
        """Helper columns created since the last call, in the order they must be computed."""
        out, self.helpers = self.helpers, []
        return out

    def _helper(self, expr: pl.Expr) -> pl.Expr:
        """Compute ``expr`` once as a hidden column and refer to it by name. Polars expands an
        expression DAG into a tree, so an operand used many times (as in a quotient) would be
        copied many times; a column reference keeps the plan small."""
        name = f"{self.prefix}__h{len(self.helpers)}_{self._helper_count}"
        self._helper_count += 1
        self.helpers.append(expr.alias(name))
        return pl.col(name)

    def boolean(self, node: ast.Node) -> pl.Expr:
        out = self.value(node)
        assert not isinstance(out, Num)
        return out

    def money(self, node: ast.Node) -> Num:
        out = self.value(node)
        assert isinstance(out, Num)
        return out

    # -- nodes -------------------------------------------------------------------------------
    def type_of(self, node: ast.Node) -> Type:
        return self.c.types[node]

    def value(self, n: ast.Node) -> pl.Expr | Num:  # noqa: C901 - one branch per node type
        if isinstance(n, ast.Literal):
            if n.kind in ("int", "decimal"):
                return _scaled(n.value)  # type: ignore[arg-type]
            if n.kind == "bool":
                return pl.lit(n.value, dtype=pl.Boolean)
            if n.kind == "date":
                return pl.lit(n.value, dtype=pl.Date)
            return pl.lit(n.value, dtype=pl.String)
        if isinstance(n, ast.Name):
            return self._name(n)
        if isinstance(n, ast.Lookup):
            return self._lookup(n)
        if isinstance(n, ast.Neg):
            v = self.value(n.operand)
            assert isinstance(v, Num)
            return Num(_neg(v.expr), v.scale)
        if isinstance(n, ast.Binary):
            return self._binary(n)
        if isinstance(n, ast.Compare):
            return self._compare(n)
        if isinstance(n, ast.In):
            members: list[Any]
            dtype: Any
            v = self.value(n.operand)
            if isinstance(v, Num):
                members = [int(Decimal(i.value).scaleb(v.scale)) for i in n.items]  # type: ignore[arg-type]
                expr, dtype = v.expr, I128
            elif (values := self._enum_values(n.operand)) is not None:
                # an Enum column: test its integer codes, not strings
                members, expr, dtype = [values.index(str(i.value)) for i in n.items], v.to_physical(), pl.UInt32
            else:
                members, expr, dtype = [i.value for i in n.items], v.cast(pl.String), pl.String
            test = expr.is_in(pl.lit(pl.Series(members, dtype=dtype)).implode())
            test = ~test if n.negated else test
            return pl.when(expr.is_null()).then(None).otherwise(test)
        if isinstance(n, ast.And):
            out = self.boolean(n.items[0])
            for item in n.items[1:]:
                out = out & self.boolean(item)
            return out
        if isinstance(n, ast.Or):
            out = self.boolean(n.items[0])
            for item in n.items[1:]:
                out = out | self.boolean(item)
            return out
        if isinstance(n, ast.Not):
            return ~self.boolean(n.operand)
        if isinstance(n, ast.If):
            return self._if(n)
        if isinstance(n, ast.Call):
            return self._call(n)
        raise TypeError(type(n).__name__)  # pragma: no cover

    def _name(self, n: ast.Name) -> pl.Expr | Num:
        kind = self.c.kinds[n.name]
        t = self.type_of(n)
        if kind == "builtin":
            return pl.lit(self.day, dtype=pl.Date)
        if kind == "parameter":
            value = self.params[n.name]
            if t.kind in NUMERIC:
                return _scaled(value)
            return pl.lit(value, dtype=pl.Boolean)
        if kind == "derived":
            col = pl.col(self.prefix + n.name)
            return Num(col, self.derived_scales[n.name]) if t.kind in NUMERIC else col
        col = pl.col(n.name)
        return Num(col, self.fact_scales[n.name]) if t.kind in NUMERIC else col

    def _enum_values(self, node: ast.Node) -> list[str] | None:
        """The categories of an enum fact column (normalised to a polars Enum in this order)."""
        if isinstance(node, ast.Name) and self.c.kinds.get(node.name) == "fact":
            fact = self.c.policy.facts[node.name]
            if fact.type == "enum":
                return list(fact.values or ())
        return None

    def _lookup(self, n: ast.Lookup) -> pl.Expr | Num:
        table: dict[str, Any] = self.params[n.name]
        key = self.value(n.key)
        assert not isinstance(key, Num)
        t = self.type_of(n)
        numeric = t.kind in NUMERIC
        scale = max((max(0, -Decimal(v).as_tuple().exponent) for v in table.values() if v is not None), default=0) if numeric else 0  # type: ignore[operator]
        mapping = {k: (int(Decimal(v).scaleb(scale)) if numeric else v) for k, v in table.items() if v is not None}
        dtype = I128 if numeric else pl.Boolean
        values = self._enum_values(n.key)
        if values is not None:
            # gather by the Enum's integer codes: the key's categories are covered (type-checked)
            column = pl.lit(pl.Series([mapping.get(v) for v in values], dtype=dtype)).gather(key.to_physical())
            out = pl.when(key.is_null()).then(None).otherwise(column)
        else:
            out = key.cast(pl.String).replace_strict(mapping, default=None, return_dtype=dtype)
        return Num(out, scale) if numeric else out

    def _binary(self, n: ast.Binary) -> Num:
        a, b = self.value(n.left), self.value(n.right)
        assert isinstance(a, Num) and isinstance(b, Num)
        if n.op in "+-":
            s = max(a.scale, b.scale)
            x, y = rescale(a, s), rescale(b, s)
            return Num(x + y if n.op == "+" else x - y, s)
        if n.op == "*":
            return Num(a.expr * b.expr, a.scale + b.scale)
        # a / b = (A / 10^sa) / (B / 10^sb): the quotient at DIV_SCALE is N / D rounded half to even,
        # with N = A * 10^(DIV + sb - sa) and D = B (or D scaled instead when the shift is negative)
        shift = DIV_SCALE + b.scale - a.scale
        num = self._helper(a.expr * _lit_int(10**shift) if shift >= 0 else a.expr)
        den = self._helper(b.expr if shift >= 0 else b.expr * _lit_int(10 ** (-shift)))
        return Num(self._helper(_div_half_even(num, den)), DIV_SCALE)

    def _compare(self, n: ast.Compare) -> pl.Expr:
        a, b = self.value(n.left), self.value(n.right)
        if isinstance(a, Num) and isinstance(b, Num):
            s = max(a.scale, b.scale)
            x, y = rescale(a, s), rescale(b, s)
        else:
            assert not isinstance(a, Num) and not isinstance(b, Num)
            x, y = a, b
        return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y, "==": x == y, "!=": x != y}[n.op]

    def _if(self, n: ast.If) -> pl.Expr | Num:
        c = self.boolean(n.cond)
        a, b = self.value(n.then), self.value(n.otherwise)
        if isinstance(a, Num) and isinstance(b, Num):
            s = max(a.scale, b.scale)
            x, y = rescale(a, s), rescale(b, s)
            return Num(pl.when(c).then(x).when(c.not_()).then(y).when(x == y).then(x).otherwise(None), s)
        assert not isinstance(a, Num) and not isinstance(b, Num)
        return pl.when(c).then(a).when(c.not_()).then(b).when(a == b).then(a).otherwise(None)

    def _call(self, n: ast.Call) -> pl.Expr | Num:
        args = [self.value(a) for a in n.args]
        return _CALLS[FUNCTIONS[n.func].shape](n.func, args)


def _extremum(f: str, args: list[pl.Expr | Num]) -> pl.Expr | Num:
    """min/max: unknown when any argument is (polars' own min_horizontal skips nulls)."""
    if isinstance(args[0], Num):
        s = max(a.scale for a in args)  # type: ignore[union-attr]
        cols = [rescale(a, s) for a in args]  # type: ignore[arg-type]
    else:
        s, cols = -1, [a for a in args if isinstance(a, pl.Expr)]  # dates
    pick = pl.min_horizontal(cols) if f == "min" else pl.max_horizontal(cols)
    any_null = pl.any_horizontal([c.is_null() for c in cols])
    out = pl.when(any_null).then(None).otherwise(pick)
    return Num(out, s) if s >= 0 else out


def _magnitude(f: str, args: list[pl.Expr | Num]) -> Num:
    a = args[0]
    assert isinstance(a, Num)
    return Num(_abs(a.expr), a.scale)


def _rounding(f: str, args: list[pl.Expr | Num]) -> Num:
    a = args[0]
    assert isinstance(a, Num)
    spec = FUNCTIONS[f].rounding
    assert spec is not None
    return Num(round_to(a, spec.places, spec.mode), spec.places)


def _interval(f: str, args: list[pl.Expr | Num]) -> Num:
    d1, d2 = args
    assert not isinstance(d1, Num) and not isinstance(d2, Num)
    if f == "days_between":
        return Num((d2 - d1).dt.total_days().cast(I128), 0)
    months = _months_between(d1, d2)
    if f == "months_between":
        return Num(months, 0)
    if f == "years_between":
        return Num(pl.when(months >= 0).then(months // 12).otherwise(_neg(_neg(months) // 12)), 0)
    raise KeyError(f)  # pragma: no cover - an interval function without a column form


def _shift(f: str, args: list[pl.Expr | Num]) -> pl.Expr:
    d1, d2 = args
    assert not isinstance(d1, Num) and isinstance(d2, Num)
    if f == "add_days":
        days = d2.expr
        ok = (days < _lit_int(4_000_000)) & (days > _lit_int(-4_000_000))  # beyond any calendar date either way
        return _in_calendar(d1 + pl.duration(days=pl.when(ok).then(days).otherwise(None).cast(pl.Int64)))
    if f == "add_months":
        return _add_months(d1, d2.expr)
    raise KeyError(f)  # pragma: no cover - a shift function without a column form


_CALLS = {"extremum": _extremum, "magnitude": _magnitude, "rounding": _rounding, "interval": _interval, "shift": _shift}
"""The column form of each signature shape of :data:`~regelruimte.conditions.functions.FUNCTIONS`."""


def _div_half_even(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """Integer ``num / den`` rounded half to even; null when ``den`` is zero or the quotient is
    out of the evaluator's range (22 integer digits at 12 decimals)."""
    negative = den < 0
    n = pl.when(negative).then(_neg(num)).otherwise(num)
    d = pl.when(negative).then(_neg(den)).otherwise(den)
    safe = pl.when(d == 0).then(_lit_int(1)).otherwise(d)
    q = n // safe
    r = n - q * safe
    up = (r * 2 > safe) | ((r * 2 == safe) & (q % 2 != 0))
    out = pl.when(up).then(q + 1).otherwise(q)
    return pl.when(d == 0).then(None).when(_abs(out) >= _lit_int(10 ** (22 + DIV_SCALE))).then(None).otherwise(out)


def _forward_months(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    months = (b.dt.year().cast(I128) - a.dt.year().cast(I128)) * 12 + (b.dt.month().cast(I128) - a.dt.month().cast(I128))
    short = (b.dt.day() < a.dt.day()) & (b.dt.day() != b.dt.month_end().dt.day())
    return pl.when(short).then(months - 1).otherwise(months)


def _months_between(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    return pl.when(b < a).then(_neg(_forward_months(b, a))).otherwise(_forward_months(a, b))


def _in_calendar(d: pl.Expr) -> pl.Expr:
    """A date the evaluator can hold (0001-01-01 .. 9999-12-31); outside it, unknown."""
    return pl.when((d > pl.lit(date(9999, 12, 31))) | (d < pl.lit(date(1, 1, 1)))).then(None).otherwise(d)


def _add_months(d: pl.Expr, n: pl.Expr) -> pl.Expr:
    ok = (n < _lit_int(120_000)) & (n > _lit_int(-120_000))  # 10,000 years: past the calendar either way
    safe = pl.when(ok).then(n).otherwise(_lit_int(0))
    by = pl.concat_str([safe.cast(pl.Int64).cast(pl.String), pl.lit("mo")])
    return pl.when(n.is_null() | d.is_null() | ok.not_()).then(None).otherwise(_in_calendar(d.dt.offset_by(by)))
