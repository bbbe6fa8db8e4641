# SPDX-License-Identifier: EUPL-1.2
"""Room that matches its legal basis (issue 14, point 7) and English throughout (point 9).

A provision can set aside only what its legal basis reaches: Awb 4:84 only a beleidsregel; the
general principles (``evenredigheid``) every rule below formal law, or a formal law through a
clause in that same law; a hardship clause or open norm the rules of its own level and below.
``check`` refuses the rest, and ``assess`` offers a provision for the whole outcome only where it
reaches a rule that blocks. A policy that speaks English has an English question for every fact
it asks, and a refusal invites the citizen to ask for room only where the policy has room.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import regelruimte as rr
from regelruimte._texts import CITIZEN
from regelruimte.model.levels import cannot_set_aside
from regelruimte.model.sources import Source

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assess"
DAY = "2026-03-01"
BASE: dict[str, Any] = {
    "netto_inkomen": "900.00", "huishouden": "alleenstaande", "woonlasten": "205.00", "ingeschreven": True,
    "leeftijd": 30, "aanvraagdatum": "2026-02-01", "gedetineerd": False,
}


@pytest.fixture
def variant(tmp_path: Path) -> Callable[..., Path]:
    """A fixture policy with text replacements applied (each must match exactly once), written to a file."""

    def make(name: str, *replacements: tuple[str, str]) -> Path:
        text = (FIXTURES / name).read_text(encoding="utf-8")
        for old, new in replacements:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


def problems_of(path: Path) -> list[rr.Problem]:
    with pytest.raises(rr.PolicyLoadError) as exc:
        rr.load_policy(path)
    return exc.value.problems


def source(level: str, law: str | None = None) -> Source:
    return Source(id="s", citation="Een bron", level=level, url="https://example.org", verified="no", law=law)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "basis", "rule", "can"),
    [
        ("beleidsregel_afwijking", "formele_wet", "beleidsregel", True),
        ("beleidsregel_afwijking", "formele_wet", "verordening", False),
        ("beleidsregel_afwijking", "formele_wet", "ministeriele_regeling", False),
        ("beleidsregel_afwijking", "formele_wet", "formele_wet", False),
        ("evenredigheid", "formele_wet", "ministeriele_regeling", True),
        ("evenredigheid", "ombudsman", "amvb", True),
        ("evenredigheid", "formele_wet", "formele_wet", False),
        ("hardheidsclausule", "verordening", "verordening", True),
        ("hardheidsclausule", "verordening", "beleidsregel", True),
        ("hardheidsclausule", "verordening", "amvb", False),
        ("open_norm", "formele_wet", "formele_wet", True),
        ("open_norm", "rechtspraak", "beleidsregel", False),
        ("bevoegdheid", "ministeriele_regeling", "formele_wet", False),
        ("open_norm", "belgische_wet", "uitvoering", True),
    ],
)
def test_which_room_reaches_which_level(kind: str, basis: str, rule: str, can: bool) -> None:
    assert (cannot_set_aside(kind, source(basis), source(rule)) is None) is can


def test_a_proportionality_clause_in_the_same_formal_law_reaches_that_law() -> None:
    awir = "Algemene wet inkomensafhankelijke regelingen"
    assert cannot_set_aside("evenredigheid", source("formele_wet", awir), source("formele_wet", awir)) is None
    assert cannot_set_aside("evenredigheid", source("formele_wet", "Algemene wet bestuursrecht"), source("formele_wet", awir)) is not None


@pytest.mark.parametrize(
    ("replacement", "rule"),
    [
        # Awb 4:84 cannot set aside a verordening
        (("    sets_aside: [inkomen_onder_grens]", "    sets_aside: [inkomen_onder_grens, oud_genoeg]"), "oud_genoeg"),
        # a hardship clause in a verordening cannot set aside a formal law
        (("    sets_aside: [tijdig]", "    sets_aside: [tijdig, niet_gedetineerd]"), "niet_gedetineerd"),
    ],
    ids=["4:84-on-verordening", "verordening-clause-on-formal-law"],
)
def test_check_refuses_room_its_legal_basis_cannot_give(variant: Callable[..., Path], replacement: tuple[str, str], rule: str) -> None:
    found = [p for p in problems_of(variant("toeslag.yaml", replacement)) if p.code == "room-level"]
    assert len(found) == 1
    assert rule in found[0].message and "sets_aside" in found[0].field


def test_check_command_reports_the_level_problem(variant: Callable[..., Path]) -> None:
    from typer.testing import CliRunner

    from regelruimte.cli import app

    path = variant("toeslag.yaml", ("    sets_aside: [inkomen_onder_grens]", "    sets_aside: [inkomen_onder_grens, oud_genoeg]"))
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    assert "[room-level]" in result.output and "Traceback" not in result.output


def test_bundled_kwijtschelding_does_not_use_awb_4_84_on_the_ministerial_regulation() -> None:
    kw = rr.load_policy(ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml")
    sources = kw.all_sources
    rules = {r.id: r for r in kw.rules}
    for d in kw.discretion:
        for rid in d.sets_aside:
            assert cannot_set_aside(d.kind, sources[d.source], sources[rules[rid].source]) is None, (d.id, rid)
    four_84 = [d for d in kw.discretion if d.kind == "beleidsregel_afwijking"]
    assert four_84 and all("bedrag_resteert" not in d.sets_aside for d in four_84)


def test_a_whole_outcome_provision_is_offered_only_where_it_reaches_the_blocking_rule(variant: Callable[..., Path]) -> None:
    # Awb 4:84 for the whole outcome: it reaches the income limit (a beleidsregel), not the age (a verordening)
    p = rr.load_policy(variant("toeslag.yaml", ("    sets_aside: [inkomen_onder_grens]\n", "")))
    woonlasten = {"woonlasten": "300.00"}  # the provision's own condition holds
    income = rr.assess(p, {"date": DAY, "facts": {**BASE, **woonlasten, "netto_inkomen": "1100.00"}})
    age = rr.assess(p, {"date": DAY, "facts": {**BASE, **woonlasten, "leeftijd": 19}})
    assert ([r.id for r in income.letter.failed], income.tension) == (["inkomen_onder_grens"], "letter_blocks_intent")
    assert ([r.id for r in age.letter.failed], age.tension) == (["oud_genoeg"], "letter_blocks_intent")
    assert [o.id for o in income.discretion.options] == ["hoge_woonlasten"]
    assert [o.id for o in age.discretion.options] == []
    # the age rule is then a signal to the rule maker (the municipality's own verordening), never advice to deviate
    assert [(n.rule, n.signal_to) for n in age.discretion.no_room] == [("oud_genoeg", "policy_maker")]
    assert age.discretion.note == "signal_only"


# -- point 9: English throughout ---------------------------------------------------------------------
def test_check_refuses_a_question_without_english_in_a_policy_that_speaks_english(tmp_path: Path) -> None:
    text = (ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml").read_text(encoding="utf-8")
    english = '      en: "Have you already paid this tax bill?"\n'
    assert text.count(english) == 1
    path = tmp_path / "kwijtschelding.yaml"
    path.write_text(text.replace(english, ""), encoding="utf-8")
    found = [p for p in problems_of(path) if p.code == "question-no-english"]
    assert [p.field for p in found] == ["facts.al_betaald.question"]


@pytest.mark.parametrize("path", sorted((ROOT / "policies").rglob("*.yaml")), ids=lambda p: p.stem)
def test_every_bundled_question_has_english(path: Path) -> None:
    if "kind: norms" in path.read_text(encoding="utf-8"):
        pytest.skip("a norm file has no facts")
    p = rr.load_policy(path)
    for name, fact in p.facts.items():
        if fact.question is not None:
            assert fact.question.en and fact.question.en != fact.question.nl, name


def test_english_citizen_text_asks_its_questions_in_english() -> None:
    kw = rr.load_policy(ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml")
    a = rr.assess(kw, {"date": DAY, "facts": {"belastingsoort": "rioolheffing"}})
    asked = [q for q in a.questions if q.ask_citizen and q.question is not None]
    assert asked
    en = a.explain("en")
    for q in asked:
        assert q.question is not None
        assert f"- {q.question.en}" in en and q.question.nl not in en


def test_a_refusal_invites_asking_for_room_only_where_the_policy_has_room() -> None:
    ask = (CITIZEN["nl"]["ask"], CITIZEN["en"]["ask"])
    # kinderopvangtoeslag met terugwerkende kracht: no provision at all; the three-month rule is formal law
    kot = rr.load_policy(ROOT / "policies" / "nl" / "toeslagen" / "kinderopvangtoeslag_terugwerkende_kracht.yaml")
    denied = [i for i, t in enumerate(kot.tests) if t.expect.letter == "denied" and t.expect.tension == "aligned"]
    assert denied
    for i in denied:
        a = rr.assess(kot, {"date": kot.tests[i].date, "facts": kot.test_facts(i)})
        assert a.letter.verdict == "denied"
        assert ask[0] not in a.explain("nl") and ask[1] not in a.explain("en")
    # Oss: a hardship clause covers the income limit, so a refusal on income invites the question
    oss = rr.load_policy(ROOT / "policies" / "nl" / "oss" / "meedoen_is_belangrijk.yaml")
    invited = 0
    for i, t in enumerate(oss.tests):
        if t.expect.letter != "denied" or t.expect.tension != "aligned":
            continue
        a = rr.assess(oss, {"date": t.date, "facts": oss.test_facts(i)})
        failed = {r.id for r in a.letter.failed}
        covered = any(failed & set(d.sets_aside) for d in oss.discretion)
        assert (ask[0] in a.explain("nl")) is covered
        invited += covered
    assert invited


@pytest.mark.parametrize(
    ("path", "index"),
    [("nl/utrecht/terugvordering_bijstand.yaml", 0), ("nl/toeslagen/kinderopvangtoeslag_terugvordering.yaml", 3), ("nl/zuidplas/kwijtschelding.yaml", 5)],
)
def test_the_english_letter_of_the_recovery_and_remission_policies_has_no_dutch_rule_or_purpose(path: str, index: int) -> None:
    p = rr.load_policy(ROOT / "policies" / path)
    a = rr.assess(p, {"date": p.tests[index].date, "facts": p.test_facts(index)})
    en = a.explain("en")
    for r in p.rules:
        assert r.text.en, r.id
        assert r.text.nl.strip() not in en
    for purpose in p.purposes:
        assert purpose.description.en and purpose.title.en, purpose.id
        assert purpose.description.nl.strip() not in en
    assert p.outcome.granted.en and p.outcome.denied.en
    assert ("Why does this rule exist?" in en) or ("This rule applies to you" in en)
