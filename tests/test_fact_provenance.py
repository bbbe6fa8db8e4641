# SPDX-License-Identifier: EUPL-1.2
"""Issue 14 point 3: a case may carry per-fact provenance; an automatic decision names the data
it rests on, where it came from and its date, in the explanation, the trace and the JSON, never
with the value unless values are asked for; bad provenance is our own error, without values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import regelruimte as rr
from regelruimte.errors import CaseError

ROOT = Path(__file__).resolve().parent.parent
ZUIDPLAS = ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
INCOME = "1450.37"
PROVENANCE = {
    "netto_inkomen": {"source": "register", "register": "BRP/Suwinet", "as_of": "2026-02-01", "supplied_by": "official"},
    "woonlasten": {"source": "document", "document": "huurcontract", "as_of": "2026-01-15", "supplied_by": "citizen"},
}


@pytest.fixture(scope="module")
def policy() -> rr.Policy:
    return rr.load_policy(ZUIDPLAS)


def _case(policy: rr.Policy, **extra: Any) -> dict[str, Any]:
    return {"date": "2026-03-01", "facts": {**policy.test_facts(0), "netto_inkomen": INCOME}, "provenance": PROVENANCE, **extra}


def test_a_refusal_names_the_data_it_rests_on_with_source_and_date(policy: rr.Policy) -> None:
    a = rr.assess(policy, _case(policy))
    assert a.letter.verdict == "denied"
    items = {d.fact: d for d in a.data}
    assert {"netto_inkomen", "woonlasten", "aanslag", "saldo"} <= set(items)
    income = items["netto_inkomen"]
    assert income.provenance is not None and income.provenance.source == "register" and str(income.provenance.as_of) == "2026-02-01"
    assert items["aanslag"].provenance is None  # the case did not say where it came from
    assert "belastingsoort" not in items  # a rule that passed does not carry a refusal


def test_the_json_carries_provenance_and_values_only_when_asked(policy: rr.Policy) -> None:
    a = rr.assess(policy, _case(policy))
    plain = {d["fact"]: d for d in a.to_dict()["data"]}
    assert plain["netto_inkomen"]["provenance"] == {**PROVENANCE["netto_inkomen"], "document": None}
    assert plain["woonlasten"]["provenance"]["document"] == "huurcontract"
    assert all("value" not in d for d in plain.values())
    assert INCOME not in a.to_json() and INCOME not in a.model_dump_json()
    shown = {d["fact"]: d for d in a.to_dict(show_values=True)["data"]}
    assert shown["netto_inkomen"]["value"] == INCOME


@pytest.mark.parametrize(("lang", "heading", "official", "citizen"), [
    ("nl", "Dit besluit rust op deze gegevens:", "door de gemeente vastgelegd", "door u gegeven"),
    ("en", "This decision rests on these data:", "recorded by the municipality", "given by you"),
])
def test_the_explanation_names_source_date_and_supplier_never_the_value(policy: rr.Policy, lang: str, heading: str, official: str, citizen: str) -> None:
    a = rr.assess(policy, _case(policy))
    text = a.explain(lang)
    assert heading in text
    income_line = next(line for line in text.splitlines() if "BRP/Suwinet" in line)
    assert "2026-02-01" in income_line and official in income_line
    rent_line = next(line for line in text.splitlines() if "huurcontract" in line)
    assert "2026-01-15" in rent_line and citizen in rent_line
    assert "1.450,37" not in text and "1,450.37" not in text and INCOME not in text


def test_the_trace_names_the_data_and_gives_values_only_when_asked(policy: rr.Policy) -> None:
    a = rr.assess(policy, _case(policy))
    plain = a.trace()
    line = next(x for x in plain.splitlines() if x.strip().startswith("netto_inkomen:"))
    assert "BRP/Suwinet" in line and "2026-02-01" in line
    assert INCOME not in plain and INCOME in a.trace(show_values=True)


def test_without_provenance_the_letter_is_unchanged_and_the_json_still_names_the_data(policy: rr.Policy) -> None:
    a = rr.assess(policy, {"date": "2026-03-01", "facts": {**policy.test_facts(0), "netto_inkomen": INCOME}})
    assert "Dit besluit rust op" not in a.explain()
    assert a.data and all(d.provenance is None for d in a.data)


def test_a_granted_amount_rests_on_the_facts_of_every_rule_and_the_amount(policy: rr.Policy) -> None:
    a = rr.assess(policy, {"date": "2026-03-01", "facts": policy.test_facts(0), "provenance": PROVENANCE})
    assert a.letter.verdict == "granted"
    assert {"belastingsoort", "netto_inkomen", "aanslag", "aflossingen_overige_schulden"} <= {d.fact for d in a.data}


def test_provenance_for_an_unknown_fact_is_refused_without_its_name(policy: rr.Policy) -> None:
    secret = "999993653"  # a key a caller might misuse, such as a (test) BSN
    with pytest.raises(CaseError) as err:
        rr.assess(policy, _case(policy, provenance={secret: {"source": "statement", "supplied_by": "citizen"}}))
    assert secret not in str(err.value) and "unknown fact name" in str(err.value)


@pytest.mark.parametrize("bad", [
    {"netto_inkomen": {"source": "register", "register": "BRP", "supplied_by": "neighbour-1450.37"}},
    {"netto_inkomen": {"source": "document", "register": "BRP", "supplied_by": "official"}},
    {"netto_inkomen": {"source": "register", "as_of": "1450.37", "supplied_by": "official"}},
    {"netto_inkomen": {"source": "register", "supplied_by": "official", "value": "1450.37"}},
    {"netto_inkomen": "1450.37"},
    "1450.37",
])
def test_bad_provenance_is_our_one_error_without_the_value(policy: rr.Policy, bad: Any) -> None:
    with pytest.raises(CaseError) as err:
        rr.assess(policy, _case(policy, provenance=bad))
    message = str(err.value)
    assert "provenance" in message and "1450.37" not in message and "neighbour" not in message
    assert [p.fact for p in err.value.problems] == ["provenance"]
