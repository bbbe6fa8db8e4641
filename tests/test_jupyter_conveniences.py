# SPDX-License-Identifier: EUPL-1.2
"""Conveniences for a notebook (issue 13 item 19): ``rr.assess`` on a path, ``rr.review`` on a set
of policies, what-ifs with ``with_facts``/``answer`` and their ``diff``, ``hash(assessment)`` and a
tab completion that shows the domain API first."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import regelruimte as rr

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assess"
TOESLAG = FIXTURES / "toeslag.yaml"
DAY = "2026-03-01"
BASE: dict[str, Any] = {
    "netto_inkomen": "900.00", "huishouden": "alleenstaande", "woonlasten": "205.00", "ingeschreven": True,
    "leeftijd": 30, "aanvraagdatum": "2026-02-01", "gedetineerd": False,
}


@pytest.fixture(scope="module")
def toeslag() -> rr.Policy:
    return rr.load_policy(TOESLAG)


def case(**facts: Any) -> dict[str, Any]:
    return {"date": DAY, "facts": {**BASE, **facts}}


# 1. a path to ``assess``, a set of policies to ``review``

@pytest.mark.parametrize("as_path", [str, Path], ids=["str", "Path"])
def test_assess_takes_a_path(toeslag: rr.Policy, as_path: Any) -> None:
    by_path = rr.assess(as_path(TOESLAG), case())
    assert by_path.to_json(show_values=True) == rr.assess(toeslag, case()).to_json(show_values=True)
    assert by_path.provenance.policy_sha256 == toeslag.sha256


def test_assess_takes_any_path_like(toeslag: rr.Policy) -> None:
    class Where(os.PathLike[str]):
        def __fspath__(self) -> str:
            return str(TOESLAG)

    assert rr.assess(Where(), case()).to_json() == rr.assess(toeslag, case()).to_json()


def test_assess_on_a_missing_path_is_our_error(tmp_path: Path) -> None:
    with pytest.raises(rr.PolicyLoadError):
        rr.assess(tmp_path / "nothing.yaml", case())


def test_review_takes_a_policy_set(tmp_path: Path, toeslag: rr.Policy) -> None:
    (tmp_path / "toeslag.yaml").write_bytes(TOESLAG.read_bytes())
    policies = rr.load_policies(tmp_path)
    reviews = rr.review(policies)
    assert list(reviews) == list(policies)
    assert reviews[toeslag.id] == rr.review(toeslag)


def test_review_takes_a_list_and_a_mapping(toeslag: rr.Policy) -> None:
    assert rr.review([toeslag]) == rr.review({"any name": toeslag}) == {toeslag.id: rr.review(toeslag)}


# 2. what-ifs and answers give a new assessment; ``diff`` says what changed

def test_with_facts_gives_a_new_assessment_and_leaves_the_old_one(toeslag: rr.Policy) -> None:
    a = rr.assess(toeslag, case())
    before = a.to_json(show_values=True)
    b = a.with_facts(netto_inkomen="5000.00")
    assert a.to_json(show_values=True) == before
    assert b.to_json(show_values=True) == rr.assess(toeslag, case(netto_inkomen="5000.00")).to_json(show_values=True)
    assert (a.letter.verdict, b.letter.verdict) == ("granted", "denied")


def test_answer_fills_in_an_open_question(toeslag: rr.Policy) -> None:
    facts = {k: v for k, v in BASE.items() if k != "leeftijd"}
    open_ = rr.assess(toeslag, {"date": DAY, "facts": facts})
    assert [q.fact for q in open_.questions] == ["leeftijd"]
    answered = open_.answer(leeftijd=30)
    assert answered == rr.assess(toeslag, case())
    assert answered.questions == []


def test_with_facts_checks_the_facts_and_keeps_the_case(toeslag: rr.Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGELRUIMTE_PSEUDONYM_KEY", "test-key")
    a = rr.assess(toeslag, {**case(), "id": "zaak-1", "provenance": {"netto_inkomen": {"source": "register", "register": "BRP", "as_of": DAY, "supplied_by": "official"}}})
    b = a.with_facts(woonlasten="300.00")
    assert a.case_ref is not None and b.case_ref == a.case_ref
    assert {d.fact: d.provenance for d in b.data}["netto_inkomen"] == {d.fact: d.provenance for d in a.data}["netto_inkomen"]
    with pytest.raises(rr.CaseError) as err:
        a.with_facts(netto_inkomen="veel-geld-12345")
    assert "veel-geld-12345" not in str(err.value)
    with pytest.raises(rr.CaseError):
        a.with_facts(geen_feit=1)


def test_diff_lists_what_changed_and_never_a_value(toeslag: rr.Policy) -> None:
    a = rr.assess(toeslag, case())
    b = a.with_facts(netto_inkomen="4321.98")
    d = a.diff(b)
    assert {c.aspect: (c.before, c.after) for c in d.changes} == {
        "letter": ("granted", "denied"), "amount": (str(a.letter.amount), None), "intent": ("served", "not_served")}
    assert d.facts == ["netto_inkomen"]
    bundle = d._repr_mimebundle_()
    shown = [d.text(), d.text("en"), repr(d), d.model_dump_json(), *bundle.values()]
    assert all("4321" not in s and "900" not in s for s in shown)
    assert "netto_inkomen" in bundle["text/html"] and "denied" in bundle["text/markdown"]
    assert "4321.98" in a.diff(b, show_values=True).text()
    assert not a.diff(a.with_facts()) and a.diff(a.with_facts()).changes == []


def test_diff_renders_in_rich(toeslag: rr.Policy) -> None:
    from rich.console import Console

    a = rr.assess(toeslag, case())
    console = Console(record=True, width=100)
    console.print(a.diff(a.with_facts(netto_inkomen="5000.00")))
    out = console.export_text()
    assert "granted" in out and "denied" in out and "5000" not in out


# 3. an assessment is hashable, consistently with ==

def test_an_assessment_is_hashable_and_equal_ones_hash_alike(toeslag: rr.Policy) -> None:
    a, same = rr.assess(toeslag, case()), rr.assess(toeslag, case())
    other = a.with_facts(woonlasten="300.00")
    assert a == same and hash(a) == hash(same)
    assert len({a, same, other}) == 2 and a in {same}
    assert hash(a) == hash(a) and hash(other) != hash(a)


def test_two_assessments_of_the_same_denied_case_are_equal(toeslag: rr.Policy) -> None:
    """A denied case carries a room with searches run on first read; two fresh assessments of it
    hold different closures for them and must still compare equal (they used to differ)."""
    a, b = rr.assess(toeslag, case(netto_inkomen="5000.00")), rr.assess(toeslag, case(netto_inkomen="5000.00"))
    assert a.letter.verdict == "denied"
    assert a == b and hash(a) == hash(b)
    assert a != a.with_facts(netto_inkomen="6000.00")


def test_hashing_keeps_no_state_on_the_assessment(toeslag: rr.Policy) -> None:
    a, b = rr.assess(toeslag, case()), rr.assess(toeslag, case())
    a.to_json(), b.to_json()  # the room works out its flips on first use: alike on both
    hash(a)
    assert set(a.__pydantic_private__) == {"_policy", "_facts", "_explanation_values", "_case_periods"}
    assert a.__pydantic_private__ == b.__pydantic_private__ and a == b


# 4. tab completion shows the domain API, not pydantic's machinery

@pytest.mark.parametrize("make", ["assessment", "policy"])
def test_dir_hides_pydantic_machinery_but_keeps_it(toeslag: rr.Policy, make: str) -> None:
    obj: Any = rr.assess(toeslag, case()) if make == "assessment" else toeslag
    names = dir(obj)
    assert not [n for n in names if n.startswith("model_")]
    assert {"dict", "json", "copy", "parse_obj", "schema"}.isdisjoint(names)
    assert ({"to_json", "to_dict", "explain"} if make == "assessment" else {"test_facts", "applies_on", "facts"}) <= set(names)
    assert obj.model_dump() == obj.model_dump()  # still there, only not offered


def test_dir_of_an_assessment_offers_its_api(toeslag: rr.Policy) -> None:
    names = dir(rr.assess(toeslag, case()))
    assert {"letter", "intent", "tension", "questions", "explain", "trace", "with_facts", "answer", "diff"} <= set(names)


def test_a_denied_assessment_pickles_with_what_its_room_found(toeslag: rr.Policy) -> None:
    """Signals' worker processes pickle assessments; the room's lazy searches are closures, so a
    pickled room carries their results instead (a denied kwijtschelding broke the workers)."""
    import pickle

    a = rr.assess(toeslag, case(netto_inkomen="5000.00"))
    a._policy = None  # as the signals worker sends it: the parent re-attaches its own
    room = pickle.loads(pickle.dumps(a.discretion))
    assert room == a.discretion and room.flips == a.discretion.flips
