# SPDX-License-Identifier: EUPL-1.2
"""Type-check an expression against the policy's facts, parameters and derived values.

Everything that could go wrong at evaluation time because of types is refused here, at load
time: comparing text with a number, adding money to a plain number fact, an enum compared with a
value it cannot take, an unknown name or function. Money only mixes with money and with number
*literals* (``netto_inkomen > 0``), so a euro amount never silently meets a count or a factor.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field

from .._messages import Text
from . import ast
from .functions import FUNCTIONS

NUMERIC = ("int", "decimal", "money")


@dataclass(frozen=True)
class Type:
    """The type of an expression. ``literal`` marks an untyped number written in the text."""

    kind: str  # bool | int | decimal | money | date | text | enum
    values: frozenset[str] | None = None
    literal: bool = False

    def __str__(self) -> str:
        if self.kind == "enum" and self.values is not None:
            return "one of " + ", ".join(sorted(self.values))
        return {"decimal": "number", "int": "whole number"}.get(self.kind, self.kind)

    def said(self) -> Text | str:
        """The type as a message says it, in Dutch or English (``str(type)`` is the English)."""
        if self.kind == "enum" and self.values is not None:
            return Text("type-one-of", values=", ".join(sorted(self.values)))
        return Text(_KINDS[self.kind]) if self.kind in _KINDS else self.kind


_KINDS = {"money": "type-money", "decimal": "type-decimal", "int": "type-int", "bool": "type-bool", "date": "type-date", "text": "type-text", "enum": "type-enum"}
_EXPECTED = {"bool": "cond-expect-bool", "money": "cond-expect-money", "int": "cond-expect-int", "decimal": "cond-expect-decimal", "date": "cond-expect-date"}
BOOL = Type("bool")
INT = Type("int")
DECIMAL = Type("decimal")
MONEY = Type("money")
DATE = Type("date")
TEXT = Type("text")


@dataclass(frozen=True)
class Symbol:
    """What a name in an expression stands for."""

    kind: str  # fact | parameter | derived | builtin
    type: Type
    keys: frozenset[str] | None = None  # for keyed parameters


class ConditionTypeError(ValueError):
    """A type error at a 0-based column of the expression; ``text`` says it in Dutch and English
    (``str`` is the English)."""

    def __init__(self, message: Text, column: int = 0) -> None:
        self.column = column
        self.text = message
        super().__init__(str(message))


@dataclass
class Checker:
    """Type-checks expressions in one scope and remembers the type of every node.

    ``events`` is only given for signal conditions: the aliases their pattern declares, each with
    its fields and their types. Without it, ``alias.field`` is refused: conditions of rules,
    purposes and derived values see facts, never events.
    """

    scope: Mapping[str, Symbol]
    types: dict[ast.Node, Type] = field(default_factory=dict)
    events: Mapping[str, Mapping[str, Type]] | None = None

    def check(self, node: ast.Node, expect: str | None = None) -> Type:
        t = self._type(node)
        if expect is not None and not (t.kind == expect or (expect == "money" and t.kind in ("int", "decimal") and t.literal)):
            raise ConditionTypeError(Text("cond-gives-needs", type=t.said(), expected=_expect_text(expect)), node.pos)
        return t

    # -- nodes ---------------------------------------------------------------------------
    def _type(self, node: ast.Node) -> Type:
        t = self._infer(node)
        self.types[node] = t
        return t

    def _infer(self, n: ast.Node) -> Type:
        if isinstance(n, ast.Literal):
            return Type(n.kind, literal=n.kind in ("int", "decimal"))
        if isinstance(n, ast.Name):
            sym = self._symbol(n.name, n.pos)
            if sym.keys is not None:
                raise ConditionTypeError(Text("cond-keyed-name", name=repr(n.name), keys=_keys(sym.keys), bare=n.name), n.pos)
            return sym.type
        if isinstance(n, ast.FieldRef):
            return self._field(n)
        if isinstance(n, ast.Lookup):
            return self._lookup(n)
        if isinstance(n, ast.Neg):
            t = self._type(n.operand)
            if t.kind not in NUMERIC:
                raise ConditionTypeError(Text("cond-cannot-negate", type=t.said()), n.pos)
            return t
        if isinstance(n, ast.Binary):
            return self._binary(n)
        if isinstance(n, ast.Compare):
            return self._compare(n)
        if isinstance(n, ast.In):
            return self._in(n)
        if isinstance(n, (ast.And, ast.Or)):
            word = "and" if isinstance(n, ast.And) else "or"
            for item in n.items:
                t = self._type(item)
                if t.kind != "bool":
                    raise ConditionTypeError(Text("cond-needs-bool-both", word=word, type=t.said()), item.pos)
            return BOOL
        if isinstance(n, ast.Not):
            t = self._type(n.operand)
            if t.kind != "bool":
                raise ConditionTypeError(Text("cond-not-needs-bool", type=t.said()), n.pos)
            return BOOL
        if isinstance(n, ast.If):
            c = self._type(n.cond)
            if c.kind != "bool":
                raise ConditionTypeError(Text("cond-if-needs-bool", type=c.said()), n.cond.pos)
            return self._unify(self._type(n.then), self._type(n.otherwise), n.pos, Text("cond-both-branches"))
        if isinstance(n, ast.Call):
            return self._call(n)
        raise ConditionTypeError(Text("cond-unsupported"), getattr(n, "pos", 0))  # pragma: no cover

    def _symbol(self, name: str, pos: int) -> Symbol:
        sym = self.scope.get(name)
        if sym is None:
            hint = difflib.get_close_matches(name, list(self.scope), n=1)
            said = Text("cond-unknown-name-hint", name=repr(name), hint=repr(hint[0])) if hint else Text("cond-unknown-name", name=repr(name))
            raise ConditionTypeError(said, pos)
        return sym

    def _field(self, n: ast.FieldRef) -> Type:
        if self.events is None:
            raise ConditionTypeError(Text("cond-field-outside-signal", alias=n.alias, field=n.field), n.pos)
        fields = self.events.get(n.alias)
        if fields is None:
            hint = difflib.get_close_matches(n.alias, list(self.events), n=1)
            said = Text("cond-unknown-event-hint", alias=repr(n.alias), hint=repr(hint[0])) if hint else Text("cond-unknown-event", alias=repr(n.alias))
            raise ConditionTypeError(said, n.pos)
        t = fields.get(n.field)
        if t is None:
            known = ", ".join(sorted(fields))
            raise ConditionTypeError(Text("cond-event-no-field", alias=repr(n.alias), field=repr(n.field), known=known), n.pos)
        return t

    def _lookup(self, n: ast.Lookup) -> Type:
        sym = self._symbol(n.name, n.pos)
        if sym.keys is None:
            raise ConditionTypeError(Text("cond-not-keyed", name=repr(n.name)), n.pos)
        kt = self._type(n.key)
        if isinstance(n.key, ast.Literal) and kt.kind == "text":
            if n.key.value not in sym.keys:
                raise ConditionTypeError(Text("cond-not-a-key", key=repr(n.key.value), name=repr(n.name), keys=_keys(sym.keys)), n.key.pos)
        elif kt.kind == "enum" and kt.values is not None:
            missing = kt.values - sym.keys
            if missing:
                raise ConditionTypeError(Text("cond-keys-missing", name=repr(n.name), keys=", ".join(sorted(missing))), n.key.pos)
        else:
            raise ConditionTypeError(Text("cond-key-type", name=repr(n.name), type=kt.said()), n.key.pos)
        return sym.type

    def _binary(self, n: ast.Binary) -> Type:
        a, b = self._type(n.left), self._type(n.right)
        for t, side in ((a, n.left), (b, n.right)):
            if t.kind not in NUMERIC:
                raise ConditionTypeError(Text("cond-needs-numbers", op=n.op, type=t.said()), side.pos)
        if n.op in "+-":
            return self._unify(a, b, n.pos, Text("cond-both-sides", op=n.op))
        if n.op == "*":
            if a.kind == "money" and b.kind == "money":
                raise ConditionTypeError(Text("cond-amount-times-amount"), n.pos)
            if "money" in (a.kind, b.kind):
                return MONEY
            lit = a.literal and b.literal
            return Type("int", literal=lit) if a.kind == b.kind == "int" else Type("decimal", literal=lit)
        # division
        if b.kind == "money" and a.kind != "money":
            raise ConditionTypeError(Text("cond-number-by-amount"), n.pos)
        if a.kind == "money" and b.kind != "money":
            return MONEY
        return Type("decimal", literal=a.literal and b.literal)

    def _unify(self, a: Type, b: Type, pos: int, what: Text) -> Type:
        if a.kind in NUMERIC and b.kind in NUMERIC:
            if a.kind == b.kind == "money":
                return MONEY
            if a.kind == "money" or b.kind == "money":
                other = b if a.kind == "money" else a
                if other.literal:
                    return MONEY
                raise ConditionTypeError(Text("cond-mix-amount", what=what, other=other.said()), pos)
            lit = a.literal and b.literal
            return Type("int", literal=lit) if a.kind == b.kind == "int" else Type("decimal", literal=lit)
        if a.kind == b.kind and a.kind in ("date", "bool", "text"):
            return a
        if a.kind == b.kind == "enum":
            return Type("enum", (a.values or frozenset()) | (b.values or frozenset()))
        raise ConditionTypeError(Text("cond-no-match", what=what, a=a.said(), b=b.said()), pos)

    def _compare(self, n: ast.Compare) -> Type:
        a, b = self._type(n.left), self._type(n.right)
        if n.op in ("<", "<=", ">", ">="):
            if a.kind in NUMERIC and b.kind in NUMERIC:
                self._unify(a, b, n.pos, Text("cond-both-sides", op=n.op))
                return BOOL
            if a.kind == b.kind == "date":
                return BOOL
            raise ConditionTypeError(Text("cond-cannot-order", a=a.said(), b=b.said(), op=n.op), n.pos)
        # == and !=
        if a.kind == "enum" or b.kind == "enum":
            enum_t, other, other_node = (a, b, n.right) if a.kind == "enum" else (b, a, n.left)
            if other.kind == "text" and isinstance(other_node, ast.Literal):
                if enum_t.values is not None and other_node.value not in enum_t.values:
                    raise ConditionTypeError(Text("cond-not-possible-value", value=repr(other_node.value), type=enum_t.said()), other_node.pos)
                return BOOL
            if other.kind == "enum":
                return BOOL
            raise ConditionTypeError(Text("cond-cannot-compare", a=enum_t.said(), b=other.said()), n.pos)
        self._unify(a, b, n.pos, Text("cond-both-sides", op=n.op))
        return BOOL

    def _in(self, n: ast.In) -> Type:
        t = self._type(n.operand)
        for item in n.items:
            self.types[item] = Type(item.kind, literal=item.kind in ("int", "decimal"))
            if t.kind == "enum":
                if item.kind != "text":
                    raise ConditionTypeError(Text("cond-list-quoted-values", type=t.said()), item.pos)
                if t.values is not None and item.value not in t.values:
                    raise ConditionTypeError(Text("cond-not-possible-value", value=repr(item.value), type=t.said()), item.pos)
            elif t.kind == "text":
                if item.kind != "text":
                    raise ConditionTypeError(Text("cond-list-quoted-text"), item.pos)
            elif t.kind in NUMERIC:
                if item.kind not in ("int", "decimal") or (t.kind == "int" and item.kind != "int"):
                    raise ConditionTypeError(Text("cond-list-numbers", type=t.said()), item.pos)
            else:
                raise ConditionTypeError(Text("cond-in-kinds", type=t.said()), n.pos)
        return BOOL

    def _call(self, n: ast.Call) -> Type:
        fn = FUNCTIONS.get(n.func)
        if fn is None:
            hint = difflib.get_close_matches(n.func, list(FUNCTIONS), n=1)
            said = Text("cond-unknown-function-hint", name=repr(n.func), hint=repr(hint[0])) if hint else Text("cond-unknown-function", name=repr(n.func))
            raise ConditionTypeError(said, n.pos)
        args = [self._type(a) for a in n.args]

        def arity(k: int) -> None:
            if len(args) != k:
                raise ConditionTypeError(Text("cond-arity-one", func=n.func, n=len(args)) if k == 1 else Text("cond-arity", func=n.func, k=k, n=len(args)), n.pos)

        if fn.shape == "extremum":
            if len(args) < 2:
                raise ConditionTypeError(Text("cond-two-arguments", func=n.func), n.pos)
            out = args[0]
            if out.kind not in NUMERIC + ("date",):
                raise ConditionTypeError(Text("cond-extremum-kinds", func=n.func, type=out.said()), n.args[0].pos)
            for t, node in zip(args[1:], n.args[1:]):
                out = self._unify(out, t, node.pos, Text("cond-arguments", func=n.func))
            return out
        if fn.shape == "magnitude":
            arity(1)
            if args[0].kind not in NUMERIC:
                raise ConditionTypeError(Text("cond-needs-number", func=n.func, type=args[0].said()), n.pos)
            return args[0]
        if fn.shape == "rounding":
            arity(1)
            if args[0].kind != "money" and not args[0].literal:
                raise ConditionTypeError(Text("cond-rounds-amount", func=n.func, type=args[0].said()), n.pos)
            return MONEY
        if fn.shape == "interval":
            arity(2)
            for t, node in zip(args, n.args):
                if t.kind != "date":
                    raise ConditionTypeError(Text("cond-two-dates", func=n.func, type=t.said()), node.pos)
            return INT
        # shift: add_days, add_months
        arity(2)
        if args[0].kind != "date" or args[1].kind != "int":
            raise ConditionTypeError(Text("cond-date-and-whole", func=n.func), n.pos)
        return DATE


def _keys(keys: frozenset[str]) -> Text:
    return Text("cond-keys", keys=", ".join(sorted(keys)))


def _expect_text(kind: str) -> Text | str:
    return Text(_EXPECTED[kind]) if kind in _EXPECTED else kind
