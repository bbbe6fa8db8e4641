# SPDX-License-Identifier: EUPL-1.2
"""The boxes of a case: every completion of its missing facts, as the abstract evaluator sees it.

A box gives each known fact its value and each missing fact every value it can take (its
*domain*: type, choices and bounds), or a part of it when the analysis of :mod:`.completions`
splits the box. What every box of one policy shares (the domains, the trees of the derived values,
the compiled abstract evaluators) is made once and kept on the compiled policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..compiler.compiled import CompiledPolicy, compiled_policy
from ..conditions import ast
from ..conditions.abstract import Abs, AbsEnv, AFn, const, fact_domain
from ..model.policy import Policy


@dataclass(frozen=True)
class Boxes:
    """What every box of one compiled policy shares (``compiled.analyses``)."""

    domains: dict[str, Abs]
    """Every value each fact can take when it is missing."""
    derived: dict[str, ast.Node]
    depends: dict[str, frozenset[str]]
    """The facts each derived value depends on, also through other derived values."""
    used: frozenset[str]
    """The facts the rules, purposes, amounts and derived values use."""
    evaluators: dict[int, tuple[ast.Node, AFn]]
    """The compiled abstract evaluators (:func:`regelruimte.conditions.abstract.evaluator`)."""


def boxes_of(compiled: CompiledPolicy) -> Boxes:
    """What the boxes of ``compiled`` share (made on first use; a pure function of the policy)."""
    cached: Boxes | None = compiled.analyses.get("boxes")
    if cached is None:
        facts = compiled.policy.facts
        cached = Boxes({name: fact_domain(spec.type, spec.values, spec.minimum, spec.maximum) for name, spec in facts.items()},
                       {name: e.node for name, e in compiled.derived.items()}, {name: e.facts for name, e in compiled.derived.items()},
                       compiled.used_facts, {})
        compiled.analyses["boxes"] = cached
    return cached


def domain_of(policy: Policy, name: str) -> Abs:
    """Every value the missing fact ``name`` can take (its type, choices and bounds)."""
    return boxes_of(compiled_policy(policy)).domains[name]


def box_env(compiled: CompiledPolicy, facts: dict[str, Any], day: date, fixed: dict[str, Abs] | None = None, overrides: dict[str, Abs] | None = None) -> AbsEnv:
    """The box of a case: known facts as themselves, missing ones over their domain (or ``fixed``)."""
    return split_box(compiled, known_box(compiled, facts), day, {k: v for k, v in fixed.items() if k not in facts} if fixed else None, overrides)


def known_box(compiled: CompiledPolicy, facts: dict[str, Any]) -> dict[str, Abs]:
    """The facts of the unsplit box: known facts as themselves, missing ones over their domain."""
    domains = boxes_of(compiled).domains
    return {name: const(facts[name]) if name in facts else domain for name, domain in domains.items()}


def split_box(compiled: CompiledPolicy, known: dict[str, Abs], day: date, fixed: dict[str, Abs] | None, overrides: dict[str, Abs] | None,
              whole: AbsEnv | None = None) -> AbsEnv:
    """The box ``known`` with the missing facts in ``fixed`` narrowed. ``whole``: the unsplit box
    (the same day and overrides), from which what depends on no narrowed fact is taken."""
    boxes = boxes_of(compiled)
    box = {**known, **fixed} if fixed else known
    return AbsEnv(box, compiled.params_on(day), day, boxes.derived, compiled.kinds, overrides, boxes.evaluators,
                  base=whole, varied=fixed or (), depends=boxes.depends)
