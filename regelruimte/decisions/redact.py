# SPDX-License-Identifier: EUPL-1.2
"""Keeping case values out of the log.

``Assessment.to_json()`` leaves out the values the rules used, but results can still carry one: a
recovery whose amount *is* the amount paid too much, a distance to a limit of zero, a citizen text
that names the amount. So before the assessment is stored, every place where the text of a fact's
value appears is replaced by ``[niet gelogd: <fact>]``, unless the policy declares the fact
``loggable``. The replacement is a function of the case's facts, and it can be undone only with
them: replaying with the municipality's case file redacts the new assessment the same way, so
comparing the redacted documents is comparing the assessments.

What counts as the text of a value: for amounts and numbers the plain form (``12345.67``), the
Dutch and English money forms with and without the euro sign (``€ 12.345,67``, ``12,345.67``) and
the Dutch decimal comma; for whole numbers the digits; for dates the ISO form and ``dd-mm-yyyy``;
for text the whole text. Short values (fewer than three digits, texts under three characters),
yes/no facts and choices are not searched: their text occurs everywhere (a ``2``, ``ja``, a choice
the policy itself names) and says nothing about a person on its own. Dates equal to the reference
date are not searched either: the reference date is part of every entry.

A reason written by a professional is checked, not redacted: one that contains a case value or a
BSN-like number is refused, so the professional writes the reason without it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ._internal import Fact, format_money

_BSN_LIKE = re.compile(r"(?<![0-9])[0-9]{8,9}(?![0-9])")


def marker(fact: str) -> str:
    return f"[niet gelogd: {fact}]"


def value_forms(fact: Fact, value: Any, reference_date: date | None = None) -> list[str]:
    """The texts under which ``value`` can appear in an assessment (longest first)."""
    forms: set[str] = set()
    if isinstance(value, bool) or fact.type in ("bool", "enum"):
        return []
    if isinstance(value, Decimal):
        plain = format(value, "f")
        if sum(c.isdigit() for c in plain) < 3:
            return []
        forms.add(plain)
        if fact.type == "money" or value == value.quantize(Decimal("0.01")):
            money_nl, money_en = format_money(value, "nl"), format_money(value, "en")
            forms |= {money_nl, money_en, money_nl.replace("€", "").strip(), money_en.replace("€", "").strip()}
            forms.add(format(value.quantize(Decimal("0.01")), "f"))
        forms |= {f.replace(".", ",") for f in list(forms) if "," not in f}
    elif isinstance(value, int):
        if abs(value) >= 100:
            forms.add(str(value))
    elif isinstance(value, date):
        if value != reference_date:
            forms |= {value.isoformat(), value.strftime("%d-%m-%Y")}
    elif isinstance(value, str) and len(value.strip()) >= 3:
        forms.add(value)
    return sorted(forms, key=lambda s: (-len(s), s))


def _pattern(form: str) -> re.Pattern[str]:
    # whole tokens only: 1234 is not redacted inside 12345, nor 12345.6 inside 12345.67
    return re.compile(r"(?<![0-9A-Za-z_])" + re.escape(form) + r"(?![0-9A-Za-z_]|[.,][0-9])")


class Redactor:
    """Replaces the values of a case's non-loggable facts in a JSON document."""

    def __init__(self, facts: Mapping[str, Any], specs: Mapping[str, Fact], reference_date: date | None) -> None:
        self.forms: list[tuple[str, str]] = []  # (form, fact), longest forms first
        self.numbers: dict[int, str] = {}
        for name in sorted(facts):
            spec = specs.get(name)
            if spec is None or spec.loggable:
                continue
            value = facts[name]
            self.forms += [(form, name) for form in value_forms(spec, value, reference_date)]
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 100:
                self.numbers[value] = name
            if isinstance(value, Decimal) and value == value.to_integral_value() and abs(value) >= 100:
                self.numbers[int(value)] = name
        self.forms.sort(key=lambda fn: (-len(fn[0]), fn[0], fn[1]))
        self._patterns = [(_pattern(f), n) for f, n in self.forms]

    def needed(self, text: str) -> bool:
        """Whether any value might occur in ``text`` (a quick substring test before the exact walk)."""
        return any(f in text for f, _ in self.forms) or any(str(n) in text for n in self.numbers)

    def redact(self, doc: Any) -> tuple[Any, set[str]]:
        """``doc`` with every value replaced, and the names of the facts that were found."""
        found: set[str] = set()

        def walk(node: Any) -> Any:
            if isinstance(node, dict):
                return {k: walk(v) for k, v in node.items()}
            if isinstance(node, list):
                return [walk(v) for v in node]
            if isinstance(node, str):
                out = node
                for pattern, name in self._patterns:
                    out, n = pattern.subn(marker(name), out)
                    if n:
                        found.add(name)
                return out
            if isinstance(node, int) and not isinstance(node, bool) and node in self.numbers:
                found.add(self.numbers[node])
                return marker(self.numbers[node])
            return node

        return walk(doc), found

    def fact_in(self, text: str) -> str | None:
        """The name of a fact whose value appears in ``text`` (None if none does)."""
        for pattern, name in self._patterns:
            if pattern.search(text):
                return name
        for number, name in self.numbers.items():
            if _pattern(str(number)).search(text):
                return name
        return None


def bsn_like(text: str) -> bool:
    """Whether ``text`` holds a number of 8 or 9 digits that passes the BSN eleven-test."""
    for match in _BSN_LIKE.finditer(text):
        digits = match.group().zfill(9)
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
        if total % 11 == 0:
            return True
    return False
