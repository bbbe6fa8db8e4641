# SPDX-License-Identifier: EUPL-1.2
"""A divergence says where it comes from (issue 14, point 8), and a part of a purpose can be
declared without room (point 7).

When letter and purpose part, the citizen text and the trace name the fact the purpose reads and the
letter does not ("your savings are compensation for harm: the rule counts them, the purpose does
not"), and the smallest change reported is a change of that fact, never of a value the letter reads.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regelruimte as rr
from regelruimte._texts import CITIZEN

ROOT = Path(__file__).resolve().parent.parent
KWIJTSCHELDING = ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
BASIS, SMARTENGELD = 0, 5


@pytest.fixture(scope="module")
def kw() -> rr.Policy:
    return rr.load_policy(KWIJTSCHELDING)


def assess_example(p: rr.Policy, index: int, **extra: Any) -> rr.Assessment:
    return rr.assess(p, {"date": p.tests[index].date, "facts": {**p.test_facts(index), **extra}})


def test_the_divergence_names_the_fact_the_purpose_reads_differently(kw: rr.Policy) -> None:
    a = assess_example(kw, SMARTENGELD)
    assert a.tension == "letter_blocks_intent"
    assert [c.fact for c in a.discretion.divergence] == ["bestemd_vermogen"]
    reading = kw.facts["bestemd_vermogen"].reading
    assert reading is not None and reading.en
    assert CITIZEN["nl"]["diverges"].format(reading=reading.nl) in a.explain("nl")
    assert CITIZEN["en"]["diverges"].format(reading=reading.en) in a.explain("en")
    assert "verschil komt van bestemd_vermogen: het doel leest dit, de letter niet" in a.trace()


def test_the_smallest_change_is_on_the_purposes_side(kw: rr.Policy) -> None:
    facts = kw.test_facts(SMARTENGELD)
    a = assess_example(kw, SMARTENGELD)
    (c,) = a.discretion.divergence
    letter_facts = {f for r in kw.rules for f in kw._compiled.rules[r.id].facts}  # type: ignore[attr-defined]
    assert c.fact not in letter_facts
    # the change alone makes letter and purpose agree, and leaves the letter as it was
    changed = rr.assess(kw, {"date": kw.tests[SMARTENGELD].date, "facts": {**facts, c.fact: c.to_value}})
    assert changed.tension == "aligned"
    assert changed.letter.model_dump() == a.letter.model_dump()
    # and it is the smallest: one cent less does not
    cent = Decimal("0.01")
    smaller = Decimal(facts[c.fact]) + (c.change + cent if c.change < 0 else c.change - cent)
    assert rr.assess(kw, {"date": kw.tests[SMARTENGELD].date, "facts": {**facts, c.fact: smaller}}).tension == "letter_blocks_intent"


def test_the_new_value_stays_out_of_the_json_unless_asked(kw: rr.Policy) -> None:
    a = assess_example(kw, SMARTENGELD)
    (c,) = a.discretion.divergence
    plain = json.loads(a.to_json())["discretion"]["divergence"][0]
    assert plain["fact"] == "bestemd_vermogen" and "to_value" not in plain and "change" not in plain
    assert plain["direction"] == "down"
    assert str(c.change) not in a.trace() and str(c.change) in a.trace(show_values=True)
    shown = json.loads(a.to_json(show_values=True))["discretion"]["divergence"][0]
    assert shown["to_value"] == str(c.to_value)


def test_no_divergence_where_letter_and_purpose_agree(kw: rr.Policy) -> None:
    a = assess_example(kw, BASIS)
    assert a.tension == "aligned" and a.discretion.divergence == []
    assert CITIZEN["nl"]["diverges"].split("{")[0] not in a.explain("nl")


NO_ROOM_PART = """    tolerance: "1.00"
    no_room:
      - facts: [bestemd_vermogen]
        reason: De wetgever telt dit geld bewust mee als vermogen.
        source: uri_art12
rules:
"""


def variant_path(tmp_path: Path, part: str) -> Path:
    """The kwijtschelding policy with ``part`` after its purpose, beside a copy of its norm file."""
    text = KWIJTSCHELDING.read_text(encoding="utf-8")
    anchor = '    tolerance: "1.00"\nrules:\n'
    assert text.count(anchor) == 1
    (tmp_path / "normen").mkdir()
    shutil.copy(ROOT / "policies" / "nl" / "normen" / "participatiewet.yaml", tmp_path / "normen" / "participatiewet.yaml")
    (tmp_path / "zuidplas").mkdir()
    path = tmp_path / "zuidplas" / "kwijtschelding.yaml"
    path.write_text(text.replace(anchor, part), encoding="utf-8")
    return path


def test_a_purpose_part_without_room_makes_the_divergence_a_signal(kw: rr.Policy, tmp_path: Path) -> None:
    path = variant_path(tmp_path, NO_ROOM_PART)
    p = rr.load_policy(path)
    a = assess_example(p, SMARTENGELD)
    room = a.discretion
    assert [c.no_room for c in room.divergence] == [["niet_kunnen_betalen"]]
    assert room.options == [] and room.note == "signal_only"
    assert ("(doel niet_kunnen_betalen)", "legislator") in [(n.rule, n.signal_to) for n in room.no_room]
    assert CITIZEN["nl"]["no_room"] in a.explain("nl")
    assert "U kunt daarom vragen" not in a.explain("nl")
    # the same policy without the part offers the ombudsman's "naar de geest"
    assert [o.id for o in assess_example(kw, SMARTENGELD).discretion.options] == ["naar_de_geest"]


def test_check_refuses_a_no_room_part_on_an_unknown_fact(tmp_path: Path) -> None:
    path = variant_path(tmp_path, NO_ROOM_PART.replace("[bestemd_vermogen]", "[geen_feit]"))
    with pytest.raises(rr.PolicyLoadError) as exc:
        rr.load_policy(path)
    assert [p.code for p in exc.value.problems] == ["unknown-fact"]
