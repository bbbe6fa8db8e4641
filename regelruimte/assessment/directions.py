# SPDX-License-Identifier: EUPL-1.2
"""Declared directions: decide a case from the most and least favourable values of its facts.

A fact or derived value may declare its ``direction``: a higher value never gives the citizen less
(``increases``) or never more (``decreases``), all else equal, on the letter and on every purpose.
Then what the case gets lies between what it gets at the *best corner* (every such missing fact at
its most favourable value, every such derived value at the most favourable end of its range) and at
the *worst corner*. So: denied at the best corner is denied whatever those facts are; granted with
the same amount at both corners is that grant; the same for the purposes. Each corner is analysed
over the completions of the other missing facts (:mod:`.completions`), so the conclusion holds for
every completion. Interval arithmetic alone loses this when a fact is used twice (an income that
counts in the capacity to pay and in a limit); a direction is declared once and checked on the
bundled regulations by a property test (``tests/test_directions.py``).
"""

from __future__ import annotations

from typing import Any

from ..compiler.compiled import compiled_policy
from ..conditions.abstract import Abs, AbsEnv, abstract, bounds, const
from ..model.base import built, updated
from ..model.policy import Policy
from .boxes import box_env, domain_of
from .completions import Completions, analyse
from .intent import IntentResult
from .letter import LetterResult


def _ends(kind: str, span: tuple[Any, Any] | None, direction: str) -> tuple[Any, Any] | None:
    """(best, worst) for the citizen."""
    if kind == "bool":
        low, high = False, True
    elif span is None:
        return None
    else:
        low, high = span
    return (high, low) if direction == "increases" else (low, high)


def corners(policy: Policy, facts: dict[str, Any], day: Any, box: AbsEnv | None = None) -> tuple[dict[str, Any], dict[str, Any], dict[str, Abs], dict[str, Abs]] | None:
    """The best and worst corner: values for the missing facts and bounds for the derived values
    that declare a direction; None when the case has none open."""
    compiled = compiled_policy(policy)
    used = compiled.used_facts
    best_facts: dict[str, Any] = {}
    worst_facts: dict[str, Any] = {}
    for name, spec in policy.facts.items():
        if spec.direction is None or name in facts or name not in used:
            continue
        ends = _ends(spec.type, bounds(domain_of(policy, name)), spec.direction)
        if ends is not None:
            best_facts[name], worst_facts[name] = ends
    best_derived: dict[str, Abs] = {}
    worst_derived: dict[str, Abs] = {}
    base = box if box is not None else box_env(compiled, facts, day)
    for name, d in policy.derived.items():
        if d.direction is None:
            continue
        value = abstract(compiled.derived[name].node, base)
        if value.single is not None or value.undef:
            continue  # decided already, or unknown in some completion (a bound would hide that)
        ends = _ends(d.type, bounds(value), d.direction)
        if ends is not None:
            best_derived[name], worst_derived[name] = const(ends[0]), const(ends[1])
    if not best_facts and not best_derived:
        return None
    return best_facts, worst_facts, best_derived, worst_derived


def decide_by_direction(policy: Policy, facts: dict[str, Any], day: Any, letter: LetterResult, intent: IntentResult,
                        waiting: list[str], box: AbsEnv | None = None) -> tuple[LetterResult, IntentResult]:
    """The letter and intent decided from the corners where they are still undetermined."""
    ends = corners(policy, facts, day, box)
    if ends is None:
        return letter, intent
    best_facts, worst_facts, best_derived, worst_derived = ends
    best: Completions = analyse(policy, {**facts, **best_facts}, day, best_derived)
    worst: Completions = analyse(policy, {**facts, **worst_facts}, day, worst_derived)
    if letter.verdict == "undetermined":
        if best.letter == {"denied"}:
            letter = _letter(letter, "denied", None, waiting)
        elif best.letter == worst.letter == {"granted"}:
            amounts = [c.amount.single if c.amount is not None else None for c in (best, worst)]
            if compiled_policy(policy).amount is None:
                letter = _letter(letter, "granted", None, waiting)
            elif amounts[0] is not None and amounts[0] == amounts[1]:
                letter = _letter(letter, "granted", amounts[0], waiting)
    if intent.verdict == "undetermined":
        if best.intent == {"not_served"}:
            intent = built(IntentResult, **{**intent.__dict__, "verdict": "not_served", "regardless_of": sorted(set(intent.regardless_of) | set(waiting))})
        elif worst.intent == {"served"}:
            intent = built(IntentResult, **{**intent.__dict__, "verdict": "served", "regardless_of": sorted(set(intent.regardless_of) | set(waiting))})
    return letter, intent


def _letter(letter: LetterResult, verdict: str, amount: Any, waiting: list[str]) -> LetterResult:
    # the rules that stay unknown each wait for nothing any more: the verdict holds whatever they are
    rules = [updated(r, {"missing": []}) if r.result == "unknown" else r for r in letter.rules]
    return built(LetterResult, verdict=verdict, amount=amount, rules=rules, regardless_of=sorted(set(letter.regardless_of) | set(waiting)),
                 amount_calculation=letter.amount_calculation, granted_for=[])
