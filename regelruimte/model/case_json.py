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

from ..errors import CaseError, FactProblem

MAX_DIGITS = 40
"""The most digits a number may have (a case's largest is twelve whole digits and two decimals)."""
MAX_DEPTH = 32
"""The deepest nesting of objects and lists (a case is three deep)."""
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,79}")


class JSONRefused(ValueError):
    """JSON text that regelruimte does not read; the message is one line and holds no value."""


def key_label(key: str) -> str:
    """A key as an error may show it: quoted when written as a name, else only that it is a key."""
    return repr(key) if _NAME.fullmatch(key) else "(a key that is not a name, not repeated here)"


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise JSONRefused(f"duplicate key {key_label(key)}")
        out[key] = value
    return out


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise JSONRefused(f"a number with more than {MAX_DIGITS} digits")
    return int(text)


def _float(text: str) -> Decimal:
    if len(text) > MAX_DIGITS + 8:
        raise JSONRefused(f"a number with more than {MAX_DIGITS} digits")
    return Decimal(text)


def _constant(name: str) -> Any:
    raise JSONRefused("NaN or Infinity is not a number in JSON")


def _check(data: Any) -> None:
    """Nesting within :data:`MAX_DEPTH`, and every text (keys too) valid Unicode; iterative."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _unicode(item)
        elif isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                raise JSONRefused(f"nested deeper than {MAX_DEPTH} levels")
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
        raise JSONRefused("text that is not valid Unicode (a lone surrogate such as \\ud800)") from None


def loads(raw: bytes | str) -> Any:
    """Parse JSON text strictly: UTF-8, no duplicate keys, numbers as exact ``int``/``Decimal`` of
    at most :data:`MAX_DIGITS` digits, no NaN or Infinity, at most :data:`MAX_DEPTH` deep, valid Unicode.

    Raises:
        JSONRefused: why, in one line (a position at most, never a value).
    """
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JSONRefused(f"not UTF-8 text (byte {exc.start + 1})") from None
    else:
        text = raw
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise JSONRefused(f"not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise JSONRefused(f"nested deeper than {MAX_DEPTH} levels") from None
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
        raise CaseError([FactProblem(f"({where})", "a JSON object in UTF-8 with 'date' and 'facts'", str(exc))]) from None
    if not isinstance(data, dict):
        raise CaseError([FactProblem(f"({where})", "a JSON object with 'date' and 'facts'", "not a JSON object")])
    return data
