# SPDX-License-Identifier: EUPL-1.2
"""Problems at ``path:line:col``: a location in the policy data mapped to the place in its file.

Validation (pydantic), the semantic checks and the compiler name a location in the data, such as
``("controls", 1, "burden")``; these helpers find its line and column in the YAML document, so an
editor or CI can link to the spot.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..errors import Problem
from .strict_yaml import YamlDocument


def at(doc: YamlDocument, loc: tuple[Any, ...], message: str, code: str, *, key: bool = False) -> Problem:
    line, col = doc.locate(loc, key=key)
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
            problems.append(at(doc, loc, "unknown key (check the spelling; see schema/policy.v1.json)", "policy-unknown-key", key=True))
        elif kind == "missing":
            problems.append(at(doc, loc[:-1], f"missing required key {loc[-1]!r}", "policy-missing-key") if loc else at(doc, (), "missing required key", "policy-missing-key"))
        else:
            msg = str(err["msg"]).removeprefix("Value error, ")
            problems.append(at(doc, loc, msg, "policy-invalid-value"))
    # a union (e.g. str | LocalizedText) reports one error per branch: keep one per location
    unique: dict[tuple[str, str], Problem] = {}
    for p in problems:
        unique.setdefault((p.field, p.code), p)
    return list(unique.values())


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
