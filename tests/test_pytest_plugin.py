# SPDX-License-Identifier: EUPL-1.2
"""The pytest plugin (issue 19): ``pytest policies/`` collects every policy file's example cases
and declared properties; a failure shows expected against got with the rule trace, or the smallest
counterexample; the repository's own ``pytest`` (tests/) collects no policy file."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from test_properties import CLIFF, KWIJTSCHELDING, POLICIES, copy_of

import regelruimte as rr

pytest_plugins = ["pytester"]
ROOT = Path(__file__).resolve().parent.parent
FAST = ("-p", "no:cacheprovider", "--regelruimte-seconds", "0.3", "--regelruimte-examples", "20")


def test_pytest_collects_the_examples_and_properties_of_a_policy_file(pytester: pytest.Pytester) -> None:
    copy_of(pytester.path / "policies", KWIJTSCHELDING)
    policy = rr.load_policy(KWIJTSCHELDING)
    result = pytester.runpytest("policies", *FAST)
    result.assert_outcomes(passed=len(policy.tests) + len(policy.properties))
    collected = pytester.runpytest("policies", "--collect-only", "-q", *FAST).stdout.str()
    assert "kwijtschelding.yaml::example 1: " in collected and "kwijtschelding.yaml::property: geen_klif_bij_inkomen" in collected


def test_a_failure_reads_expected_against_got_with_the_rule_trace_and_the_counterexample(pytester: pytest.Pytester) -> None:
    copy_of(pytester.path / "policies", KWIJTSCHELDING, CLIFF, ('amount: "138.37"', 'amount: "138.38"'))
    result = pytester.runpytest("policies", *FAST, "--regelruimte-seconds", "300")  # bounded by the examples, not the clock
    out = result.stdout.str()
    assert result.ret == 1
    assert "amount: expected 138.38, got None" in out and "letter: expected granted, got denied" in out
    assert "rule trace:" in out and "FAILED geen_hoge_aflossingen" in out and "netto_inkomen = 1420.00" in out
    assert "property geen_klif_bij_inkomen" in out and "rules involved: geen_hoge_aflossingen" in out
    assert "Traceback" not in out


def test_an_expected_failure_is_an_xfail_and_a_file_that_does_not_load_is_one_failure(pytester: pytest.Pytester) -> None:
    marked = ('    expect: {letter: granted, amount: "138.37", intent: served, tension: aligned}',
              '    expected_failure: Een verzonnen reden om dit geval te markeren.\n    expect: {letter: granted, amount: "999.99", intent: served, tension: aligned}')
    copy_of(pytester.path / "policies", KWIJTSCHELDING, marked)
    (pytester.path / "policies" / "nl" / "kapot.yaml").write_text("id: kapot\nrules: []\noutcome: {}\n", encoding="utf-8")
    result = pytester.runpytest("policies", *FAST, "--regelruimte-examples", "5")
    outcomes = result.parseoutcomes()
    assert outcomes["xfailed"] == 1 and outcomes["failed"] == 1
    assert "kapot.yaml::load" in result.stdout.str() and "does not load" in result.stdout.str()


def test_the_ini_option_limits_where_policy_files_are_collected(pytester: pytest.Pytester) -> None:
    copy_of(pytester.path / "policies", KWIJTSCHELDING)
    shutil.copytree(pytester.path / "policies", pytester.path / "fixtures")
    pytester.makefile(".toml", pyproject='[tool.pytest.ini_options]\nregelruimte_policy_paths = ["policies"]\n')
    assert "no tests collected" in pytester.runpytest("fixtures", "--collect-only", *FAST).stdout.str()
    assert pytester.runpytest("policies", "--collect-only", "-q", *FAST).ret == 0
    # and the repository itself limits it so: its own `pytest` (tests/) never collects a policy file
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert config["regelruimte_policy_paths"] == ["policies"] and config["testpaths"] == ["tests"]
    assert any((ROOT / "tests").rglob("*.yaml")), "the tests hold policy files the plugin must leave alone"


def test_norm_files_and_other_yaml_are_not_collected(pytester: pytest.Pytester) -> None:
    shutil.copytree(POLICIES / "nl" / "normen", pytester.path / "normen")
    (pytester.path / "other.yaml").write_text("a: 1\n", encoding="utf-8")
    assert "no tests collected" in pytester.runpytest(".", "--collect-only", *FAST).stdout.str()
