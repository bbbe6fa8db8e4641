# SPDX-License-Identifier: EUPL-1.2
"""The live missing facts of an unknown expression (regelruimte.assessment.letter.missing_facts):
the walk compiled per policy finds what a walk of the tree finds, in the same order and to the
same depth, on every bundled regulation and on a policy deeper than the walk's limit."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regelruimte as rr
from regelruimte.assessment.letter import WALK_DEPTH, missing_facts, shallow
from regelruimte.compiler import compiled_policy
from regelruimte.conditions import ast

ROOT = Path(__file__).resolve().parents[1]


def tree_walk(node: Any, env: Any, compiled: Any, facts: dict[str, Any], depth: int, seen: dict[str, set[str]]) -> set[str]:
    """The walk as it was written before it was compiled (the reference)."""
    if depth > WALK_DEPTH:
        return set()
    if isinstance(node, ast.Name):
        kind = compiled.kinds.get(node.name)
        if kind == "fact":
            return {node.name} if node.name not in facts else set()
        if kind == "derived" and env.derived(node.name) is None:
            if node.name not in seen:
                seen[node.name] = set()
                seen[node.name] = tree_walk(compiled.derived[node.name].node, env, compiled, facts, depth + 1, seen)
            return seen[node.name]
        return set()
    if isinstance(node, (ast.And, ast.Or)):
        out: set[str] = set()
        for item in node.items:
            if compiled.fn_of(item)(env) is None:
                out |= tree_walk(item, env, compiled, facts, depth + 1, seen)
        return out
    if isinstance(node, ast.If):
        cond = compiled.fn_of(node.cond)(env)
        if cond is True:
            return tree_walk(node.then, env, compiled, facts, depth + 1, seen)
        if cond is False:
            return tree_walk(node.otherwise, env, compiled, facts, depth + 1, seen)
    out = set()
    for child in ast.children(node):
        out |= tree_walk(child, env, compiled, facts, depth + 1, seen)
    return out


def compare(policy: rr.Policy, facts: dict[str, Any], day: Any) -> int:
    """Both walks on every rule, purpose test and amount of ``policy`` that is unknown for ``facts``,
    one ``seen`` shared by the calls as ``evaluate_letter`` shares it; the number compared."""
    compiled = compiled_policy(policy)
    env = compiled.env(facts, day)
    exprs = [*compiled.rules.values(), *compiled.purpose_tests.values(), *compiled.purpose_amounts.values(), *compiled.derived.values()]
    seen_new: dict[str, set[str]] = {}
    seen_old: dict[str, set[str]] = {}
    n = 0
    for e in exprs:
        if e.fn(env) is not None:
            continue
        assert missing_facts(e, facts, env, compiled, seen_new) == sorted(tree_walk(e.node, env, compiled, facts, 0, seen_old))
        assert missing_facts(e, facts, env, compiled) == sorted(tree_walk(e.node, env, compiled, facts, 0, {}))
        n += 1
    return n


def test_the_compiled_walk_finds_what_the_tree_walk_finds_on_every_bundled_regulation() -> None:
    n = 0
    for policy in rr.load_policies(ROOT / "policies").values():
        for view in (policy, *policy.part_policies):
            for i, test in enumerate(policy.tests):
                facts = compiled_policy(view).facts.validate(view.test_facts(i) if view is policy else policy.test_facts(i), allow_unknown=True)
                names = sorted(facts)
                for drop in ([], names, *([f] for f in names), names[::2], names[1::2]):
                    n += compare(view, {k: v for k, v in facts.items() if k not in drop}, test.date)
    assert n > 1000


@pytest.mark.parametrize("length", [10, 40])
def test_a_policy_deeper_than_the_walk_goes(tmp_path: Path, length: int) -> None:
    text = (ROOT / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
    chain = "".join(f"  stap{i}:\n    type: money\n    description: Stap {i}.\n    expr: {'inkomen' if i == 0 else f'stap{i - 1}'} + 1\n"
                    for i in range(length))
    text = text.replace("derived:\n", "derived:\n" + chain, 1)
    text = text.replace("condition: inkomen <= grens[huishouden]", f"condition: stap{length - 1} <= grens[huishouden] or (huishouden == \"samen\" and inkomen < 0)")
    path = tmp_path / "diep.yaml"
    path.write_text(text, encoding="utf-8")
    policy = rr.load_policy(path)
    assert shallow(compiled_policy(policy)) == (length < WALK_DEPTH // 2)
    day = policy.tests[0].date
    for facts in ({}, {"huishouden": "alleen"}, {"huishouden": "samen"}, {"inkomen": Decimal("900.00")}):
        assert compare(policy, facts, day) >= 1
        rr.assess(policy, {"date": day.isoformat(), "facts": {k: str(v) for k, v in facts.items()}}).to_json()  # the whole assessment walks too
