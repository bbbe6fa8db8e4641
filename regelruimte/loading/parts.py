# SPDX-License-Identifier: EUPL-1.2
"""The parts of a decision, checked and made into policies of their own.

A part is assessed as a policy: the rules it shares and its own rules, its outcome, the purposes
it answers to and the provisions that reach it, on the policy's facts, parameters, derived values
and sources. :func:`part_policies` makes these policies once, when the policy is loaded, and
compiles each with the same compiler; a problem in a part is located at the part in the file.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .._messages import Text
from ..compiler import compile_policy
from ..errors import Problem
from ..model.parts import Part
from ..model.policy import Policy
from .problems import at
from .strict_yaml import YamlDocument


def parts_problems(policy: Policy, doc: YamlDocument) -> list[Problem]:
    """What the parts refer to exists: unique part and rule ids over the whole policy, the shared
    rules, purposes and provisions they name, the sources and purposes of their rules."""
    problems: list[Problem] = []
    sources = policy.all_sources
    own = {r.id for r in policy.rules}
    purposes = {p.id for p in policy.purposes}
    provisions = {d.id for d in policy.discretion}
    seen_parts: set[str] = set()
    seen_rules = set(own)
    for i, part in enumerate(policy.parts):
        if part.id in seen_parts:
            problems.append(at(doc, ("parts", i, "id"), Text("load-duplicate-part", id=repr(part.id)), "duplicate-id"))
        seen_parts.add(part.id)
        for field, known, what in (("shared_rules", own, "load-unknown-policy-rule"), ("purposes", purposes, "load-unknown-purpose"), ("discretion", provisions, "load-unknown-provision")):
            for j, ref in enumerate(getattr(part, field) or []):
                if ref not in known:
                    problems.append(at(doc, ("parts", i, field, j), Text(what, id=repr(ref)), "unknown-rule" if field == "shared_rules" else f"unknown-{field.rstrip('s')}"))
        for j, rule in enumerate(part.rules):
            loc = ("parts", i, "rules", j)
            if rule.id in seen_rules:
                problems.append(at(doc, loc + ("id",), Text("load-duplicate-rule", id=repr(rule.id)), "duplicate-id"))
            seen_rules.add(rule.id)
            if rule.source not in sources:
                problems.append(at(doc, loc + ("source",), Text("load-unknown-source", id=repr(rule.source)), "unknown-source"))
            for k, pid in enumerate(rule.serves):
                if pid not in purposes:
                    problems.append(at(doc, loc + ("serves", k), Text("load-unknown-purpose", id=repr(pid)), "unknown-purpose"))
        outcome = part.outcome
        refs: list[tuple[tuple[Any, ...], str | None]] = [(("outcome", "source"), outcome.source)] + [(("outcome", "severity", j, "source"), s.source) for j, s in enumerate(outcome.severity)]
        refs += [(("outcome", "weighing", j, "source"), w.source) for j, w in enumerate(outcome.weighing)]
        for loc, sid in refs:
            if sid is not None and sid not in sources:
                problems.append(at(doc, ("parts", i, *loc), Text("load-unknown-source", id=repr(sid)), "unknown-source"))
        if outcome.weighing and not outcome.adverse:
            problems.append(at(doc, ("parts", i, "outcome", "weighing"), Text("load-weighing-not-adverse"), "weighing-not-adverse"))
    if policy.periods is not None:
        periods = policy.periods
        for j, name in enumerate(periods.facts):
            if name not in policy.facts:
                problems.append(at(doc, ("periods", "facts", j), Text("load-unknown-fact", name=repr(name)), "unknown-fact"))
        for key in ("start", "end"):
            name = getattr(periods, key)
            if name is not None and (name not in policy.facts or policy.facts[name].type != "date"):
                problems.append(at(doc, ("periods", key), Text("load-not-date-fact", name=repr(name)), "unknown-fact"))
        for name in periods.derived:
            if name not in policy.derived:
                problems.append(at(doc, ("periods", "derived", name), Text("load-unknown-derived", name=repr(name)), "unknown-derived", key=True))
    if policy.parts and policy.outcome.amount is not None:
        problems.append(at(doc, ("outcome", "amount"), Text("load-parts-amount"), "parts-amount"))
    return problems


def part_policies(policy: Policy, doc: YamlDocument) -> tuple[tuple[Policy, ...], list[Problem]]:
    """One compiled policy per part, and the problems of the parts' expressions."""
    views: list[Policy] = []
    problems: list[Problem] = []
    for i, part in enumerate(policy.parts):
        view = part_view(policy, part)
        shared = len(view.rules) - len(part.rules)
        compiled, issues = compile_policy(view)
        for loc, msg, code in issues:
            if loc[:1] == ("rules",) and isinstance(loc[1], int) and loc[1] >= shared:
                problems.append(at(doc, ("parts", i, "rules", loc[1] - shared, *loc[2:]), msg, code))
            elif loc[:1] == ("outcome",):
                problems.append(at(doc, ("parts", i, *loc), msg, code))
            # anything else is the policy's own, already reported where it stands
        view._compiled = compiled
        views.append(view)
    return tuple(views), problems


def period_policy(policy: Policy, doc: YamlDocument) -> tuple[Policy | None, list[Problem]]:
    """The compiled policy one period is assessed with, and the problems of its expressions."""
    periods = policy.periods
    if periods is None:
        return None, []
    derived = {name: _copy(d, expr=periods.derived.get(name, d.expr)) for name, d in policy.derived.items()}
    labels = {k: v for k, v in (("granted", periods.granted), ("denied", periods.denied)) if v is not None}
    view = BaseModel.model_copy(policy, update={"derived": derived, "outcome": _copy(policy.outcome, **labels), "properties": [], "signals": [], "events": {},
                                                "tests": []})
    compiled, issues = compile_policy(view)
    problems = [at(doc, ("periods", "derived", loc[1]), msg, code) for loc, msg, code in issues if loc[:1] == ("derived",) and loc[1] in periods.derived]
    view._compiled = compiled
    view._period_policy = None
    if compiled is not None and policy.parts:
        views, part_issues = part_policies(view, doc)
        view._part_policies = views
        problems += part_issues
    return view, problems


def part_view(policy: Policy, part: Part) -> Policy:
    """``policy`` as the policy of one part: its shared and own rules, its outcome, its purposes and
    the provisions that may reach it (a provision that sets aside only other parts' rules does not)."""
    shared = [r for r in policy.rules if part.shared_rules is None or r.id in part.shared_rules]
    rules = [*shared, *part.rules]
    ids = {r.id for r in rules}
    purposes = [p for p in policy.purposes if part.purposes is None or p.id in part.purposes]
    discretion = []
    for d in policy.discretion:
        if part.discretion is not None and d.id not in part.discretion:
            continue
        if d.sets_aside and not ids.intersection(d.sets_aside):
            continue
        discretion.append(_copy(d, sets_aside=[r for r in d.sets_aside if r in ids]))
    view = BaseModel.model_copy(policy, update={"rules": rules, "outcome": part.outcome, "purposes": purposes, "discretion": discretion,
                                                "parts": [], "properties": [], "signals": [], "events": {}, "tests": []})
    view._part = part
    view._part_policies = ()
    return view


def _copy(model: Any, **update: Any) -> Any:
    return BaseModel.model_copy(model, update=update)
