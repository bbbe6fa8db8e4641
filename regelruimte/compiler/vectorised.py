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
  compile time: money in cents, a factor such as ``110%`` as 110 at scale 2. ``+ -`` are exact;
  a product and a quotient are rounded half to even at 12 decimals, and every result of ``+ - *
  /`` from 22 whole digits on is null, exactly as the evaluator does (so nothing wraps around,
  see :mod:`~regelruimte.compiler.scaled`); division by zero is null;
* parameters are constants on the reference date; keyed look-ups are ``replace_strict``.

A property test (tests/test_screen_differential.py) checks row by row that this path and
``assess`` agree on generated populations for every bundled policy.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from ..conditions import ast
from ..conditions.evaluate import LIMIT
from ..conditions.functions import FUNCTIONS
from ..conditions.typecheck import Type
from .compiled import CompiledPolicy
from .scaled import I64, I128, NARROW, NUMERIC, Num, bound_of, constant, div_half_even, in_range, mul_half_even, narrow, neg, rescaled, scaled, widened, within
from .vectorised_functions import CALLS, interval_by_day, literal_value, shifted_by_day

__all__ = ["VectorCompiler"]

_COMPARE: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne}

FACT_LIMIT = 10**12
"""Every numeric fact value is below this in magnitude (12 whole digits), as
:func:`regelruimte.screening.columns.normalise` checks."""


class VectorCompiler:
    """Compiles expressions of one policy, on one reference date, to polars expressions.

    Derived values become columns (computed once, in dependency order) named
    ``{prefix}{name}``; facts are read from columns named ``{fact_prefix}{name}``, already normalised
    (see :func:`regelruimte.screening.columns.normalise`): money and decimals as Int128 at the fact's scale,
    or Int64 for the facts in ``narrow`` (money and whole numbers: at most 12 whole digits, so their
    bound is below :data:`~regelruimte.compiler.scaled.NARROW`). A fact in ``complete`` has a value
    in every row: what is computed from such facts alone needs no tests for unknown values.
    ``fact_bounds`` bounds the scaled integers of some facts' columns more closely (the largest
    magnitude in the population: its values are what they are), so that more stays Int64 and fewer
    products and quotients need a range test or work in parts.
    """

    def __init__(self, compiled: CompiledPolicy, day: date, prefix: str, fact_scales: dict[str, int], fact_prefix: str = "",
                 peildatum: pl.Expr | None = None, narrow: Collection[str] = (), complete: Collection[str] = (),
                 fact_bounds: Mapping[str, int] | None = None, date_ranges: Mapping[str, tuple[int, int]] | None = None) -> None:
        self.c = compiled
        self.day = day
        self.peildatum = pl.lit(day, dtype=pl.Date) if peildatum is None else peildatum
        """The reference date: ``day``, or per row (a period's first day in a population in periods)."""
        self.prefix = prefix
        self.fact_prefix = fact_prefix
        self.params = compiled.params_on(day)
        self.fact_scales = fact_scales
        self.narrow_facts = frozenset(narrow)
        self.complete_facts = frozenset(complete)
        self.fact_bounds = dict(fact_bounds or {})
        self.date_ranges = dict(date_ranges or {})
        """A date fact's first and last day in the population (days since 1970-01-01), where known."""
        self.derived_scales: dict[str, int] = {}
        self.derived_bounds: dict[str, int | None] = {}
        self.derived_wide: dict[str, bool] = {}
        self.derived_nullable: dict[str, bool] = {}
        self.derived_nonneg: dict[str, bool] = {}
        self._nullable: dict[ast.Node, bool] = {}
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
                node = self.c.derived[name].node
                out = self.value(node)
                self.derived_nullable[name] = self.nullable(node)
                if isinstance(out, Num):
                    self.derived_scales[name] = out.scale
                    self.derived_bounds[name] = out.bound
                    self.derived_wide[name], self.derived_nonneg[name] = out.wide, out.nonneg
                    stage.append(out.expr.alias(self.prefix + name))
                else:
                    stage.append(out.alias(self.prefix + name))
            stages += [[h] for h in self.take_helpers()]
            stages.append(stage)
            done.update(ready)
        return stages

    def known_derived(self, other: VectorCompiler) -> None:
        """Read the derived values ``other`` made columns (under the same prefix), instead of
        making them again: a decision in parts shares its policy's derived values."""
        assert other.prefix == self.prefix
        self.derived_scales, self.derived_bounds = dict(other.derived_scales), dict(other.derived_bounds)
        self.derived_wide, self.derived_nullable, self.derived_nonneg = dict(other.derived_wide), dict(other.derived_nullable), dict(other.derived_nonneg)
        self._helper_count = other._helper_count  # helper columns of its own get names of their own

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

    def nullable(self, node: ast.Node) -> bool:
        """Whether the value of ``node`` (compiled before) can be unknown in some row."""
        return self._nullable.get(node, True)

    def value(self, n: ast.Node) -> pl.Expr | Num:
        out = self._value(n)
        self._nullable[n] = out.nullable if isinstance(out, Num) else self._expr_nullable(n)
        return out

    def _expr_nullable(self, n: ast.Node) -> bool:  # noqa: PLR0911 - one answer per node type
        """Whether a value that is no number can be unknown: when a fact or operand it is made
        of (compiled before it) can; a date function can give a date past the calendar; a
        look-up a key without a value."""
        if isinstance(n, ast.Literal):
            return False
        if isinstance(n, ast.Name):
            kind = self.c.kinds[n.name]
            if kind == "builtin":
                return False
            if kind == "parameter":
                return self.params[n.name] is None
            if kind == "derived":
                return self.derived_nullable.get(n.name, True)
            return n.name not in self.complete_facts
        if isinstance(n, ast.Lookup):
            return self._lookup_nullable(n)
        if isinstance(n, ast.Compare):
            return self.nullable(n.left) or self.nullable(n.right)
        if isinstance(n, (ast.In, ast.Not)):
            return self.nullable(n.operand)
        if isinstance(n, (ast.And, ast.Or)):
            return any(self.nullable(i) for i in n.items)
        if isinstance(n, ast.If):
            return self.nullable(n.cond) or self.nullable(n.then) or self.nullable(n.otherwise)
        if isinstance(n, ast.Call):
            return FUNCTIONS[n.func].shape == "shift" or any(self.nullable(a) for a in n.args)
        return True  # pragma: no cover - every node type is answered above

    def _value(self, n: ast.Node) -> pl.Expr | Num:  # noqa: C901 - one branch per node type
        if isinstance(n, ast.Literal):
            if n.kind in ("int", "decimal"):
                return scaled(n.value)  # type: ignore[arg-type]
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
            if v.const is not None:
                return constant(-v.const, v.scale)
            return Num(neg(v.expr, v.wide), v.scale, v.bound, v.wide, None, v.nullable)
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
                small = not v.wide and all(abs(m) <= NARROW for m in members)
                expr, dtype = (v.expr, I64) if small else (widened(v), I128)
            elif (values := self._enum_values(n.operand)) is not None:
                # an Enum column: test its integer codes, not strings
                members, expr, dtype = [values.index(str(i.value)) for i in n.items], v.to_physical(), pl.UInt32
            else:
                members, expr, dtype = [i.value for i in n.items], v.cast(pl.String), pl.String
            test = expr.is_in(pl.lit(pl.Series(members, dtype=dtype)).implode())
            test = ~test if n.negated else test
            return pl.when(expr.is_null()).then(None).otherwise(test) if self.nullable(n.operand) else test
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
            return self.peildatum
        if kind == "parameter":
            value = self.params[n.name]
            if t.kind in NUMERIC:
                return scaled(value)
            return pl.lit(value, dtype=pl.Boolean)
        if kind == "derived":
            col = pl.col(self.prefix + n.name)
            if t.kind not in NUMERIC:
                return col
            return Num(col, self.derived_scales[n.name], self.derived_bounds[n.name], self.derived_wide[n.name], None, self.derived_nullable[n.name], self.derived_nonneg[n.name])
        col = pl.col(self.fact_prefix + n.name)
        if t.kind not in NUMERIC:
            return col
        bound = self._fact_bound(n.name)
        small = n.name in self.narrow_facts
        assert not small or bound <= NARROW, "an Int64 fact column has a bound that fits"
        return Num(col, self.fact_scales[n.name], bound, not small, None, n.name not in self.complete_facts)

    def _fact_bound(self, name: str) -> int:
        """A fact has at most 12 whole digits, and stays within its declared minimum and maximum:
        screen refuses (or makes unknown) any other value; and within what its column holds."""
        if name in self.fact_bounds:
            return min(self.fact_bounds[name], self._declared_bound(name))
        return self._declared_bound(name)

    def _declared_bound(self, name: str) -> int:
        scale = self.fact_scales[name]
        fact = self.c.policy.facts.get(name)
        declared = [fact.minimum, fact.maximum] if fact is not None else []
        if len(declared) == 2 and None not in declared:
            return int(min(FACT_LIMIT * 10**scale, max(math.ceil(abs(Decimal(d)).scaleb(scale)) for d in declared if d is not None) + 1))
        return int(FACT_LIMIT * 10**scale)

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
        bound = max((abs(v) for v in mapping.values()), default=0) if numeric else 0
        dtype = (I64 if bound <= NARROW else I128) if numeric else pl.Boolean
        values = self._enum_values(n.key)
        if values is not None:
            # gather by the Enum's integer codes: the key's categories are covered (type-checked);
            # an unknown key is a null code, and gathering a null code gives null
            out = pl.lit(pl.Series([mapping.get(v) for v in values], dtype=dtype)).gather(key.to_physical())
        else:
            out = key.cast(pl.String).replace_strict(mapping, default=None, return_dtype=dtype)
        return Num(out, scale, bound, dtype == I128, None, self._lookup_nullable(n)) if numeric else out

    def _lookup_nullable(self, n: ast.Lookup) -> bool:
        """Whether a look-up can be unknown: when its key can, or a key has no value (an enum
        key with a value for each of its categories cannot be unknown otherwise)."""
        table: dict[str, Any] = self.params[n.name]
        values = self._enum_values(n.key)
        if values is None or self.nullable(n.key):
            return True
        return any(table.get(v) is None for v in values)

    def _binary(self, n: ast.Binary) -> Num:
        a, b = self.value(n.left), self.value(n.right)
        assert isinstance(a, Num) and isinstance(b, Num)
        if n.op in "+-":
            s = max(a.scale, b.scale)
            x, y = rescaled(a, s), rescaled(b, s)
            if x.const is not None and y.const is not None and abs(v := x.const + y.const if n.op == "+" else x.const - y.const) < LIMIT * 10**s:
                return constant(v, s)
            bound = within(bound_of(x) + bound_of(y), s)  # a sum of bound terms needs no range test
            nullable = x.nullable or y.nullable or bound is None
            if bound is not None and bound <= NARROW and narrow(x, y):
                return Num(x.expr + y.expr if n.op == "+" else x.expr - y.expr, s, bound, False, None, nullable)
            total = widened(x) + widened(y) if n.op == "+" else widened(x) - widened(y)
            return Num(total if bound is not None else in_range(total, s), s, bound, True, None, nullable)
        if n.op == "*":
            return mul_half_even(a, b, self._operand)
        return div_half_even(a, b, self._operand)

    def _operand(self, expr: pl.Expr) -> pl.Expr:
        """``expr`` as a column to refer to more than once: itself when it is a column or a constant."""
        return expr if expr.meta.is_column() or expr.meta.is_literal() else self._helper(expr)

    def _compare(self, n: ast.Compare) -> pl.Expr:
        a, b = self.value(n.left), self.value(n.right)
        if isinstance(a, Num) and isinstance(b, Num):
            s = max(a.scale, b.scale)
            x, y = rescaled(a, s).expr, rescaled(b, s).expr
        else:
            assert not isinstance(a, Num) and not isinstance(b, Num)
            x, y = a, b
        return _COMPARE[n.op](x, y)  # only the one asked for: each polars comparison costs Python time

    def _if(self, n: ast.If) -> pl.Expr | Num:
        c = self.boolean(n.cond)
        known = not self.nullable(n.cond)  # a condition known in every row: one branch or the other
        a, b = self.value(n.then), self.value(n.otherwise)
        if isinstance(a, Num) and isinstance(b, Num):
            s = max(a.scale, b.scale)
            x, y = rescaled(a, s), rescaled(b, s)
            wide = not narrow(x, y)
            ex, ey = (widened(x), widened(y)) if wide else (x.expr, y.expr)
            bound = None if x.bound is None or y.bound is None else max(x.bound, y.bound)
            if known:
                return Num(pl.when(c).then(ex).otherwise(ey), s, bound, wide, None, x.nullable or y.nullable)
            return Num(pl.when(c).then(ex).when(c.not_()).then(ey).when(ex == ey).then(ex).otherwise(None), s, bound, wide)
        assert not isinstance(a, Num) and not isinstance(b, Num)
        if known:
            return pl.when(c).then(a).otherwise(b)
        return pl.when(c).then(a).when(c.not_()).then(b).when(a == b).then(a).otherwise(None)

    def _call(self, n: ast.Call) -> pl.Expr | Num:
        args = [self.value(a) for a in n.args]
        shape = FUNCTIONS[n.func].shape
        if shape == "rounding" or (shape == "extremum" and any(isinstance(a, Num) and a.nullable for a in args)):
            # rounding reads its operand five times, min and max of unknowns theirs three times:
            # polars expands an expression tree, so each is a column, computed once
            args = [replace(a, expr=self._operand(a.expr)) if isinstance(a, Num) else a for a in args]
        if n.func in ("months_between", "years_between") and (looked_up := self._interval_by_day(n, args)) is not None:
            return looked_up
        if n.func == "add_months" and isinstance(a := n.args[0], ast.Name) and a.name in self.date_ranges and self.c.kinds.get(a.name) == "fact":
            column, months = args
            assert isinstance(column, pl.Expr) and isinstance(months, Num)
            if (shifted := shifted_by_day(column, *self.date_ranges[a.name], months)) is not None:
                return shifted
        return CALLS[FUNCTIONS[n.func].shape](n.func, args, [self.nullable(a) for a in n.args])

    def _interval_by_day(self, n: ast.Call, args: list[pl.Expr | Num]) -> Num | None:
        """Months or years between a date fact's column and a constant date, looked up by day."""
        for i, a in enumerate(n.args):
            other = args[1 - i]
            if (isinstance(a, ast.Name) and a.name in self.date_ranges and self.c.kinds.get(a.name) == "fact" and isinstance(other, pl.Expr)
                    and other.meta.is_literal() and isinstance(value := literal_value(n.args[1 - i], other, self.day, self.c.kinds), date)):
                column = args[i]
                assert isinstance(column, pl.Expr)
                return interval_by_day(n.func, column, *self.date_ranges[a.name], value, i == 0, [self.nullable(x) for x in n.args])
        return None
