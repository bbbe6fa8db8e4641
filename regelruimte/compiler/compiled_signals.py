# SPDX-License-Identifier: EUPL-1.2
"""The compiled form of a policy's signals: each signal type-checked and translated to one
durable-rules rule, all of a policy version in one ruleset, and the exact evaluator of their
conditions and fact expressions (for the plain-Python reference and the assessments that follow)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..conditions import Type, ast
from ..conditions.evaluate import compile_expr
from ..model.signals import EventType, Signal


@dataclass(frozen=True)
class CompiledSignal:
    """One signal, type-checked and translated to one durable-rules rule."""

    signal: Signal
    index: int
    """Position in ``policy.signals`` (for locations)."""
    aliases: tuple[str, ...]
    """The aliases of the ``event`` elements, in order."""
    negated: tuple[str, ...]
    """The aliases of the ``none`` elements, in order."""
    types: dict[str, tuple[str, ...]]
    """Event types per alias."""
    conditions: dict[str, ast.Node]
    """The typed condition of each element that has one, by alias (the exact semantics)."""
    rule: dict[str, Any]
    """The durable-rules rule (JSON)."""
    target: str | None
    """The policy whose assessment follows (None: no assessment)."""
    facts: dict[str, ast.Node]
    """Facts for that assessment, as typed expressions over the matched events."""
    fact_types: dict[str, Type] = field(default_factory=dict)
    """The type of each fact expression."""


@dataclass(frozen=True)
class CompiledSignals:
    """Every signal of one policy version as one durable-rules ruleset."""

    policy_id: str
    ruleset_name: str
    ruleset: dict[str, Any]
    signals: tuple[CompiledSignal, ...]
    event_types: dict[str, EventType]
    used_types: frozenset[str]
    """Event types any pattern reads: only these are sent to the engine."""
    trigger_types: frozenset[str]
    """Event types of ``event`` elements: a household without one of them cannot match."""
    message_fields: dict[str, tuple[str, ...]]
    """Per event type, the fields the rules read (only these are sent)."""
    month_offsets: tuple[int, ...]
    """Every k of ``add_months(x, k)`` the rules read, as precomputed ``dm_k`` fields."""
    months_by_type: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Per event type (and ``@clock``), the k whose ``dm_k`` field its messages need."""
    kinds: dict[str, str] = field(default_factory=dict)
    """Name kinds for evaluating conditions and fact expressions with the exact evaluator."""

    def by_id(self, signal_id: str) -> CompiledSignal:
        return next(s for s in self.signals if s.signal.id == signal_id)

    def definition(self) -> dict[str, Any]:
        """A deep copy of the ruleset (the engine mutates what it registers, P16)."""
        return copy.deepcopy(self.ruleset)



# --------------------------------------------------------------------------- evaluation helpers


def evaluator_for(node: ast.Node, kinds: Mapping[str, str]) -> Any:
    """Compile ``node`` with the exact evaluator, reading ``alias.field`` as a fact of that name."""
    rewritten = _rename_fields(node)
    names = {f"{r.alias}.{r.field}" for r in ast.field_refs(node)}
    return compile_expr(rewritten, {**kinds, **dict.fromkeys(names, "fact")})


def _rename_fields(node: ast.Node) -> ast.Node:
    """The same tree with every ``alias.field`` as a name ``"alias.field"`` (for the evaluator)."""
    if isinstance(node, ast.FieldRef):
        return ast.Name(f"{node.alias}.{node.field}", node.pos)
    if isinstance(node, (ast.Literal, ast.Name)):
        return node
    if isinstance(node, ast.Lookup):
        return ast.Lookup(node.name, _rename_fields(node.key), node.pos)
    if isinstance(node, ast.Neg):
        return ast.Neg(_rename_fields(node.operand), node.pos)
    if isinstance(node, ast.Not):
        return ast.Not(_rename_fields(node.operand), node.pos)
    if isinstance(node, ast.Binary):
        return ast.Binary(node.op, _rename_fields(node.left), _rename_fields(node.right), node.pos)
    if isinstance(node, ast.Compare):
        return ast.Compare(node.op, _rename_fields(node.left), _rename_fields(node.right), node.pos)
    if isinstance(node, ast.In):
        return ast.In(_rename_fields(node.operand), node.items, node.negated, node.pos)
    if isinstance(node, ast.And):
        return ast.And(tuple(_rename_fields(i) for i in node.items), node.pos)
    if isinstance(node, ast.Or):
        return ast.Or(tuple(_rename_fields(i) for i in node.items), node.pos)
    if isinstance(node, ast.Call):
        return ast.Call(node.func, tuple(_rename_fields(a) for a in node.args), node.pos)
    if isinstance(node, ast.If):
        return ast.If(_rename_fields(node.cond), _rename_fields(node.then), _rename_fields(node.otherwise), node.pos)
    raise TypeError(type(node).__name__)  # pragma: no cover
