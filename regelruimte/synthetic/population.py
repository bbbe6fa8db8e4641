# SPDX-License-Identifier: EUPL-1.2
"""A synthetic population for examples, tests and benchmarks: ``generate(policies, n, ...)``.

One row per household (the unit of ``docs/facts.md``), with a pseudonymous ``id`` ("h0000001"),
a district ``wijk``, one column per fact of every given policy (the union of their facts) and,
unless ``take_up=False``, a boolean ``ontvangt_<policy id>`` per policy: whether the household
already receives it. Receipt is drawn *only among the households the letter entitles* (computed
with :func:`regelruimte.screen` itself), at a take-up rate per policy, so non-take-up exists the
way it does in reality.

Nobody in it exists. The numbers are **illustrative**: chosen so that outcomes are mixed and
the orders of magnitude resemble a Dutch city, not estimated from data. Where a figure comes
from a source it is named below; everything else says "illustrative". Do not publish results
computed on this population as facts about any real place.

Properties:

* deterministic for a seed: the same ``(policies, n, seed, reference_date, take_up, unknown)``
  gives the same frame, bit for bit. Each topic draws from its own random stream
  (``numpy.random.default_rng([seed, crc32(topic)])``), so adding a policy does not change the
  households' incomes, ages or other columns that were already there;
* exact money: amounts are drawn in whole cents (int64) and stored as polars ``Decimal(38, 2)``,
  never as floats; fractions (``decimal`` facts) as ``Decimal(38, 4)``; choices as polars
  ``Enum`` with the fact's own values; dates as ``Date``;
* vectorised numpy and polars: a million households in a few seconds (plus the screening that
  decides entitlement for the receipt columns);
* a fact the generator has no model for (a new policy) still gets a column, from a generic
  fallback by type within the fact's ``minimum``/``maximum`` (see "Generic fallback").
  A modelled fact whose type or choice list in a policy differs from the model also falls
  back, so a column always passes ``screen``'s validation.

Needs numpy: the ``synthetic`` extra (``pip install 'regelruimte[synthetic]'``); the rest of
regelruimte never imports this package, and ``regelruimte demo`` screens a city it made once
(``examples/demo_city.parquet``, ``tools/make_demo_data.py``).

The household core and its distributions are in :mod:`~regelruimte.synthetic.households`, the
facts per subject in :mod:`~regelruimte.synthetic.topics`.

Distributions
=============

Take-up (``ontvangt_<policy id>``)
    Among households the letter grants: 50% for the minimaregelingen and other benefits the
    citizen must apply for (domain notes §3.2: take-up of social benefits among working-age
    people is about 50–60%, Goedemé/UAntwerpen via visie.net [V-src]); 80% for the Ghent UiTPAS
    kansentarief, which Ghent grants automatically (§3.2; the rate itself is illustrative);
    100% for adverse outcomes (a recovery is carried out, not taken up). Households the letter
    does not grant never receive. Override with ``take_up=`` (one rate, or per policy id).
Unknown facts (``unknown=``)
    Optionally a share of the values of facts that no register holds (``held_by`` empty, so the
    citizen must tell) is set to null, to exercise undetermined outcomes.

Generic fallback (facts without a model)
    bool: true with 50%; int: uniform between minimum (default 0) and maximum (default
    minimum + 10); money: lognormal, median €500, sigma 1, within minimum/maximum (default
    0 and €1.000.000); decimal: uniform between minimum (default 0) and maximum (default 1),
    four decimals; date: uniform in the three years before the reference date; enum: uniform
    over the values; text: "x0" to "x9".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from ..compiler import compiled_policy
from ..model.facts import Fact
from ..model.policy import Policy
from .households import DISTRICTS, HOUSEHOLD_TYPES, NORM_2026, NORM_AOW_2026, Col, Household, day_number, lognormal_cents, months_ago, numpy_module
from .topics import TOPICS, Topic, _core

__all__ = ["DEFAULT_TAKE_UP", "DISTRICTS", "generate"]

DEFAULT_TAKE_UP: dict[str, float] = {
    # domain notes §3.2 (50-60% for social benefits) for what a citizen must apply for
    "bijzondere_bijstand_rotterdam": 0.5,
    "individuele_inkomenstoeslag_alphen": 0.5,
    "kwijtschelding_afvalstoffenheffing": 0.5,
    "meedoen_is_belangrijk_oss": 0.5,
    "kinderopvangtoeslag_terugwerkende_kracht": 0.5,
    "wmo_maatwerkvoorziening_assen": 0.5,
    # Ghent grants it automatically (§3.2); the rate is illustrative
    "uitpas_kansentarief_gent": 0.8,
}
"""Take-up among the entitled per policy id; others: 0.5, or 1.0 for adverse outcomes."""

# 2026 norms (domain notes §2.1), used only when no given policy carries the norm parameters

# -- generic fallback --------------------------------------------------------------------------
def _generic(np: Any, h: Household, name: str, fact: Fact) -> Col:
    rng, n = h.rng("generic:" + name), h.n
    lo = fact.minimum
    hi = fact.maximum
    t = fact.type
    if t == "bool":
        return Col("bool", rng.random(n) < 0.5)
    if t == "int":
        a = int(lo) if lo is not None else 0
        b = int(hi) if hi is not None else a + 10
        return Col("int", rng.integers(a, b + 1, n))
    if t == "money":
        a = int((lo if lo is not None else Decimal(0)) * 100)
        b = int((hi if hi is not None else Decimal(1_000_000)) * 100)
        return Col("money", np.clip(lognormal_cents(np, rng, 500.0, 1.0, n), a, b))
    if t == "decimal":
        a = int((lo if lo is not None else Decimal(0)) * 10000)
        b = int((hi if hi is not None else Decimal(1)) * 10000)
        return Col("decimal", rng.integers(a, b + 1, n))
    if t == "date":
        return Col("date", day_number(h.day) - rng.integers(0, 3 * 365 + 1, n))
    if t == "enum":
        values = tuple(fact.values or ())
        return Col("enum", rng.integers(0, len(values), n), values=values)
    return Col("text", rng.integers(0, 10, n))


def _fits(col: Col, fact: Fact) -> bool:
    if col.type != fact.type:
        return False
    if col.type == "enum":
        return set(col.values) <= set(fact.values or ())
    return True


def _series(np: Any, name: str, col: Col, fact: Fact) -> pl.Series:
    data, t = col.data, col.type
    if t == "bool":
        s = pl.Series(name, np.asarray(data, dtype=bool))
    elif t == "int":
        v = np.asarray(data, dtype=np.int64)
        if fact.minimum is not None or fact.maximum is not None:
            v = np.clip(v, int(fact.minimum) if fact.minimum is not None else None, int(fact.maximum) if fact.maximum is not None else None)
        s = pl.Series(name, v)
    elif t in ("money", "decimal"):
        unit = 100 if t == "money" else 10000
        v = np.asarray(data, dtype=np.int64)
        if fact.minimum is not None or fact.maximum is not None:
            v = np.clip(v, int(fact.minimum * unit) if fact.minimum is not None else None, int(fact.maximum * unit) if fact.maximum is not None else None)
        s = pl.Series(name, v)  # whole cents (1/10000 for decimals): made Decimal in one parallel select at the end
    elif t == "date":
        s = pl.Series(name, np.asarray(data, dtype=np.int32)).cast(pl.Date)
    elif t == "enum":
        allowed = list(fact.values or ())
        index = np.array([allowed.index(v) for v in col.values], dtype=np.int64)
        s = pl.Series(name, allowed, dtype=pl.Enum(allowed)).gather(index[np.asarray(data, dtype=np.int64)])
    else:
        s = pl.Series(name, np.char.add("x", np.asarray(data).astype(str)))
    if col.null is not None and bool(col.null.any()):
        s = s.set(pl.Series(np.asarray(col.null, dtype=bool)), None)
    return s.alias(name)


def _decimal(name: str, scale: int) -> pl.Expr:
    """A column of whole units of 10**-scale (Int64) as an exact Decimal(38, scale)."""
    wide = pl.col(name).cast(pl.Int128)
    try:
        return wide.reinterpret(dtype=pl.Decimal(38, scale))
    except TypeError:  # pragma: no cover - older polars: scale up exactly, then shift the point
        return (wide.cast(pl.Decimal(38, 0)).cast(pl.Decimal(38, scale)) * pl.lit(Decimal(1).scaleb(-scale), dtype=pl.Decimal(38, scale))).cast(pl.Decimal(38, scale))


def _ids(np: Any, n: int) -> pl.Series:
    """"h0000001", "h0000002", ...: built as fixed-width bytes (a Python loop costs a second per million)."""
    width = max(7, len(str(n)))
    i = np.arange(1, n + 1, dtype=np.int64)
    buf = np.empty((n, width + 1), dtype=np.uint8)
    buf[:, 0] = ord("h")
    for k in range(width):
        buf[:, width - k] = 48 + (i // 10**k) % 10
    return pl.Series("id", buf.view(f"S{width + 1}").ravel()).cast(pl.String)


# -- norms from the policies -----------------------------------------------------------------------
def _norm_table(np: Any, items: list[Policy], day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    """(norms on the day, average norms over the 36 months before it), cents per household type."""
    timelines: dict[str, list[tuple[date, Any]]] = {}
    for p in items:
        for name in ("bijstandsnorm", "bijstandsnorm_aow"):
            tl = compiled_policy(p).timelines.get(name)
            if tl and name not in timelines and isinstance(tl[0][1], dict):
                timelines[name] = tl

    def value(name: str, fallback: dict[str, int], on: date) -> Any:
        tl = timelines.get(name)
        if not tl:
            return np.array([fallback[t] for t in HOUSEHOLD_TYPES], dtype=np.int64)
        current = tl[0][1]
        for start, v in tl:
            if start <= on:
                current = v
        return np.array([int(Decimal(current[t]) * 100) for t in HOUSEHOLD_TYPES], dtype=np.int64)

    now = {"norm": value("bijstandsnorm", NORM_2026, day), "aow": value("bijstandsnorm_aow", NORM_AOW_2026, day)}
    months = [months_ago(day, k) for k in range(1, 37)]
    avg = {
        key: np.rint(np.mean([value(name, fb, m) for m in months], axis=0)).astype(np.int64)
        for key, name, fb in (("norm", "bijstandsnorm", NORM_2026), ("aow", "bijstandsnorm_aow", NORM_AOW_2026))
    }
    return now, avg


# -- the public function ----------------------------------------------------------------------------
def generate(
    policies: Iterable[Policy] | Mapping[str, Policy],
    n: int,
    *,
    seed: int = 0,
    reference_date: date | str,
    take_up: float | Mapping[str, float] | bool | None = None,
    unknown: float = 0.0,
) -> pl.DataFrame:
    """A synthetic population of ``n`` households with a column per fact of ``policies``.

    Args:
        policies: Loaded policies (a list, or the mapping from :func:`regelruimte.load_policies`).
        n: Number of households (rows).
        seed: The random seed; the same arguments give the same frame.
        reference_date: The peildatum the population describes (ages, dates, norms); no implicit today.
        take_up: Receipt columns ``ontvangt_<policy id>``: ``None`` for :data:`DEFAULT_TAKE_UP`,
            one rate for every policy, a mapping per policy id (others default), or ``False`` for
            no receipt columns (and no screening). Adverse policies default to 1.0.
        unknown: Share of values set to null for facts no register holds (the citizen must tell).

    Returns:
        A polars DataFrame: ``id``, ``wijk``, the facts (sorted by name), then the receipt columns.
        See the module docstring for every distribution and its source.
    """
    np = numpy_module()
    day = date.fromisoformat(reference_date) if isinstance(reference_date, str) else reference_date
    if n < 0:
        raise ValueError("n must be zero or more")
    if not 0.0 <= unknown <= 1.0:
        raise ValueError("unknown is a share between 0 and 1")
    items = sorted((policies.values() if isinstance(policies, Mapping) else policies), key=lambda p: p.id)
    facts: dict[str, Fact] = {}
    for p in items:
        for name, fact in p.facts.items():
            facts.setdefault(name, fact)

    now, avg = _norm_table(np, items, day)
    h = Household(np, n, seed, day, now, avg)
    cols: dict[str, Col] = {}
    for topic in TOPICS:  # only the topics whose facts are asked for (each has its own random stream)
        if topic is _core or _topic_names(topic) & set(facts):
            cols.update(topic(h))

    series = [
        _ids(np, n),
        pl.Series("wijk", [d[0] for d in DISTRICTS], dtype=pl.Enum([d[0] for d in DISTRICTS])).gather(h.wijk),
    ]
    unknown_rng = h.rng("unknown")
    for name in sorted(facts):
        fact = facts[name]
        col = cols.get(name)
        if col is None or not _fits(col, fact):
            col = _generic(np, h, name, fact)
        if unknown > 0 and not fact.held_by:
            hide = unknown_rng.random(n) < unknown
            col = Col(col.type, col.data, hide if col.null is None else (col.null | hide), col.values)
        series.append(_series(np, name, col, fact))
    frame = pl.DataFrame(series)
    frame = frame.with_columns([_decimal(name, 2 if facts[name].type == "money" else 4).alias(name) for name in facts if facts[name].type in ("money", "decimal")])
    if take_up is False or not items:
        return frame
    return _with_receipts(np, frame, items, day, take_up, h)


_TOPIC_NAMES: dict[Topic, set[str]] = {}


def _topic_names(topic: Topic) -> set[str]:
    """The fact names a topic produces (from a one-household dry run, cached)."""
    names = _TOPIC_NAMES.get(topic)
    if names is None:
        np = numpy_module()
        norms = {"norm": np.array(list(NORM_2026.values())), "aow": np.array(list(NORM_AOW_2026.values()))}
        names = set(topic(Household(np, 1, 0, date(2026, 3, 1), norms, norms)))
        _TOPIC_NAMES[topic] = names
    return names


def _with_receipts(np: Any, frame: pl.DataFrame, items: list[Policy], day: date, take_up: Any, h: Household) -> pl.DataFrame:
    from ..screening import screen

    valid = [p for p in items if p.applies_on(day)]
    if not valid or frame.height == 0:
        return frame.with_columns([pl.lit(False).alias(f"ontvangt_{p.id}") for p in valid])
    result = screen(valid, frame, date=day).frame
    granted_all = result["letter"].is_in(["granted", "partly_granted"]).to_numpy()  # a part or period granted: entitled to it
    ids = frame["id"]
    out = []
    for i, p in enumerate(sorted(valid, key=lambda p: p.id)):
        block = slice(i * frame.height, (i + 1) * frame.height)
        if not result["id"][block].equals(ids):  # pragma: no cover - screen keeps the row order
            raise RuntimeError("screen changed the row order")
        rate = _rate(p, take_up)
        draw = h.rng("take_up:" + p.id).random(frame.height)
        out.append(pl.Series(f"ontvangt_{p.id}", granted_all[block] & (draw < rate)))
    return frame.with_columns(out)


def _rate(p: Policy, take_up: Any) -> float:
    """The take-up probability for ``p`` (a share between 0 and 1, never an amount of money)."""
    default = 1.0 if p.outcome.adverse else DEFAULT_TAKE_UP.get(p.id, 0.5)
    if take_up is None or take_up is True:
        rate = default
    elif isinstance(take_up, Mapping):
        rate = take_up.get(p.id, default) * 1.0  # a probability: a float is right here
    else:
        rate = take_up * 1.0  # a probability: a float is right here
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"take-up for {p.id} must be between 0 and 1")
    return rate
