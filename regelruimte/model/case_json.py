# SPDX-License-Identifier: EUPL-1.2
"""A case as JSON text, read strictly: what Python's ``json`` lets through is refused in one line.

``json.loads`` takes the last of two equal keys without a word (``{"netto_inkomen": "1000.00",
"netto_inkomen": "1401.50"}`` is 1401.50), raises Python's own errors for text that is not UTF-8,
a whole number of thousands of digits or a nesting thousands deep, and gives back lone
surrogates (``"\\ud800"``) that no file or pseudonym can encode. :func:`loads` refuses each of
them with a :class:`JSONRefused` whose message names a key only when it is written as a name
(letters, digits and ``_``, not starting with a digit: a fact name, never a BSN or a person's
name), and never a value. :func:`read_case_json` turns that into a :class:`~regelruimte.errors.CaseError`.

Example:
    >>> loads('{"facts": {"a": 1, "a": 2}}')
    Traceback (most recent call last):
    regelruimte.model.case_json.JSONRefused: duplicate key 'a'
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from .._messages import Text
from ..errors import CaseError, FactProblem

MAX_DIGITS = 40
"""The most digits a number may have (a case's largest is twelve whole digits and two decimals)."""
MAX_DEPTH = 32
"""The deepest nesting of objects and lists (a case is three deep)."""
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,79}")


class JSONRefused(ValueError):
    """JSON text that regelruimte does not read; the message is one line and holds no value.
    ``text`` is the reason in the catalogue (Dutch and English); ``str()`` is its English."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(str(text))


def key_label(key: str) -> str:
    """A key as an error may show it: quoted when written as a name, else only that it is a key."""
    return repr(key) if _NAME.fullmatch(key) else str(Text("json-key-not-name"))


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise JSONRefused(Text("json-duplicate-key", key=repr(key) if _NAME.fullmatch(key) else Text("json-key-not-name")))
        out[key] = value
    return out


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise JSONRefused(Text("json-number-too-long", n=MAX_DIGITS))
    return int(text)


def _float(text: str) -> Decimal:
    if len(text) > MAX_DIGITS + 8:
        raise JSONRefused(Text("json-number-too-long", n=MAX_DIGITS))
    return Decimal(text)


def _constant(name: str) -> Any:
    raise JSONRefused(Text("json-not-a-number"))


def _check(data: Any) -> None:
    """Nesting within :data:`MAX_DEPTH`, and every text (keys too) valid Unicode; iterative."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _unicode(item)
        elif isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                raise JSONRefused(Text("json-too-deep", n=MAX_DEPTH))
            if isinstance(item, dict):
                for key, value in item.items():
                    _unicode(key)
                    stack.append((value, depth + 1))
            else:
                stack.extend((value, depth + 1) for value in item)


def _unicode(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise JSONRefused(Text("json-not-unicode")) from None


def loads(raw: bytes | str) -> Any:
    """Parse JSON text strictly: UTF-8, no duplicate keys, numbers as exact ``int``/``Decimal`` of
    at most :data:`MAX_DIGITS` digits, no NaN or Infinity, at most :data:`MAX_DEPTH` deep, valid Unicode.

    Raises:
        JSONRefused: why, in one line (a position at most, never a value).
    """
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")  # UTF-8 has no surrogates: the decoder refuses them
        except UnicodeDecodeError as exc:
            raise JSONRefused(Text("json-not-utf8-at", byte=exc.start + 1)) from None
    else:
        text = raw
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise JSONRefused(Text("json-invalid", line=exc.lineno, column=exc.colno)) from None
    except RecursionError:
        raise JSONRefused(Text("json-too-deep", n=MAX_DEPTH)) from None
    # The walk over every text is needed only when a text can hold a lone surrogate (written as a
    # \u escape, or in a str given, not decoded bytes) or the nesting can be too deep (counted from
    # the brackets, strings included, an upper bound); a case has neither (the HTTP API's hot path).
    if not isinstance(raw, bytes) or "\\u" in text or text.count("{") + text.count("[") > MAX_DEPTH:
        _check(data)
    return data


def read_case_json(raw: bytes | str, where: str = "the case") -> dict[str, Any]:
    """A case file's text as the mapping :func:`regelruimte.assess` takes (``date``, ``facts``, ``id``).

    Raises:
        CaseError: the text is not strict JSON (:func:`loads`) or not a JSON object; one problem,
            one line, named after ``where``.
    """
    try:
        data = loads(raw)
    except JSONRefused as exc:
        raise CaseError([FactProblem.of(f"({where})", Text("expect-case-json"), exc.text)]) from None
    if not isinstance(data, dict):
        raise CaseError([FactProblem.of(f"({where})", Text("expect-case-object"), Text("not-json-object"))])
    return data
