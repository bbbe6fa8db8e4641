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


Node = Union[Literal, Name, Lookup, Neg, Binary, Compare, In, And, Or, Not, Call, If]


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-expressions of a node."""
    if isinstance(node, (Literal, Name)):
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
    """Every name the expression refers to (facts, parameters, derived values, ``peildatum``)."""
    out: set[str] = set()
    for n in walk(node):
        if isinstance(n, (Name, Lookup)):
            out.add(n.name)
    return out
