# SPDX-License-Identifier: EUPL-1.2
"""The citizen texts are written when first read (regelruimte/assessment/lazy_texts.py, issue 18):
whatever reads them first, an assessment holds and shows exactly what an eagerly written one does."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regelruimte as rr
from regelruimte.assessment.explain import citizen_text, shows_figures
from regelruimte.assessment.flips import Distance
from regelruimte.assessment.letter import LetterResult, RuleResult
from regelruimte.assessment.parts import Texts
from regelruimte.assessment.result import Explanation
from regelruimte.assessment.room import Room
from regelruimte.decisions.document import assessment_dict
from regelruimte.model.base import LocalizedText

POLICIES = Path(__file__).resolve().parents[1] / "policies"


def example_cases() -> list[tuple[rr.Policy, dict[str, Any]]]:
    out = []
    for policy in rr.load_policies(POLICIES).values():
        for i, test in enumerate(policy.tests[:4]):
            case = {"date": test.date.isoformat(), "facts": policy.test_facts(i)}
            try:
                rr.assess(policy, case)
            except rr.RegelruimteError:
                continue
            out.append((policy, case))
    return out


CASES = example_cases()

READERS: dict[str, Callable[[rr.Assessment], Any]] = {
    "explain nl": lambda a: a.explain("nl"),
    "explain en": lambda a: a.explain("en"),
    "explain with figures": lambda a: a.explain("en", show_values=True),
    "to_json": lambda a: a.to_json(),
    "to_json with values": lambda a: a.to_json(show_values=True),
    "model_dump_json": lambda a: a.model_dump_json(),
    "the decision log's document": lambda a: json.dumps(assessment_dict(a), sort_keys=True),
    "markdown": lambda a: a.to_markdown(lang="en"),
    "repr of the texts": lambda a: repr(a.explanation) + repr(a.parts),
    "parts": lambda a: [(p.explain(lang, show_values=v), p.explanation_values is None) for p in a.parts for lang in ("en", "nl") for v in (True, False)],
}


def written(a: rr.Assessment) -> rr.Assessment:
    """``a`` with every text read (so nothing is left to write)."""
    a.to_json(show_values=True)
    for p in a.parts:
        p.explain("nl", show_values=True), p.explain("en", show_values=True)
    return a


@pytest.mark.parametrize("reader", sorted(READERS))
def test_what_reads_first_sees_what_a_written_assessment_holds(reader: str) -> None:
    assert any(a_parts for a_parts in (rr.assess(p, c).parts for p, c in CASES))  # a decision in parts is among them
    read = READERS[reader]
    for policy, case in CASES:
        fresh, full = rr.assess(policy, case), written(rr.assess(policy, case))
        assert read(fresh) == read(full)
        assert fresh == full


def test_a_lazy_text_compares_hashes_copies_and_pickles_as_its_text() -> None:
    policy, case = next((p, c) for p, c in CASES if rr.assess(p, c).parts)
    full = written(rr.assess(policy, case))
    eager = Explanation(nl=full.explanation.nl, en=full.explanation.en)
    assert rr.assess(policy, case).explanation == eager and eager == rr.assess(policy, case).explanation
    assert hash(rr.assess(policy, case).explanation) == hash(eager)
    assert pickle.loads(pickle.dumps(rr.assess(policy, case).explanation)) == eager
    assert copy.copy(rr.assess(policy, case).explanation) == eager and copy.deepcopy(rr.assess(policy, case).explanation) == eager
    assert rr.assess(policy, case).explanation.model_dump() == eager.model_dump()
    assert dict(rr.assess(policy, case).explanation) == dict(eager) and repr(rr.assess(policy, case).explanation) == repr(eager)
    part = rr.assess(policy, case).parts[0]
    assert part.explanation == Texts(nl=full.parts[0].explanation.nl, en=full.parts[0].explanation.en)


def test_reading_one_language_writes_only_that_one() -> None:
    policy, case = CASES[0]
    a = rr.assess(policy, case)
    assert a.explanation.__dict__ == {}
    a.explain("nl")
    assert set(a.explanation.__dict__) == {"nl"}
    a.explain("en")
    assert set(a.explanation.__dict__) == {"nl", "en"} and a.explanation.__pydantic_private__ == {"_make": None}


def _denied_at_limit(limit_label: LocalizedText | None) -> tuple[LetterResult, Room]:
    source = rr.assess(*CASES[0]).letter.rules[0].source
    rule = RuleResult.model_construct(id="r", result="failed", text=LocalizedText(nl="Het inkomen is lager dan de grens."), source=source, serves=[], calculation=[],
                                      condition="inkomen < grens", values={}, missing=[], regardless_of=[])
    letter = LetterResult.model_construct(verdict="denied", amount=None, rules=[rule], regardless_of=[], amount_calculation=[], granted_for=[])
    distance = Distance(rule="r", comparison="inkomen < grens", left="inkomen", right="grens", position="at", limit_label=limit_label,
                        case_value=Decimal("100.00"), limit_value=Decimal("100.00"), gap=Decimal("0.00"), relative=Decimal("0"), unit="money")
    return letter, Room(distances=[distance])


@pytest.mark.parametrize("label", [None, LocalizedText(nl="De inkomensgrens", en="The income limit")])
def test_a_case_exactly_at_a_limit_shows_figures_only_with_the_limit_named(label: LocalizedText | None) -> None:
    letter, room = _denied_at_limit(label)
    policy = CASES[0][0]
    same = all(citizen_text(policy, letter, "aligned", room, [], lang, show_values=True) == citizen_text(policy, letter, "aligned", room, [], lang)
               for lang in ("nl", "en"))
    assert shows_figures(letter, room) == (not same) == (label is not None)


def test_threads_reading_one_text_at_once_all_get_it() -> None:
    """Two threads may write a language at once: both get the same text, none an AttributeError."""
    import threading

    policy, case = next((p, c) for p, c in CASES if rr.assess(p, c).parts)
    expected = written(rr.assess(policy, case))
    for _ in range(20):
        a = rr.assess(policy, case)
        got: list[Any] = []
        barrier = threading.Barrier(4)

        def read(lang: str, a: rr.Assessment = a) -> None:
            barrier.wait()
            got.append((lang, a.explain(lang), [p.explain(lang) for p in a.parts]))

        threads = [threading.Thread(target=read, args=(lang,)) for lang in ("nl", "en", "nl", "en")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(got) == sorted((lang, expected.explain(lang), [p.explain(lang) for p in expected.parts]) for lang in ("nl", "en", "nl", "en"))
