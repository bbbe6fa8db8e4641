# SPDX-License-Identifier: EUPL-1.2
"""The caller's decimal context never changes a result (issue 13, item 1).

A notebook or an application may set ``decimal.getcontext().prec = 3`` or turn the traps off for
its own reasons. Every exact computation of regelruimte runs in the library's own local context,
so every bundled example case gives the same assessment (JSON with values, Markdown, HTML, the
lazy smallest changes), the same screening frame and the same review, byte for byte, and the
caller's context is left as it was.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

import regelruimte as rr
from regelruimte.compiler import compiled_policy
from regelruimte.model.policy import Policy
from regelruimte.money import format_money, format_percent

ROOT = Path(__file__).resolve().parents[1]
POLICIES = rr.load_policies(ROOT / "policies")
ALL = [p for pid in sorted(POLICIES) for p in POLICIES.versions(pid)]


@contextmanager
def hostile_context() -> Iterator[decimal.Context]:
    """Three digits, every trap off: what a careless caller might leave in its thread."""
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        for trap in list(ctx.traps):
            ctx.traps[trap] = False
        yield ctx


def _assessed() -> list[str]:
    out = []
    for policy in ALL:
        for i, t in enumerate(policy.tests):
            a = rr.assess(policy, {"date": t.date, "facts": policy.test_facts(i)})
            out.append(a.to_json(show_values=True) + a.to_markdown() + a.to_html() + a.trace(show_values=True))
    return out


def _frame(policy: Policy, rows: list[dict[str, Any]]) -> pl.DataFrame:
    dtypes = {"money": pl.Decimal(38, 2), "decimal": pl.Decimal(38, 12), "int": pl.Int64, "bool": pl.Boolean, "date": pl.Date}
    return pl.DataFrame({"id": list(range(len(rows))),
                         **{n: pl.Series(n, [r.get(n) for r in rows], dtype=dtypes.get(f.type, pl.String)) for n, f in policy.facts.items()}})


def _screened() -> list[Any]:
    out: list[Any] = []
    for policy in ALL:
        by_day: dict[date, list[dict[str, Any]]] = {}
        for i, t in enumerate(policy.tests):
            by_day.setdefault(t.date, []).append(compiled_policy(policy).facts.validate(policy.test_facts(i)))
        for day, rows in sorted(by_day.items()):
            s = rr.screen([policy], _frame(policy, rows), date=day)
            assert isinstance(s.frame, pl.DataFrame)
            out.append((s.frame.rows(), s.summary.rows(), s.to_markdown() if hasattr(s, "to_markdown") else None))
    return out


def test_every_example_case_assesses_the_same_in_a_hostile_context() -> None:
    expected = _assessed()
    assert len(expected) >= 100
    with hostile_context() as ctx:
        got = _assessed()
        assert decimal.getcontext() is ctx and ctx.prec == 3, "the caller's context is restored"
    changed = [i for i, (a, b) in enumerate(zip(expected, got, strict=True)) if a != b]
    assert not changed, f"{len(changed)} of {len(expected)} example cases changed"


def test_every_example_case_screens_the_same_in_a_hostile_context() -> None:
    expected = _screened()
    with hostile_context():
        got = _screened()
    assert got == expected


def test_review_and_money_texts_are_the_same_in_a_hostile_context() -> None:
    expected = [rr.review(p).to_json() for p in ALL]
    with hostile_context():
        got = [rr.review(p).to_json() for p in ALL]
        money = (format_money(Decimal("1401.5")), format_money(Decimal("-123456789012.345"), "en"), format_percent(Decimal("0.0085")))
    assert got == expected
    assert money == ("€ 1.401,50", "-€123,456,789,012.35", "0,9%")


def test_every_registered_view_draws_in_the_library_context() -> None:
    """Each view is registered through ``render.registry.register`` (the property report's went to
    ``_display.register`` directly and drew in the caller's context)."""
    import importlib

    from regelruimte import _display
    from regelruimte._exact import in_context

    for module in ("regelruimte.render", "regelruimte.decisions.friction_views", "regelruimte.decisions.register_views"):
        importlib.import_module(module)
    wrapper = in_context(lambda: None).__code__
    drawn = {cls.__name__: [f for f in (v.rich, v.mimebundle, v.html, v.markdown) if f is not None] for cls, v in _display._VIEWS.items()}
    assert {"Assessment", "PropertyReport", "Friction", "Review", "Screening"} <= set(drawn)
    assert {name for name, fns in drawn.items() if any(f.__code__ is not wrapper for f in fns)} == set()
