# SPDX-License-Identifier: EUPL-1.2
"""Semantic checks of the loader: versions, norm files, every problem at once (reliability C19).

The YAML hazards and single semantic errors are in tests/broken/ (see test_yaml_loader.py);
these tests need more than one file or more than one defect.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import regelruimte as rr
from regelruimte.assessment.letter import evaluate_letter
from regelruimte.errors import PolicyLoadError
from regelruimte.loading import policy_files

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _line_of(text: str, start: str) -> int:
    """1-based number of the first line that starts with ``start``."""
    return next(i + 1 for i, line in enumerate(text.splitlines()) if line.startswith(start))


def _version(text: str, version: str, valid_from: str, valid_until: str | None) -> str:
    out = text.replace('version: "1"', f'version: "{version}"').replace("valid_from: 2026-01-01", f"valid_from: {valid_from}")
    out = out.replace("valid_until: 2027-01-01", f"valid_until: {valid_until}" if valid_until else "")
    return out.replace("date: 2026-03-01", f"date: {valid_from}")


# -- versions of one policy -------------------------------------------------------------------
@pytest.mark.parametrize("first_until", ["2026-07-01", None], ids=["overlapping", "open-ended"])
def test_overlapping_versions_are_refused(tmp_path: Path, minimal_text: str, first_until: str | None) -> None:
    (tmp_path / "v1.yaml").write_text(_version(minimal_text, "1", "2026-01-01", first_until), encoding="utf-8")
    second = _version(minimal_text, "2", "2026-06-01", "2027-01-01")
    (tmp_path / "v2.yaml").write_text(second, encoding="utf-8")
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policies(tmp_path)
    (problem,) = info.value.problems
    assert problem.code == "version-overlap"
    assert problem.path == str(tmp_path / "v2.yaml")
    assert problem.field == "valid_from"
    assert problem.line == _line_of(second, "valid_from:")
    assert "v1.yaml" in problem.message and "minimaal" in problem.message


def test_adjacent_versions_load_and_the_boundary_day_belongs_to_the_new_one(tmp_path: Path, minimal_text: str) -> None:
    old = _version(minimal_text, "1", "2026-01-01", "2026-07-01").replace('samen: "1500.00"', 'samen: "1400.00"')
    new = _version(minimal_text, "2", "2026-07-01", None)
    (tmp_path / "a.yaml").write_text(new, encoding="utf-8")  # file order must not matter
    (tmp_path / "b.yaml").write_text(old, encoding="utf-8")
    policies = rr.load_policies(tmp_path)
    assert [p.version for p in policies.versions("minimaal")] == ["1", "2"]
    assert policies["minimaal"].version == "2"
    assert policies.on(date(2025, 12, 31)) == {}
    assert policies.on(date(2026, 1, 1))["minimaal"].version == "1"  # valid_from is inclusive
    assert policies.on(date(2026, 6, 30))["minimaal"].version == "1"
    assert policies.on(date(2026, 7, 1))["minimaal"].version == "2"  # valid_until is exclusive
    v1, v2 = policies.versions("minimaal")
    assert v1.applies_on(date(2026, 6, 30)) and not v1.applies_on(date(2026, 7, 1))
    facts = {"inkomen": Decimal("1450.00"), "huishouden": "samen"}
    assert evaluate_letter(v1, facts, date(2026, 6, 30)).verdict == "denied"
    assert evaluate_letter(v2, facts, date(2026, 7, 1)).verdict == "granted"


def test_problems_of_every_file_are_reported_together(tmp_path: Path, minimal_text: str) -> None:
    (tmp_path / "good.yaml").write_text(minimal_text, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad1.yaml").write_text(minimal_text.replace("id: minimaal", "id: een").replace("    source: wet\n    serves", "    source: x\n    serves"), encoding="utf-8")
    (tmp_path / "sub" / "bad2.yaml").write_text("a: 1\na: 2\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "ignored.yaml").write_text("not: [valid", encoding="utf-8")
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policies(tmp_path)
    found = {(Path(p.path).name, p.code) for p in info.value.problems}
    assert found == {("bad1.yaml", "unknown-source"), ("bad2.yaml", "yaml-duplicate-key")}
    assert "2 problems in policy files" in str(info.value)


def test_an_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policies(tmp_path)
    assert info.value.problems[0].code == "no-policies"


# -- every problem at once ----------------------------------------------------------------------
def test_every_semantic_problem_is_reported_at_once(write_policy, minimal_text: str) -> None:
    text = (
        minimal_text.replace("    source: wet\n    serves: [bestaanszekerheid]\noutcome", "    source: nergens\n    serves: [armoede]\noutcome")
        .replace("    verifies: [inkomen]", "    verifies: [salaris]")
        .replace("    test: ruimte >= 0", "    test: ruimte >= 0\n    onbekend: 1")
        .replace("    expr: grens[huishouden] - inkomen", "    expr: grens[huishouden] - inkomen + 1 +")
    )
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(write_policy(text))
    got = [(p.field, p.code) for p in info.value.problems]
    assert got == [
        ("derived.ruimte.expr", "expression-syntax"),
        ("purposes[0].onbekend", "policy-unknown-key"),
        ("rules[0].source", "unknown-source"),
        ("rules[0].serves[0]", "unknown-purpose"),
        ("controls[0].verifies[0]", "unknown-fact"),
    ]
    lines = [p.line for p in info.value.problems]
    assert lines == sorted(lines)
    assert lines[0] == _line_of(text, "    expr: grens")
    assert "column" in info.value.problems[0].message


def test_a_cycle_through_two_derived_values_names_both(write_policy, minimal_text: str) -> None:
    text = minimal_text.replace(
        "    expr: grens[huishouden] - inkomen\n",
        "    expr: grens[huishouden] - tekort\n  tekort:\n    type: money\n    description: Een tekort.\n    expr: ruimte - inkomen\n",
    )
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(write_policy(text))
    got = {(p.field, p.code, p.line) for p in info.value.problems}
    assert got == {
        ("derived.ruimte.expr", "derived-cycle", _line_of(text, "    expr: grens")),
        ("derived.tekort.expr", "derived-cycle", _line_of(text, "    expr: ruimte")),
    }


@pytest.mark.parametrize(
    ("old", "new", "field", "code"),
    [
        ("  - id: loonstrook", "  - id: inkomen_onder_grens\n    title: x\n    kind: check\n  - id: loonstrook", None, None),
        ("    serves: [bestaanszekerheid]\noutcome", "    serves: [bestaanszekerheid]\n  - id: inkomen_onder_grens\n    text: Nog eens.\n    condition: inkomen > 0\n    source: wet\noutcome",
         "rules[1].id", "duplicate-id"),
        ("    date: 2026-03-01", "    date: 2027-01-01", "tests[0].date", "test-date"),
        ("    date: 2026-03-01", "    like: basis\n    date: 2026-03-01", "tests[0].like", "unknown-test"),
        ("    expect: {letter: granted, intent: served}", "    expect: {letter: granted, rules: {geen_regel: passed}}", "tests[0].expect.rules.geen_regel", "unknown-rule"),
        ("valid_until: 2027-01-01", "valid_until: 2026-01-01", "valid_until", "validity-order"),
        ("    source: wet\n    test: ruimte >= 0", "    source: wet\n    valid_from: 2026-05-01\n    valid_until: 2026-04-01\n    test: ruimte >= 0", "purposes[0].valid_until", "validity-order"),
        ("  inkomen:\n    type: money", "  grens:\n    type: money\n    description: Botst.\n  inkomen:\n    type: money", "parameters.grens", "name-collision"),
        ("    values: [alleen, samen]\n", "", "facts.huishouden.type", "fact-enum-values"),
        ("      - from: 2026-01-01\n", "      - from: 2026-01-01\n        value: {alleen: \"1.00\", samen: \"1.00\"}\n      - from: 2026-01-01\n", "parameters.grens.values[1].from", "parameter-order"),
        ('{alleen: "1000.00", samen: "1500.00"}', '{alleen: "1000.00", samen: "1500.00", paar: "1.00"}', "parameters.grens.values[0].value", "parameter-keys"),
        ('{alleen: "1000.00", samen: "1500.00"}', '"1000.00"', "parameters.grens.values[0].value", "parameter-keys"),
        ('{alleen: "1000.00", samen: "1500.00"}', '{alleen: "10.001", samen: "1500.00"}', "parameters.grens.values[0].value.alleen", "parameter-value"),
        ("    condition: inkomen <= grens[huishouden]", "    condition: inkomen <= grens", "rules[0].condition", "expression-type"),
        ("    condition: inkomen <= grens[huishouden]", "    condition: inkomen", "rules[0].condition", "expression-type"),
    ],
    ids=["control-id-may-equal-rule-id", "duplicate-rule", "test-date", "unknown-like", "unknown-rule-in-test", "validity-order",
         "element-validity-order", "name-collision", "enum-without-values", "parameter-order", "parameter-extra-key",
         "parameter-without-keys", "parameter-value", "keyed-without-key", "condition-not-bool"],
)
def test_semantic_problem(write_policy, minimal_text: str, old: str, new: str, field: str | None, code: str | None) -> None:
    assert old in minimal_text
    text = minimal_text.replace(old, new, 1)
    if code is None:
        rr.load_policy(write_policy(text))
        return
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(write_policy(text))
    assert (field, code) in [(p.field, p.code) for p in info.value.problems], str(info.value)
    problem = next(p for p in info.value.problems if p.code == code)
    assert problem.path.endswith("policy.yaml") and problem.line > 1


# -- regressions found by these tests ----------------------------------------------------------
@pytest.mark.parametrize("name", ["int", "str", "bool", "dict", "decimal", "text"])
def test_elements_named_like_python_types_are_located_correctly(write_policy, minimal_text: str, name: str) -> None:
    """pydantic names union branches 'int', 'str', ... in error locations; a parameter may be called that too."""
    text = minimal_text.replace("grens", name).replace("      - from: 2026-01-01\n", "      - from: 2026-01-01\n        extra: 1\n")
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(write_policy(text))
    (problem,) = info.value.problems
    assert (problem.field, problem.code, problem.line) == (f"parameters.{name}.values[0].extra", "policy-unknown-key", _line_of(text, "        extra: 1"))


@pytest.mark.parametrize("key", ["a[b]", "[x]", "str", "dict[str, int]", "function-after"])
def test_odd_unknown_top_level_keys_are_reported(write_policy, minimal_text: str, key: str) -> None:
    text = minimal_text.replace("summary:", f'"{key}": 1\nsummary:')
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(write_policy(text))
    (problem,) = info.value.problems
    assert (problem.field, problem.code, problem.line) == (key, "policy-unknown-key", _line_of(text, f'"{key}"'))


# -- norm files --------------------------------------------------------------------------------
def test_norm_files_supply_parameters_and_sources() -> None:
    policy = rr.load_policy(FIXTURES / "with_norms.yaml")
    assert "norm" in policy.all_parameters and "normwet" in policy.all_sources
    assert evaluate_letter(policy, {"inkomen": Decimal("1350.00")}, date(2025, 12, 31)).verdict == "denied"
    assert evaluate_letter(policy, {"inkomen": Decimal("1350.00")}, date(2026, 1, 1)).verdict == "granted"
    assert FIXTURES / "norms.yaml" not in policy_files(FIXTURES)


def test_the_hash_covers_the_norm_file(tmp_path: Path) -> None:
    for name in ("with_norms.yaml", "norms.yaml"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    before = rr.load_policy(tmp_path / "with_norms.yaml").sha256
    (tmp_path / "norms.yaml").write_bytes((FIXTURES / "norms.yaml").read_bytes() + b"# changed\n")
    assert rr.load_policy(tmp_path / "with_norms.yaml").sha256 != before


@pytest.mark.parametrize(
    ("norms_text", "uses", "code", "in_norms_file"),
    [
        (None, "missing.yaml", "norms-missing", False),
        (None, "/etc/norms.yaml", "norms-path", False),
        (None, "norms.txt", "norms-path", False),
        ("kind: norms\nid: n\ntitle: N\nparameters: {norm: {type: money, description: x, source: normwet, values: [{from: 2025-01-01, value: 1}]}}\nextra: 1\n",
         "norms.yaml", "policy-unknown-key", True),
        ("kind: norms\nid: n\ntitle: N\nsources: []\nsources: []\n", "norms.yaml", "yaml-duplicate-key", True),
    ],
    ids=["missing", "absolute", "not-yaml", "bad-norms", "duplicate-in-norms"],
)
def test_norm_file_problems(tmp_path: Path, norms_text: str | None, uses: str, code: str, in_norms_file: bool) -> None:
    text = (FIXTURES / "with_norms.yaml").read_text(encoding="utf-8").replace("  - norms.yaml", f"  - {uses}")
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    if norms_text is not None:
        (tmp_path / "norms.yaml").write_text(norms_text, encoding="utf-8")
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(tmp_path / "p.yaml")
    problem = next(p for p in info.value.problems if p.code == code)
    if in_norms_file:
        assert Path(problem.path).name == "norms.yaml" and problem.line > 1
    else:
        assert (Path(problem.path).name, problem.field, problem.line) == ("p.yaml", "uses[0]", _line_of(text, "  - "))


def test_a_norm_file_is_not_a_policy() -> None:
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(FIXTURES / "norms.yaml")
    (problem,) = info.value.problems
    assert (problem.field, problem.code, problem.line) == ("kind", "policy-is-norms", 3)
