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

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from ._internal import Fact, format_money, in_context

_CENT = Decimal("0.01")
_DIGIT = re.compile(r"[0-9]")
_BSN_LIKE = re.compile(r"(?<![0-9])[0-9]{8,9}(?![0-9])")


def marker(fact: str) -> str:
    return f"[niet gelogd: {fact}]"


def searched(fact: Fact, value: Any, reference_date: date | None = None) -> bool:
    """Whether ``value`` is looked for at all (``value_forms`` gives it a form): not a yes/no or
    a choice, not a short number or text, not the reference date."""
    if isinstance(value, bool) or fact.type in ("bool", "enum"):
        return False
    if isinstance(value, Decimal):
        return sum(c.isdigit() for c in format(value, "f")) >= 3
    if isinstance(value, int):
        return abs(value) >= 100
    if isinstance(value, date):
        return value != reference_date
    return isinstance(value, str) and len(value.strip()) >= 3


@in_context
def value_forms(fact: Fact, value: Any, reference_date: date | None = None) -> list[str]:
    """The texts under which ``value`` can appear in an assessment (longest first)."""
    forms: set[str] = set()
    if not searched(fact, value, reference_date):
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
        forms |= {value, json.dumps(value, ensure_ascii=False)[1:-1]}  # as it is, and as it is written inside JSON
    return sorted(forms, key=lambda s: (-len(s), s))


_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


def _token_at(text: str, form: str, start: int = 0) -> int:
    """Where ``form`` occurs in ``text`` as a whole token (not inside a longer number or word:
    1234 is not found in 12345, nor 12345.6 in 12345.67), from ``start``; -1 when it does not.
    Plain string search, no regular expression: a new one for every case would cost more than
    the search."""
    while (i := text.find(form, start)) >= 0:
        end = i + len(form)
        before = text[i - 1] if i else ""
        before_digit = text[i - 2] if i > 1 else ""
        after = text[end] if end < len(text) else ""
        after_digit = text[end + 1] if end + 1 < len(text) else ""
        if (before not in _WORD and after not in _WORD and not (after and after in ".," and after_digit.isdigit())
                and not (before and before in ".," and before_digit.isdigit())):
            return i
        start = i + 1
    return -1


@in_context
def _quick(value: Any) -> tuple[str, ...]:
    """Substrings at least one of which every text form of ``value`` contains (``value_forms``; a
    test checks this on many values): a cheap test that spares formatting the values that cannot
    be in a text at all, and searching for the forms whose substrings are not in it."""
    if isinstance(value, Decimal):  # the last six characters of each form, with a decimal point or comma, once each
        exact = value.copy_abs()  # abs() would round to the context's precision
        tail = format(exact.quantize(_CENT), "f")[-6:]
        tail_up = format(exact.quantize(_CENT, rounding=ROUND_HALF_UP), "f")[-6:]  # as format_money rounds
        plain = format(exact, "f")[-6:]
        return tuple(dict.fromkeys(q for t in (tail, tail_up, plain) for q in (t, t.replace(".", ","))))
    if isinstance(value, date):
        return (f"{value.year:04d}",)
    if isinstance(value, str):  # inside a JSON text, a quote, backslash or newline is written escaped
        return tuple(dict.fromkeys((value, _json_escaped(value))))
    return (str(value),)


_DIGITS_ONLY = bytes(c if 0x30 <= c <= 0x39 else 0x20 for c in range(256))
"""A ``bytes.translate`` table that keeps the digits and makes every other byte a space."""
_SORT_BY_RUNS = 2
"""From how many amounts on, one pass over the document's digits (about 10 us on a lean document:
:mod:`.lean`) costs less than searching the document for each quick substring of each amount
(about 2.5 us a search; an amount has two to six). Until 2026-12-08 an amount was first looked
for with a pattern of its quick substrings (one read per amount; this pass from 5 amounts on),
which cost less on a bench that records the same cases again, but compiling the pattern of a new
amount costs 50-100 us, and in a municipality's log nearly every case brings new amounts."""


@in_context
def _last_runs(value: Decimal) -> tuple[tuple[bytes, ...], ...]:
    """The last two runs of digits (one, where there is only one) of every text form of ``value``
    (``value_forms``; a test checks this on many values). Each form is the plain form, or the
    amount in cents rounded half-even (``quantize``) or half-up (``format_money``), with a point
    or a comma, and with the thousands grouped or not: so it ends in the digits after the point,
    after the whole digits or their last group of three."""
    a = value.copy_abs()  # abs() would round to the context's precision
    runs: set[tuple[str, ...]] = set()
    for text in (format(a, "f"), format(a.quantize(_CENT, rounding=ROUND_HALF_EVEN), "f"), format(a.quantize(_CENT, rounding=ROUND_HALF_UP), "f")):
        whole, point, fraction = text.partition(".")
        runs |= {(whole, fraction), (whole[-3:], fraction)} if point else {(whole,)}
    return tuple(sorted(tuple(r.encode("ascii") for r in run) for run in runs))


def _json_escaped(text: str) -> str:
    """``text`` as it is written inside a JSON string (``ensure_ascii=False``)."""
    if '"' not in text and "\\" not in text and text.isprintable():  # the common case, without a call to json
        return text
    return json.dumps(text, ensure_ascii=False)[1:-1]


_Amount = tuple[tuple[str, ...], tuple[tuple[bytes, ...], ...]]
_AMOUNTS: dict[str, _Amount | None] = {}
_AMOUNT_FORMS: dict[tuple[str, bool], list[str]] = {}
_KEPT = 65536
"""How many amounts each cache keeps before it starts again."""


def _amount(value: Decimal, key: str | None = None) -> _Amount | None:
    """``_quick`` and ``_last_runs`` of an amount, or None when it is not searched for (too few
    digits: ``searched``), kept per value (cases share many amounts, and formatting one costs more
    than searching for it: the library's decimal context is entered for each). The key is the
    amount's text (``str(value)``; given when the caller has it), which tells ``0.00`` from ``0``."""
    key = str(value) if key is None else key
    try:
        return _AMOUNTS[key]
    except KeyError:
        pass
    if len(_AMOUNTS) >= _KEPT:
        _AMOUNTS.clear()
    if sum(c.isdigit() for c in format(value, "f")) < 3:
        _AMOUNTS[key] = None
        return None
    quick = _quick(value)
    kept = _AMOUNTS[key] = (quick, _last_runs(value))
    return kept


def _amount_forms(fact: Fact, value: Decimal, reference_date: date | None) -> list[str]:
    """``value_forms`` of an amount, kept per value and whether it is money (all they depend on)."""
    key = (str(value), fact.type == "money")
    kept = _AMOUNT_FORMS.get(key)
    if kept is None:
        if len(_AMOUNT_FORMS) >= _KEPT:
            _AMOUNT_FORMS.clear()
        kept = _AMOUNT_FORMS[key] = value_forms(fact, value, reference_date)
    return kept


def searchable_facts(specs: Mapping[str, Fact]) -> list[tuple[str, Fact]]:
    """The facts of ``specs`` whose values a :class:`Redactor` looks for, in name order: not
    loggable, not a yes/no or a choice (never searched for: ``searched``)."""
    return [(name, specs[name]) for name in sorted(specs)
            if not specs[name].loggable and specs[name].type not in ("bool", "enum")]


class Redactor:
    """Replaces the values of a case's non-loggable facts in a JSON document."""

    def __init__(self, facts: Mapping[str, Any], specs: Mapping[str, Fact], reference_date: date | None,
                 searchable: Sequence[tuple[str, Fact]] | None = None) -> None:
        """``searchable``: :func:`searchable_facts` of ``specs``, when the caller keeps it (per
        policy: the same for each of its cases)."""
        self.reference_date = reference_date
        self.candidates: list[tuple[str, Fact, Any, tuple[str, ...]]] = []
        self._last: list[tuple[tuple[bytes, ...], ...] | None] = []
        """Each candidate's last runs of digits per form (``_last_runs``), for an amount."""
        self.numbers: dict[int, str] = {}
        self._quick_json: list[tuple[str, ...]] | None = None
        """Each candidate's quick substrings and how they are written inside a JSON string."""
        seen: set[tuple[str, str, bool]] = set()
        for name, spec in searchable_facts(specs) if searchable is None else searchable:
            if name not in facts:
                continue
            value = facts[name]
            if type(value) is bool:
                continue
            # a value with the same forms as a fact before it in name order (many amounts of a case
            # are 0.00) is left out: each of its forms goes to that fact anyway
            decimal = type(value) is Decimal
            text = str(value)
            key = (type(value).__name__, text, decimal and spec.type == "money")
            if key in seen:
                continue
            if decimal and spec.type not in ("bool", "enum"):  # ``searched``, for an amount
                amount = _amount(value, text)
                if amount is not None:
                    seen.add(key)
                    self.candidates.append((name, spec, value, amount[0]))
                    self._last.append(amount[1])
                continue
            if not searched(spec, value, reference_date):
                continue  # a value without a form is never found: leaving it out spares a test per text
            seen.add(key)
            self.candidates.append((name, spec, value, _quick(value)))
            self._last.append(None)
            if isinstance(value, int) and abs(value) >= 100:
                self.numbers.setdefault(value, name)
        self._texts = any(isinstance(c[2], str) for c in self.candidates)
        """Whether a value searched for is a text: otherwise every form has an ASCII digit."""
        self._forms: dict[int, list[str]] = {}
        """The text forms of each candidate's value, formatted the first time they are needed (a
        redactor serves one case: its reason, its document, and every string in that document)."""

    @property
    def has_texts(self) -> bool:
        """Whether a value searched for is a text (otherwise every form has an ASCII digit and no quote)."""
        return self._texts

    def _forms_of(self, i: int) -> list[str]:
        forms = self._forms.get(i)
        if forms is None:
            _name, spec, value, _quick_forms = self.candidates[i]
            forms = _amount_forms(spec, value, self.reference_date) if isinstance(value, Decimal) else value_forms(spec, value, self.reference_date)
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 100:
                forms = [*forms, str(value)]
            self._forms[i] = forms
        return forms

    def forms_in(self, text: str, *, in_json: bool = False, skip: frozenset[int] = frozenset(), raw: bytes | None = None) -> list[tuple[str, str]]:
        """``(form, fact)`` of every value that may occur in ``text``, longest form first (so
        "€ 12.345,67" is replaced before "12.345,67" could be); a form two facts share goes to the
        first in name order. ``in_json``: ``text`` is the JSON text of a document, and the forms
        are those that may occur in any of its strings (written escaped in ``text``). ``skip``:
        candidates known not to be in ``text``. ``raw``: not used (kept for callers)."""
        fact_of: dict[str, str] = {}
        quicks = [c[3] for c in self.candidates]
        if in_json:
            if self._quick_json is None:
                self._quick_json = [tuple(dict.fromkeys(q2 for q in qs for q2 in (q, _json_escaped(q)))) for qs in quicks]
            quicks = self._quick_json
        for i, (name, _spec, _value, _q) in enumerate(self.candidates):
            if i in skip:
                continue
            if in_json:
                if any(q in text for q in quicks[i]):
                    for form in self._forms_of(i):
                        fact_of.setdefault(form, name)
                continue
            # every form contains one of the quick substrings, so a form that contains none of
            # those found cannot be in the text: it is not searched for (each search reads the text)
            found = [q for q in quicks[i] if q in text]
            if found:
                for form in self._forms_of(i):
                    if any(q in form for q in found):
                        fact_of.setdefault(form, name)
        return sorted(fact_of.items(), key=lambda fn: (-len(fn[0]), fn[0]))

    def fact_in(self, text: str) -> str | None:
        """The name of a fact whose value appears in ``text`` as a whole token (None if none does)."""
        if not self._texts and _DIGIT.search(text) is None:  # every form of an amount, number or date has a digit
            return None
        for form, name in self.forms_in(text):
            if form in text and _token_at(text, form) >= 0:
                return name
        return None

    def needed(self, text: str) -> bool:
        return self.fact_in(text) is not None

    def redact_text(self, text: str, raw: bytes | None = None) -> str:
        """``text`` with every value replaced (for JSON text: when no whole-number fact could
        stand as a bare JSON number, which only the parsed document can tell).

        ``raw``: ``text`` in UTF-8, when the caller has it. With several amounts to look for, the
        runs of digits in it are then collected in one pass, and an amount is not searched for
        when no form of it has its last two runs of digits among them: a form found as a whole
        token neither starts after a digit nor ends before one (``_token_at``), so each of its
        runs of digits is a whole run of the text (UTF-8 writes no other character with a byte of
        a digit). A test compares the result with and without ``raw``.
        """
        skip: frozenset[int] = frozenset()
        if raw is not None and sum(last is not None for last in self._last) >= _SORT_BY_RUNS:
            runs = set(raw.translate(_DIGITS_ONLY).split())
            skip = frozenset(i for i, last in enumerate(self._last)
                             if last is not None and not any(all(r in runs for r in form) for form in last))
        return self._replace(text, set(), self.forms_in(text, skip=skip, raw=raw))

    def _replace(self, text: str, found: set[str], forms: list[tuple[str, str]] | None = None) -> str:
        for form, name in self.forms_in(text) if forms is None else forms:
            if form not in text:
                continue
            out, start = [], 0
            while (i := _token_at(text, form, start)) >= 0:
                out += [text[start:i], marker(name)]
                start = i + len(form)
                found.add(name)
            text = "".join(out) + text[start:] if out else text
        return text

    def redact(self, doc: Any, text: str | None = None) -> tuple[Any, set[str]]:
        """``doc`` with every value replaced, and the names of the facts that were found.

        ``text``: the JSON text of ``doc`` (``json.dumps(doc, ensure_ascii=False)``), when the
        caller has it: the forms are then looked for once in the whole text instead of once per
        string. Same result: a form that occurs in a string contains one of its fact's quick
        substrings, which then occurs in the text as it is written inside JSON (``in_json``), so
        the text's forms are the strings' forms and more, mapped to the same facts, and a form
        that is not in a string is skipped there.
        """
        found: set[str] = set()
        forms = None if text is None else self.forms_in(text, in_json=True)

        def walk(node: Any) -> Any:
            if isinstance(node, dict):
                return {k: walk(v) for k, v in node.items()}
            if isinstance(node, list):
                return [walk(v) for v in node]
            if isinstance(node, str):
                return self._replace(node, found, forms)
            if isinstance(node, int) and not isinstance(node, bool) and node in self.numbers:
                found.add(self.numbers[node])
                return marker(self.numbers[node])
            return node

        return walk(doc), found


def bsn_like(text: str) -> bool:
    """Whether ``text`` holds a number of 8 or 9 digits that passes the BSN eleven-test."""
    for match in _BSN_LIKE.finditer(text):
        digits = match.group().zfill(9)
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
        if total % 11 == 0:
            return True
    return False
