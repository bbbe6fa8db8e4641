# SPDX-License-Identifier: EUPL-1.2
"""A policy's derived values as columns on the normalised population, computed once and read by
whatever needs them: the letter, the intent and the tension, and each part of a decision in parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from ..compiler import compiled_policy
from ..compiler.vectorised import VectorCompiler
from ..model.policy import Policy
from .combine import FACT


@dataclass(frozen=True)
class FactColumns:
    """How the fact columns are normalised: each numeric fact's scale, the facts kept as Int64, the
    facts with a value in every row, and how large the values of a typed column are."""

    scales: dict[str, int]
    narrow: frozenset[str]
    complete: frozenset[str]
    bounds: dict[str, int]
    """The largest magnitude of a fact's scaled integers in the population, where known."""
    date_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)
    """A date fact's first and last day in the population (days since 1970-01-01), where known."""


@dataclass(frozen=True)
class Derived:
    """A policy's derived values as columns on the population, and what they are (scales, bounds)."""

    frame: pl.LazyFrame
    compiler: VectorCompiler


def derived_columns(p: Policy, base: pl.LazyFrame, day: date, facts: FactColumns, peildatum: pl.Expr | None = None) -> Derived:
    """``p``'s derived values on ``day`` as columns on ``base`` (in stages of dependency order)."""
    vc = VectorCompiler(compiled_policy(p), day, f"__{p.id}__", facts.scales, FACT, peildatum, facts.narrow, facts.complete, facts.bounds, facts.date_ranges)
    frame = base
    for stage in vc.derived_columns():
        if stage:
            frame = frame.with_columns(stage)
    return Derived(frame, vc)


def same_derived(p: Policy) -> bool:
    """Whether every part of ``p`` has ``p``'s derived values (a part is ``p`` with its own rules,
    outcome and purposes: it has)."""
    own = {n: e.node for n, e in compiled_policy(p).derived.items()}
    return all({n: e.node for n, e in compiled_policy(view).derived.items()} == own for view in p.part_policies)
