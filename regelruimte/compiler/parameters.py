# SPDX-License-Identifier: EUPL-1.2
"""Parameters over time: each parameter's values as a timeline of typed values, checked (date order,
no gap at the policy's start, a value per key), and the parameters a signal's pattern may read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .._messages import Text
from ..model.base import to_decimal
from ..model.facts import Parameter
from ..model.policy import Policy

Loc = tuple[str | int, ...]
Issue = tuple[Loc, Text, str]  # (location in the policy data, message, problem code)


def expression_problem(exc: Exception) -> Text:
    """An expression that does not parse, type or compile, with its column (the reason in the
    catalogue's words when the error carries them)."""
    reason = getattr(exc, "text", None)
    return Text("comp-expression", reason=reason if isinstance(reason, Text) else str(exc), column=getattr(exc, "column", 0) + 1)


def timelines(policy: Policy, params: dict[str, Parameter], issues: list[Issue]) -> dict[str, list[tuple[date, Any]]]:
    out: dict[str, list[tuple[date, Any]]] = {}
    for name, param in params.items():
        local = name in policy.parameters
        timeline: list[tuple[date, Any]] = []
        previous: date | None = None
        for j, pv in enumerate(param.values):
            loc: Loc = ("parameters", name, "values", j) if local else ("uses",)
            if previous is not None and pv.from_ <= previous:
                issues.append((loc + ("from",) if local else loc, Text("comp-parameter-order", name=repr(name)), "parameter-order"))
            previous = pv.from_
            value = _typed_value(name, param, pv.value, loc, issues, local)
            timeline.append((pv.from_, value))
        if timeline and timeline[0][0] > policy.valid_from:
            issues.append((("parameters", name, "values", 0, "from") if local else ("uses",), Text("comp-parameter-gap", name=repr(name), date=policy.valid_from.isoformat()), "parameter-gap"))
        out[name] = timeline
    return out


def _typed_value(name: str, param: Parameter, raw: Any, loc: Loc, issues: list[Issue], local: bool) -> Any:
    def one(v: Any, where: Loc) -> Any:
        try:
            if param.type in ("money", "decimal"):
                return to_decimal(v, money=param.type == "money")
            if param.type == "int" and isinstance(v, int) and not isinstance(v, bool):
                return v
            if param.type == "bool" and isinstance(v, bool):
                return v
            issues.append((where, Text("comp-parameter-value", name=repr(name), reason=Text("comp-expect-whole" if param.type == "int" else "comp-expect-bool")),
                           "parameter-value"))
            return None
        except ValueError as exc:  # SaidError: the policy format's own reason
            issues.append((where, Text("comp-parameter-value", name=repr(name), reason=getattr(exc, "text", None) or str(exc)), "parameter-value"))
            return None

    vloc = loc + ("value",) if local else loc
    if param.keys:
        if not isinstance(raw, dict):
            issues.append((vloc, Text("comp-parameter-keys-needed", name=repr(name), keys=", ".join(param.keys)), "parameter-keys"))
            return {}
        missing = sorted(set(param.keys) - set(raw))
        extra = sorted(set(raw) - set(param.keys))
        if missing:
            issues.append((vloc, Text("comp-parameter-missing-keys", name=repr(name), keys=", ".join(missing)), "parameter-keys"))
        if extra:
            issues.append((vloc, Text("comp-parameter-extra-keys", name=repr(name), keys=", ".join(extra)), "parameter-keys"))
        return {k: one(v, vloc + (k,) if local else vloc) for k, v in raw.items() if k in param.keys}
    if isinstance(raw, dict):
        issues.append((vloc, Text("comp-parameter-no-keys", name=repr(name)), "parameter-keys"))
        return None
    return one(raw, vloc)


def constants(policy: Policy, params: dict[str, Parameter], timelines: dict[str, list[tuple[date, Any]]]) -> dict[str, Any]:
    """Parameters with one value over the policy's whole validity (whole numbers, amounts, yes/no):
    the only parameters a signal's pattern may read, because a ruleset is compiled once per version."""
    out: dict[str, Any] = {}
    for name, timeline in timelines.items():
        param = params[name]
        if param.keys or param.type == "decimal":
            continue
        during = [value for i, (start, value) in enumerate(timeline)
                  if (policy.valid_until is None or start < policy.valid_until)
                  and (i + 1 == len(timeline) or timeline[i + 1][0] > policy.valid_from)]
        if during and None not in during and len(set(during)) == 1:
            out[name] = during[0]
    return out
