# SPDX-License-Identifier: EUPL-1.2
"""``screen(policies, population)``: a whole population against many regulations at once.

The proactive, Ghent-style use: who is entitled but not receiving (non-take-up). The policies'
conditions are compiled to polars expressions (:mod:`regelruimte.compiler.vectorised`) with the same
semantics as :func:`regelruimte.assess`; the result has one row per person and policy.

Input: a polars DataFrame or LazyFrame, a pandas DataFrame, a pyarrow Table, or a path to a
Parquet or CSV file. Output: the same kind (a polars DataFrame for a path). Columns are named
after the facts; a missing column means the fact is unknown for everyone (the result lists every
missing and unknown column, and counts the unknown facts), and not one fact column is refused. Whether a person
already receives a regulation is read from a boolean column ``ontvangt_<policy id>`` (or as
``receives=`` says). A CSV file may be separated by commas, semicolons or tabs (told from its first
lines); in one separated by semicolons, as Dutch Excel writes it, amounts may have a decimal comma
("1401,50", "1.401,50"). Money columns may be Decimal, text such as "1401.50", whole euros, or
floats that are whole cents; anything else is refused per column, with the number of rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import polars as pl

from .._exact import OUTCOME_ROUNDING, in_context
from .._messages import Text
from ..compiler import compiled_policy
from ..compiler.scaled import I64, I128, NARROW, Num, rounded, widened
from ..compiler.vectorised import VectorCompiler
from ..errors import Listing, ScreeningError
from ..model.case import expected as expects
from ..model.facts import Fact
from ..model.policy import Policy
from .columns import DECIMAL_SCALE, RangeCheck, as_bool, missing, normalise, range_check
from .combine import FACT, INTENT, LETTER, MONEY_OUT, PERIOD_COLUMNS, TENSION, period_columns, periods_frame, side_by_side
from .derived import Derived, FactColumns, derived_columns, same_derived
from .frames import from_polars, parse_date, to_lazy
from .result import ColumnProblem, Screening

ROW = "__row__"
BAD = "__bad:"  # whether a fact value was invalid
EMPTY = "__empty:"  # how many values of a fact are unknown
LOW, HIGH = "__low:", "__high:"  # the smallest and largest value of a typed fact column
# literals made once, at import: a polars literal of an Enum costs some 25 us of Python each time
_LETTER = {v: pl.lit(v, dtype=LETTER) for v in ("granted", "denied", "undetermined")}
_INTENT = {v: pl.lit(v, dtype=INTENT) for v in ("served", "not_served", "undetermined")}
_TENSION = {v: pl.lit(v, dtype=TENSION) for v in ("undetermined", "letter_blocks_intent", "letter_exceeds_intent", "aligned")}
_NO_MONEY, _NO_BOOL = pl.lit(None, dtype=I128), pl.lit(None, dtype=pl.Boolean)
RESULT_COLUMNS = frozenset({"policy", "part", "letter", "amount", "intent", "intent_amount", "tension", "receives", "non_take_up", "invalid_facts"})

@in_context
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
    per: Literal["case", "part", "period"] = "case",
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
        per: ``case`` (default): one row per person and policy; a decision in parts is derived
            from its parts as ``assess`` derives it. ``part``: one row per person and part of a
            decision in parts (the ``part`` column names it; empty for a policy without parts).
            ``period``: for a population in periods (columns ``period_start`` and ``period_end``,
            one row per person and period), one row per person and period; with ``case`` the
            periods of a regulation applied per period are derived per person as ``assess``
            derives them, and a regulation not applied per period reads each person's first row.

    Returns:
        A :class:`Screening`.

    Raises:
        ScreeningError: wrong column types or values (never showing the values).
    """
    day = parse_date(date)
    items = sorted((policies.values() if isinstance(policies, Mapping) else policies), key=lambda p: p.id)
    items = [p for p in items if p.applies_on(day)]
    if not items:
        raise ScreeningError("screen-no-policy-on", date=day.isoformat())
    facts: dict[str, Fact] = {}
    for p in items:
        for name, fact in p.facts.items():
            other = facts.get(name)
            if other is not None and (other.type != fact.type or (other.values or []) != (fact.values or [])):
                raise ScreeningError("fact-types-differ", fact=repr(name))
            if other is not None:  # a value invalid for one policy is invalid: the strictest bounds hold
                low = [b for b in (other.minimum, fact.minimum) if b is not None]
                high = [b for b in (other.maximum, fact.maximum) if b is not None]
                fact = fact.model_copy(update={"minimum": max(low) if low else None, "maximum": min(high) if high else None})
            facts[name] = fact
    receive_cols = {p.id: (receives or {}).get(p.id, f"ontvangt_{p.id}") for p in items}
    _check_column_names(id_column, district_column)
    lazy, kind = to_lazy(population, {*facts, id_column, district_column or id_column, *receive_cols.values(), *PERIOD_COLUMNS})
    # the counting pass over a table already in memory on polars' in-memory engine: a third less
    # CPU than streaming at 100k and 1M rows; a file or a LazyFrame (which may read one) streams
    counting: Literal["in-memory", "streaming"] = "streaming" if isinstance(population, (pl.LazyFrame, str, Path)) else "in-memory"
    decimal_comma = kind == "polars_csv_decimal_comma"
    kind = "polars" if decimal_comma else kind
    schema = lazy.collect_schema()
    columns = column_report(list(schema), facts, {id_column, district_column or id_column, *receive_cols.values(), *PERIOD_COLUMNS})
    in_periods = PERIOD_COLUMNS[0] in schema
    if per == "period" and not in_periods:
        raise ScreeningError("per-period-needs-periods")
    if id_column not in schema:
        lazy = lazy.with_row_index(id_column)
        schema = lazy.collect_schema()

    invalid: dict[str, pl.Expr] = {}
    expected: dict[str, Text] = {}
    values: dict[str, pl.Expr] = {}
    scales: dict[str, int] = {}
    checks: dict[str, RangeCheck] = {}
    present = [name for name in facts if name in schema]
    for name, fact in facts.items():
        scales[name] = 2 if fact.type == "money" else DECIMAL_SCALE if fact.type == "decimal" else 0  # as normalise reads it
        if name not in schema:
            values[name] = missing(fact)
            continue
        expected[name] = expects(fact)
        if (check := range_check(name, fact, schema[name])) is not None:
            checks[name] = check  # normalised below only when a value lies out of range: mostly not needed
        else:
            values[name], invalid[name], _text, _scale = normalise(name, fact, schema[name], decimal_comma=decimal_comma)

    # one cheap pass first: how many values of each fact are invalid, and how many unknown (the
    # null count of a normalised column: its empty cells and, with on_invalid="unknown", its
    # invalid ones). A typed column whose values are valid by their range (a Decimal at the fact's
    # scale, integers) gives its smallest and largest value and its empty cells, without a test
    # per row; only when one lies out of range is it counted row by row, in a second pass.
    bad_count: dict[str, int] = {}
    empty: dict[str, int] = {}
    bounds: dict[str, int] = {}
    date_ranges: dict[str, tuple[int, int]] = {}
    if present:
        tested = [n for n in present if n not in checks]
        dated = [n for n in tested if facts[n].type == "date" and schema[n] == pl.Date]  # their first and last day: see FactColumns
        counts = lazy.select([invalid[n].sum().alias(BAD + n) for n in tested] + [values[n].is_null().sum().alias(EMPTY + n) for n in tested]
                             + [pl.col(n).null_count().alias(EMPTY + n) for n in checks]
                             + [e for n, c in checks.items() for e in c.extremes(LOW + n, HIGH + n)]
                             + [e for n in dated for e in (pl.col(n).to_physical().min().alias(LOW + n), pl.col(n).to_physical().max().alias(HIGH + n))]).collect(engine=counting)
        date_ranges = {n: (counts[LOW + n][0], counts[HIGH + n][0]) for n in dated if counts[LOW + n][0] is not None}
        extremes = {n: (counts[LOW + n][0] if LOW + n in counts.columns else None if counts[HIGH + n][0] is None else 0, counts[HIGH + n][0]) for n in checks}
        out_of_range = [n for n, c in checks.items() if not c.valid(*extremes[n])]
        for n in out_of_range:
            values[n], invalid[n], _text, _scale = normalise(n, facts[n], schema[n], decimal_comma=decimal_comma)
        if out_of_range:
            counts = counts.with_columns(lazy.select([invalid[n].sum().alias(BAD + n) for n in out_of_range] + [values[n].is_null().sum().alias(EMPTY + n) for n in out_of_range]).collect(engine=counting))
        bad_count = {n: int(counts[BAD + n][0]) if BAD + n in counts.columns else 0 for n in present}
        empty = {n: int(counts[EMPTY + n][0]) for n in present}
        for n in checks:
            if n not in out_of_range:  # every value valid: the value is the column's own, no test per row
                values[n] = checks[n].value
                smallest, largest = extremes[n]
                bounds[n] = 0 if smallest is None or largest is None else max(abs(smallest), abs(largest)) * checks[n].factor
    bad_columns = [n for n in present if bad_count[n]]
    if bad_columns and on_invalid == "raise":
        rows = lazy.select([invalid[n].alias(n) for n in bad_columns]).with_row_index(ROW).collect(engine="streaming")
        problems = [ColumnProblem(n, str(expected[n]), bad_count[n], rows.filter(pl.col(n))[ROW].head(5).to_list(), expected[n]) for n in bad_columns]
        raise ScreeningError("columns-wrong-values", n=len(problems), problems=Listing(problems))
    # money and whole numbers (at most 12 whole digits) as Int64, decimals (twelve decimals) as
    # Int128 unless their column's values are small enough; a fact with a value in every row is
    # known to the compiler, which then leaves out the tests for unknown values (see VectorCompiler)
    narrow = frozenset(n for n, f in facts.items() if f.type in ("money", "int") or bounds.get(n, NARROW + 1) <= NARROW)
    complete = frozenset(n for n in present if not empty[n])
    # a valid value of a narrow fact fits in Int64 (invalid ones are null by now, or refused):
    # the cast cannot wrap around, so it needs no overflow test per row (a third of its cost)
    normal = [(values[name].cast(I64, wrap_numerical=True) if name in narrow else values[name].cast(I128) if facts[name].type == "decimal" else values[name]).alias(FACT + name)
              for name in facts]  # namespaced: a fact may be called id or wijk
    fact_columns = FactColumns(scales, narrow, complete, bounds, date_ranges)
    # which facts of a row are invalid, only for on_invalid="unknown" (a column valid by its range has none)
    flags = [pl.when(invalid[n]).then(pl.lit(n)) if n in invalid else pl.lit(None, dtype=pl.String) for n in present] if on_invalid == "unknown" else []
    if in_periods:
        normal += period_columns(lazy, schema)
    keep = [id_column] + ([district_column] if district_column and district_column in schema else [])
    keep += [c for c in PERIOD_COLUMNS if c in schema]
    keep += [c for c in receive_cols.values() if c in schema and c not in keep]
    flagged = on_invalid == "unknown" and bool(flags)  # in "raise" mode nothing invalid is left to flag
    base = lazy.select([pl.col(c) for c in keep] + normal + ([pl.concat_list(flags).list.drop_nulls().alias("invalid_facts")] if flagged else []))

    frames = []
    policy_dtype = pl.Enum([q.id for q in items])
    parts_dtype = pl.Enum(list(dict.fromkeys(part.id for q in items for part in q.parts)))  # in the order the policies declare them
    for p in items:
        if progress is not None:
            progress(p.id)

        def frame_of(q: Policy, receive_col: str = receive_cols[p.id], base: pl.LazyFrame = base, day: dt.date = day,
                     peildatum: pl.Expr | None = None, shared: Derived | None = None) -> pl.LazyFrame:
            return _policy_frame(q, base, day, fact_columns, id_column, keep, receive_col, schema, policy_dtype, set(receive_cols.values()), peildatum, shared, flagged)

        if in_periods:
            frames.append(periods_frame(p, base, frame_of, id_column, per))
            continue
        if not p.part_policies:
            frame = frame_of(p)
            frames.append(frame.with_columns(pl.lit(None, dtype=parts_dtype).alias("part")) if per == "part" else frame)
            continue
        # the parts share the policy's derived values: computed once, read by each part
        shared = derived_columns(p, base, day, fact_columns) if same_derived(p) else None
        parts = [frame_of(view, shared=shared).with_columns(pl.lit(view.part.id if view.part else None, dtype=parts_dtype).alias("part")) for view in p.part_policies]
        if per == "part":
            frames.extend(parts)
        else:
            # imported here: the assessment package takes a third of a second to import, which a
            # screening of regulations without parts should not pay
            from ..assessment.parts import states_amount

            frames.append(side_by_side(parts, [states_amount(view) for view in p.part_policies]))
    result = pl.concat(frames, how="vertical").collect(engine="streaming")
    summary, by_district = summaries(result, district_column if district_column in result.columns else None)
    first = pl.col("policy") == items[0].id
    if in_periods:
        persons = result.select(pl.col(id_column).filter(first).n_unique()).item()
    elif per == "part" and items[0].parts:
        persons = result.select((first & (pl.col("part") == items[0].parts[0].id)).sum()).item()
    else:
        persons = result.select(first.sum()).item()
    return Screening(frame=from_polars(result, kind), summary=summary, by_district=by_district, reference_date=day,
                     policies={p.id: p.sha256 for p in items}, persons=persons, missing_columns=columns.missing,
                     unknown_columns=columns.unknown, unknown_values=sum(empty.values()) + persons * len(columns.missing))


def _policy_frame(p: Policy, base: pl.LazyFrame, day: date, facts: FactColumns, id_column: str, keep: list[str], receive_col: str, schema: Any,
                  policy_dtype: pl.DataType, receipt_columns: set[str], peildatum: pl.Expr | None = None, shared: Derived | None = None,
                  flagged: bool = False) -> pl.LazyFrame:
    compiled = compiled_policy(p)
    prefix = f"__{p.id}__"
    if shared is None:
        shared = derived_columns(p, base, day, facts, peildatum)
    frame = shared.frame
    vc = VectorCompiler(compiled, day, prefix, facts.scales, FACT, peildatum, facts.narrow, facts.complete, date_ranges=facts.date_ranges)
    vc.known_derived(shared.compiler)
    applicable = [r for r in p.rules if r.applies_on(day)]
    letter = _all([vc.boolean(compiled.rules[r.id].node) for r in applicable])
    raw_amount = vc.money(compiled.amount.node) if compiled.amount is not None else None
    tested = [pu for pu in p.purposes if pu.applies_on(day) and pu.id in compiled.purpose_tests]
    intent: pl.Expr = _all([vc.boolean(compiled.purpose_tests[pu.id].node) for pu in tested]) if tested else _NO_BOOL
    raw_amounts = [vc.money(compiled.purpose_amounts[pu.id].node) for pu in p.purposes if pu.applies_on(day) and pu.id in compiled.purpose_amounts]
    for helper in vc.take_helpers():  # quotients and their operands, computed once as columns
        frame = frame.with_columns(helper)
    # the amounts before rounding as columns too: rounding reads its operand four times, and
    # polars did not always see that it was one expression
    rounding = OUTCOME_ROUNDING[p.outcome.rounding]
    staged: list[Num | None] = []
    for i, n in enumerate([raw_amount, *raw_amounts]):
        if n is not None and n.scale > 2 and not (n.expr.meta.is_column() or n.expr.meta.is_literal()):
            frame = frame.with_columns(n.expr.alias(f"{prefix}#unrounded{i}"))
            n = replace(n, expr=pl.col(f"{prefix}#unrounded{i}"))
        staged.append(n)
    # as Int128: a Decimal(38, 2)'s storage, reinterpreted below
    amount = _NO_MONEY if staged[0] is None else widened(rounded(staged[0], 2, rounding))
    amounts = [widened(rounded(n, 2, rounding)) for n in staged[1:] if n is not None]
    intent_amount = pl.coalesce(amounts) if amounts else _NO_MONEY
    tolerances = [pu.tolerance for pu in p.purposes if pu.tolerance is not None]
    tolerance = int((min(tolerances) if tolerances else Decimal(0)).scaleb(2))

    # Letter, amount, intent and intent amount are computed once, as columns, and everything
    # after them (the verdicts, the tension, non-take-up) reads those columns (three-valued:
    # null is unknown). Written as one select, polars evaluated the letter's conditions again for
    # the amount and for "denied".
    col_letter, col_amount, col_intent, col_intent_amount, col_receives = (prefix + "#" + x for x in ("letter", "amount", "intent", "intent_amount", "receives"))
    flags = [pl.col("invalid_facts")] if flagged else []  # the column of invalid facts, when base has one
    frame = frame.select(
        *[pl.col(c) for c in keep if c not in receipt_columns],
        *flags,
        letter.alias(col_letter), amount.alias(col_amount), intent.alias(col_intent), intent_amount.alias(col_intent_amount),
        (as_bool(pl.col(receive_col), schema[receive_col]) if receive_col in schema else _NO_BOOL).alias(col_receives),
    )
    granted = (pl.col(col_letter) & pl.col(col_amount).is_not_null()).fill_null(False) if raw_amount is not None else pl.col(col_letter).fill_null(False)
    denied = pl.col(col_letter).not_().fill_null(False)
    served = pl.col(col_intent).fill_null(False)
    col_granted, col_denied = prefix + "#granted", prefix + "#denied"
    frame = frame.with_columns(granted.alias(col_granted), denied.alias(col_denied))
    granted, denied = pl.col(col_granted), pl.col(col_denied)
    undetermined = (granted | denied).not_() | pl.col(col_intent).is_null()
    adverse = p.outcome.adverse
    parted_worse = granted if adverse else granted.not_()
    diff = pl.col(col_amount) - pl.col(col_intent_amount)
    less = (diff > 0) if adverse else (diff < 0)
    amount_unknown = pl.lit(False)
    if amounts and raw_amount is not None:  # the purpose names an amount that cannot be computed yet
        amount_unknown = granted & served & pl.col(col_intent_amount).is_null()
    tension = (
        pl.when(undetermined | amount_unknown).then(_TENSION["undetermined"])
        .when(granted != served).then(pl.when(parted_worse).then(_TENSION["letter_blocks_intent"]).otherwise(_TENSION["letter_exceeds_intent"]))
        .when(granted & diff.is_not_null() & ((diff > tolerance) | (diff < -tolerance))).then(
            pl.when(less).then(_TENSION["letter_blocks_intent"]).otherwise(_TENSION["letter_exceeds_intent"]))
        .otherwise(_TENSION["aligned"])
    )
    return frame.select(
        pl.col(id_column),
        *[pl.col(c) for c in keep if c != id_column and c not in receipt_columns],
        pl.when(granted).then(_LETTER["granted"]).when(denied).then(_LETTER["denied"]).otherwise(_LETTER["undetermined"]).alias("letter"),
        pl.when(pl.col(col_intent)).then(_INTENT["served"]).when(pl.col(col_intent).not_()).then(_INTENT["not_served"]).otherwise(_INTENT["undetermined"]).alias("intent"),
        pl.col(col_receives).alias("receives"),
        *flags,
        pl.lit(p.id, dtype=policy_dtype).alias("policy"),
        # cents as Int128 are exactly a Decimal(38, 2)'s storage: reinterpreting costs nothing
        pl.when(granted).then(pl.col(col_amount)).reinterpret(dtype=MONEY_OUT).alias("amount"),
        pl.col(col_intent_amount).reinterpret(dtype=MONEY_OUT).alias("intent_amount"),
        tension.alias("tension"),
        (granted & pl.col(col_receives).not_()).alias("non_take_up"),
    )


@dataclass(frozen=True)
class ColumnReport:
    """Which facts have no column, and which columns are no fact (nor id, district or receives)."""

    missing: list[str]
    unknown: list[str]


_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


def column_report(columns: list[str], facts: Mapping[str, Fact], known: set[str]) -> ColumnReport:
    """Every missing and unknown column; none that is a fact at all is refused.

    An unknown column is named only when its name looks like a fact name (lower case, digits and
    ``_``); any other name could be personal data (a BSN as a header) and is counted as ``?``.

    Raises:
        ScreeningError: when not one column is a fact of the regulations.
    """
    if facts and not any(name in facts for name in columns):
        raise ScreeningError("no-fact-column", columns=len(columns), facts=len(facts))
    missing = sorted(n for n in facts if n not in columns)
    unknown = [c if _NAME.fullmatch(c) else "?" for c in columns if c not in facts and c not in known]
    return ColumnReport(missing, sorted(unknown))


def _check_column_names(id_column: str, district_column: str | None) -> None:
    """The id and district columns are copied into the result: not under a name the result uses."""
    for option, name in (("id_column", id_column), ("district_column", district_column)):
        if name in RESULT_COLUMNS or (name or "").startswith("__"):
            raise ScreeningError("column-name-taken", option=option, name=repr(name))
    if id_column == district_column:
        raise ScreeningError("id-district-same")


def _all(exprs: list[pl.Expr]) -> pl.Expr:
    if not exprs:
        return pl.lit(True)
    out = exprs[0]  # true and x is x, unknown included
    for e in exprs[1:]:
        out = out & e
    return out


def summaries(result: pl.DataFrame, district: str | None) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """Per policy (and per part, with a ``part`` column), and per district when there is one."""
    keys = ["policy", "part"] if "part" in result.columns else ["policy"]
    aggs = [
        pl.len().alias("persons"),
        (pl.col("letter") == "granted").sum().alias("granted"),
        (pl.col("letter") == "denied").sum().alias("denied"),
        (pl.col("letter") == "undetermined").sum().alias("undetermined"),
        (pl.col("letter") == "partly_granted").sum().alias("partly_granted"),
        (pl.col("tension") == "letter_blocks_intent").sum().alias("letter_blocks_intent"),
        (pl.col("tension") == "letter_exceeds_intent").sum().alias("letter_exceeds_intent"),
        pl.col("non_take_up").sum().alias("non_take_up"),
        pl.col("amount").sum().alias("amount_granted"),
        pl.col("amount").filter(pl.col("non_take_up")).sum().alias("amount_not_taken_up"),
    ]
    # on the streaming engine: about twice as fast as the eager group_by over millions of rows
    if district is None:
        return result.lazy().group_by(keys).agg(aggs).sort(keys).collect(engine="streaming"), None
    # one pass over the rows: per district, then the districts added up per policy
    per_district = result.lazy().group_by([*keys, district]).agg(aggs).sort([*keys, district])
    totals = [a.meta.output_name() for a in aggs]
    # both in one run (the districts' rows computed once, then added up): no second query to start
    by_district, summary = pl.collect_all([per_district, per_district.group_by(keys).agg([pl.col(c).sum() for c in totals]).sort(keys)], engine="streaming")
    return summary, by_district
