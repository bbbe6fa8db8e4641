# SPDX-License-Identifier: EUPL-1.2
"""Case validation: wrong and unknown facts are named, values never repeated (reliability C20, C21)."""

from __future__ import annotations

import traceback
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import regelruimte as rr
from regelruimte.compiler import compiled_policy
from regelruimte.errors import CaseError
from regelruimte.model.case import EXPECTED, FactValidator, as_case, expected_text
from regelruimte.model.facts import Fact

FIXTURES = Path(__file__).resolve().parent / "fixtures"

FACTS = {
    "inkomen": Fact(type="money", description="Inkomen", minimum=Decimal(0), maximum=Decimal("100000")),
    "kinderen": Fact(type="int", description="Kinderen"),
    "factor": Fact(type="decimal", description="Factor"),
    "werkt": Fact(type="bool", description="Werkt"),
    "geboren": Fact(type="date", description="Geboren"),
    "naam": Fact(type="text", description="Naam"),
    "huishouden": Fact(type="enum", description="Huishouden", values=["alleen", "samen"]),
}
VALIDATOR = FactValidator("canarybeleid", FACTS)

CANARIES = ("12345.67", "999999990", "Canary Testpersoon")


def _error(facts: dict[str, Any]) -> CaseError:
    with pytest.raises(CaseError) as info:
        VALIDATOR.validate(facts)
    return info.value


def _all_text(exc: BaseException) -> str:
    """Everything an exception can show: str, repr, args, problems and the formatted traceback."""
    parts = [str(exc), repr(exc), *map(str, exc.args), "".join(traceback.format_exception(exc))]
    parts += [str(p) for p in getattr(exc, "problems", [])] + [repr(p) for p in getattr(exc, "problems", [])]
    return "\n".join(parts)


def _assert_no_canary(exc: BaseException) -> None:
    text = _all_text(exc)
    for canary in CANARIES:
        assert canary not in text, f"{canary!r} leaked into the error"
    assert "12345" not in text and "99999999" not in text and "Canary" not in text


WRONG = [
    ("inkomen", "12345.678", "an amount in euros with at most two decimals"),  # three decimals
    ("inkomen", 12345.671, "an amount in euros"),  # a float that is not whole cents
    ("inkomen", True, "an amount in euros"),
    ("inkomen", "999999990 euro", "an amount in euros"),
    ("inkomen", ["12345.67"], "an amount in euros"),
    ("inkomen", {"bsn": "999999990"}, "an amount in euros"),
    ("inkomen", Decimal("NaN"), "an amount in euros"),
    ("inkomen", "123456.78", "<= 100000"),  # above the maximum
    ("inkomen", "-12345.67", ">= 0"),  # below the minimum
    ("kinderen", "999999990", "a whole number"),
    ("kinderen", 12345.67, "a whole number"),
    ("kinderen", True, "a whole number"),
    ("kinderen", 999999990123456, "a whole number"),  # 10**12 and more is refused
    ("factor", "12345.67x", "a number"),
    ("werkt", "999999990", "true or false"),
    ("werkt", 1, "true or false"),
    ("werkt", "Canary Testpersoon", "true or false"),
    ("geboren", "999999990", "a date as YYYY-MM-DD"),
    ("geboren", "12345-06-07", "a date as YYYY-MM-DD"),
    ("geboren", "2026-02-30", "a date as YYYY-MM-DD"),
    ("naam", 999999990, "text"),
    ("naam", "Canary Testpersoon " * 1000, "text"),  # longer than 10,000 characters
    ("huishouden", "Canary Testpersoon", "one of alleen, samen"),
    ("huishouden", 999999990, "one of alleen, samen"),
]


@pytest.mark.parametrize(("fact", "value", "expected"), WRONG, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(WRONG)])
def test_a_wrong_value_names_the_fact_and_the_expected_type_but_not_the_value(fact: str, value: Any, expected: str) -> None:
    facts: dict[str, Any] = {"werkt": False, "factor": "0.5"}
    facts[fact] = value
    exc = _error(facts)
    (problem,) = exc.problems
    assert problem.fact == fact
    assert expected in problem.expected
    assert fact in str(exc) and expected in str(exc)
    assert "canarybeleid" in str(exc)
    _assert_no_canary(exc)


@pytest.mark.parametrize("name", ["salaris", "bsn", "Inkomen", "inkomen ", "999999990", "Canary Testpersoon"])
def test_an_unknown_fact_is_counted_never_named(name: str) -> None:
    """Issue 13 item 4: a caller keying facts by BSN or name got the key back in the error."""
    exc = _error({"inkomen": CANARIES[0], name: CANARIES[2]})
    (problem,) = exc.problems
    assert problem.fact == "(unknown facts)" and "1 unknown fact name(s)" in problem.message
    text = _all_text(exc)
    assert CANARIES[0] not in text and "Canary" not in text and name not in text.replace("'inkomen'", "")
    assert "\n" not in str(problem)


def test_an_unknown_fact_close_to_a_known_one_gets_a_suggestion() -> None:
    exc = _error({"inkommen": "1.00", "999999990": "1.00"})
    (problem,) = exc.problems
    assert "2 unknown fact name(s)" in problem.message and "did you mean 'inkomen'?" in problem.message
    assert "inkommen" not in str(exc) and "999999990" not in str(exc)


def test_a_million_unknown_facts_make_one_short_problem() -> None:
    exc = _error({f"x{i}": 1 for i in range(100_000)})
    assert len(str(exc)) < 300 and "100000 unknown fact name(s)" in str(exc)


def test_every_wrong_fact_is_reported_at_once() -> None:
    exc = _error({"inkomen": "x", "kinderen": "y", "onbekend": 1, "naam": "ok"})
    assert [p.fact for p in exc.problems] == ["(unknown facts)", "inkomen", "kinderen"]


def test_missing_facts_are_allowed() -> None:
    assert VALIDATOR.validate({}) == {}
    assert VALIDATOR.validate({"inkomen": None}) == {}
    assert VALIDATOR.validate({"werkt": False}) == {"werkt": False}


def test_valid_values_are_typed_exactly() -> None:
    got = VALIDATOR.validate({
        "inkomen": "12345.67", "kinderen": 2, "factor": "0.125", "werkt": True, "geboren": "1990-05-17",
        "naam": "Canary Testpersoon", "huishouden": "samen",
    })
    assert got == {
        "inkomen": Decimal("12345.67"), "kinderen": 2, "factor": Decimal("0.125"), "werkt": True, "geboren": date(1990, 5, 17),
        "naam": "Canary Testpersoon", "huishouden": "samen",
    }
    assert type(got["inkomen"]) is Decimal and type(got["kinderen"]) is int
    for value in (12345.67, Decimal("12345.67"), "12345.67", " 12345.67 "):
        assert VALIDATOR.validate({"inkomen": value})["inkomen"] == Decimal("12345.67")
    assert VALIDATOR.validate({"inkomen": 0.1})["inkomen"] == Decimal("0.1")  # the float as typed, not 0.1000000000000000055...
    assert VALIDATOR.validate({"inkomen": 100})["inkomen"] == Decimal(100)
    assert VALIDATOR.validate({"geboren": date(2000, 1, 1)})["geboren"] == date(2000, 1, 1)


def test_expected_texts() -> None:
    assert expected_text(FACTS["inkomen"]) == EXPECTED["money"] + " (>= 0 and <= 100000)"
    assert expected_text(FACTS["huishouden"]) == "one of alleen, samen"


@settings(max_examples=300, deadline=None)
@given(
    fact=st.sampled_from(sorted(FACTS)),
    value=st.one_of(
        st.sampled_from(["12345.67", "999999990", "Canary Testpersoon", 12345.67, 999999990, Decimal("12345.67")]),
        st.sampled_from(["12345.67", "999999990", "Canary Testpersoon"]).map(lambda c: [c]),
        st.sampled_from(["12345.67", "999999990", "Canary Testpersoon"]).map(lambda c: {"v": c}),
        st.sampled_from(["12345.67", "999999990", "Canary Testpersoon"]).map(lambda c: c + "x"),
        st.floats(allow_nan=True).map(lambda f: (f, "12345.67")),
    ),
)
def test_canaries_never_appear_in_errors(fact: str, value: Any) -> None:
    """Whatever is wrong, the error shows no case value (a valid value simply passes)."""
    unknown = {"ander": CANARIES[1]}
    try:
        VALIDATOR.validate({fact: value, **unknown})
    except CaseError as exc:
        assert any(p.fact == "(unknown facts)" for p in exc.problems)
        _assert_no_canary(exc)
    else:  # pragma: no cover - 'ander' is unknown, so this never validates
        raise AssertionError("an unknown fact was accepted")


def test_the_case_envelope() -> None:
    case = as_case({"date": "2026-03-01", "facts": {"inkomen": "12345.67"}, "id": "999999990"})
    assert case.date == date(2026, 3, 1)
    for text in (repr(case), str(case)):
        assert "12345.67" not in text and "999999990" not in text
    for bad in ({"date": "999999990", "facts": {}}, {"facts": {}}, {"date": "2026-03-01", "facts": "12345.67"}, {"date": "2026-03-01", "bsn": "999999990"}, "999999990"):
        with pytest.raises(CaseError) as info:
            as_case(bad)  # type: ignore[arg-type]
        _assert_no_canary(info.value)


def test_case_errors_through_a_loaded_policy() -> None:
    policy = rr.load_policy(FIXTURES / "minimal.yaml")
    facts = {"inkomen": CANARIES[0] + "8", "huishouden": CANARIES[2]}
    with pytest.raises(CaseError) as info:
        compiled_policy(policy).facts.validate(facts)
    assert [(p.fact, p.expected) for p in info.value.problems] == [
        ("huishouden", "one of alleen, samen"),
        ("inkomen", EXPECTED["money"]),
    ]
    _assert_no_canary(info.value)


def test_the_fact_schema_says_what_each_fact_accepts() -> None:
    """The JSON Schema of a policy's fact model (served by the HTTP API as the case schema) names
    the choices, the patterns and the bounds the validators hold to."""
    import jsonschema

    schema = VALIDATOR.model.model_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    props = schema["properties"]
    assert {"enum": ["alleen", "samen"], "type": "string"} in props["huishouden"]["anyOf"]
    assert {"type": "number", "minimum": 0, "maximum": 100000} in props["inkomen"]["anyOf"]
    assert any(b.get("pattern") == r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$" for b in props["inkomen"]["anyOf"])
    assert {"type": "integer", "minimum": -(10**12 - 1), "maximum": 10**12 - 1} in props["kinderen"]["anyOf"]
    assert {"type": "string", "format": "date"} in props["geboren"]["anyOf"]
    assert props["werkt"]["description"] == "Werkt"
    assert schema["additionalProperties"] is False


def test_every_example_case_fits_its_fact_schema() -> None:
    import json

    import jsonschema

    for policy in rr.load_policies().values():
        validator = jsonschema.Draft202012Validator(compiled_policy(policy).facts.model.model_json_schema())
        for i in range(len(policy.tests)):
            facts = json.loads(json.dumps(policy.test_facts(i), default=str))
            assert not list(validator.iter_errors(facts)), (policy.id, i)


@pytest.mark.parametrize(("case", "nl", "en"), [
    ({"date": "2026-03-01", "facts": {"inkomn": "900.00"}}, "(onbekende feiten): ", "(unknown facts): "),
    ({"date": "2026-03-01", "facts": {}, "zaak": 1}, "(onbekend veld van de zaak): ", "(unknown case field): "),
    ([], "(de zaak): ", "(case): "),
])
def test_the_stand_in_for_no_one_fact_is_in_the_language_asked(case: object, nl: str, en: str) -> None:
    """A problem about no one fact stands under a name of its own; `regelruimte assess` said it in
    English in its Dutch line (``regelruimte: (unknown facts): 2 onbekende naam of namen ...``)."""
    with pytest.raises(CaseError) as exc:
        rr.assess(rr.load_policy(FIXTURES / "minimal.yaml"), case)
    (problem,) = exc.value.problems
    assert problem.render("nl").startswith(nl) and problem.render("en").startswith(en)
    assert str(problem).startswith(en)  # str() stays English, with the name programs match on
