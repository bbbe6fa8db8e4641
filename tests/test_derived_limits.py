# SPDX-License-Identifier: EUPL-1.2
"""Derived values: a linear cycle check, declared limits checked at load, and evaluation that never
nests along a chain (issue 13, item 7).

Before, the cycle check listed every path through the derived values: a 5 KB policy with 40
interlinked values did not load in a minute; and a chain of 330 values loaded, then ``assess``
raised ``RecursionError``. The limits (:mod:`regelruimte.compiler.derived_graph`) are tested at
the limit and one beyond it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

import regelruimte as rr
from regelruimte.compiler import compiled_policy, derived_graph
from regelruimte.compiler.derived_graph import MAX_DEPTH, MAX_DERIVED, dependency_order
from regelruimte.conditions import ast

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
BLOCK = "derived:\n  ruimte:\n    type: money\n    description: Wat onder de grens overblijft.\n    expr: grens[huishouden] - inkomen\n"
DAY = date(2026, 3, 1)


def policy_text(derived: dict[str, str], tested: str) -> str:
    """The minimal policy with more derived values; its purpose tests ``tested >= 0``."""
    assert BLOCK in BASE and "    test: ruimte >= 0" in BASE
    extra = "".join(f"  {n}:\n    type: money\n    description: Afgeleid {n}.\n    expr: {e}\n" for n, e in derived.items())
    return BASE.replace(BLOCK, BLOCK + extra).replace("    test: ruimte >= 0", f"    test: {tested} >= 0")


def interlinked(n: int) -> dict[str, str]:
    """Each value uses the six before it: a graph with a number of paths exponential in ``n``."""
    out = {"d0": "inkomen"}
    for i in range(1, n):
        out[f"d{i}"] = "max(" + ", ".join(f"d{j}" for j in range(max(0, i - 6), i)) + ")" if i > 1 else "d0"
    return out


def chain(n: int) -> dict[str, str]:
    """c0 = inkomen, c1 = c0 + 1, ...; written last one first, so evaluating it walks the whole chain."""
    return {f"c{i}": (f"c{i - 1} + 1" if i else "inkomen") for i in reversed(range(n))}


class CountingGraph(Mapping[str, set[str]]):
    """A graph that counts how often a name's dependencies are read."""

    def __init__(self, graph: dict[str, set[str]]) -> None:
        self.graph, self.reads = graph, 0

    def __getitem__(self, key: str) -> set[str]:
        self.reads += 1
        if self.reads > 10 * len(self.graph):
            raise AssertionError("the dependencies are read more than a linear number of times")
        return self.graph[key]

    def __contains__(self, key: object) -> bool:
        return key in self.graph

    def __iter__(self) -> Iterator[str]:
        return iter(self.graph)

    def __len__(self) -> int:
        return len(self.graph)


def test_the_cycle_check_reads_each_value_a_bounded_number_of_times() -> None:
    graph = {f"d{i}": {f"d{j}" for j in range(i)} for i in range(60)}  # every value uses all before it
    counting = CountingGraph(graph)
    order, cycles = dependency_order(counting)
    assert cycles == [] and counting.reads <= 3 * len(graph)
    position = {n: i for i, n in enumerate(order)}
    assert all(position[d] < position[n] for n, deps in graph.items() for d in deps)  # dependencies first


def test_cycles_are_found_and_only_they() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    assert dependency_order(graph)[1] == ["a", "b", "c", "e"]


def test_a_5kb_policy_with_40_interlinked_derived_values_loads_and_assesses(tmp_path: Path) -> None:
    path = tmp_path / "verweven.yaml"
    path.write_text(policy_text(interlinked(40), "d39"), encoding="utf-8")
    assert 4_000 < path.stat().st_size < 6_000
    policy = rr.load_policy(path)
    a = rr.assess(policy, {"date": DAY, "facts": {"inkomen": "900.00", "huishouden": "alleen"}})
    assert a.intent.verdict == "served"
    unknown = rr.assess(policy, {"date": DAY, "facts": {"huishouden": "alleen"}})  # every derived value unknown
    assert [q.fact for q in unknown.questions] == ["inkomen"]
    screened = rr.screen([policy], pl.DataFrame({"id": [1], "inkomen": ["900.00"], "huishouden": ["alleen"]}), date=DAY).frame
    assert isinstance(screened, pl.DataFrame) and screened["intent"].to_list() == ["served"]
    assert rr.review(policy).policy_id == "minimaal"


def test_a_chain_at_the_depth_limit_loads_and_assesses_without_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "keten.yaml"
    path.write_text(policy_text(chain(MAX_DEPTH), f"c{MAX_DEPTH - 1}"), encoding="utf-8")
    policy = rr.load_policy(path)
    a = rr.assess(policy, {"date": DAY, "facts": {"inkomen": "900.00", "huishouden": "alleen"}})
    assert a.intent.purposes[0].result == "served"
    assert a.to_dict(show_values=True)["intent"]["purposes"][0]["values"][f"c{MAX_DEPTH - 1}"] == str(Decimal("900.00") + MAX_DEPTH - 1)
    low = rr.assess(policy, {"date": DAY, "facts": {"inkomen": "-1000.00", "huishouden": "alleen"}})
    assert low.intent.purposes[0].result == "not_served"  # -1000 + 99 < 0
    screened = rr.screen([policy], pl.DataFrame({"id": [1, 2], "inkomen": ["900.00", "-1000.00"], "huishouden": ["alleen", "alleen"]}), date=DAY).frame
    assert isinstance(screened, pl.DataFrame) and screened["intent"].to_list() == ["served", "not_served"]


def test_a_chain_one_beyond_the_depth_limit_is_a_problem_at_load(tmp_path: Path) -> None:
    path = tmp_path / "keten.yaml"
    path.write_text(policy_text(chain(MAX_DEPTH + 1), f"c{MAX_DEPTH}"), encoding="utf-8")
    with pytest.raises(rr.PolicyLoadError) as info:
        rr.load_policy(path)
    [problem] = info.value.problems
    assert problem.code == "derived-depth" and problem.field == f"derived.c{MAX_DEPTH}.expr"
    assert problem.path == str(path) and problem.line > 1 and f"at most {MAX_DEPTH}" in problem.message


@pytest.mark.parametrize(("count", "refused"), [(MAX_DERIVED, False), (MAX_DERIVED + 1, True)])
def test_the_number_of_derived_values_is_limited(tmp_path: Path, count: int, refused: bool) -> None:
    values = {f"w{i}": "inkomen" for i in range(count - 1)}  # the fixture has one already
    path = tmp_path / "veel.yaml"
    path.write_text(policy_text(values, "ruimte"), encoding="utf-8")
    if not refused:
        assert len(rr.load_policy(path).derived) == MAX_DERIVED
        return
    with pytest.raises(rr.PolicyLoadError) as info:
        rr.load_policy(path)
    assert [(p.code, p.field) for p in info.value.problems] == [("derived-limit", "derived")]


def test_the_expression_nodes_of_the_derived_values_are_limited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "knopen.yaml"
    path.write_text(policy_text(interlinked(10), "d9"), encoding="utf-8")
    nodes = sum(1 for e in compiled_policy(rr.load_policy(path)).derived.values() for _ in ast.walk(e.node))
    monkeypatch.setattr(derived_graph, "MAX_NODES", nodes)
    assert rr.load_policy(path).id == "minimaal"  # at the limit
    monkeypatch.setattr(derived_graph, "MAX_NODES", nodes - 1)
    with pytest.raises(rr.PolicyLoadError) as info:  # one node beyond it
        rr.load_policy(path)
    assert [p.code for p in info.value.problems] == ["derived-nodes"]
