# SPDX-License-Identifier: EUPL-1.2
"""Pattern expressions reach durable-rules in a shape its beta walk evaluates exactly and in bounds.

durable-rules 2.0.28 reads past a rule's expression sequence when a join comparison that decides
its group is the group's last element (a segfault about 1 run in 5 of test_semantics.py), and
ignores whatever follows a nested group (see ``compiler/durable_shape.py``). These tests
check the rewrite against a model of the C walk for every truth assignment, and run the shapes
that crashed or gave a wrong answer through the real engine.
"""

from __future__ import annotations

import copy
import itertools
import json
import subprocess
import sys

import pytest

pytest.importorskip("durable.engine", reason="durable-rules==2.0.28 is needed for the signals engine")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from regelruimte.compiler import durable_shape as ex  # noqa: E402
from regelruimte.errors import EngineError  # noqa: E402
from regelruimte.signalling.engine import ContainedEngine  # noqa: E402
from regelruimte.signalling.engine.rulesets import _prepare_ruleset  # noqa: E402

JOIN = {"$gt": {"v": {"c": "v"}}}  # v > c.v: a comparison with another message (beta)
CLOCK = {"t": "clock", "v": 10}
LOW = {"t": "e", "v": 5}  # fails JOIN
HIGH = {"t": "e", "v": 50}  # passes JOIN


def rule(condition: dict) -> dict:
    return {"r": {"all": [{"c": {"t": "clock"}}, {"x": condition}]}}


def leaves(expression, out=None):
    out = [] if out is None else out
    if ex.is_group(expression):
        for item in next(iter(expression.values())):
            leaves(item, out)
    else:
        out.append(expression)
    return out


def comparison():
    return st.one_of(
        st.builds(lambda n: {"$gt": {f"f{n}": {"a": "d"}}}, st.integers(0, 9)),  # join
        st.builds(lambda n: {"$lt": {"d": {"$add": {"$l": {"a": "d"}, "$r": n}}}}, st.integers(0, 9)),  # join with arithmetic
        st.builds(lambda n: {"t": f"k{n}"}, st.integers(0, 9)),  # constant
    )


trees = st.recursive(comparison(), lambda inner: st.builds(lambda op, items: {op: items}, st.sampled_from([ex.AND, ex.OR]), st.lists(inner, min_size=1, max_size=3)),
                     max_leaves=9)


def test_the_model_reproduces_the_native_overrun() -> None:
    # The shape the adapter built before: the guard's $and around the condition's $and.
    old = {ex.AND: [{ex.AND: [{"t": "e"}, JOIN]}, {"rr_msg": 1}]}
    sequence = ex.beta_sequence(old)
    assert sequence == [ex.AND, ex.AND, JOIN, ex.END, ex.END]
    with pytest.raises(ex._Overrun):
        ex.walk(sequence, {2: False})
    assert ex.walk(sequence, {2: True}) is True


@settings(max_examples=400, deadline=None)
@given(trees)
def test_rewritten_expressions_are_exact_and_in_bounds_for_every_assignment(tree) -> None:
    guarded = copy.deepcopy({ex.AND: [tree, {"rr_msg": 1}]})
    try:
        safe = ex.safe_expression(guarded, "here")
    except EngineError as exc:
        assert "durable-rules" in str(exc)  # refused with the reason, never a crash
        return
    originals = leaves(guarded)
    rewritten = leaves(safe)
    neutrals = [repr(ex._NEUTRAL[ex.AND]), repr(ex._NEUTRAL[ex.OR])]
    assert {repr(x) for x in rewritten} - set(neutrals) == {repr(x) for x in originals}
    distinct = sorted({repr(x) for x in originals})
    # Equal comparisons in one message have one truth; the neutral ones have a fixed truth.
    for bits in itertools.product([False, True], repeat=len(distinct)):
        by_value = dict(zip(distinct, bits, strict=True)) | {neutrals[0]: True, neutrals[1]: False}
        meaning = ex.evaluate(guarded, {id(x): by_value[repr(x)] for x in originals})
        # raises _Overrun (failing the test) where the native walk would leave the sequence
        assert ex.engine_result(safe, {id(x): by_value[repr(x)] for x in rewritten}) == meaning


def test_a_join_after_an_or_is_evaluated() -> None:
    # durable-rules took the $or's end for the $and's end and skipped the join: fired for v=5.
    condition = {"$and": [{"$or": [{"t": "e"}, {"t": "f"}]}, JOIN]}
    with ContainedEngine({"p@1": rule(condition)}) as engine:
        assert engine.run("p@1", [CLOCK, LOW]) == []
        assert len(engine.run("p@1", [CLOCK, HIGH])) == 1


DECIDING_LAST_JOIN = [  # condition, whether it matches v = 5, 50, 10 against the clock's 10
    (JOIN, [False, True, False]),
    ({"$and": [{"t": "e"}, JOIN]}, [False, True, False]),
    ({"$and": [{"t": "e"}, {"$and": [{"$gte": {"v": 0}}, JOIN]}]}, [False, True, False]),
    ({"$or": [{"$lt": {"v": {"c": "v"}}}, JOIN]}, [True, True, False]),
]
_FRESH_PROCESS = """
import json, sys
from regelruimte.signalling.engine import ContainedEngine
out = []
for condition in json.loads(sys.argv[1]):
    with ContainedEngine({"p@1": {"r": {"all": [{"c": {"t": "clock"}}, {"x": condition}]}}}) as engine:
        out.append([len(engine.run("p@1", [{"t": "clock", "v": 10}, {"t": "e", "v": v}])) == 1 for v in (5, 50, 10)])
print(json.dumps(out))
"""


def test_a_deciding_last_join_neither_crashes_nor_misleads() -> None:
    # Before the rewrite each of these made the native walk read past the rule's memory. In a
    # fresh, small process that segfaulted in 8 of 9 runs (inside pytest's bigger heap, and in
    # the worker, it mostly happened to stop on a stray end marker), so three fresh processes.
    conditions = json.dumps([condition for condition, _ in DECIDING_LAST_JOIN])
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", _FRESH_PROCESS, conditions], capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr[-2000:]  # -11: segfault
        assert json.loads(done.stdout) == [expected for _, expected in DECIDING_LAST_JOIN]


def test_an_or_of_constants_and_joins_is_refused() -> None:
    condition = {"$or": [{"t": "f"}, JOIN]}
    with pytest.raises(EngineError, match="cannot evaluate an '\\$or' that mixes"):
        ContainedEngine({"p@1": rule(condition)})


def test_two_nested_groups_with_joins_are_refused() -> None:
    either = {"$or": [JOIN, {"$lt": {"w": {"c": "v"}}}]}
    with pytest.raises(EngineError, match="only one nested group"):
        ContainedEngine({"p@1": rule({"$and": [either, copy.deepcopy(either)]})})


def test_every_pattern_of_a_prepared_ruleset_is_in_the_safe_shape() -> None:
    prepared = _prepare_ruleset("p@1", rule({"$and": [{"$or": [{"t": "e"}, {"t": "f"}]}, {"$and": [JOIN, {"$gte": {"v": 0}}]}]}))
    (pattern,) = [p for p in prepared["r"]["all"] if "x" in p]
    assert pattern["x"] == {"$and": [JOIN, {"$gte": {"v": 0}}, {"rr_msg": 1}, {"$or": [{"t": "e"}, {"t": "f"}]}, ex._NEUTRAL[ex.AND]]}
