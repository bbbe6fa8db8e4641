# SPDX-License-Identifier: EUPL-1.2
"""Keeping case values out of a stored document (``regelruimte.decisions.redact``), on its own:
values written escaped inside JSON, and the one-search-per-document path of whole-number facts."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from regelruimte.decisions.redact import Redactor, marker, searched, value_forms
from regelruimte.model.facts import Fact

SPECS = {t: Fact.model_validate({"type": t, "description": "een feit"}) for t in ("money", "int", "date", "text", "decimal")}


def test_a_text_value_written_escaped_in_json_is_replaced() -> None:
    """A quote, backslash or line break is escaped in the JSON text; the value is still found."""
    for value in ('Canary "Testpersoon"', "Canary\\Testpersoon", "Canary\nTestpersoon"):
        text = json.dumps({"brief": f"Beste {value}, uw aanvraag", "naam": value}, ensure_ascii=False)
        out = Redactor({"naam": value}, {"naam": SPECS["text"]}, None).redact_text(text)
        assert "Canary" not in out and "Testpersoon" not in out, value
        assert json.loads(out) == {"brief": f"Beste {marker('naam')}, uw aanvraag", "naam": marker("naam")}


_VALUES = {
    "bedrag": st.decimals(min_value=Decimal("-99999.99"), max_value=Decimal("99999.99"), places=2),
    "aantal": st.integers(min_value=-99999, max_value=99999),
    "datum": st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    "tekst": st.text(alphabet='ab "\\\n', min_size=3, max_size=6),
}
_SPEC_OF = {"bedrag": SPECS["money"], "aantal": SPECS["int"], "datum": SPECS["date"], "tekst": SPECS["text"]}


@st.composite
def case_and_document(draw: st.DrawFn) -> tuple[dict[str, Any], Any]:
    facts = {name: draw(strategy) for name, strategy in _VALUES.items() if draw(st.booleans())}
    forms = [f for name, v in facts.items() for f in value_forms(_SPEC_OF[name], v)] + [str(v) for v in facts.values()]
    words = st.sampled_from(forms) if forms else st.just("niets")
    pieces = st.lists(st.one_of(words, st.sampled_from(["", " ", "1", ".", ",", "x", "€ ", "\""])), max_size=6).map("".join)
    numbers = st.sampled_from([v for v in facts.values() if isinstance(v, int)] or [7])
    leaves = st.one_of(pieces, numbers, st.integers(), st.none(), st.booleans())
    doc = draw(st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), inner, max_size=4)), max_leaves=20))
    return facts, doc


@settings(max_examples=300, deadline=None)
@given(case_and_document())
@example(({"tekst": '""\\'}, ['\\"\\"\\\\', "1234"]))  # a string holding the value as JSON writes it, which the text writes escaped once more
def test_one_search_over_the_whole_text_redacts_as_one_search_per_string(case: tuple[dict[str, Any], Any]) -> None:
    """``redact(doc, text)`` looks for the forms once in the document's JSON text; the result is
    the same as looking in every string of it."""
    facts, doc = case
    redactor = Redactor(facts, _SPEC_OF, date(2026, 1, 1))
    per_string = redactor.redact(doc)
    once = Redactor(facts, _SPEC_OF, date(2026, 1, 1)).redact(doc, json.dumps(doc, sort_keys=True, ensure_ascii=False))
    assert once == per_string


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(_VALUES)), st.data())
def test_a_value_is_searched_exactly_when_it_has_a_form(name: str, data: st.DataObject) -> None:
    """The redactor leaves out the values that ``searched`` says have no form (short numbers and
    texts, the reference date): that is only the same redaction if they indeed have none."""
    reference = date(2026, 1, 1)
    value = data.draw(st.one_of(_VALUES[name], st.just(reference), st.integers(-150, 150),
                                st.decimals(min_value=Decimal("-9.99"), max_value=Decimal("9.99"), places=2), st.text(max_size=4)))
    assert searched(_SPEC_OF[name], value, reference) == bool(value_forms(_SPEC_OF[name], value, reference))
