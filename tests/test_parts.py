# SPDX-License-Identifier: EUPL-1.2
"""A decision in parts (issue 14 point 5): each part has its own letter, intent, tension, room and
proportionality; the case-level result is derived from the parts, and a finding on one part never
makes the whole decision disproportionate."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import regelruimte as rr
from regelruimte.assessment.parts import combined_intent_verdict, combined_tension, combined_verdict
from regelruimte.errors import PolicyLoadError
from regelruimte.testing import cases

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "parts.yaml"
DAY = "2026-03-01"
GUILTY: dict[str, Any] = {"niet_gemeld": True, "te_veel": "1000.00", "aandeel_gemeente": "0", "verminderd_verwijtbaar": False}


@pytest.fixture(scope="module")
def policy() -> rr.Policy:
    return rr.load_policy(FIXTURE)


def by_id(a: rr.Assessment) -> dict[str, Any]:
    return {p.id: p for p in a.parts}


def test_each_part_is_a_policy_of_its_own(policy: rr.Policy) -> None:
    views = policy.part_policies
    assert [v.part.id for v in views if v.part] == ["intrekking", "terugvordering", "boete"]
    boete = views[2]
    assert [r.id for r in boete.rules] == ["te_veel_ontvangen", "boete_bij_niet_melden"]
    assert [p.id for p in boete.purposes] == ["straf_naar_schuld"]
    assert [d.id for d in boete.discretion] == ["lagere_boete"]
    # a provision that sets aside only the fine's rule does not reach the recovery
    assert "lagere_boete" not in [d.id for d in views[1].discretion]
    assert boete.sha256 == policy.sha256 and boete.id == policy.id


def test_a_finding_on_the_fine_stays_with_the_fine(policy: rr.Policy) -> None:
    a = rr.assess(policy, {"date": DAY, "facts": {**GUILTY, "verminderd_verwijtbaar": True}})
    parts = by_id(a)
    assert parts["intrekking"].tension == "aligned" and parts["terugvordering"].tension == "aligned"
    assert parts["boete"].tension == "letter_blocks_intent"
    assert parts["boete"].discretion.proportionality.conclusion == "disproportionate"
    assert parts["terugvordering"].discretion.proportionality.conclusion != "disproportionate"
    # the case: derived, and never a proportionality finding of its own
    assert a.discretion.proportionality is None
    assert a.intent.verdict == "partly_served"
    assert {(o.id, o.part) for o in a.discretion.options} == {("lagere_boete", "boete")}
    assert a.letter.amount == Decimal("1500.00")  # recovery 1.000 + fine 500
    nl = a.explain("nl")
    assert "Deel 3: Boete" in nl and "Dit deel is dat niet" in nl and "Het volledige besluit" not in nl
    assert nl.count("bezwaar") == 1
    assert "Part 3: Fine" in a.explain("en")


def test_some_parts_granted_is_partly_granted(policy: rr.Policy) -> None:
    a = rr.assess(policy, {"date": DAY, "facts": {**GUILTY, "niet_gemeld": False}})
    parts = by_id(a)
    assert [parts[k].letter.verdict for k in ("intrekking", "terugvordering", "boete")] == ["denied", "granted", "denied"]
    assert a.letter.verdict == "partly_granted"
    assert a.letter.amount == Decimal("1000.00")
    assert {r.id for r in a.letter.rules} == {"te_veel_ontvangen", "niet_gemeld_regel", "boete_bij_niet_melden"}


def test_questions_are_asked_once_over_the_parts(policy: rr.Policy) -> None:
    a = rr.assess(policy, {"date": DAY, "facts": {"niet_gemeld": True}})
    facts = [q.fact for q in a.questions]
    assert len(facts) == len(set(facts)) and "te_veel" in facts
    assert a.letter.verdict == "undetermined"


def test_json_carries_the_parts_without_values(policy: rr.Policy) -> None:
    a = rr.assess(policy, {"date": DAY, "facts": GUILTY})
    data = json.loads(a.to_json())
    assert [p["id"] for p in data["parts"]] == ["intrekking", "terugvordering", "boete"]
    assert "explanation_values" not in data["parts"][0]
    assert not any(r.get("values") for p in data["parts"] for r in p["letter"]["rules"])
    shown = json.loads(a.to_json(show_values=True))
    assert any(r.get("values") for p in shown["parts"] for r in p["letter"]["rules"])
    assert "deel boete:" in a.trace()


def test_a_policy_without_parts_has_none() -> None:
    p = rr.load_policy(Path(__file__).resolve().parent / "fixtures" / "minimal.yaml")
    a = rr.assess(p, {"date": DAY, "facts": {"inkomen": "900.00", "huishouden": "alleen"}})
    assert a.parts == [] and p.part_policies == ()
    assert a.letter.verdict == "granted"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(rr.load_policy(FIXTURE)))
def test_the_case_summary_derives_from_the_parts(case: dict[str, Any]) -> None:
    policy = rr.load_policy(FIXTURE)
    a = rr.assess(policy, case)
    parts = a.parts
    assert len(parts) == 3
    assert a.letter.verdict == combined_verdict([p.letter.verdict for p in parts])
    assert a.intent.verdict == combined_intent_verdict([p.intent.verdict for p in parts])
    assert a.tension == combined_tension([p.tension for p in parts])
    granted = [p.letter.amount for p in parts if p.letter.verdict == "granted" and p.letter.amount is not None]
    assert a.letter.amount == (sum(granted, Decimal(0)) if granted and a.letter.verdict != "undetermined" else None)
    assert a.discretion.proportionality is None
    # every case-level option and no-room signal is one of a part's, naming it
    per_part = {(p.id, o.id) for p in parts for o in p.discretion.options}
    assert {(o.part, o.id) for o in a.discretion.options} == per_part
    # a part that is aligned is never flagged by another part's finding
    for p in parts:
        if p.tension == "aligned":
            assert not p.discretion.options


def test_combinations() -> None:
    assert combined_verdict(["granted", "granted"]) == "granted"
    assert combined_verdict(["denied", "denied"]) == "denied"
    assert combined_verdict(["granted", "denied"]) == "partly_granted"
    assert combined_verdict(["granted", "undetermined", "denied"]) == "undetermined"
    assert combined_tension(["aligned", "letter_exceeds_intent", "letter_blocks_intent"]) == "letter_blocks_intent"
    assert combined_tension(["aligned", "undetermined"]) == "undetermined"
    assert combined_tension(["aligned", "aligned"]) == "aligned"


def _broken(tmp_path: Path, old: str, new: str) -> list[str]:
    path = tmp_path / "parts.yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyLoadError) as err:
        rr.load_policy(path)
    return [f"{p.field} {p.code}" for p in err.value.problems]


def test_a_part_rule_id_is_unique_over_the_policy(tmp_path: Path) -> None:
    got = _broken(tmp_path, "- id: boete_bij_niet_melden", "- id: te_veel_ontvangen")
    assert any(g.startswith("parts[2].rules[0].id") and g.endswith("duplicate-id") for g in got)


def test_a_part_names_known_purposes_and_valid_expressions(tmp_path: Path) -> None:
    assert any(g.startswith("parts[2].purposes[0]") for g in _broken(tmp_path, "purposes: [straf_naar_schuld]", "purposes: [geen_doel]"))
    got = _broken(tmp_path, "amount: round_cents(te_veel / 2)", "amount: te_veel > 2")
    assert any(g.startswith("parts[2].outcome.amount") for g in got)


def test_a_policy_test_expects_per_part(tmp_path: Path) -> None:
    extra = """tests:
  - name: De boete is onevenredig, de terugvordering niet
    date: 2026-03-01
    facts: {niet_gemeld: true, te_veel: "1000.00", aandeel_gemeente: "0", verminderd_verwijtbaar: true}
    expect:
      letter: granted
      parts:
        terugvordering: {letter: granted, amount: "1000.00", tension: aligned}
        boete: {letter: granted, amount: "500.00", tension: letter_blocks_intent, proportionality: disproportionate, room: [lagere_boete]}
  - name: Een verkeerde verwachting van een deel
    date: 2026-03-01
    facts: {niet_gemeld: true, te_veel: "1000.00", aandeel_gemeente: "0", verminderd_verwijtbaar: true}
    expect:
      letter: granted
      parts:
        boete: {letter: granted, tension: aligned}
"""
    path = tmp_path / "parts.yaml"
    path.write_text(FIXTURE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    from regelruimte.policy_tests import run_tests
    first, second = run_tests(rr.load_policy(path))
    assert first.passed, first.differences
    assert not second.passed and second.differences == ["part boete: tension: expected aligned, got letter_blocks_intent"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_view_shows_the_parts(policy: rr.Policy, lang: str) -> None:
    from regelruimte.render.assessment_views import html_fragment, markdown_view, plain_text

    a = rr.assess(policy, {"date": DAY, "facts": {**GUILTY, "verminderd_verwijtbaar": True}})
    heading, fine, where = ("Delen van het besluit", "Boete", "deel: Boete") if lang == "nl" else ("Parts of the decision", "Fine", "part: Fine")
    for text in (plain_text(a, lang, width=160), markdown_view(a, lang), html_fragment(a, lang)):
        assert heading in text and fine in text
        assert where in text  # the provision says which part it is offered for
    md = markdown_view(a, lang)
    row = next(line for line in md.splitlines() if line.startswith(f"| {fine} |"))
    assert ("onevenredig" if lang == "nl" else "disproportionate") in row


def test_views_of_a_policy_without_parts_have_no_parts_table() -> None:
    from regelruimte.render.assessment_views import markdown_view

    p = rr.load_policy(Path(__file__).resolve().parent / "fixtures" / "minimal.yaml")
    a = rr.assess(p, {"date": DAY, "facts": {"inkomen": "900.00", "huishouden": "alleen"}})
    assert "Delen van het besluit" not in markdown_view(a, "nl")


def test_the_review_reads_the_rules_of_the_parts(policy: rr.Policy) -> None:
    codes = {(f.code, f.element) for f in rr.review(policy).findings}
    # the fine's purpose is served by the fine's own rule: not a purpose without a rule
    assert ("purpose-no-rule", "purposes.straf_naar_schuld") not in codes


def test_a_ruling_that_decides_the_fine_on_its_own() -> None:
    """CRvB 13 June 2017, ECLI:NL:CRVB:2017:2436: the recovery stands, the fine follows normal
    blame (50%), not intent; the fine's finding does not reach the recovery."""
    from regelruimte.policy_tests import court_score, run_tests

    policy = rr.load_policy(FIXTURE.parent / "boete_en_terugvordering.yaml")
    outcomes = run_tests(policy)
    assert [o.status for o in outcomes] == ["passed"], [o.differences for o in outcomes]
    assert court_score(outcomes).followed == 1 and outcomes[0].ruling == "ECLI:NL:CRVB:2017:2436"
    a = outcomes[0].assessment
    assert a is not None
    recovery, fine = by_id(a)["terugvordering"], by_id(a)["boete"]
    assert fine.discretion.proportionality.conclusion == "disproportionate"
    assert recovery.discretion.proportionality.conclusion != "disproportionate" and not recovery.discretion.options
    intent_fine = next(p for p in a.intent.purposes if p.id == "boete_naar_verwijtbaarheid")
    assert fine.intent.amount == intent_fine.amount == Decimal("1000.00")


def test_a_text_that_can_show_no_figures_is_made_once() -> None:
    """A part's text with figures exists only where ``shows_figures`` says it differs (speed,
    make bench): on every example case of every bundled regulation and of every part, where it says
    no, the texts with and without figures are the same in both languages, where it says yes they
    differ in one (a part's ``explanation_values`` is None exactly when it says the same); and it
    says yes somewhere."""
    from regelruimte.assessment.explain import citizen_text, shows_figures

    seen = set()
    for policy in rr.load_policies(Path(__file__).resolve().parents[1] / "policies").values():
        for i, test in enumerate(policy.tests):
            case = {"date": test.date, "facts": policy.test_facts(i)}
            try:
                rr.assess(policy, case)
            except rr.RegelruimteError:
                continue
            for view in (policy, *policy.part_policies):
                a = rr.assess(view, case) if not view.part_policies else None
                if a is None:
                    continue
                says = shows_figures(a.letter, a.discretion)
                seen.add(says)
                same = [citizen_text(view, a.letter, a.tension, a.discretion, [], lang, test.date, show_values=True)
                        == citizen_text(view, a.letter, a.tension, a.discretion, [], lang, test.date) for lang in ("nl", "en")]
                assert says == (not all(same))
    assert seen == {True, False}
