# SPDX-License-Identifier: EUPL-1.2
"""Problems at ``path:line:col``: a location in the policy data mapped to the place in its file.

Validation (pydantic), the semantic checks and the compiler name a location in the data, such as
``("controls", 1, "burden")``; these helpers find its line and column in the YAML document, so an
editor or CI can link to the spot.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from .._messages import Text
from ..errors import Problem
from .strict_yaml import YamlDocument


def at(doc: YamlDocument, loc: tuple[Any, ...], message: Text | str, code: str, *, key: bool = False) -> Problem:
    """The problem ``code`` at ``loc``; ``message`` a text of the catalogue (said in Dutch or English),
    or still English only (``tests/test_messages.py`` counts those)."""
    line, col = doc.locate(loc, key=key)
    if isinstance(message, Text):
        return Problem.of(doc.path, line, col, field_name(loc), message, code)
    return Problem(doc.path, line, col, field_name(loc), message, code)


def field_name(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "-"


def pydantic_problems(doc: YamlDocument, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = clean_loc(tuple(err["loc"]), doc.data)
        kind = err["type"]
        if kind == "extra_forbidden":
            problems.append(at(doc, loc, Text("load-unknown-key"), "policy-unknown-key", key=True))
        elif kind == "missing":
            problems.append(at(doc, loc[:-1], Text("load-missing-key", key=repr(loc[-1])), "policy-missing-key") if loc else at(doc, (), Text("load-missing-some-key"), "policy-missing-key"))
        else:
            problems.append(at(doc, loc, _said(err), "policy-invalid-value"))
    # a union (e.g. str | LocalizedText) reports one error per branch: keep one per location
    unique: dict[tuple[str, str], Problem] = {}
    for p in problems:
        unique.setdefault((p.field, p.code), p)
    return list(unique.values())


def _said(err: Any) -> Text | str:
    """What is wrong with a value, from pydantic's kind of error and its limits (never the input):
    a text of the catalogue, or pydantic's English for a kind not listed here."""
    ctx = err.get("ctx") or {}
    said = getattr(ctx.get("error"), "text", None)
    if isinstance(said, Text):  # a validator of the policy format said it (SaidError)
        return said
    if err["type"] == "is_instance_of":  # a field typed as a class (Decimal, date) given something else
        code = _INSTANCE_OF.get(str(ctx.get("class")))
        if code is not None:
            return Text(code)
    made = _KINDS.get(err["type"])
    if made is not None:
        code, limit, name = made
        if limit is None:
            return Text(code)
        if limit in ctx:
            value = _Choices(ctx[limit]) if limit == "expected" else ctx[limit]
            return Text(code, **{name: value})
    return str(err["msg"]).removeprefix("Value error, ")


class _Choices:
    """pydantic's list of the allowed values (``'a', 'b' or 'c'``), its last ``or`` in the language
    asked: the Dutch line said ``verwacht: 'nl' or 'be'``."""

    def __init__(self, said: object) -> None:
        self.said = str(said)

    def render(self, lang: str = "en") -> str:
        head, sep, tail = self.said.rpartition(" or ")
        return f"{head} of {tail}" if sep and lang == "nl" else self.said

    def __str__(self) -> str:
        return self.said

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Choices) and other.said == self.said

    def __hash__(self) -> int:
        return hash(self.said)


_KINDS: dict[str, tuple[str, str | None, str]] = {  # pydantic's kind: (code, the limit in its context, the placeholder)
    "too_short": ("load-too-short", "min_length", "n"), "too_long": ("load-too-long", "max_length", "n"),
    "literal_error": ("load-literal", "expected", "expected"), "enum": ("load-literal", "expected", "expected"),
    "string_type": ("load-not-text", None, ""), "int_type": ("load-not-whole", None, ""), "int_parsing": ("load-not-whole", None, ""),
    "int_from_float": ("load-not-whole", None, ""), "float_type": ("load-not-number", None, ""), "decimal_type": ("load-not-number", None, ""),
    "bool_type": ("load-not-bool", None, ""), "bool_parsing": ("load-not-bool", None, ""), "date_type": ("load-not-date", None, ""),
    "date_parsing": ("load-not-date", None, ""), "date_from_datetime_parsing": ("load-not-date", None, ""), "list_type": ("load-not-list", None, ""),
    "dict_type": ("load-not-mapping", None, ""), "model_type": ("load-not-mapping", None, ""), "model_attributes_type": ("load-not-mapping", None, ""),
    "greater_than_equal": ("load-at-least", "ge", "limit"), "greater_than": ("load-more-than", "gt", "limit"),
    "less_than_equal": ("load-at-most", "le", "limit"), "less_than": ("load-less-than", "lt", "limit"),
    "string_pattern_mismatch": ("load-pattern", "pattern", "pattern"), "string_too_short": ("load-text-too-short", "min_length", "n"),
    "string_too_long": ("load-text-too-long", "max_length", "n"),
}


_INSTANCE_OF = {"Decimal": "load-not-number", "date": "load-not-date"}
"""pydantic's ``is_instance_of`` by the class it asked for."""


def clean_loc(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """The location of an error in the data. pydantic also names the union branches it tried
    ('str', 'LocalizedText', 'dict[str,...]', 'function-after[...]'); those are dropped, but only
    where the data has no such key, so a parameter called ``int`` or a key ``a[b]`` keeps its place."""
    out: list[Any] = []
    node = data
    for p in loc:
        if isinstance(node, dict) and p in node:
            node = node[p]
        elif isinstance(node, list) and isinstance(p, int) and 0 <= p < len(node):
            node = node[p]
        elif isinstance(p, str) and ("[" in p or p.startswith("function-") or p in _BRANCHES):
            continue
        else:
            node = None
        out.append(p)
    return tuple(out)


_BRANCHES = frozenset({"bool", "int", "decimal", "str", "dict", "LocalizedText", "constrained-str"})
