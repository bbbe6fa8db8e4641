# SPDX-License-Identifier: EUPL-1.2
"""The semantic checks of a policy file that its schema cannot express: every reference resolves
(sources, purposes, rules, facts, earlier tests), ids are unique, validity periods are in order,
and the example tests' dates and facts fit the policy."""

from __future__ import annotations

from typing import Any

from .._messages import Text
from ..compiler import CompiledPolicy
from ..errors import CaseError, Problem
from ..model.case import UNKNOWN_FACTS
from ..model.levels import cannot_set_aside
from ..model.policy import Policy
from .problems import at
from .strict_yaml import YamlDocument


def semantic_problems(policy: Policy, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    sources = policy.all_sources
    purposes = {p.id for p in policy.purposes}
    all_rules = [*policy.rules, *(r for part in policy.parts for r in part.rules)]
    rule_ids = {r.id for r in all_rules}

    def dup(kind: str, items: list[Any]) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(at(doc, (kind, i, "id"), Text("load-duplicate-id", id=repr(item.id), kind=kind), "duplicate-id"))
            seen.add(item.id)

    def need_source(loc: tuple[Any, ...], sid: str | None) -> None:
        if sid is not None and sid not in sources:
            problems.append(at(doc, loc, Text("load-unknown-source", id=repr(sid)), "unknown-source"))

    def need_purposes(loc: tuple[Any, ...], ids: list[str]) -> None:
        for j, pid in enumerate(ids):
            if pid not in purposes:
                problems.append(at(doc, loc + (j,), Text("load-unknown-purpose", id=repr(pid)), "unknown-purpose"))

    def within_policy(loc: tuple[Any, ...], el: Any) -> None:
        if el.valid_from is not None and el.valid_until is not None and el.valid_until <= el.valid_from:
            problems.append(at(doc, loc + ("valid_until",), Text("load-validity-order"), "validity-order"))

    dup("sources", policy.sources)
    local_ids = {s.id for s in policy.sources}
    for s in policy._shared_sources:
        if s.id in local_ids:
            problems.append(at(doc, ("sources",), Text("load-shared-source", id=repr(s.id)), "duplicate-id"))
    dup("purposes", policy.purposes)
    dup("rules", policy.rules)
    dup("controls", policy.controls)
    dup("discretion", policy.discretion)
    dup("signals", policy.signals)
    dup("properties", policy.properties)
    if policy.valid_until is not None and policy.valid_until <= policy.valid_from:
        problems.append(at(doc, ("valid_until",), Text("load-validity-order"), "validity-order"))
    for name, param in policy.parameters.items():
        need_source(("parameters", name, "source"), param.source)
        for j, v in enumerate(param.values):
            need_source(("parameters", name, "values", j, "source"), v.source)
    for name, d in policy.derived.items():
        need_source(("derived", name, "source"), d.source)
    for i, p in enumerate(policy.purposes):
        need_source(("purposes", i, "source"), p.source)
        within_policy(("purposes", i), p)
        for j, part in enumerate(p.no_room):
            need_source(("purposes", i, "no_room", j, "source"), part.source)
            for k, fact in enumerate(part.facts):
                if fact not in policy.facts:
                    problems.append(at(doc, ("purposes", i, "no_room", j, "facts", k), Text("load-unknown-fact", name=repr(fact)), "unknown-fact"))
    if policy.summary.en:  # a policy that speaks English speaks it throughout: its questions too
        for name, spec in policy.facts.items():
            if spec.question is not None and not spec.question.en:
                problems.append(at(doc, ("facts", name, "question"), Text("load-question-no-english", name=repr(name)), "question-no-english"))
    for i, r in enumerate(policy.rules):
        need_source(("rules", i, "source"), r.source)
        need_purposes(("rules", i, "serves"), r.serves)
        within_policy(("rules", i), r)
        if r.no_room is not None:
            need_source(("rules", i, "no_room", "source"), r.no_room.source)
    need_source(("outcome", "source"), policy.outcome.source)
    for i, sev in enumerate(policy.outcome.severity):
        need_source(("outcome", "severity", i, "source"), sev.source)
    for i, w in enumerate(policy.outcome.weighing):
        need_source(("outcome", "weighing", i, "source"), w.source)
    dup_weighing: set[str] = set()
    for i, w in enumerate(policy.outcome.weighing):
        if w.id in dup_weighing:
            problems.append(at(doc, ("outcome", "weighing", i, "id"), Text("load-duplicate-id", id=repr(w.id), kind="outcome.weighing"), "duplicate-id"))
        dup_weighing.add(w.id)
    if policy.outcome.weighing and not policy.outcome.adverse:
        problems.append(at(doc, ("outcome", "weighing"), Text("load-weighing-not-adverse"), "weighing-not-adverse"))
    for i, provision in enumerate(policy.discretion):
        need_source(("discretion", i, "source"), provision.source)
        within_policy(("discretion", i), provision)
        rules_by_id = {r.id: r for r in all_rules}
        for j, rid in enumerate(provision.sets_aside):
            if rid not in rule_ids:
                problems.append(at(doc, ("discretion", i, "sets_aside", j), Text("load-unknown-rule", id=repr(rid)), "unknown-rule"))
            elif provision.source in sources and rules_by_id[rid].source in sources:
                why = cannot_set_aside(provision.kind, sources[provision.source], sources[rules_by_id[rid].source])
                if why is not None:
                    problems.append(at(doc, ("discretion", i, "sets_aside", j), Text("load-room-level", kind=provision.kind, id=repr(provision.id), rule=repr(rid), why=why), "room-level"))
    for i, c in enumerate(policy.controls):
        need_source(("controls", i, "source"), c.source)
        need_purposes(("controls", i, "serves"), c.serves)
        within_policy(("controls", i), c)
        for j, fact in enumerate(c.verifies):
            if fact not in policy.facts:
                problems.append(at(doc, ("controls", i, "verifies", j), Text("load-unknown-fact", name=repr(fact)), "unknown-fact"))
    for i, sig in enumerate(policy.signals):
        need_source(("signals", i, "source"), sig.source)
        need_purposes(("signals", i, "serves"), sig.serves)
        within_policy(("signals", i), sig)
    properties_problems(policy, doc, problems, need_source)
    test_ids: set[str] = set()
    for i, t in enumerate(policy.tests):
        need_source(("tests", i, "source"), t.source)
        if t.like is not None and t.like not in test_ids:
            problems.append(at(doc, ("tests", i, "like"), Text("load-unknown-test", id=repr(t.like)), "unknown-test"))
        if t.id is not None:
            if t.id in test_ids:
                problems.append(at(doc, ("tests", i, "id"), Text("load-duplicate-test", id=repr(t.id)), "duplicate-id"))
            test_ids.add(t.id)
        if t.expect.rules:
            for rid in t.expect.rules:
                if rid not in rule_ids:
                    problems.append(at(doc, ("tests", i, "expect", "rules", rid), Text("load-unknown-rule", id=repr(rid)), "unknown-rule", key=True))
        for pid in t.expect.parts or {}:
            if pid not in {part.id for part in policy.parts}:
                problems.append(at(doc, ("tests", i, "expect", "parts", pid), Text("load-unknown-part", id=repr(pid)), "unknown-part", key=True))
    return problems


def test_problems(policy: Policy, compiled: CompiledPolicy, doc: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    assert compiled.facts is not None
    for i, t in enumerate(policy.tests):
        if not policy.applies_on(t.date):
            problems.append(at(doc, ("tests", i, "date"), Text("load-test-date", date=t.date.isoformat()), "test-date"))
        if t.periods and policy.periods is None:
            problems.append(at(doc, ("tests", i, "periods"), Text("load-test-periods"), "test-periods"))
        for j, period in enumerate(t.periods):
            try:
                compiled.facts.validate(period.facts)
            except CaseError as exc:
                problems += [at(doc, ("tests", i, "periods", j, "facts"), Text("load-test-fact", fact=fp.fact, message=fp.text if fp.text is not None else fp.message), "test-fact") for fp in exc.problems]
        try:
            compiled.facts.validate(policy.test_facts(i))
        except CaseError as exc:
            for fp in exc.problems:
                if fp.fact == UNKNOWN_FACTS:  # a case's unknown keys are never repeated; a policy file's own are its author's, named where they stand
                    for name in (n for n in policy.test_facts(i) if n not in policy.facts):
                        problems.append(at(doc, ("tests", i, "facts", name), Text("load-test-unknown-fact", name=repr(name)), "test-fact", key=True))
                    continue
                loc = ("tests", i, "facts", fp.fact)
                problems.append(at(doc, loc, Text("load-test-value", message=fp.text if fp.text is not None else fp.message, expected=fp.expects if fp.expects is not None else fp.expected), "test-fact", key=fp.message.startswith("unknown")))
    return problems


NUMERIC_FACTS = ("int", "money", "decimal")


def properties_problems(policy: Policy, doc: YamlDocument, problems: list[Problem], need_source: Any) -> None:
    """What a declared property refers to exists and fits: its source, a numeric fact, a step a
    whole-number fact can take, a purpose that names an amount."""
    purposes = {p.id: p for p in policy.purposes}
    for i, prop in enumerate(policy.properties):
        need_source(("properties", i, "source"), prop.source)
        if prop.fact is not None:
            fact = policy.facts.get(prop.fact)
            if fact is None:
                problems.append(at(doc, ("properties", i, "fact"), Text("load-unknown-fact", name=repr(prop.fact)), "unknown-fact"))
            elif fact.type not in NUMERIC_FACTS and (prop.kind == "no_cliff" or fact.type not in ("bool", "date")):
                what = "load-property-number" if prop.kind == "no_cliff" else "load-property-ordered"
                problems.append(at(doc, ("properties", i, "fact"), Text(what, name=repr(prop.fact)), "property-fact"))
            elif fact.type == "int" and prop.step != prop.step.to_integral_value():
                problems.append(at(doc, ("properties", i, "step"), Text("load-property-step"), "property-step"))
        if prop.purpose is not None:
            purpose = purposes.get(prop.purpose)
            if purpose is None:
                problems.append(at(doc, ("properties", i, "purpose"), Text("load-unknown-purpose", id=repr(prop.purpose)), "unknown-purpose"))
            elif purpose.amount is None:
                problems.append(at(doc, ("properties", i, "purpose"), Text("load-property-purpose", id=repr(prop.purpose)), "property-purpose"))
        if prop.kind == "bounded" and policy.outcome.amount is None:
            problems.append(at(doc, ("properties", i, "kind"), Text("load-property-amount"), "property-amount"))
