# SPDX-License-Identifier: EUPL-1.2
"""Signals in the policy format: parsed by the one grammar, type-checked at load time, compiled to
durable-rules JSON, and every problem reported as file:line:col."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import regelruimte as rr
from regelruimte.compiler import compiled_policy
from regelruimte.compiler.signal_messages import CLOCK_ALIAS, days, from_days, months_field
from regelruimte.conditions import Checker, ConditionTypeError, Symbol, Type, ast, parse
from regelruimte.errors import PolicyLoadError

FIXTURE = Path(__file__).parent / "fixtures" / "signaaltest.yaml"
TEXT = FIXTURE.read_text(encoding="utf-8")


def load(text: str, tmp_path: Path, name: str = "policy.yaml") -> rr.Policy:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return rr.load_policy(path)


def problems(text: str, tmp_path: Path) -> list:
    with pytest.raises(PolicyLoadError) as info:
        load(text, tmp_path)
    return info.value.problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


# ----------------------------------------------------------------------------- the language


def test_field_access_is_refused_outside_signals(tmp_path: Path) -> None:
    text = TEXT.replace("condition: inkomen <= grens", "condition: m.date <= peildatum")
    (p,) = problems(text, tmp_path)
    assert p.field == "rules[0].condition" and p.code == "expression-type"
    assert "only a signal's pattern" in p.message
    assert p.line == line_of(text, "condition: m.date <= peildatum")


@pytest.mark.parametrize("text", ["x.__class__", "inkomen.real > 0", "peildatum.year > 2000", "m.__class__ == 1"])
def test_dotted_names_are_never_attribute_access(text: str) -> None:
    scope = {"inkomen": Symbol("fact", Type("money")), "peildatum": Symbol("builtin", Type("date"))}
    with pytest.raises(ConditionTypeError):
        Checker(scope).check(parse(text), "bool")
    with pytest.raises(ConditionTypeError):  # also inside a signal: only declared fields exist
        Checker(scope, events={"m": {"date": Type("date")}}).check(parse(text), "bool")


def test_field_refs_round_trip_as_text() -> None:
    node = parse("peildatum > add_days(melding.date, 42) and m.soort == \"a\"")
    assert ast.to_text(node) == 'peildatum > add_days(melding.date, 42) and m.soort == "a"'
    assert [(r.alias, r.field) for r in ast.field_refs(node)] == [("melding", "date"), ("m", "soort")]
    assert ast.names(node) == {"peildatum"}


# ----------------------------------------------------------------------------- compiled rules


def test_fixture_compiles_to_one_versioned_ruleset(tmp_path: Path) -> None:
    policy = load(TEXT, tmp_path)
    compiled = compiled_policy(policy).signals
    assert compiled.ruleset_name == "signaaltest@1"
    assert list(compiled.ruleset) == [s.id for s in policy.signals]
    assert compiled.month_offsets == (-1, 1, 3, 12)
    json.dumps(compiled.ruleset)  # plain JSON, no Python objects
    for rule in compiled.ruleset.values():
        assert list(rule["all"][0]) == [CLOCK_ALIAS]


def test_window_is_solved_for_the_latest_event(tmp_path: Path) -> None:
    rule = load(TEXT, tmp_path)._compiled.signals.ruleset["geen_besluit"]
    # peildatum > add_days(m.date, termijn): placed on m, solved for m.d, the parameter inlined
    assert rule["all"][1] == {"m": {"$and": [{"t": "melding"}, {"$lt": {"d": {"$add": {"$l": {"Clock": "d"}, "$r": -42}}}}]}}
    assert "b$not" in rule["all"][2]


def test_amounts_are_cents_and_months_are_precomputed(tmp_path: Path) -> None:
    compiled = load(TEXT, tmp_path)._compiled.signals
    big = json.dumps(compiled.ruleset["grote_of_kleine_betaling"])
    assert "100000" in big and "1050" in big and "10.5" not in big
    assert '"dm_3"' in json.dumps(compiled.ruleset["lang_geleden"])


def test_day_and_month_helpers() -> None:
    assert days(from_days(0)) == 0 and from_days(0).isoformat() == "1970-01-01"
    assert months_field(36) == "dm_36" and months_field(-12) == "dm_m12"


# ----------------------------------------------------------------------------- load errors


def _signal_line(text: str, needle: str) -> int:
    return line_of(text, needle)


@pytest.mark.parametrize(
    ("old", "new", "field", "code"),
    [
        ("      - none: besluit\n        as: b\n", "      - none: besluitt\n        as: b\n", "signals[0].pattern[1].none", "unknown-event-type"),
        ("    source: wet\n    serves: [doel]\n    pattern:\n      - event: melding\n        as: m\n        condition: peildatum",
         "    source: onbekend\n    serves: [doel]\n    pattern:\n      - event: melding\n        as: m\n        condition: peildatum", "signals[0].source", "unknown-source"),
        ("    source: wet\n    serves: [doel]\n    pattern:\n      - event: melding\n        as: m\n        condition: peildatum",
         "    source: wet\n    serves: [doelx]\n    pattern:\n      - event: melding\n        as: m\n        condition: peildatum", "signals[0].serves[0]", "unknown-purpose"),
        ("        inkomen: p.bedrag", "        inkomen: p.jaar", "signals[2].then.facts.inkomen", "signal-facts"),
        ("        inkomen: p.bedrag", "        onbekend: p.bedrag", "signals[2].then.facts.onbekend", "signal-facts"),
        ("        inkomen: p.bedrag", "        inkomen: inkomen", "signals[2].then.facts.inkomen", "signal-facts"),
        ("        huishouden: '\"alleen\"'", "        huishouden: '\"beide\"'", "signals[1].then.facts.huishouden", "signal-facts"),
        ("condition: p.bedrag >= grens or", "condition: p.bedrag * 2 >= grens or", "signals[2].pattern[0].condition", "signal-condition"),
        ("condition: p.bedrag >= grens or", "condition: inkomen >= grens or", "signals[2].pattern[0].condition", "signal-condition"),
        ("condition: p.bedrag >= grens or", "condition: p.bedrag >= q.bedrag or", "signals[2].pattern[0].condition", "expression-type"),
        ("condition: p.bedrag >= grens or", "condition: p.bedrag >= p.jaar or", "signals[2].pattern[0].condition", "expression-type"),
        ("condition: p.bedrag >= grens or", "condition: p.bedrag >= 10.005 or", "signals[2].pattern[0].condition", "signal-condition"),
        ("condition: n.date > m.date", "condition: n.date > m.date and m.date > n.date and m.soort == n.soort and m.date != peildatum",
         "signals[4].pattern[1].condition", "signal-condition"),
        ("condition: months_between(m.date, peildatum) >= 3", "condition: months_between(m.date, peildatum) == 3", "signals[4].pattern[0].condition", "signal-condition"),
    ],
)
def test_problems_are_reported_at_file_line_col(tmp_path: Path, old: str, new: str, field: str, code: str) -> None:
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    found = problems(text, tmp_path)
    assert [(p.field, p.code) for p in found] == [(field, code)], found
    (p,) = found
    assert p.path.endswith("policy.yaml") and p.line > 1 and p.column >= 1
    first_new_line = new.splitlines()[-1].strip() if new.count("\n") else new.strip()
    assert p.line <= line_of(text, first_new_line) + 1


def test_unknown_event_type_points_at_its_line(tmp_path: Path) -> None:
    text = TEXT.replace("      - none: besluit\n", "      - none: besluitt\n", 1)
    (p,) = problems(text, tmp_path)
    assert p.line == line_of(text, "- none: besluitt") and "did you mean 'besluit'" in p.message


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("      - none: besluit\n        as: b\n", "      - none: besluit\n        event: melding\n        as: b\n", "exactly one of"),
        ("      - none: besluit\n        as: b\n", "      - none: besluit\n        as: m\n", "used twice"),
        ("      - none: besluit\n        as: b\n", "      - none: besluit\n        as: peildatum\n", "cannot name an event"),
        ("    fields:\n      soort:\n        type: enum\n        values: [a, b]\n        description: De soort melding.",
         "    fields:\n      date:\n        type: date\n        description: Dubbel.", "part of every event"),
        ("  - id: geen_besluit\n", "  - id: rr_geen_besluit\n", "reserved by the engine"),
    ],
)
def test_pattern_structure_is_checked(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in TEXT
    found = problems(TEXT.replace(old, new, 1), tmp_path)
    assert any(message in p.message for p in found), found


def test_a_pattern_needs_an_event_that_must_be_there(tmp_path: Path) -> None:
    text = TEXT.replace("      - event: betaling\n        as: p\n        condition: p.bedrag >= grens", "      - none: betaling\n        as: p\n        condition: p.bedrag >= grens")
    found = problems(text, tmp_path)
    assert any("at least one 'event'" in p.message for p in found)


def test_a_parameter_that_changes_cannot_be_read_by_a_pattern(tmp_path: Path) -> None:
    text = TEXT.replace("      - from: 2026-01-01\n        value: 42\n", "      - from: 2026-01-01\n        value: 42\n      - from: 2026-07-01\n        value: 56\n")
    found = problems(text, tmp_path)
    assert [p.field for p in found] == ["signals[0].pattern[0].condition", "signals[0].pattern[1].condition"]
    assert "changes value" in found[0].message
    assert found[0].render("nl").split("  ")[2].startswith("parameter 'termijn' verandert van waarde terwijl de regeling geldt")  # Dutch too (issue 13 item 20)


def test_a_signal_condition_the_engine_cannot_express_in_dutch_and_english(tmp_path: Path) -> None:
    (p,) = problems(TEXT.replace("condition: p.bedrag >= grens or", "condition: p.bedrag * 2 >= grens or", 1), tmp_path)
    assert p.code == "signal-condition" and "'*' is not available in signals (the engine computes in doubles); use + and -" in p.message
    assert "'*' kan niet in signalen (de machine rekent met doubles); gebruik + en - (kolom 1 van de expressie)" in p.render("nl")


def test_duplicate_signal_ids_are_refused(tmp_path: Path) -> None:
    text = TEXT.replace("  - id: bijna\n", "  - id: lang_geleden\n")
    assert any(p.code == "duplicate-id" and p.field == "signals[5].id" for p in problems(text, tmp_path))


def test_signal_must_serve_a_purpose(tmp_path: Path) -> None:
    text = TEXT.replace("    serves: [doel]\n    pattern:\n      - event: [melding, besluit]", "    serves: []\n    pattern:\n      - event: [melding, besluit]")
    assert any(p.field == "signals[5].serves" for p in problems(text, tmp_path))


def test_unknown_target_policy_is_a_load_error_of_the_set(tmp_path: Path) -> None:
    text = TEXT.replace("      action: reassess\n", "      action: reassess\n      policy: andere_regeling\n")
    (tmp_path / "a").mkdir()
    path = tmp_path / "a" / "signaaltest.yaml"
    path.write_text(text, encoding="utf-8")
    rr.load_policy(path)  # on its own the target cannot be checked
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policies(tmp_path / "a")
    (p,) = info.value.problems
    assert (p.field, p.code, p.line) == ("signals[1].then.policy", "unknown-policy", line_of(text, "policy: andere_regeling"))


def test_target_policy_facts_are_checked_against_that_policy(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    minimal = (Path(__file__).parents[1] / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
    (tmp_path / "a" / "minimaal.yaml").write_text(minimal, encoding="utf-8")
    text = TEXT.replace("      action: offer\n", "      action: offer\n      policy: minimaal\n")
    (tmp_path / "a" / "signaaltest.yaml").write_text(text, encoding="utf-8")
    policies = rr.load_policies(tmp_path / "a")  # inkomen is money in both
    assert policies["signaaltest"]._compiled.signals.by_id("grote_of_kleine_betaling").target == "minimaal"
    bad = text.replace("        inkomen: p.bedrag", "        inkomen: p.bedrag\n        huishouden: '\"samen\"'\n        kinderen: p.jaar")
    (tmp_path / "a" / "signaaltest.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policies(tmp_path / "a")
    assert [(p.field, p.code) for p in info.value.problems] == [("signals[2].then.facts.kinderen", "signal-facts")]


def test_event_types_and_signals_are_in_the_schema() -> None:
    from regelruimte.loading.schema import policy_schema

    schema = policy_schema()
    assert {"events", "signals"} <= set(schema["properties"])
    assert "PatternElement" in schema["definitions"]


def test_an_or_the_engine_cannot_evaluate_exactly_is_refused_by_the_check(tmp_path: Path) -> None:
    """An ``or`` mixing a comparison with a constant and one between events passed ``check`` and
    was refused only when the engine was built (``regelruimte.compiler.durable_shape``)."""
    old = "condition: b.date >= m.date and b.date <= add_days(m.date, 30) and b.positief"
    new = "condition: b.date >= m.date and (b.date <= add_days(m.date, 30) or b.positief)"
    assert old in TEXT
    (p,) = problems(TEXT.replace(old, new, 1), tmp_path)
    assert (p.field, p.code, p.line) == ("signals[1].pattern[1].condition", "signal-condition", line_of(TEXT, old))
    assert "pattern 'b': durable-rules cannot evaluate an '$or' that mixes comparisons with constants and between events" in p.message
    assert "patroon 'b': durable-rules kan geen '$or' uitrekenen" in p.render("nl")
    load(TEXT.replace(old, "condition: b.date >= m.date and (b.date <= add_days(m.date, 30) or b.date <= add_days(m.date, 40))", 1), tmp_path)
