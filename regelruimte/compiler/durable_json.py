# SPDX-License-Identifier: EUPL-1.2
"""A signal's typed conditions as one durable-rules rule in its JSON ruleset format.

The checking and the compiled form are in :mod:`~regelruimte.compiler.signals`; this module only
translates. Nothing here runs the engine (see :mod:`regelruimte.signalling.run`).

How a pattern becomes a rule (the reasons are in ``docs/signals.md``):

* **Messages.** Each event is one flat message ``{"t": type, "d": days since 1970-01-01,
  "f_<field>": value, "dm_<k>": days of add_months(date, k)}``: money in integer cents, dates as
  whole days, text and choices as strings, yes/no as booleans; never a float or Decimal (P8).
  The field prefix ``f_`` keeps event fields apart from the message's own keys and from the
  engine's reserved names (``id``, ``sid``, ``rr_*``).
* **The clock.** The reference date (peildatum) enters as one more message, of type ``@clock``
  (no event type can have that name), bound to the alias ``Clock`` that every rule starts with.
  ``peildatum`` in a condition reads ``Clock.d``. The wall clock is never read.
* **Calendar months** are not arithmetic on days, so ``add_months(x.date, k)`` is computed
  exactly in Python (with the evaluator's own ``add_months``) and sent as the field ``dm_k`` of
  every message; ``months_between(a, b) >= n`` is rewritten to ``b >= add_months(a, n)``, which
  is equivalent for whole ``n >= 1`` (both clamp to the end of a shorter month; tested), and
  ``months_between(a, b) >= 0`` to ``a < add_months(b, 1)``.
* **Placement.** durable-rules compares a field of the message being matched with constants and
  fields of messages matched *earlier* in the rule, and allows no arithmetic on the left. So each
  top-level ``and`` part of a condition moves to the latest event it reads (the clock counts as
  the first), and is solved for that event's field: ``peildatum > add_days(melding.date, 42)``
  becomes, on ``melding``, ``melding.d < Clock.d - 42``. A ``none`` element keeps its whole
  condition, and every comparison in it must read a field of the absent event.
* **Negation** is pushed down to the comparisons (``not (a < b)`` is ``a >= b``), because the
  engine has no ``not`` inside an expression. Every declared field is required in every event
  (the event log is validated before it reaches the engine), so there is no unknown value and
  two-valued logic is exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .._messages import Text
from ..conditions import Symbol, Type, ast
from ..conditions.functions import FUNCTIONS
from .signal_messages import BUILTIN_FIELDS, CLOCK_ALIAS, DATE_FIELD, TYPE_FIELD, days, message_field, months_field

MAX_DAYS_CONSTANT = 36_600  # a hundred years: add_days(x, n) with |n| above this is refused
MAX_MONTHS_CONSTANT = 1_200

_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_SIGNAL_FUNCTIONS = " or ".join(", ".join(sorted(f for f, spec in FUNCTIONS.items() if spec.in_signals)).rsplit(", ", 1))
"""The functions a pattern can use (the engine compares whole days), for messages."""
_DURABLE_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}


class Unsupported(Exception):
    """A construct the engine cannot express; ``column`` is 0-based within the expression."""

    def __init__(self, message: Text, column: int = 0) -> None:
        self.column = column
        self.text = message
        super().__init__(str(message))


def conjuncts(node: ast.Node) -> list[ast.Node]:
    return list(node.items) if isinstance(node, ast.And) else [node]


def type_test(types: tuple[str, ...]) -> dict[str, Any]:
    if len(types) == 1:
        return {TYPE_FIELD: types[0]}
    return {"$or": [{TYPE_FIELD: t} for t in types]}


def element(base: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"$and": [base, *parts]} if parts else base

_Ref = tuple[str, str]  # (alias, message field)


class RuleBuilder:
    """Translates typed condition parts into durable-rules expressions for one rule."""

    def __init__(self, order: dict[str, int], fields: dict[str, dict[str, Type]], constants: Mapping[str, Any], scope: Mapping[str, Symbol]) -> None:
        self.order = order
        self.fields = fields
        self.constants = constants
        self.scope = scope
        self.months: dict[str, set[int]] = {}
        """Per alias (or the clock), the k of every add_months(alias.date, k) read."""
        self.reads: dict[str, set[str]] = {}
        self.types: dict[ast.Node, Type] = {}

    # -- placement ---------------------------------------------------------------------
    def aliases_of(self, node: ast.Node) -> set[str]:
        out: set[str] = set()
        for n in ast.walk(node):
            if isinstance(n, ast.FieldRef):
                out.add(n.alias)
            elif isinstance(n, ast.Name) and n.name == "peildatum":
                out.add(CLOCK_ALIAS)
        return out

    def place(self, part: ast.Node) -> str:
        """The latest event the part reads (the clock when it reads no event)."""
        refs = self.aliases_of(part)
        return max(refs, key=lambda a: self.order.get(a, -1)) if refs else CLOCK_ALIAS

    # -- conditions ----------------------------------------------------------------------
    def condition(self, node: ast.Node, target: str, negate: bool = False) -> dict[str, Any]:
        """A boolean node as an expression over the fields of ``target``."""
        if isinstance(node, ast.Not):
            return self.condition(node.operand, target, not negate)
        if isinstance(node, (ast.And, ast.Or)):
            conj = isinstance(node, ast.And) != negate
            parts = [self.condition(item, target, negate) for item in node.items]
            return {"$and" if conj else "$or": parts}
        if isinstance(node, ast.Compare):
            op = _NEGATED[node.op] if negate else node.op
            return self.compare(op, node.left, node.right, target, node.pos)
        if isinstance(node, ast.In):
            return self.member(node, target, node.negated != negate)
        if isinstance(node, ast.FieldRef):  # a yes/no field on its own
            ref = self.own(node, target)
            return {ref: not negate}
        raise Unsupported(Text("sig-not-comparison"), node.pos)

    def member(self, node: ast.In, target: str, negated: bool) -> dict[str, Any]:
        if not isinstance(node.operand, ast.FieldRef):
            raise Unsupported(Text("sig-in-needs-field"), node.pos)
        ref = self.own(node.operand, target)
        kind = self._kind_of(node.operand)
        values = [self.literal(item, kind) for item in node.items]
        if negated:
            return {"$and": [{"$neq": {ref: v}} for v in values]}
        return {"$or": [{ref: v} for v in values]}

    def compare(self, op: str, left: ast.Node, right: ast.Node, target: str, pos: int) -> dict[str, Any]:
        rewritten = self._rewrite_between(op, left, right, pos)
        if rewritten is not None:
            op, left, right, kind = rewritten
        else:
            kind = self._compare_kind(left, right)
        if kind in ("text", "enum", "bool"):
            return self._compare_plain(op, left, right, target, kind, pos)
        coeffs, const = self.linear(left, kind)
        rcoeffs, rconst = self.linear(right, kind)
        for ref, c in rcoeffs.items():
            coeffs[ref] = coeffs.get(ref, 0) - c
        const -= rconst
        coeffs = {r: c for r, c in coeffs.items() if c}
        own = [r for r in coeffs if r[0] == target]
        if len(own) != 1 or abs(coeffs[own[0]]) != 1:
            who = Text("sig-the-clock") if target == CLOCK_ALIAS else Text("sig-event", name=repr(target))
            raise Unsupported(Text("sig-one-field-once", who=who, op=op), pos)
        (mine,) = own
        if coeffs.pop(mine) < 0:  # -x op rest  ->  x mirrored(op) -rest
            op = _MIRRORED[op]
        else:
            coeffs = {r: -c for r, c in coeffs.items()}
            const = -const
        # now: mine op sum(coeffs * refs) + const
        rhs = self._sum(coeffs, const, pos)
        return self._durable(op, mine[1], rhs)

    def _compare_plain(self, op: str, left: ast.Node, right: ast.Node, target: str, kind: str, pos: int) -> dict[str, Any]:
        if op not in ("==", "!="):
            raise Unsupported(Text("sig-cannot-order", kind=kind), pos)
        sides = [left, right]
        mine = [s for s in sides if isinstance(s, ast.FieldRef) and s.alias == target]
        if len(mine) != 1:
            raise Unsupported(Text("sig-one-field", name=repr(target)), pos)
        other = right if mine[0] is left else left
        ref = self.own(mine[0], target)
        if isinstance(other, ast.FieldRef):
            value: Any = self.ref(other)
        elif isinstance(other, ast.Literal):
            value = self.literal(other, kind)
        elif isinstance(other, ast.Name) and other.name in self.constants:
            value = self.constant(other, kind)
        else:
            raise Unsupported(Text("sig-field-with-value"), other.pos)
        return self._durable(op, ref, value)

    @staticmethod
    def _durable(op: str, ref: str, rhs: Any) -> dict[str, Any]:
        if op == "==":
            return {ref: rhs}
        return {_DURABLE_OP[op]: {ref: rhs}}

    def _sum(self, coeffs: dict[_Ref, int], const: int, pos: int) -> Any:
        terms: list[tuple[int, _Ref]] = []
        for ref, c in sorted(coeffs.items(), key=lambda rc: (rc[1] < 0, self.order.get(rc[0][0], 0), rc[0][1])):
            if abs(c) > 1:
                raise Unsupported(Text("sig-field-once"), pos)
            terms += [(1 if c > 0 else -1, ref)] * abs(c)
        if not terms:
            return const
        sign, first = terms[0]
        expr: Any = {first[0]: first[1]} if sign > 0 else {"$sub": {"$l": const, "$r": {first[0]: first[1]}}}
        used_const = sign < 0
        for s, ref in terms[1:]:
            expr = {"$add" if s > 0 else "$sub": {"$l": expr, "$r": {ref[0]: ref[1]}}}
        if const and not used_const:
            expr = {"$add": {"$l": expr, "$r": const}}
        return expr

    # -- linear arithmetic on whole numbers (days, cents, counts) ------------------------
    def linear(self, node: ast.Node, kind: str) -> tuple[dict[_Ref, int], int]:
        if isinstance(node, ast.Literal):
            return {}, self.literal(node, kind)
        if isinstance(node, ast.FieldRef):
            self.check_ref(node)
            return {(node.alias, self.read(node.alias, node.field)): 1}, 0
        if isinstance(node, ast.Name):
            if node.name == "peildatum":
                return {(CLOCK_ALIAS, DATE_FIELD): 1}, 0
            return {}, self.constant(node, kind)
        if isinstance(node, ast.Neg):
            coeffs, const = self.linear(node.operand, kind)
            return {r: -c for r, c in coeffs.items()}, -const
        if isinstance(node, ast.Binary) and node.op in "+-":
            a, ac = self.linear(node.left, kind)
            b, bc = self.linear(node.right, kind)
            sign = 1 if node.op == "+" else -1
            for r, c in b.items():
                a[r] = a.get(r, 0) + sign * c
            return a, ac + sign * bc
        if isinstance(node, ast.Call) and node.func == "add_days":
            a, ac = self.linear(node.args[0], "date")
            b, bc = self.linear(node.args[1], "int")
            if b or abs(bc) > MAX_DAYS_CONSTANT:
                raise Unsupported(Text("sig-add-days", limit=MAX_DAYS_CONSTANT), node.pos)
            return a, ac + bc
        if isinstance(node, ast.Call) and node.func == "days_between":
            a, ac = self.linear(node.args[0], "date")
            b, bc = self.linear(node.args[1], "date")
            for r, c in a.items():
                b[r] = b.get(r, 0) - c
            return b, bc - ac
        if isinstance(node, ast.Call) and node.func == "add_months":
            return self.add_months(node)
        if isinstance(node, ast.Binary):
            raise Unsupported(Text("sig-operator", op=node.op), node.pos)
        if isinstance(node, ast.Call):
            raise Unsupported(Text("sig-function", func=node.func, functions=_SIGNAL_FUNCTIONS), node.pos)
        raise Unsupported(Text("sig-expression"), getattr(node, "pos", 0))

    def add_months(self, node: ast.Call) -> tuple[dict[_Ref, int], int]:
        base, count = node.args
        k = self.whole_number(count)
        if abs(k) > MAX_MONTHS_CONSTANT:
            raise Unsupported(Text("sig-add-months-limit", limit=MAX_MONTHS_CONSTANT), node.pos)
        if isinstance(base, ast.Name) and base.name == "peildatum":
            self.months.setdefault(CLOCK_ALIAS, set()).add(k)
            return {(CLOCK_ALIAS, months_field(k)): 1}, 0
        if isinstance(base, ast.FieldRef) and base.field == "date":
            self.check_ref(base)
            self.months.setdefault(base.alias, set()).add(k)
            return {(base.alias, months_field(k)): 1}, 0
        raise Unsupported(Text("sig-add-months"), node.pos)

    def _rewrite_between(self, op: str, left: ast.Node, right: ast.Node, pos: int) -> tuple[str, ast.Node, ast.Node, str] | None:
        """``months_between(a, b) >= n`` as ``b >= add_months(a, n)`` (exact for whole n >= 1), and
        ``months_between(a, b) >= 0`` as ``a < add_months(b, 1)``."""
        call, other = (left, right) if isinstance(left, ast.Call) and left.func == "months_between" else (right, left)
        if not (isinstance(call, ast.Call) and call.func == "months_between"):
            return None
        if call is right:
            op = _MIRRORED[op]
        n = self.whole_number(other)
        if n < 0 or op in ("==", "!="):
            raise Unsupported(Text("sig-months-between"), pos)
        a, b = call.args
        if op in (">", "<="):
            n += 1
        if n == 0:
            # months_between(a, b) >= 0 is false only when b lies a whole month or more before a,
            # that is when a >= add_months(b, 1); b >= add_months(a, 0) would miss b just before a
            boundary = ast.Call("add_months", (b, ast.Literal(1, "int", pos)), pos)
            return ("<" if op == ">=" else ">="), a, boundary, "date"
        boundary = ast.Call("add_months", (a, ast.Literal(n, "int", pos)), pos)
        return (">=" if op in (">=", ">") else "<"), b, boundary, "date"

    def whole_number(self, node: ast.Node) -> int:
        if isinstance(node, ast.Literal) and node.kind == "int":
            return int(node.value)  # type: ignore[arg-type]
        if isinstance(node, ast.Name) and node.name in self.constants and isinstance(self.constants[node.name], int) and not isinstance(self.constants[node.name], bool):
            return int(self.constants[node.name])
        if isinstance(node, ast.Neg):
            return -self.whole_number(node.operand)
        raise Unsupported(Text("sig-whole-number"), getattr(node, "pos", 0))

    # -- atoms ---------------------------------------------------------------------------
    def check_ref(self, node: ast.FieldRef) -> None:
        if node.alias not in self.fields or node.field not in self.fields[node.alias]:  # pragma: no cover - the checker refused it
            raise Unsupported(Text("sig-unknown-field", alias=node.alias, field=node.field), node.pos)

    def read(self, alias: str, name: str) -> str:
        key = message_field(name)
        if name not in BUILTIN_FIELDS:
            self.reads.setdefault(alias, set()).add(name)
        return key

    def own(self, node: ast.FieldRef, target: str) -> str:
        if node.alias != target:
            raise Unsupported(Text("sig-field-of-event", name=repr(target)), node.pos)
        self.check_ref(node)
        return self.read(node.alias, node.field)

    def ref(self, node: ast.FieldRef) -> dict[str, str]:
        self.check_ref(node)
        return {node.alias: self.read(node.alias, node.field)}

    def literal(self, node: ast.Literal, kind: str) -> Any:
        v = node.value
        if node.kind == "date":
            return days(v)  # type: ignore[arg-type]
        if node.kind in ("text", "bool"):
            return v
        if kind == "money":
            cents = Decimal(v) * 100  # type: ignore[arg-type]
            if cents != cents.to_integral_value():
                raise Unsupported(Text("sig-whole-cents"), node.pos)
            return int(cents)
        if node.kind == "int":
            return v
        raise Unsupported(Text("sig-whole-numbers"), node.pos)

    def constant(self, node: ast.Name, kind: str) -> Any:
        value = self.constants[node.name]
        if isinstance(value, Decimal):
            if kind != "money":  # pragma: no cover - the type checker keeps amounts with amounts
                raise Unsupported(Text("sig-is-amount", name=repr(node.name)), node.pos)
            return int(value * 100)
        return value

    def _kind_of(self, node: ast.Node) -> str:
        return self.types[node].kind

    def _compare_kind(self, left: ast.Node, right: ast.Node) -> str:
        kinds = {self.types[left].kind, self.types[right].kind}
        for k in ("money", "date", "text", "enum", "bool"):
            if k in kinds:
                return k
        return "int"
