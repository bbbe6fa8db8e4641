# SPDX-License-Identifier: EUPL-1.2
"""``screen(policies, population)``: a whole population against many regulations at once.

The proactive, Ghent-style use: who is entitled but not receiving (non-take-up). The policies'
conditions are compiled to polars expressions (:mod:`regelruimte.vectorise`) with the same
semantics as :func:`regelruimte.assess`; the result has one row per person and policy.

Input: a polars DataFrame or LazyFrame, a pandas DataFrame, a pyarrow Table, or a path to a
Parquet or CSV file. Output: the same kind (a polars DataFrame for a path). Columns are named
after the facts; a missing column means the fact is unknown for everyone. Whether a person
already receives a regulation is read from a boolean column ``ontvangt_<policy id>`` (or as
``receives=`` says). Money columns may be Decimal, text such as "1401.50", whole euros, or
floats that are whole cents; anything else is refused per column, with the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import polars as pl

from ._display import Displayable
from ._exact import DATE_TEXT, DECIMAL_TEXT, MONEY_TEXT, OUTCOME_ROUNDING, WHOLE_TEXT, date_text
from .compiler.compiled import compiled_policy
from .compiler.vectorised import I128, VectorCompiler, round_to
from .errors import RegelruimteError
from .model.case import expected_text
from .model.facts import Fact
from .model.policy import Policy

LETTER = pl.Enum(["granted", "denied", "undetermined"])
INTENT = pl.Enum(["served", "not_served", "undetermined"])
TENSION = pl.Enum(["aligned", "letter_blocks_intent", "letter_exceeds_intent", "undetermined"])
MONEY_OUT = pl.Decimal(38, 2)
DECIMAL_SCALE = 12


class ScreeningError(RegelruimteError, ValueError):
    """The population cannot be screened: wrong column types or values (named, never shown)."""


@dataclass(frozen=True)
class ColumnProblem:
    column: str
    expected: str
    rows: int
    first_rows: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        where = f" (first rows: {', '.join(map(str, self.first_rows))})" if self.first_rows else ""
        return f"column {self.column!r}: {self.rows} value(s) are not {self.expected}{where}"


# -- input ------------------------------------------------------------------------------------
def _to_lazy(population: Any) -> tuple[pl.LazyFrame, str]:
    if isinstance(population, pl.LazyFrame):
        return population, "polars_lazy"
    if isinstance(population, pl.DataFrame):
        return population.lazy(), "polars"
    if isinstance(population, (str, Path)):
        path = Path(population)
        if not path.exists():
            raise ScreeningError(f"{path}: no such file")
        if path.suffix == ".parquet":
            return pl.scan_parquet(path), "polars"
        if path.suffix == ".csv":
            return pl.scan_csv(path, infer_schema=False), "polars"
        raise ScreeningError(f"{path}: give a .parquet or .csv file")
    module = type(population).__module__
    if module.startswith("pandas"):
        return pl.from_pandas(population).lazy(), "pandas"
    if module.startswith("pyarrow"):
        return pl.from_arrow(population).lazy(), "arrow"  # type: ignore[union-attr]
    raise ScreeningError(f"cannot screen a {type(population).__name__}; give a polars, pandas or Arrow table or a Parquet/CSV path")


def _from_polars(df: pl.DataFrame, kind: str) -> Any:
    if kind == "pandas":
        return df.to_pandas()
    if kind == "arrow":
        return df.to_arrow()
    return df


_MONEY_TEXT, _DECIMAL_TEXT, _WHOLE_TEXT, _DATE_TEXT = (f"^{p}$" for p in (MONEY_TEXT, DECIMAL_TEXT, WHOLE_TEXT, DATE_TEXT))


def _normalise(col: str, fact: Fact, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr, str, int]:
    """(value expression, invalid-row expression, expected text, scale) for one fact column."""
    c = pl.col(col)
    t = fact.type
    if t in ("money", "decimal"):
        scale = 2 if t == "money" else DECIMAL_SCALE
        expected = "an amount with at most two decimals" if t == "money" else "a number with at most twelve decimals"
        if dtype == pl.String:
            ok = c.str.contains(_MONEY_TEXT if t == "money" else _DECIMAL_TEXT)
            value = c.cast(pl.Decimal(38, scale), strict=False)
        elif isinstance(dtype, pl.Decimal):
            value = c.cast(pl.Decimal(38, scale))
            ok = value.cast(dtype) == c if (dtype.scale or 0) > scale else pl.lit(True)
        elif dtype.is_integer():
            value = c.cast(pl.Decimal(38, scale))
            ok = (c < 10**12) & (c > -(10**12))
        elif dtype.is_float():
            scaled = c * 10**scale
            ok = (scaled - scaled.round(0)).abs() < 1e-6
            value = scaled.round(0).cast(pl.Decimal(38, 0)).cast(pl.Decimal(38, scale)) * pl.lit(Decimal(1).scaleb(-scale), dtype=pl.Decimal(38, scale))
        else:
            return pl.lit(None, dtype=I128), c.is_not_null(), expected, scale
        cents = value.to_physical()  # a Decimal is stored as its scaled integer (Int128): exact and free
        ok = ok & (cents < 10 ** (12 + scale)) & (cents > -(10 ** (12 + scale)))
        if fact.minimum is not None:
            ok = ok & (cents >= int(fact.minimum.scaleb(scale)))
        if fact.maximum is not None:
            ok = ok & (cents <= int(fact.maximum.scaleb(scale)))
        invalid = c.is_not_null() & ok.not_().fill_null(True)
        return pl.when(invalid).then(None).otherwise(cents), invalid, expected, scale
    if t == "int":
        if dtype.is_integer():
            value = c.cast(I128)
            ok = (c < 10**12) & (c > -(10**12))
        elif dtype.is_float():
            ok = (c - c.round(0)).abs() == 0
            value = c.round(0).cast(I128)
        elif dtype == pl.String:
            ok = c.str.contains(_WHOLE_TEXT)
            value = c.cast(I128, strict=False)
        else:
            return pl.lit(None, dtype=I128), c.is_not_null(), "a whole number", 0
        if fact.minimum is not None:
            ok = ok & (value >= int(fact.minimum))
        if fact.maximum is not None:
            ok = ok & (value <= int(fact.maximum))
        invalid = c.is_not_null() & ok.not_().fill_null(True)
        return pl.when(invalid).then(None).otherwise(value), invalid, "a whole number", 0
    if t == "bool":
        if dtype == pl.Boolean:
            return c, pl.lit(False), "true or false", 0
        if dtype == pl.String:
            value = c.replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean)
            return value, c.is_not_null() & value.is_null(), "true or false", 0
        return pl.lit(None, dtype=pl.Boolean), c.is_not_null(), "true or false", 0
    if t == "date":
        if dtype == pl.Date:
            return c, pl.lit(False), "a date", 0
        if isinstance(dtype, pl.Datetime):  # pandas keeps dates as datetime64: a date at midnight is a date
            value = c.dt.date()
            return value, c.is_not_null() & (c != value.cast(dtype)), "a date (without a time of day)", 0
        if dtype == pl.String:
            value = c.str.to_date("%Y-%m-%d", strict=False)
            return value, c.is_not_null() & (value.is_null() | c.str.contains(_DATE_TEXT).not_()), "a date as YYYY-MM-DD", 0
        return pl.lit(None, dtype=pl.Date), c.is_not_null(), "a date", 0
    # enum and text
    value = c.cast(pl.String)
    if t == "enum":
        allowed = pl.lit(pl.Series(list(fact.values or ()), dtype=pl.String)).implode()
        invalid = c.is_not_null() & value.is_in(allowed).not_()
        # an Enum column makes look-ups and comparisons integer work instead of string hashing
        return pl.when(invalid).then(None).otherwise(value).cast(pl.Enum(list(fact.values or ()))), invalid, "one of " + ", ".join(fact.values or ()), 0
    return value, pl.lit(False), "text", 0


# -- the screening -------------------------------------------------------------------------------
@dataclass
class Screening(Displayable):
    """The result of a screening: per person and policy, plus a summary."""

    frame: Any
    """Per person and policy: letter, amount, intent, intent_amount, tension, receives, non_take_up."""
    summary: pl.DataFrame
    by_district: pl.DataFrame | None
    reference_date: date
    policies: dict[str, str]
    """Policy id to the SHA-256 of its file(s)."""
    persons: int

    def __repr__(self) -> str:
        nt = int(self.summary["non_take_up"].sum()) if self.summary.height else 0
        return f"<Screening {self.reference_date.isoformat()} persons={self.persons} policies={len(self.policies)} non_take_up={nt}>"


def screen(
    policies: Iterable[Policy] | Mapping[str, Policy],
    population: Any,
    *,
    date: date | str,
    id_column: str = "id",
    district_column: str | None = "wijk",
    receives: Mapping[str, str] | None = None,
    on_invalid: Literal["raise", "unknown"] = "raise",
    progress: Callable[[str], None] | None = None,
) -> Screening:
    """Screen a population against every policy valid on ``date``.

    Args:
        policies: Loaded policies (a list, or the mapping from :func:`regelruimte.load_policies`).
        population: A polars/pandas DataFrame, pyarrow Table, or Parquet/CSV path; one row per person.
        date: The reference date (peildatum); no implicit today.
        id_column: The person id column (pseudonymous ids, please); row numbers when absent.
        district_column: Summaries per district when the column exists.
        receives: Policy id to the boolean column saying whether the person receives it
            (default ``ontvangt_<policy id>``).
        on_invalid: ``raise`` (default) refuses wrong values with the column and row count;
            ``unknown`` treats them as unknown and lists the facts per row in ``invalid_facts``.
        progress: Called with each policy id as it is compiled (for progress bars).

    Returns:
        A :class:`Screening`.

    Raises:
        ScreeningError: wrong column types or values (never showing the values).
    """
    day = date if not isinstance(date, str) else _parse_date(date)
    items = sorted((policies.values() if isinstance(policies, Mapping) else policies), key=lambda p: p.id)
    items = [p for p in items if p.applies_on(day)]
    if not items:
        raise ScreeningError(f"no policy is valid on {day.isoformat()}")
    lazy, kind = _to_lazy(population)
    schema = lazy.collect_schema()
    if id_column not in schema:
        lazy = lazy.with_row_index(id_column)
        schema = lazy.collect_schema()

    facts: dict[str, Fact] = {}
    for p in items:
        for name, fact in p.facts.items():
            other = facts.get(name)
            if other is not None and (other.type != fact.type or (other.values or []) != (fact.values or [])):
                raise ScreeningError(f"fact {name!r} has different types in different policies; rename one")
            if other is not None:  # a value invalid for one policy is invalid: the strictest bounds hold
                low = [b for b in (other.minimum, fact.minimum) if b is not None]
                high = [b for b in (other.maximum, fact.maximum) if b is not None]
                fact = fact.model_copy(update={"minimum": max(low) if low else None, "maximum": min(high) if high else None})
            facts[name] = fact
    normal: list[pl.Expr] = []
    invalid: dict[str, pl.Expr] = {}
    expected: dict[str, str] = {}
    scales: dict[str, int] = {}
    for name, fact in facts.items():
        if name in schema:
            value, bad, _text, scale = _normalise(name, fact, schema[name])
            invalid[name], expected[name] = bad, expected_text(fact)
        else:
            value, scale = _missing(fact), (2 if fact.type == "money" else DECIMAL_SCALE if fact.type == "decimal" else 0)
        scales[name] = scale
        normal.append(value.alias(name))

    if invalid:
        counts = lazy.select([e.sum().alias(n) for n, e in invalid.items()]).collect(engine="streaming")
        bad_columns = [n for n in invalid if counts[n][0]]
        if bad_columns and on_invalid == "raise":
            rows = lazy.with_row_index("__row").select(["__row", *[invalid[n].alias(n) for n in bad_columns]]).collect(engine="streaming")
            problems = [ColumnProblem(n, expected[n], int(counts[n][0]), rows.filter(pl.col(n))["__row"].head(5).to_list()) for n in bad_columns]
            raise ScreeningError(f"{len(problems)} column(s) with wrong values: " + "; ".join(map(str, problems)))
    flags = [pl.when(invalid[n]).then(pl.lit(n)) for n in invalid]
    keep = [id_column] + ([district_column] if district_column and district_column in schema else [])
    receive_cols = {p.id: (receives or {}).get(p.id, f"ontvangt_{p.id}") for p in items}
    keep += [c for c in receive_cols.values() if c in schema and c not in keep]
    flagged = on_invalid == "unknown" and bool(flags)  # in "raise" mode nothing invalid is left to flag
    base = lazy.select([pl.col(c) for c in keep] + normal + ([pl.concat_list(flags).list.drop_nulls().alias("invalid_facts")] if flagged else []))

    frames = []
    for p in items:
        if progress is not None:
            progress(p.id)
        frames.append(_policy_frame(p, base, day, scales, id_column, keep, receive_cols[p.id], schema, pl.Enum([q.id for q in items]), set(receive_cols.values())))
    result = pl.concat(frames, how="vertical").collect(engine="streaming")
    summary, by_district = _summaries(result, district_column if district_column in result.columns else None)
    return Screening(frame=_from_polars(result, kind), summary=summary, by_district=by_district, reference_date=day,
                     policies={p.id: p.sha256 for p in items}, persons=result.height // max(len(items), 1))


def _parse_date(text: str) -> date:
    day = date_text(text)
    if day is None:
        raise ScreeningError("the reference date must be written as YYYY-MM-DD")
    return day


def _missing(fact: Fact) -> pl.Expr:
    if fact.type == "enum":  # the same Enum type as a present column, so look-ups by code work
        return pl.lit(None, dtype=pl.Enum(list(fact.values or ())))
    dtype = {"money": I128, "decimal": I128, "int": I128, "bool": pl.Boolean, "date": pl.Date}.get(fact.type, pl.String)
    return pl.lit(None, dtype=dtype)


def _as_bool(c: pl.Expr, dtype: Any) -> pl.Expr:
    if dtype == pl.Boolean:
        return c
    if dtype == pl.String:  # e.g. from CSV
        return c.str.to_lowercase().replace_strict({"true": True, "false": False, "1": True, "0": False, "ja": True, "nee": False}, default=None, return_dtype=pl.Boolean)
    return c.cast(pl.Boolean, strict=False)


def _policy_frame(p: Policy, base: pl.LazyFrame, day: date, scales: dict[str, int], id_column: str, keep: list[str], receive_col: str, schema: Any,
                  policy_dtype: pl.DataType, receipt_columns: set[str]) -> pl.LazyFrame:
    compiled = compiled_policy(p)
    prefix = f"__{p.id}__"
    vc = VectorCompiler(compiled, day, prefix, scales)
    frame = base
    for stage in vc.derived_columns():
        if stage:
            frame = frame.with_columns(stage)
    applicable = [r for r in p.rules if r.applies_on(day)]
    letter = _all([vc.boolean(compiled.rules[r.id].node) for r in applicable])
    amount: pl.Expr = pl.lit(None, dtype=I128)
    if compiled.amount is not None:
        raw = vc.money(compiled.amount.node)
        amount = round_to(raw, 2, OUTCOME_ROUNDING[p.outcome.rounding])
    verdict = (
        pl.when(letter & (amount.is_not_null() if compiled.amount is not None else pl.lit(True))).then(pl.lit("granted", dtype=LETTER))
        .when(letter.not_()).then(pl.lit("denied", dtype=LETTER))
        .otherwise(pl.lit("undetermined", dtype=LETTER))
    )
    tested = [pu for pu in p.purposes if pu.applies_on(day) and pu.id in compiled.purpose_tests]
    if tested:
        intent_bool = _all([vc.boolean(compiled.purpose_tests[pu.id].node) for pu in tested])
        intent = pl.when(intent_bool).then(pl.lit("served", dtype=INTENT)).when(intent_bool.not_()).then(pl.lit("not_served", dtype=INTENT)).otherwise(pl.lit("undetermined", dtype=INTENT))
    else:
        intent = pl.lit("undetermined", dtype=INTENT)
    amounts = [round_to(vc.money(compiled.purpose_amounts[pu.id].node), 2, OUTCOME_ROUNDING[p.outcome.rounding]) for pu in p.purposes if pu.applies_on(day) and pu.id in compiled.purpose_amounts]
    intent_amount = pl.coalesce(amounts) if amounts else pl.lit(None, dtype=I128)
    for helper in vc.take_helpers():  # quotients and their operands, computed once as columns
        frame = frame.with_columns(helper)
    tolerances = [pu.tolerance for pu in p.purposes if pu.tolerance is not None]
    tolerance = int((min(tolerances) if tolerances else Decimal(0)).scaleb(2))

    out = frame.select(
        pl.col(id_column),
        *[pl.col(c) for c in keep if c != id_column and c not in receipt_columns],
        verdict.alias("letter"),
        pl.when(verdict == "granted").then(amount).otherwise(None).alias("__amount"),
        intent.alias("intent"),
        intent_amount.alias("__intent_amount"),
        (_as_bool(pl.col(receive_col), schema[receive_col]) if receive_col in schema else pl.lit(None, dtype=pl.Boolean)).alias("receives"),
        *([pl.col("invalid_facts")] if "invalid_facts" in base.collect_schema() else []),
    )
    granted = pl.col("letter") == "granted"
    served = pl.col("intent") == "served"
    undetermined = (pl.col("letter") == "undetermined") | (pl.col("intent") == "undetermined")
    adverse = p.outcome.adverse
    parted_worse = granted if adverse else granted.not_()
    diff = pl.col("__amount") - pl.col("__intent_amount")
    less = (diff > 0) if adverse else (diff < 0)
    amount_unknown = pl.lit(False)
    if amounts and compiled.amount is not None:  # the purpose names an amount that cannot be computed yet
        amount_unknown = granted & served & pl.col("__amount").is_not_null() & pl.col("__intent_amount").is_null()
    tension = (
        pl.when(undetermined | amount_unknown).then(pl.lit("undetermined", dtype=TENSION))
        .when(granted != served).then(pl.when(parted_worse).then(pl.lit("letter_blocks_intent", dtype=TENSION)).otherwise(pl.lit("letter_exceeds_intent", dtype=TENSION)))
        .when(granted & diff.is_not_null() & ((diff > tolerance) | (diff < -tolerance))).then(
            pl.when(less).then(pl.lit("letter_blocks_intent", dtype=TENSION)).otherwise(pl.lit("letter_exceeds_intent", dtype=TENSION)))
        .otherwise(pl.lit("aligned", dtype=TENSION))
    )
    return out.with_columns(
        pl.lit(p.id, dtype=policy_dtype).alias("policy"),
        # cents as Int128 are exactly a Decimal(38, 2)'s storage: reinterpreting costs nothing
        pl.col("__amount").reinterpret(dtype=MONEY_OUT).alias("amount"),
        pl.col("__intent_amount").reinterpret(dtype=MONEY_OUT).alias("intent_amount"),
        tension.alias("tension"),
        (granted & pl.col("receives").not_()).alias("non_take_up"),
    ).drop("__amount", "__intent_amount")


def _all(exprs: list[pl.Expr]) -> pl.Expr:
    out = pl.lit(True)
    for e in exprs:
        out = out & e
    return out


def _summaries(result: pl.DataFrame, district: str | None) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    aggs = [
        pl.len().alias("persons"),
        (pl.col("letter") == "granted").sum().alias("granted"),
        (pl.col("letter") == "denied").sum().alias("denied"),
        (pl.col("letter") == "undetermined").sum().alias("undetermined"),
        (pl.col("tension") == "letter_blocks_intent").sum().alias("letter_blocks_intent"),
        (pl.col("tension") == "letter_exceeds_intent").sum().alias("letter_exceeds_intent"),
        pl.col("non_take_up").sum().alias("non_take_up"),
        pl.col("amount").sum().alias("amount_granted"),
        pl.col("amount").filter(pl.col("non_take_up")).sum().alias("amount_not_taken_up"),
    ]
    if district is None:
        return result.group_by("policy").agg(aggs).sort("policy"), None
    # one pass over the rows: per district, then the districts added up per policy
    by_district = result.group_by(["policy", district]).agg(aggs).sort(["policy", district])
    totals = [c for c in by_district.columns if c not in ("policy", district)]
    summary = by_district.group_by("policy").agg([pl.col(c).sum() for c in totals]).sort("policy")
    return summary, by_district

