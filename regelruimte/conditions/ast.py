# SPDX-License-Identifier: EUPL-1.2
"""The abstract syntax tree of the condition language.

One tree is the single semantic source: the exact evaluator, the vectorised screening compiler,
the explanations and the control review all walk these nodes. Every node records ``pos``, the
0-based column of its first character in the expression text, for error messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Union

Value = Union[bool, int, Decimal, date, str]


@dataclass(frozen=True, slots=True)
class Literal:
    value: Value
    kind: str  # "bool" | "int" | "decimal" | "date" | "text"
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Lookup:
    """A keyed parameter: ``bijstandsnorm[huishouden]``."""

    name: str
    key: Node
    pos: int = 0


@dataclass(frozen=True, slots=True)
class FieldRef:
    """A field of an event matched by a signal's pattern: ``melding.date``.

    Only signal conditions may use it (the type checker refuses it elsewhere); ``alias`` is the
    name the pattern gives the event, never a fact, parameter or value.
    """

    alias: str
    field: str
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Node
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # + - * /
    left: Node
    right: Node
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # < <= > >= == !=
    left: Node
    right: Node
    pos: int = 0


@dataclass(frozen=True, slots=True)
class In:
    operand: Node
    items: tuple[Literal, ...]
    negated: bool = False
    pos: int = 0


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Node, ...]
    pos: int = 0


@dataclass(frozen=True, slots=True)
class If:
    cond: Node
    then: Node
    otherwise: Node
    pos: int = 0


Node = Union[Literal, Name, FieldRef, Lookup, Neg, Binary, Compare, In, And, Or, Not, Call, If]


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of a node."""
    if isinstance(node, (Literal, Name, FieldRef)):
        return ()
    if isinstance(node, Lookup):
        return (node.key,)
    if isinstance(node, (Neg, Not)):
        return (node.operand,)
    if isinstance(node, (Binary, Compare)):
        return (node.left, node.right)
    if isinstance(node, In):
        return (node.operand,)
    if isinstance(node, (And, Or)):
        return node.items
    if isinstance(node, Call):
        return node.args
    if isinstance(node, If):
        return (node.cond, node.then, node.otherwise)
    raise TypeError(type(node).__name__)


def walk(node: Node) -> Iterator[Node]:
    """All nodes, depth first, parents before children (iterative: no recursion limit)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(children(n)))


def names(node: Node) -> set[str]:
    """Every name the expression refers to (facts, parameters, derived values, ``peildatum``).

    Event fields (``alias.field``) are not names: see :func:`field_refs`.
    """
    out: set[str] = set()
    for n in walk(node):
        if isinstance(n, (Name, Lookup)):
            out.add(n.name)
    return out


def field_refs(node: Node) -> list[FieldRef]:
    """Every event field the expression reads (signal conditions only), in order of appearance."""
    return [n for n in walk(node) if isinstance(n, FieldRef)]


_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7, "atom": 8}


def _literal_text(n: Literal) -> str:
    if n.kind == "text":
        return f'"{n.value}"'
    if n.kind == "bool":
        return "true" if n.value else "false"
    if n.kind == "date":
        return n.value.isoformat()  # type: ignore[union-attr]
    return str(n.value)


def to_text(node: Node) -> str:
    """The expression written back as condition text (canonical spacing and brackets)."""
    return _text(node)[0]


def _text(n: Node) -> tuple[str, int]:
    if isinstance(n, Literal):
        return _literal_text(n), _PRECEDENCE["atom"]
    if isinstance(n, Name):
        return n.name, _PRECEDENCE["atom"]
    if isinstance(n, FieldRef):
        return f"{n.alias}.{n.field}", _PRECEDENCE["atom"]
    if isinstance(n, Lookup):
        return f"{n.name}[{to_text(n.key)}]", _PRECEDENCE["atom"]
    if isinstance(n, Call):
        return f"{n.func}({', '.join(to_text(a) for a in n.args)})", _PRECEDENCE["atom"]
    if isinstance(n, Neg):
        return "-" + _wrap(n.operand, _PRECEDENCE["neg"]), _PRECEDENCE["neg"]
    if isinstance(n, Binary):
        p = _PRECEDENCE[n.op]
        right_p = p + 1 if n.op in "-/" else p
        return f"{_wrap(n.left, p)} {n.op} {_wrap(n.right, right_p)}", p
    if isinstance(n, Compare):
        p = _PRECEDENCE["cmp"]
        return f"{_wrap(n.left, p + 1)} {n.op} {_wrap(n.right, p + 1)}", p
    if isinstance(n, In):
        items = ", ".join(_literal_text(i) for i in n.items)
        word = "not in" if n.negated else "in"
        return f"{_wrap(n.operand, _PRECEDENCE['cmp'] + 1)} {word} [{items}]", _PRECEDENCE["cmp"]
    if isinstance(n, (And, Or)):
        word = "and" if isinstance(n, And) else "or"
        p = _PRECEDENCE[word]
        return f" {word} ".join(_wrap(i, p + 1) for i in n.items), p
    if isinstance(n, Not):
        return "not " + _wrap(n.operand, _PRECEDENCE["not"]), _PRECEDENCE["not"]
    if isinstance(n, If):
        return f"if {to_text(n.cond)} then {to_text(n.then)} else {to_text(n.otherwise)}", 0
    raise TypeError(type(n).__name__)  # pragma: no cover


def _wrap(n: Node, min_precedence: int) -> str:
    text, p = _text(n)
    return f"({text})" if p < min_precedence else text
