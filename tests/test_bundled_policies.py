# SPDX-License-Identifier: EUPL-1.2
"""The regulations shipped under policies/: they load, their example tests pass, everything cites a
source, and the letter's trace shows what each rule used (reliability C25)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regelruimte as rr
from regelruimte.assessment.letter import evaluate_letter
from regelruimte.compiler import compiled_policy
from regelruimte.conditions import ast, parse
from regelruimte.errors import PolicyLoadError
from regelruimte.loading import policy_files
from regelruimte.model.policy import Policy
from regelruimte.policy_tests import TestOutcome, run_test

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KWIJTSCHELDING = POLICIES / "nl" / "zuidplas" / "kwijtschelding.yaml"
MIN_TESTS = 8


def _load_all() -> tuple[dict[Path, Policy], dict[Path, PolicyLoadError]]:
    loaded, failed = {}, {}
    for path in policy_files(POLICIES):
        try:
            loaded[path] = rr.load_policy(path)
        except PolicyLoadError as exc:
            failed[path] = exc
    return loaded, failed


LOADED, FAILED = _load_all()
FILES = sorted([*LOADED, *FAILED])
PLAIN = [p for _, p in sorted(LOADED.items())]
EXAMPLES = [(p, i) for p in PLAIN for i in range(len(p.tests))]


def _example(policy: Policy, index: int) -> Any:
    """A test marked ``expected_failure`` is a strict xfail: it must fail, and says why."""
    reason = policy.tests[index].expected_failure
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(policy, index, marks=marks, id=f"{policy.id}#{index + 1:02d}")


def _rel(path: Path) -> str:
    return str(path.relative_to(POLICIES))


@pytest.mark.parametrize("path", FILES, ids=[_rel(p) for p in FILES])
def test_policy_loads(path: Path) -> None:
    if path in FAILED:
        pytest.fail(f"{_rel(path)} does not load:\n{FAILED[path]}", pytrace=False)
    assert LOADED[path].path == str(path)


def test_all_policies_load_together() -> None:
    policies = rr.load_policies(POLICIES)  # also refuses overlapping versions of one id
    assert len(policies) == len({p.id for p in PLAIN}) and len(policies) >= 1


def _report(outcome: TestOutcome) -> str:
    lines = [f"{outcome.policy_id} test {outcome.index + 1}: {outcome.name}", "differences:"]
    lines += [f"  - {d}" for d in outcome.differences]
    if outcome.letter is not None:
        lines.append(f"letter: {outcome.letter.verdict} amount={outcome.letter.amount}")
        for r in outcome.letter.rules:
            lines.append(f"  {r.id}: {r.result}  [{r.condition}]  values={r.values}  missing={r.missing}")
    if outcome.intent is not None:
        lines.append(f"intent: {outcome.intent.verdict} amount={outcome.intent.amount}  tension: {outcome.tension}")
        for pr in outcome.intent.purposes:
            lines.append(f"  {pr.id}: {pr.result}  [{pr.test}]  values={pr.values}")
    return "\n".join(lines)


@pytest.mark.parametrize(("policy", "index"), [_example(p, i) for p, i in EXAMPLES])
def test_example(policy: Policy, index: int) -> None:
    outcome = run_test(policy, index)
    if not outcome.matched:
        pytest.fail(_report(outcome), pytrace=False)


@pytest.mark.parametrize("policy", PLAIN, ids=[p.id for p in PLAIN])
def test_policy_has_enough_examples(policy: Policy) -> None:
    assert len(policy.tests) >= MIN_TESTS, f"{policy.id} has {len(policy.tests)} example tests; at least {MIN_TESTS} are needed"


def citation_problems(policy: Policy) -> list[str]:
    """Every element that must cite a source, and does not cite one that exists."""
    sources = policy.all_sources
    problems = [f"source {s.id}: url {s.url!r} is not https" for s in sources.values() if not s.url.startswith("https://")]

    def need(what: str, sid: str | None) -> None:
        if not sid:
            problems.append(f"{what} cites no source")
        elif sid not in sources:
            problems.append(f"{what} cites unknown source {sid!r}")

    for r in policy.rules:
        need(f"rule {r.id}", r.source)
    for p in policy.purposes:
        need(f"purpose {p.id}", p.source)
    for d in policy.discretion:
        need(f"discretion {d.id}", d.source)
    for c in policy.controls:
        need(f"control {c.id}", c.source)
    for name, param in policy.all_parameters.items():
        need(f"parameter {name}", param.source)
        for v in param.values:
            if v.source is not None:
                need(f"parameter {name} from {v.from_}", v.source)
    return problems


@pytest.mark.parametrize("policy", PLAIN, ids=[p.id for p in PLAIN])
def test_everything_cites_an_existing_source(policy: Policy) -> None:
    assert citation_problems(policy) == []
    assert policy.all_sources, "a policy without sources"


@pytest.mark.parametrize("policy", PLAIN, ids=[p.id for p in PLAIN])
def test_every_rule_text_is_in_english_too(policy: Policy) -> None:
    """Issue 14 point 9: the English letter quotes each rule in English, never the Dutch text
    (six regulations lacked English rule texts)."""
    without = [r.id for r in policy.rules if not (r.text.en or "").strip()]
    assert without == [], without
    for r in policy.rules:
        assert r.text.en != r.text.nl, r.id  # a translation, not the Dutch copied


def test_the_citation_check_fails_for_a_control_without_source(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert citation_problems(rr.load_policy(FIXTURES / "minimal.yaml")) == []
    (tmp_path / "p.yaml").write_text(text.replace("    serves: [bestaanszekerheid]\n    source: wet\n    explanation", "    serves: [bestaanszekerheid]\n    explanation"), encoding="utf-8")
    assert citation_problems(rr.load_policy(tmp_path / "p.yaml")) == ["control loonstrook cites no source"]


# -- the letter's trace on the kwijtschelding examples -------------------------------------------
@pytest.fixture(scope="module")
def kwijtschelding() -> Policy:
    return rr.load_policy(KWIJTSCHELDING)


def _labels(condition: str) -> set[str]:
    """What a trace must show for a condition: each name, and each keyed look-up as name[key]."""
    out: set[str] = set()
    for n in ast.walk(parse(condition)):
        if isinstance(n, ast.Name):
            out.add(n.name)
        elif isinstance(n, ast.Lookup):
            key = n.key.name if isinstance(n.key, ast.Name) else n.key.value  # type: ignore[union-attr]
            out.add(f"{n.name}[{key}]")
    return out


def _fact_deps(policy: Policy, expr: str, seen: frozenset[str] = frozenset()) -> set[str]:
    """The facts an expression depends on, through derived values (computed here from the text)."""
    out: set[str] = set()
    for name in ast.names(parse(expr)):
        if name in policy.facts:
            out.add(name)
        elif name in policy.derived and name not in seen:
            out |= _fact_deps(policy, policy.derived[name].expr, seen | {name})
    return out


def _param_on(policy: Policy, name: str, day: date) -> Any:
    param = policy.all_parameters[name]
    raw = [v.value for v in sorted(param.values, key=lambda v: v.from_) if v.from_ <= day][-1]
    return Decimal(str(raw)) if param.type in ("money", "decimal") else raw


def _check_trace(policy: Policy, facts: dict[str, Any], day: date) -> None:
    letter = evaluate_letter(policy, facts, day)
    sources = policy.all_sources
    assert [r.id for r in letter.rules] == [r.id for r in policy.rules]
    for rule, result in zip(policy.rules, letter.rules):
        assert result.result in ("passed", "failed", "unknown", "not_applicable")
        assert result.condition == rule.condition
        assert result.source.id == rule.source
        assert result.source.citation == sources[rule.source].citation and result.source.citation
        assert result.source.url == sources[rule.source].url and result.source.url.startswith("https://")
        if result.result == "not_applicable":
            continue
        assert set(result.values) == _labels(rule.condition), rule.id
        for label, value in result.values.items():
            if label in policy.facts:
                assert value == facts.get(label), (rule.id, label)
            elif label in policy.all_parameters and policy.all_parameters[label].keys is None:
                assert value == _param_on(policy, label, day), (rule.id, label)
            elif label == "peildatum":
                assert value == day
        if result.result != "unknown":
            assert result.missing == [], rule.id
            continue
        # Unknown: the missing facts it names are facts it depends on and the case lacks, and
        # answering them decides the rule (facts in branches that cannot matter may be left out).
        assert result.missing, rule.id
        assert set(result.missing) <= _fact_deps(policy, rule.condition) - set(facts), rule.id
        answered = {**facts, **{f: _answer(policy, f, day) for f in result.missing}}
        after = next(r for r in evaluate_letter(policy, answered, day).rules if r.id == rule.id)
        assert after.result in ("passed", "failed"), (rule.id, result.missing)


def _answer(policy: Policy, fact: str, day: date) -> Any:
    """A plausible answer to a question, of the fact's type."""
    f = policy.facts[fact]
    if f.type == "enum":
        return (f.values or [""])[0]
    return {"bool": False, "int": 1, "money": Decimal("100.00"), "decimal": Decimal("0.5"), "date": day, "text": "x"}[f.type]


def test_the_letter_trace_of_every_kwijtschelding_example(kwijtschelding: Policy) -> None:
    assert len(kwijtschelding.tests) >= MIN_TESTS
    seen = set()
    for i, test in enumerate(kwijtschelding.tests):
        facts = compiled_policy(kwijtschelding).facts.validate(kwijtschelding.test_facts(i))
        _check_trace(kwijtschelding, facts, test.date)
        seen |= {r.result for r in evaluate_letter(kwijtschelding, facts, test.date).rules}
    assert {"passed", "failed", "unknown"} <= seen  # the examples exercise every kind of rule result


def test_missing_facts_are_listed_when_a_rule_is_unknown(kwijtschelding: Policy) -> None:
    facts = compiled_policy(kwijtschelding).facts.validate(kwijtschelding.test_facts(0))
    day = kwijtschelding.tests[0].date
    for dropped in sorted(facts):
        partial = {k: v for k, v in facts.items() if k != dropped}
        _check_trace(kwijtschelding, partial, day)
        letter = evaluate_letter(kwijtschelding, partial, day)
        full = evaluate_letter(kwijtschelding, facts, day)
        for rule, result, before in zip(kwijtschelding.rules, letter.rules, full.rules):
            if result.result == "unknown" and before.result != "unknown":  # the dropped fact decides it
                assert dropped in result.missing, rule.id
                assert set(result.missing) <= {dropped} | (_fact_deps(kwijtschelding, rule.condition) - set(facts)), rule.id
    letter = evaluate_letter(kwijtschelding, {}, day)
    assert letter.verdict == "undetermined"
    assert all(r.result == "unknown" and r.missing for r in letter.rules)
