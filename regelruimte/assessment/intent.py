# SPDX-License-Identifier: EUPL-1.2
"""The intent: whether applying the regulation to this case serves what it was made for.

Each purpose's test is evaluated with the same evaluator as the letter, on the same facts; it
may use facts the letter ignores (actual fixed costs, debts, the cause of an overpayment). The
intent verdict is the Kleene conjunction of the purposes that have a test and apply on the
reference date. A purpose may also state the amount it calls for; the tension compares it with
the letter's amount.

Tension is read from the citizen's position, so that it means the same for benefits and for
adverse outcomes (recovery, revocation):

* ``letter_blocks_intent``: the letter gives the citizen less than the purpose calls for (it
  refuses what the purpose wants, or it burdens more than the purpose needs): a regelruimte signal;
* ``letter_exceeds_intent``: the letter gives the citizen more than the purpose calls for: a
  signal for the policy reviewer, never a reason to refuse what the law grants;
* ``aligned`` and ``undetermined``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..compiler.compiled import compiled_policy
from ..conditions.evaluate import Env
from ..model.base import LocalizedText, built
from ..model.policy import Policy
from ..model.sources import SourceRef
from .letter import LetterResult, missing_facts, round_amount, shallow, trace_values
from .personal import HidesValues

IntentVerdict = Literal["served", "not_served", "partly_served", "undetermined"]
"""'partly_served': a decision in parts whose parts are some served, some not."""
Tension = Literal["aligned", "letter_blocks_intent", "letter_exceeds_intent", "undetermined"]


class PurposeResult(HidesValues):
    """Whether one purpose is served for this case."""

    model_config = ConfigDict(frozen=True)
    personal_fields = ("values",)

    id: str
    result: Literal["served", "not_served", "undetermined", "untested", "not_applicable"]
    title: LocalizedText
    description: LocalizedText
    source: SourceRef
    test: str | None = None
    amount: Decimal | None = None
    values: dict[str, Any] = Field(default_factory=dict, repr=False)
    missing: list[str] = Field(default_factory=list)
    regardless_of: list[str] = Field(default_factory=list)
    """Missing facts this result holds whatever they are (every value they can take gives it)."""


class IntentResult(BaseModel):
    """What the purposes of the regulation call for in this case."""

    model_config = ConfigDict(frozen=True)

    verdict: IntentVerdict
    amount: Decimal | None = None
    purposes: list[PurposeResult]
    regardless_of: list[str] = Field(default_factory=list)
    """Missing facts the verdict and amount hold whatever they are."""


def evaluate_intent(policy: Policy, facts: dict[str, Any], day: date, env: Env) -> IntentResult:
    """Evaluate every purpose's test (and amount) on the case."""
    compiled = compiled_policy(policy)
    results: list[PurposeResult] = []
    tested = 0
    value: bool | None = True
    amount: Decimal | None = None
    seen: dict[str, set[str]] | None = {} if shallow(compiled) else None  # the live facts of derived values, found once for every purpose
    # each result built with its fields in the order they always had in __dict__ (result first),
    # which model_dump_json follows
    for p in policy.purposes:
        source = compiled.source_ref(p.source)
        if not p.applies_on(day):
            results.append(built(PurposeResult, result="not_applicable", id=p.id, title=p.title, description=p.description, source=source, test=None, amount=None,
                                 values={}, missing=[], regardless_of=[]))
            continue
        test = compiled.purpose_tests.get(p.id)
        p_amount = None
        amount_expr = compiled.purpose_amounts.get(p.id)
        if amount_expr is not None:
            raw = amount_expr.fn(env)
            p_amount = None if raw is None else round_amount(raw, policy.outcome.rounding)
            amount = p_amount if amount is None else amount
        if test is None:
            results.append(built(PurposeResult, result="untested", id=p.id, title=p.title, description=p.description, source=source, test=None, amount=p_amount,
                                 values={}, missing=[], regardless_of=[]))
            continue
        tested += 1
        v = test.fn(env)
        if v is False:
            value = False
        elif v is None and value is not False:
            value = None
        result = "served" if v is True else "not_served" if v is False else "undetermined"
        values = trace_values(test, env)
        if amount_expr is not None:
            values.update(trace_values(amount_expr, env))
        missing = missing_facts(test, facts, env, compiled, seen) if v is None else []
        if amount_expr is not None and p_amount is None:
            missing = sorted(set(missing) | set(missing_facts(amount_expr, facts, env, compiled, seen)))
        results.append(built(PurposeResult, result=result, id=p.id, title=p.title, description=p.description, source=source, test=test.text, amount=p_amount,
                             values=values, missing=missing, regardless_of=[]))
    verdict: IntentVerdict = "undetermined" if tested == 0 or value is None else ("served" if value else "not_served")
    return built(IntentResult, verdict=verdict, amount=amount, purposes=results, regardless_of=[])


def tension_of(policy: Policy, letter: LetterResult, intent: IntentResult) -> Tension:
    """Classify where letter and intent part, from the citizen's position (see module docstring)."""
    if letter.verdict == "undetermined" or intent.verdict == "undetermined":
        return "undetermined"
    adverse = policy.outcome.adverse
    granted = letter.verdict == "granted"
    served = intent.verdict == "served"
    if granted != served:
        # benefit: refused though the purpose wants it -> blocks; granted though not needed -> exceeds
        # adverse: applied though it serves no purpose -> blocks; not applied though it would -> exceeds
        citizen_worse = (not granted) if not adverse else granted
        return "letter_blocks_intent" if citizen_worse else "letter_exceeds_intent"
    purpose_amounts = compiled_policy(policy).purpose_amounts
    amount_purposes = [p for p in intent.purposes if p.result != "not_applicable" and p.id in purpose_amounts]
    if granted and letter.amount is not None and amount_purposes and intent.amount is None:
        return "undetermined"  # the purpose names an amount that cannot be computed yet
    if granted and letter.amount is not None and intent.amount is not None:
        diff = letter.amount - intent.amount
        if abs(diff) > tolerance(policy):
            letter_gives_less = (diff < 0) if not adverse else (diff > 0)
            return "letter_blocks_intent" if letter_gives_less else "letter_exceeds_intent"
    return "aligned"


def tolerance(policy: Policy) -> Decimal:
    tolerances = [p.tolerance for p in policy.purposes if p.tolerance is not None]
    return min(tolerances) if tolerances else Decimal(0)
