# SPDX-License-Identifier: EUPL-1.2
"""The calculation shown: the chain of derived values behind a rule or an amount.

A refusal that rests on "betalingscapaciteit" must show how that figure was made: the income,
the norm, the percentage, the period, the surplus. For a rule (or the amount) this lists every
derived value it uses, the ones it depends on first, each with its label, its expression and its
source. The value of each step is the case's own (personal data), so it is only written when values
are asked for (:mod:`.personal`); by default the chain names the steps and how they are computed.
Money is rounded to whole cents for display; the letter itself computes exactly.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import ConfigDict, Field

from .._exact import CENT
from ..compiler.compiled import CompiledPolicy
from ..conditions import ast
from ..conditions.evaluate import Env
from ..model.base import LocalizedText, built
from ..model.sources import SourceRef
from ..money import format_money
from .personal import HidesValues

MAX_STEPS = 24
"""A chain longer than this is cut (a deep chain is for the trace, not for a letter)."""


class Step(HidesValues):
    """One derived value in a calculation: what it is, how it is computed and, only when asked, its value.

    Example:
        >>> step = Step(id="betalingscapaciteit", label=LocalizedText(nl="Betalingscapaciteit"), expression="max(0, a - b) * 12", type="money")
        >>> "value" in step.model_dump()
        False
    """

    model_config = ConfigDict(frozen=True)
    personal_fields = ("value",)

    id: str
    """The derived value's name in the policy."""
    label: LocalizedText
    """Its description in the policy (what the figure is)."""
    expression: str
    """How it is computed, in the policy's own words and names."""
    type: str
    """``money``, ``decimal``, ``int``, ``bool`` or ``date``."""
    source: SourceRef | None = None
    value: Decimal | int | bool | date | None = Field(default=None, repr=False)
    """The value for this case (money in whole cents); left out unless values are asked for."""


def chain(node: ast.Node, env: Env, compiled: CompiledPolicy) -> list[Step]:
    """The derived values ``node`` uses, each after the ones it depends on (post-order, no repeats)."""
    return [_step(env, *shape) for shape in chain_order(node, compiled)]


_Shape = tuple[str, LocalizedText, str, str, SourceRef | None, bool]
"""What a step takes from the policy: the derived value's name, label, expression, type, source
reference, and whether it is money (only its value is the case's)."""


def chain_order(node: ast.Node, compiled: CompiledPolicy) -> tuple[_Shape, ...]:
    """:func:`chain`'s steps as far as the policy makes them, in order: a function of the expression
    and the policy only, so found once per expression and kept on the compiled policy (keyed by
    identity, the node kept in the entry so a key is never reused by another object)."""
    table: dict[int, tuple[ast.Node, tuple[_Shape, ...]]] = compiled.analyses.setdefault("chain_order", {})
    hit = table.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    order: list[str] = []
    seen: set[str] = set()

    def visit(n: ast.Node, depth: int) -> None:
        if depth > 64:
            return
        for name in sorted(ast.names(n)):
            if name in seen or compiled.kinds.get(name) != "derived":
                continue
            seen.add(name)
            visit(compiled.derived[name].node, depth + 1)
            order.append(name)

    visit(node, 0)
    derived = compiled.policy.derived
    found = tuple((name, d.description, compiled.derived[name].text, d.type, compiled.source_ref(d.source) if d.source is not None else None, d.type == "money")
                  for name in order[-MAX_STEPS:] for d in (derived[name],))
    table[id(node)] = (node, found)
    return found


def _step(env: Env, name: str, label: LocalizedText, expression: str, kind: str, source: SourceRef | None, money: bool) -> Step:
    value = env.derived(name)
    if money and isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        value = Decimal(value).quantize(CENT)
    return built(Step, id=name, label=label, expression=expression, type=kind, source=source, value=value)


def show(step: Step, lang: str = "nl") -> str:
    """A step's value as text for a reader (euros for money)."""
    if step.value is None:
        return "?"
    if step.type == "money" and isinstance(step.value, Decimal):
        return format_money(step.value, lang)
    return str(step.value).lower() if isinstance(step.value, bool) else str(step.value)
