# SPDX-License-Identifier: EUPL-1.2
"""Unknown is not no: a rule, purpose or amount that every completion of the missing facts
decides alike is decided, and only the facts that can still change something are asked.

:func:`lift` takes the point-wise letter and intent (three-valued, per case) and the analysis over
the completions (:mod:`.completions`): a rule whose condition is true (or false) for every value the
missing facts can take passes (or fails), with the facts it holds ``regardless_of``; an amount with
one value over every completion is that amount. A rule that stays unknown waits only for its *live*
facts (:func:`live_facts`): a part of it that every completion decides alike (an ``and`` item that
is always true, an ``if`` whose branches agree, an amount that can only lower a result that is
already nil) cannot change it, so its facts are not asked.
"""

from __future__ import annotations

from typing import Any

from ..compiler.compiled import CompiledPolicy, compiled_policy
from ..conditions import ast
from ..conditions.abstract import AbsEnv, abstract
from ..model.base import built, updated
from ..model.policy import Policy
from .boxes import box_env
from .calculation import chain
from .completions import Completions
from .intent import IntentResult, IntentVerdict
from .letter import WALK_DEPTH, LetterResult, Verdict, shallow


def live_facts(node: ast.Node, env: AbsEnv, compiled: CompiledPolicy, depth: int = 0, seen: dict[str, set[str]] | None = None) -> set[str]:
    """The missing facts whose value can change ``node`` somewhere in the box ``env``: none in a part
    that every completion decides alike, and only the taken branch of an ``if`` whose condition is.
    ``seen`` keeps each derived value's answer, so interlinked derived values are walked once each
    (issue 13, item 7: walking every path took exponential time)."""
    seen = {} if seen is None else seen
    if depth > WALK_DEPTH or abstract(node, env).single is not None:
        return set()
    if isinstance(node, ast.Name):
        kind = compiled.kinds.get(node.name)
        if kind == "fact":
            return {node.name} if env.facts[node.name].single is None else set()
        if kind == "derived":
            if node.name not in seen:
                seen[node.name] = set()  # a guard while it is walked (cycles are refused at load)
                seen[node.name] = live_facts(compiled.derived[node.name].node, env, compiled, depth + 1, seen)
            return seen[node.name]
        return set()
    if isinstance(node, ast.If):
        cond = abstract(node.cond, env).single
        if cond is True:
            return live_facts(node.then, env, compiled, depth + 1, seen)
        if cond is False:
            return live_facts(node.otherwise, env, compiled, depth + 1, seen)
    out: set[str] = set()
    for child in ast.children(node):
        out |= live_facts(child, env, compiled, depth + 1, seen)
    return out


def _fresh(seen: dict[str, set[str]] | None) -> dict[str, set[str]]:
    """The shared answers where walks may share them (:func:`regelruimte.assessment.letter.shallow`), else a walk's own."""
    return {} if seen is None else seen


def _kleene(values: list[bool | None]) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def lift(policy: Policy, facts: dict[str, Any], letter: LetterResult, intent: IntentResult, possible: Completions,
         amount_missing: list[str]) -> tuple[LetterResult, IntentResult, list[str]]:
    """The letter and intent with every result the completions decide alike, and the facts the
    letter's amount still waits for (its live facts)."""
    compiled = compiled_policy(policy)
    box = possible.box if possible.box is not None else box_env(compiled, facts, possible.day)
    seen: dict[str, set[str]] | None = {} if shallow(compiled) else None  # the live facts of derived values in this box, found once
    rules = []
    lifted: set[str] = set()
    values: list[bool | None] = []
    for r in letter.rules:
        if r.result != "unknown":
            rules.append(r)
            if r.result != "not_applicable":
                values.append(r.result == "passed")
            continue
        truths = possible.rules.get(r.id, {True, False, None})
        if len(truths) == 1 and None not in truths:
            v = next(iter(truths))
            calculation = chain(compiled.rules[r.id].node, compiled.env(facts, possible.day), compiled) if not v else []
            rules.append(updated(r, {"result": "passed" if v else "failed", "missing": [], "regardless_of": list(r.missing), "calculation": calculation}))
            lifted.update(r.missing)
            values.append(v)
        else:
            rules.append(updated(r, {"missing": sorted(live_facts(compiled.rules[r.id].node, box, compiled, seen=_fresh(seen)))}))
            values.append(None)
    value = _kleene(values)
    verdict: Verdict = "granted" if value is True else "denied" if value is False else "undetermined"
    amount = letter.amount
    if verdict == "granted" and compiled.amount is not None and amount is None:
        single = possible.amount.single if possible.amount is not None else None
        if single is not None:
            amount = single
            lifted.update(amount_missing)
        else:
            verdict = "undetermined"
    live_amount = sorted(live_facts(compiled.amount.node, box, compiled, seen=_fresh(seen))) if compiled.amount is not None and verdict == "undetermined" else []
    new_letter = built(LetterResult, verdict=verdict, amount=amount, rules=rules, regardless_of=sorted(lifted) if verdict != "undetermined" or lifted else [],
                       amount_calculation=letter.amount_calculation, granted_for=[])
    return new_letter, _lift_intent(compiled, intent, possible, box, seen), live_amount


def _lift_intent(compiled: CompiledPolicy, intent: IntentResult, possible: Completions, box: AbsEnv, seen: dict[str, set[str]] | None) -> IntentResult:
    purposes = []
    lifted: set[str] = set()
    values: list[bool | None] = []
    amount = None
    for p in intent.purposes:
        update: dict[str, Any] = {}
        if p.result == "undetermined":
            truths = possible.purposes.get(p.id, {True, False, None})
            if len(truths) == 1 and None not in truths:
                v = next(iter(truths))
                open_amount = p.amount is None and p.id in compiled.purpose_amounts
                update.update(result="served" if v else "not_served", regardless_of=list(p.missing),
                              missing=sorted(live_facts(compiled.purpose_amounts[p.id].node, box, compiled, seen=_fresh(seen))) if open_amount else [])
                lifted.update(p.missing)
            else:
                live = set(live_facts(compiled.purpose_tests[p.id].node, box, compiled, seen=_fresh(seen)))  # a copy: it may be a shared answer
                if p.amount is None and p.id in compiled.purpose_amounts:
                    live |= live_facts(compiled.purpose_amounts[p.id].node, box, compiled, seen=_fresh(seen))
                update["missing"] = sorted(live)
        elif p.missing:
            update["missing"] = sorted(live_facts(compiled.purpose_amounts[p.id].node, box, compiled, seen=_fresh(seen))) if p.id in compiled.purpose_amounts and p.amount is None else []
        p_amount = p.amount
        if p_amount is None and p.id in possible.purpose_amounts and p.result != "not_applicable":
            single = possible.purpose_amounts[p.id].single
            if single is not None:
                p_amount = single
                update["amount"] = single
                lifted.update(p.missing)
                if update.get("result", p.result) != "undetermined":
                    update["missing"] = []
                    update["regardless_of"] = sorted(set(update.get("regardless_of", p.regardless_of)) | set(p.missing))
        if update:
            p = updated(p, update)
        purposes.append(p)
        if p.result in ("served", "not_served", "undetermined"):
            values.append(True if p.result == "served" else False if p.result == "not_served" else None)
        if p.result != "not_applicable" and amount is None:
            amount = p_amount
    value = _kleene(values) if values else None
    verdict: IntentVerdict = "undetermined" if value is None else "served" if value else "not_served"
    return built(IntentResult, verdict=verdict, amount=amount, purposes=purposes, regardless_of=sorted(lifted))
