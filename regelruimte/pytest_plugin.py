# SPDX-License-Identifier: EUPL-1.2
"""The pytest plugin: ``pytest policies/`` collects every policy file's example cases and declared
properties as test items (registered under the ``pytest11`` entry point as ``regelruimte``).

A YAML file is collected when it is a policy file (it has ``rules:`` and ``outcome:`` at the top
level) and lies under one of the paths of the ini option ``regelruimte_policy_paths`` (relative to
the rootdir; when the option is not set, anywhere). Each example case is an item, and so is each
declared property, searched with a small budget (``--regelruimte-seconds``, ``--regelruimte-examples``,
``--regelruimte-seed``). A failing example shows what was expected and what came out, and the
trace of every rule with the values it read; a broken property shows the smallest case that
breaks it, the outcome before and after and the rules involved. An example marked
``expected_failure`` is reported as xfail, and as a failure when it passes. A file that does not
load is one failing item with its problems. The cases are the regulation's own examples or invented
by the search, never a citizen's. Disable the plugin with ``-p no:regelruimte``.

Everything heavy is imported when a policy file is collected, so the plugin costs nothing in a test
run without policies.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .model.policy import Policy
    from .policy_tests import TestOutcome
    from .properties.result import PropertyResult

MARKERS = ("\nrules:", "\noutcome:")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("regelruimte", "policy files (regelruimte)")
    group.addoption("--regelruimte-seconds", type=float, default=2.0, help="time budget per declared property (default 2 seconds)")
    group.addoption("--regelruimte-examples", type=int, default=100, help="cases to try per declared property (default 100)")
    group.addoption("--regelruimte-seed", type=int, default=0, help="the seed of the property search (default 0)")
    parser.addini("regelruimte_policy_paths", type="linelist", default=[],
                  help="collect policy files only under these paths (relative to the rootdir); default: everywhere")


def _wanted(config: pytest.Config, path: Path) -> bool:
    roots = [config.rootpath / p for p in config.getini("regelruimte_policy_paths")]
    return not roots or any(path.is_relative_to(root.resolve()) or path.is_relative_to(root) for root in roots)


def _is_policy(path: Path) -> bool:
    try:
        head = "\n" + path.read_text(encoding="utf-8", errors="replace")[:200_000]
    except OSError:
        return False
    return all(m in head for m in MARKERS) and "\nkind: norms" not in head


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix in (".yaml", ".yml") and _wanted(parent.config, file_path) and _is_policy(file_path):
        return PolicyFile.from_parent(parent, path=file_path)
    return None


class PolicyFile(pytest.File):
    """One policy file: its example cases and declared properties."""

    def collect(self) -> Iterator[pytest.Item]:
        from .errors import PolicyLoadError
        from .loading.policy import load_policy

        try:
            policy = load_policy(self.path)
        except PolicyLoadError as exc:
            yield LoadItem.from_parent(self, name="load", problems=[str(p) for p in exc.problems])
            return
        for i, test in enumerate(policy.tests):
            yield ExampleItem.from_parent(self, name=f"example {i + 1}: {test.name}", policy=policy, index=i)
        for prop in policy.properties:
            yield PropertyItem.from_parent(self, name=f"property: {prop.id}", policy=policy, prop_id=prop.id)


class PolicyProblem(Exception):
    """A failure of a policy item, with its report."""


class LoadItem(pytest.Item):
    """A policy file that does not load."""

    def __init__(self, *, problems: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problems = problems

    def runtest(self) -> None:
        raise PolicyProblem("the policy file does not load:\n" + "\n".join(f"  {p}" for p in self.problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value) if isinstance(excinfo.value, PolicyProblem) else str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.path.name}: load"


class ExampleItem(pytest.Item):
    """One example case of a policy, compared with its expected assessment."""

    def __init__(self, *, policy: Policy, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.policy = policy
        self.index = index

    def runtest(self) -> None:
        from .policy_tests import run_test

        outcome = run_test(self.policy, self.index)
        if outcome.status == "expected_failure":
            pytest.xfail(outcome.expected_failure or "")
        if not outcome.passed:
            raise PolicyProblem(example_report(self.policy, outcome))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value) if isinstance(excinfo.value, PolicyProblem) else str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.policy.id}: {self.name}"


class PropertyItem(pytest.Item):
    """One declared property of a policy, searched for a case that breaks it."""

    def __init__(self, *, policy: Policy, prop_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.policy = policy
        self.prop_id = prop_id

    def runtest(self) -> None:
        from .properties import Budget, search

        options = self.config.option
        budget = Budget(seed=options.regelruimte_seed, max_examples=options.regelruimte_examples, seconds=options.regelruimte_seconds)
        prop = next(p for p in self.policy.properties if p.id == self.prop_id)
        result = search(self.policy, prop, budget)
        if not result.holds:
            raise PolicyProblem(property_report(self.policy, result))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return str(excinfo.value) if isinstance(excinfo.value, PolicyProblem) else str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.policy.id}: {self.name}"


def example_report(policy: Policy, outcome: TestOutcome) -> str:
    """Expected against got, then the trace of every rule with the values it read."""
    test = policy.tests[outcome.index]
    lines = [f"example {outcome.index + 1} of {policy.id} ({policy.path}): {outcome.name}", f"  reference date {test.date.isoformat()}", ""]
    lines += [f"  {d}" for d in outcome.differences]
    if outcome.letter is not None:
        lines += ["", f"  letter: {outcome.letter.verdict}" + (f", amount {outcome.letter.amount}" if outcome.letter.amount is not None else ""), "  rule trace:"]
        for r in outcome.letter.rules:
            mark = {"passed": "ok    ", "failed": "FAILED", "unknown": "?     ", "not_applicable": "n/a   "}[r.result]
            lines.append(f"    {mark} {r.id}: {r.condition}")
            if r.values:
                lines.append("           " + ", ".join(f"{k} = {v}" for k, v in r.values.items()))
            if r.missing:
                lines.append("           missing: " + ", ".join(r.missing))
    if outcome.intent is not None:
        lines.append(f"  intent: {outcome.intent.verdict}" + (f", amount {outcome.intent.amount}" if outcome.intent.amount is not None else ""))
    return "\n".join(lines)


def property_report(policy: Policy, result: PropertyResult) -> str:
    """The smallest case found that breaks the property, both sides and the rules involved."""
    c = result.counterexample
    assert c is not None
    lines = [f"property {result.id} of {policy.id} ({policy.path}) is broken: {result.text.get('en')}", "",
             f"  smallest case found ({result.examples} tried), reference date {c.date.isoformat()}:"]
    lines += [f"    {name} = {value}" for name, value in sorted(c.facts.items())]
    if c.fact is not None:
        lines.append(f"    {c.fact}: {c.before_value} -> {c.after_value}")
    for side in (c.before, c.after):
        lines.append(f"  {side.label}: {side.verdict}, amount {side.amount}")
    lines.append("  rules involved: " + ", ".join(c.rules))
    return "\n".join(lines)
