# SPDX-License-Identifier: EUPL-1.2
"""Declared properties of a regulation and their search (issue 19): the format is checked at load,
the strategies generate only valid cases of every fact type, a broken copy of a bundled regulation
is caught with a small counterexample, and the cliff-edge map finds the cliffs the law has."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import regelruimte as rr
from regelruimte.compiler import compiled_policy
from regelruimte.errors import PolicyLoadError
from regelruimte.properties import Budget, cliff_map
from regelruimte.testing import cases, fact_values

POLICIES = rr.bundled_path()
KWIJTSCHELDING = POLICIES / "nl" / "zuidplas" / "kwijtschelding.yaml"
BUNDLED = sorted(p for p in POLICIES.rglob("*.yaml") if "normen" not in p.parts)


def copy_of(tmp_path: Path, source: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of a bundled policy beside a copy of the norm files it uses, with text replaced."""
    shutil.copytree(POLICIES / "nl" / "normen", tmp_path / "nl" / "normen", dirs_exist_ok=True)
    target = tmp_path / source.relative_to(POLICIES)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return target


RISES_WITH_INCOME = ("expr: max(0, aanslag - vermogen - betalingscapaciteit * deel_betalingscapaciteit)",
                     "expr: max(0, aanslag - vermogen - betalingscapaciteit * deel_betalingscapaciteit) + netto_inkomen / 10")
CLIFF = ("condition: aflossingen_overige_schulden <= aflossingsgrens", "condition: aflossingen_overige_schulden <= aflossingsgrens and netto_inkomen <= 1410")


# --- the format ------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    fact: saldo\n", "    fact: saldo\n    given: huishouden == 3\n", "expression"),
    ("    fact: saldo\n", "    fact: belastingsoort\n", "is not a number, an amount, a yes/no or a date"),
    ("    fact: saldo\n", "    fact: spaargeld\n", "unknown fact"),
    ("    fact: saldo\n    direction: never_up\n", "    fact: saldo\n", "needs direction"),
    ("    fact: saldo\n", "    fact: saldo\n    max_change: \"1.00\"\n", "has no max_change"),
    ("    purpose: niet_kunnen_betalen\n", "    purpose: geen_doel\n", "unknown purpose"),
    ("    direction: never_up\n    source: uri_art12\n", "    direction: never_up\n", "needs a source or a reason"),
    ("    direction: never_up\n    source: uri_art12\n", "    direction: never_up\n    source: art_99\n", "unknown source"),
])
def test_a_wrong_property_is_refused_at_load_with_its_place(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = copy_of(tmp_path, KWIJTSCHELDING, (old, new))
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(path)
    assert any(message in p.message and p.field.startswith("properties") for p in info.value.problems), info.value


def test_the_bundled_policies_declare_at_least_three_properties_with_a_source_or_reason() -> None:
    for path in BUNDLED:
        policy = rr.load_policy(path)
        assert len(policy.properties) >= 3, path
        assert all(p.source or p.reason for p in policy.properties)


# --- the strategies --------------------------------------------------------------------------


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_generated_cases_are_valid_and_within_the_policy(path: Path) -> None:
    policy = rr.load_policy(path)
    validator = compiled_policy(policy).facts
    end = policy.valid_until or date(9999, 1, 1)

    # every health check that is about the data stays on; the deadline and too_slow are about the
    # time an example takes, which on a shared machine says nothing about the strategies
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cases(policy))
    def check(case: dict) -> None:
        assert policy.valid_from <= case["date"] < end
        assert set(case["facts"]) == set(policy.facts)
        assert validator.validate(case["facts"]) == case["facts"]  # enums, bounds and types

    check()


def test_every_fact_type_has_a_strategy_that_respects_its_declaration(tmp_path: Path) -> None:
    policy = rr.load_policy(KWIJTSCHELDING)
    seen = {policy.facts[n].type for n in policy.facts}
    assert {"bool", "money", "enum", "date"} <= seen
    text = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
    assert "facts:" in text
    for kind, extra in [("int", "minimum: 2\n    maximum: 5"), ("decimal", "minimum: \"0.5\"\n    maximum: \"0.75\""), ("text", ""), ("money", "minimum: 10\n    maximum: 12")]:
        fact = f"facts:\n  extra_{kind}:\n    type: {kind}\n    description: Een feit.\n    {extra}\n".replace("\n    \n", "\n")
        path = tmp_path / f"{kind}.yaml"
        path.write_text(text.replace("facts:\n", fact, 1), encoding="utf-8")
        p = rr.load_policy(path)
        fact_spec = p.facts[f"extra_{kind}"]

        @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(fact_values(p, f"extra_{kind}"))
        def check(value: object) -> None:
            compiled_policy(p).facts.validate({f"extra_{kind}": value})
            if fact_spec.minimum is not None:
                assert fact_spec.minimum <= value <= fact_spec.maximum  # type: ignore[operator]

        check()


# A test that expects the search to find a counterexample bounds it by the number of examples,
# not by the clock: a one-second budget found nothing on a loaded machine (CI shares two cores).
FIND = 300.0

# --- the search ------------------------------------------------------------------------------


def test_the_bundled_properties_hold_under_a_small_search() -> None:
    for path in BUNDLED:
        report = rr.check_properties(rr.load_policy(path), max_examples=20, seconds=0.3, cliffs=False)
        assert report.holds, (path, [(r.id, r.counterexample) for r in report.violations])


def test_remission_that_rises_with_income_is_caught_with_a_small_counterexample(tmp_path: Path) -> None:
    policy = rr.load_policy(copy_of(tmp_path, KWIJTSCHELDING, RISES_WITH_INCOME))
    report = rr.check_properties(policy, seconds=FIND, only=["meer_inkomen_niet_meer_kwijtschelding"], cliffs=False)
    (result,) = report.results
    assert not result.holds
    found = result.counterexample
    assert found is not None and found.fact == "netto_inkomen"
    assert found.after_value > found.before_value and found.after.amount > found.before.amount  # type: ignore[operator]
    # at most the facts involved: only facts the letter reads, and not the one that changed
    assert set(found.facts) <= compiled_policy(policy).used_facts - {"netto_inkomen"}
    assert "datum_laatste_betaling" not in found.facts and "bestemd_vermogen" not in found.facts


def test_a_cliff_of_hundreds_of_euros_is_caught_with_the_rule_that_makes_it(tmp_path: Path) -> None:
    policy = rr.load_policy(copy_of(tmp_path, KWIJTSCHELDING, CLIFF))
    report = rr.check_properties(policy, seconds=FIND, only=["geen_klif_bij_inkomen"], cliffs=False)
    found = report.results[0].counterexample
    assert found is not None
    assert found.before_value <= 1410 < found.after_value
    assert found.before.amount - found.after.amount >= 100  # type: ignore[operator]
    assert found.rules == ["geen_hoge_aflossingen"]
    assert set(found.facts) <= compiled_policy(policy).used_facts


def test_a_letter_that_gives_more_than_its_purpose_is_caught(tmp_path: Path) -> None:
    policy = rr.load_policy(copy_of(tmp_path, KWIJTSCHELDING, RISES_WITH_INCOME))
    (result,) = rr.check_properties(policy, seconds=FIND, only=["letter_niet_ruimer_dan_doel"], cliffs=False).results
    found = result.counterexample
    assert found is not None and found.before.label == "letter" and found.after.label == "purpose"
    assert found.before.amount - found.after.amount > 1  # type: ignore[operator]


def test_the_search_is_reproducible_with_its_seed(tmp_path: Path) -> None:
    policy = rr.load_policy(copy_of(tmp_path, KWIJTSCHELDING, RISES_WITH_INCOME))
    runs = [rr.check_properties(policy, seed=7, max_examples=15, seconds=30, only=["meer_inkomen_niet_meer_kwijtschelding"], cliffs=False) for _ in range(2)]
    assert runs[0].results[0].counterexample == runs[1].results[0].counterexample
    assert runs[0].results[0].counterexample is not None


def test_equivalence_of_two_versions_except_where_declared(tmp_path: Path) -> None:
    path = copy_of(tmp_path, KWIJTSCHELDING)
    text = path.read_text(encoding="utf-8")
    # the other version raises the limit on repayments from 136 to 150 euros a month
    path.with_name("kwijtschelding_2027.yaml").write_text(text.replace('value: "136.00"', 'value: "150.00"'), encoding="utf-8")
    prop = ("  - id: zelfde_als_2027\n    kind: equivalent\n    text: Gelijk aan de versie van 2027.\n    other: kwijtschelding_2027.yaml\n"
            "    reason: Alleen de aflossingsgrens is veranderd.\n")
    path.write_text(text.replace("\ndiscretion:\n", "\n" + prop + "discretion:\n", 1), encoding="utf-8")
    found = rr.check_properties(rr.load_policy(path), seconds=FIND, max_examples=40, only=["zelfde_als_2027"], cliffs=False).results[0]
    assert not found.holds and found.counterexample is not None
    assert found.counterexample.rules == ["geen_hoge_aflossingen"]
    assert found.counterexample.before.label == "this version" and found.counterexample.after.verdict == "granted"
    excused = prop + "    except_when: aflossingen_overige_schulden > aflossingsgrens\n"
    path.write_text(text.replace("\ndiscretion:\n", "\n" + excused + "discretion:\n", 1), encoding="utf-8")
    assert rr.check_properties(rr.load_policy(path), seconds=1, max_examples=40, only=["zelfde_als_2027"], cliffs=False).holds


# --- the cliff-edge map ----------------------------------------------------------------------


def test_the_cliff_edge_map_finds_the_car_and_the_repayments_and_no_cliff_in_income() -> None:
    edges = {(e.rule, e.fact): e for e in cliff_map(rr.load_policy(KWIJTSCHELDING), Budget(max_examples=25, seconds=FIND))}
    assert edges[("bedrag_resteert", "auto_waarde")].jump >= 300  # one euro over the car limit costs the whole remission
    assert edges[("geen_hoge_aflossingen", "aflossingen_overige_schulden")].jump >= 300
    assert abs(edges[("bedrag_resteert", "netto_inkomen")].jump) <= 10  # income tapers off: at most 12 x 80% per euro
    car = edges[("bedrag_resteert", "auto_waarde")].example
    assert car is not None and car.before.verdict == "granted" and car.after.verdict == "denied"


def test_strategies_are_public_in_regelruimte_testing() -> None:
    import regelruimte.testing as testing

    assert callable(testing.cases) and isinstance(testing.cases(rr.load_policy(KWIJTSCHELDING)), st.SearchStrategy)


def test_monotone_walks_a_yes_no_and_a_date_for_an_outcome_without_an_amount(tmp_path: Path) -> None:
    """Reversed, the Assen properties over a yes/no and a date are broken: the search is not vacuous
    where the outcome is only granted or denied."""
    assen = POLICIES / "nl" / "assen" / "wmo_maatwerkvoorziening.yaml"
    policy = rr.load_policy(copy_of(tmp_path, assen, ("    fact: beperkingen\n    direction: never_down", "    fact: beperkingen\n    direction: never_up"),
                                    ("    fact: datum_aanvraag\n    direction: never_down", "    fact: datum_aanvraag\n    direction: never_up")))
    assert policy.outcome.amount is None
    report = rr.check_properties(policy, seconds=FIND, only=["beperkingen_niet_minder_kans", "later_aanvragen_niet_minder_kans"], cliffs=False)
    by_id = {r.id: r.counterexample for r in report.results}
    yes_no, later = by_id["beperkingen_niet_minder_kans"], by_id["later_aanvragen_niet_minder_kans"]
    assert yes_no is not None and (yes_no.before_value, yes_no.after_value) == (False, True)
    assert (yes_no.before.verdict, yes_no.after.verdict) == ("denied", "granted") and yes_no.rules == ["beperkingen_aanwezig"]
    assert later is not None and isinstance(later.before_value, date) and later.after_value > later.before_value
    assert later.rules == ["aanvraag_na_onderzoek"]
