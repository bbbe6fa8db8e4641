# SPDX-License-Identifier: EUPL-1.2
"""The result columns of ``screen`` and how a decision in parts or a population in periods is
combined into one row per person, as ``assess`` derives the case (:mod:`regelruimte.assessment.parts`
and :mod:`regelruimte.assessment.periods`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import polars as pl

from .._messages import Text
from ..compiler import compiled_policy
from ..errors import ScreeningError
from ..model.facts import Fact
from ..model.policy import Policy
from .columns import normalise

LETTER = pl.Enum(["granted", "denied", "undetermined", "partly_granted"])
INTENT = pl.Enum(["served", "not_served", "undetermined", "partly_served"])
TENSION = pl.Enum(["aligned", "letter_blocks_intent", "letter_exceeds_intent", "undetermined"])
MONEY_OUT = pl.Decimal(38, 2)
FACT = "__fact:"  # the normalised fact columns, apart from the population's own (an id, a district)
PERIOD_COLUMNS = ("period_start", "period_end")
"""A population in periods has one row per person and period, with these two date columns (the last
day included); a regulation applied per period reads each row as one period."""

PERIOD_START, PERIOD_END = "__period_start", "__period_end"


def period_columns(lazy: pl.LazyFrame, schema: Any) -> list[pl.Expr]:
    """The periods' first and last days as dates; a value that is not a date is refused."""
    out: list[pl.Expr] = []
    day = Fact.model_validate({"type": "date", "description": "De eerste of laatste dag van een periode."})
    for name, alias in zip(PERIOD_COLUMNS, (PERIOD_START, PERIOD_END), strict=True):
        if name not in schema:
            raise ScreeningError("period-column-missing", start=PERIOD_COLUMNS[0], end=PERIOD_COLUMNS[1], name=name)
        value, bad, expected, _scale = normalise(name, day, schema[name])
        wrong = lazy.select((bad | pl.col(name).is_null()).sum()).collect().item()
        if wrong:
            raise ScreeningError("period-column-wrong", name=name, n=wrong, expected=Text("expect-date"))
        out.append(value.alias(alias))
    return out


def periods_frame(p: Policy, base: pl.LazyFrame, frame_of: Callable[..., pl.LazyFrame], id_column: str, per: str) -> pl.LazyFrame:
    """A population in periods against one policy: a regulation applied per period reads each row
    as one period (its start and end facts from the row's period); per person unless ``per``
    asks for the periods. A regulation not applied per period reads each person's first row."""
    spec = p.periods
    if spec is None or p.period_policy is None:
        frame = frame_of(p)
        return frame if per == "period" else frame.unique(id_column, keep="first", maintain_order=True).drop(PERIOD_COLUMNS, strict=False)
    days = [pl.col(col).alias(FACT + name) for name, col in ((spec.start, PERIOD_START), (spec.end, PERIOD_END)) if name is not None]
    rows = _on_the_law_of_each_period(p, base.with_columns(days) if days else base, frame_of)
    if per == "period":
        return rows
    # every period counts in the intent amount (as in regelruimte.assessment.periods)
    return _per_person(rows.with_columns(pl.lit(True).alias("__states_amount")), id_column).drop(PERIOD_COLUMNS, strict=False)


def _on_the_law_of_each_period(p: Policy, base: pl.LazyFrame, frame_of: Callable[..., pl.LazyFrame]) -> pl.LazyFrame:
    """Each period on the law of its first day, as ``assess`` does: the rows are split where the
    regulation's law changes (a parameter's new value, a rule or purpose that starts or ends) and
    each stretch is screened with the law of that stretch; the reference date is the period's first
    day. A period that starts while the regulation is not in force is refused, as ``assess`` does."""
    view = p.period_policy
    assert view is not None  # the caller's check
    start = pl.col(PERIOD_START)
    in_force = start >= pl.lit(p.valid_from) if p.valid_until is None else start.is_between(pl.lit(p.valid_from), pl.lit(p.valid_until), closed="left")
    outside = base.select(in_force.not_().sum()).collect().item()
    if outside:
        until = p.valid_until.isoformat() if p.valid_until else Text("open-end")
        raise ScreeningError("periods-outside-policy", n=outside, policy=p.id, start=p.valid_from.isoformat(), until=until)
    changes = law_changes(view)
    if not changes:  # one law over the whole validity
        return frame_of(view, base=base, day=p.valid_from, peildatum=start)
    firsts = [p.valid_from, *changes]
    frames = [frame_of(view, base=base, day=first, peildatum=start) for first in firsts]  # row for row the same rows
    shown = [f.select([pl.col(c).alias(f"__{i}_{c}") for c in LAW_DEPENDENT]) for i, f in enumerate(frames)]
    rows = pl.concat([frames[0], *shown, base.select(start.alias(LAW_DAY))], how="horizontal")

    def on_the_law_of_the_period(c: str) -> pl.Expr:
        chosen = pl.col(f"__{len(firsts) - 1}_{c}")
        for i in reversed(range(len(firsts) - 1)):
            chosen = pl.when(pl.col(LAW_DAY) < pl.lit(firsts[i + 1])).then(pl.col(f"__{i}_{c}")).otherwise(chosen)
        return chosen.alias(c)

    return rows.with_columns([on_the_law_of_the_period(c) for c in LAW_DEPENDENT]).select(frames[0].collect_schema().names())


LAW_DEPENDENT = ("letter", "amount", "intent", "intent_amount", "tension", "non_take_up")
"""The columns of a policy's frame that depend on the law of the day (the others are the row's own)."""
LAW_DAY = "__law_day"


def law_changes(p: Policy) -> list[date]:
    """The days after ``p``'s first on which its law changes while it is in force: a parameter
    takes a new value, a rule or a purpose starts or ends."""
    days = {start for timeline in compiled_policy(p).timelines.values() for start, _ in timeline}
    days |= {d for item in (*p.rules, *p.purposes) for d in (item.valid_from, item.valid_until) if d is not None}
    return sorted(d for d in days if p.valid_from < d and (p.valid_until is None or d < p.valid_until))


RESULTS = ("letter", "amount", "intent", "intent_amount", "tension")


def side_by_side(parts: list[pl.LazyFrame], states: list[bool]) -> pl.LazyFrame:
    """One row per person from the frames of each part (row for row the same persons), as
    ``assess`` derives the case from its parts (:mod:`regelruimte.assessment.parts`): the letter
    granted, denied, partly granted or undetermined; the amount the sum of the granted parts'; the
    intent likewise; the intent amount the sum over the parts that count (``states``); the tension
    aligned only when every part is, else the strongest signal of a part."""
    columns = [c for c in parts[0].collect_schema().names() if c != "part"]
    shown = [pl.concat([f.select([pl.col(r).alias(f"__{i}_{r}") for r in RESULTS]) for i, f in enumerate(parts)], how="horizontal")]
    rows = pl.concat([parts[0].select([c for c in columns if c not in RESULTS and c != "non_take_up"]), *shown], how="horizontal")
    n = range(len(parts))

    def col(i: int, r: str) -> pl.Expr:
        return pl.col(f"__{i}_{r}")

    def verdict(r: str, yes: str, no: str, partly: str, dtype: pl.DataType) -> pl.Expr:
        return (pl.when(pl.any_horizontal([col(i, r) == "undetermined" for i in n])).then(pl.lit("undetermined", dtype=dtype))
                .when(pl.all_horizontal([col(i, r) == yes for i in n])).then(pl.lit(yes, dtype=dtype))
                .when(pl.all_horizontal([col(i, r) == no for i in n])).then(pl.lit(no, dtype=dtype))
                .otherwise(pl.lit(partly, dtype=dtype)))

    granted = [col(i, "letter") == "granted" for i in n]
    amounts = [pl.when(granted[i]).then(col(i, "amount")) for i in n]
    amount = (pl.when(pl.any_horizontal([col(i, "letter") == "undetermined" for i in n])).then(None)
              .when(pl.any_horizontal([a.is_not_null() for a in amounts])).then(pl.sum_horizontal(amounts)).otherwise(None))
    counted = [i for i in n if states[i]]
    intent_amount = (pl.lit(None, dtype=MONEY_OUT) if not counted else
                     pl.when(pl.any_horizontal([col(i, "intent_amount").is_null() for i in counted])).then(None)
                     .otherwise(pl.sum_horizontal([col(i, "intent_amount") for i in counted])))
    tension = (pl.when(pl.all_horizontal([col(i, "tension") == "aligned" for i in n])).then(pl.lit("aligned", dtype=TENSION))
               .when(pl.any_horizontal([col(i, "tension") == "letter_blocks_intent" for i in n])).then(pl.lit("letter_blocks_intent", dtype=TENSION))
               .when(pl.any_horizontal([col(i, "tension") == "letter_exceeds_intent" for i in n])).then(pl.lit("letter_exceeds_intent", dtype=TENSION))
               .otherwise(pl.lit("undetermined", dtype=TENSION)))
    combined = rows.with_columns(verdict("letter", "granted", "denied", "partly_granted", LETTER).alias("letter"), amount.cast(MONEY_OUT).alias("amount"),
                                 verdict("intent", "served", "not_served", "partly_served", INTENT).alias("intent"),
                                 intent_amount.cast(MONEY_OUT).alias("intent_amount"), tension.alias("tension"))
    return combined.with_columns((pl.col("letter").is_in(["granted", "partly_granted"]) & pl.col("receives").not_()).alias("non_take_up")).select(columns)


def _per_person(rows: pl.LazyFrame, id_column: str) -> pl.LazyFrame:
    """One row per person from the rows of each period, as ``assess`` derives the case from its
    periods (:mod:`regelruimte.assessment.periods`, with the combinations of the parts)."""
    columns = rows.collect_schema().names()
    letter, intent, tension = pl.col("letter"), pl.col("intent"), pl.col("tension")
    stated = [c for c in columns if c not in (id_column, "part", "letter", "amount", "intent", "intent_amount", "tension", "non_take_up", "__states_amount")]

    def verdict(col: pl.Expr, yes: str, no: str, partly: str, dtype: pl.DataType) -> pl.Expr:
        return (pl.when((col == "undetermined").any()).then(pl.lit("undetermined", dtype=dtype))
                .when((col == yes).all()).then(pl.lit(yes, dtype=dtype))
                .when((col == no).all()).then(pl.lit(no, dtype=dtype))
                .otherwise(pl.lit(partly, dtype=dtype)))

    def total(col: str, among: pl.Expr) -> pl.Expr:
        values = pl.col(col).filter(among)
        return pl.when(values.is_not_null().any()).then(values.sum()).otherwise(None)

    combined = rows.group_by(id_column, maintain_order=True).agg(
        *[pl.col(c).first() for c in stated],
        verdict(letter, "granted", "denied", "partly_granted", LETTER).alias("letter"),
        pl.when((letter == "undetermined").any()).then(None).otherwise(total("amount", letter == "granted")).alias("amount"),
        verdict(intent, "served", "not_served", "partly_served", INTENT).alias("intent"),
        # the sum of what the purposes call for in the parts whose purposes name one (None while one cannot be computed)
        pl.when(pl.col("__states_amount").any() & pl.col("intent_amount").filter(pl.col("__states_amount")).is_null().any()).then(None)
        .otherwise(total("intent_amount", pl.col("__states_amount"))).alias("intent_amount"),
        pl.when((tension == "aligned").all()).then(pl.lit("aligned", dtype=TENSION))
        .when((tension == "letter_blocks_intent").any()).then(pl.lit("letter_blocks_intent", dtype=TENSION))
        .when((tension == "letter_exceeds_intent").any()).then(pl.lit("letter_exceeds_intent", dtype=TENSION))
        .otherwise(pl.lit("undetermined", dtype=TENSION)).alias("tension"),
    )
    granted = pl.col("letter").is_in(["granted", "partly_granted"])
    return combined.with_columns((granted & pl.col("receives").not_()).alias("non_take_up")).select(
        [c for c in columns if c not in ("part", "__states_amount")])
