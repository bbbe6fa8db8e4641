# SPDX-License-Identifier: EUPL-1.2
"""Hostile input, generated (issue 13, acceptance): case JSON, event records and population frames.

Whatever hypothesis throws at ``assess``, ``assess_all``, the command line's case reader,
``signals`` and ``screen``, only regelruimte's own errors escape; each is one line (a case error
is one line per problem, and one line on the command line); and none shows a value. Every text
the generators make carries a canary marker, every number is a canary number, so a value that
comes back in an error or a report is found.
"""

from __future__ import annotations

import json
import math
import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import regelruimte as rr
from regelruimte.cli import app

ROOT = Path(__file__).resolve().parents[1]
POLICIES = rr.load_policies()
KW = POLICIES["kwijtschelding_afvalstoffenheffing"]
SELECTED = [KW, POLICIES["bijzondere_bijstand_rotterdam"], POLICIES["wmo_maatwerkvoorziening_assen"]]
MARK = "Qzx"  # in every generated text: never a word of a policy or a message
NUMBERS = (999999990, 12345.67, 7777777.77, -999999990, 10**15 + 1, 10**40)
FORMS = (MARK, "999999990", "12345.67", "12345,67", "7777777", "1000000000000001", "10000000000000000000000000000000000000000")
SCALE = float(os.environ.get("REGELRUIMTE_PROPERTY_SCALE", "1"))  # e.g. 20 for a long hunt


def examples(n: int) -> int:
    return max(1, int(n * SCALE))


FUZZ = settings(deadline=None, max_examples=examples(60), suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

marked_text = st.text(max_size=12).map(lambda s: f"{MARK}{s}")
canary_number = st.sampled_from(NUMBERS)
floats = st.sampled_from([math.inf, -math.inf, math.nan, 1e300, -1e-300, 12345.678, 7777777.77])
scalars = st.one_of(st.none(), st.booleans(), canary_number, floats, marked_text,
                    st.sampled_from(["1401.50", "2026-02-30", "2026-03-01T00:00:00Z", "ja", "true", "alleenstaande", "", " ", "NaN", "1e5"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(marked_text, inner, max_size=3)), max_leaves=8)
fact_names = st.one_of(st.sampled_from(sorted({n for p in SELECTED for n in p.facts})), marked_text, st.sampled_from(["999999990", "", "__class__", "facts"]))


def clean(text: str, where: str) -> None:
    for form in FORMS:
        assert form not in text, f"{where} shows {form!r}: {text[:300]!r}"


def one_line(text: str, where: str) -> None:
    assert text.strip() and "\n" not in text.strip(), f"{where}: not one line: {text[:300]!r}"


def check_error(exc: BaseException, where: str) -> None:
    """Ours, one line (per problem for a case), no value."""
    assert isinstance(exc, rr.RegelruimteError), f"{where}: {type(exc).__module__}.{type(exc).__name__} escaped"
    problems = getattr(exc, "problems", None)
    if isinstance(exc, rr.CaseError):
        assert problems, where
        for p in problems:
            one_line(str(p), where)
    elif not isinstance(exc, rr.PolicyLoadError):
        one_line(str(exc), where)
    clean(str(exc) + repr(exc) + repr(problems), where)


@st.composite
def cases(draw: st.DrawFn) -> Any:
    """A case: mostly well-shaped with hostile facts, sometimes any JSON at all."""
    if draw(st.integers(0, 5)) == 0:
        return draw(values)
    case: dict[str, Any] = {"date": draw(st.one_of(st.just("2026-03-01"), st.sampled_from(["2026-02-30", "999999990", "", "2026-3-1"]), scalars)),
                            "facts": draw(st.one_of(st.dictionaries(fact_names, values, max_size=6), values))}
    if draw(st.booleans()):
        case["id"] = draw(st.one_of(marked_text, canary_number, values))
    if draw(st.integers(0, 4)) == 0:
        case[draw(marked_text)] = draw(values)
    return case


@FUZZ
@given(case=cases())
def test_assess_and_assess_all_refuse_with_our_errors(case: Any) -> None:
    for where, call in (("assess", lambda: rr.assess(KW, case, key="k")), ("assess_all", lambda: rr.assess_all(SELECTED, case, key="k"))):
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 - what escapes is the point of the test
            check_error(exc, where)
        else:
            clean(result.to_json() + repr(result), where)


RUNNER = CliRunner()


@settings(FUZZ, max_examples=examples(25))
@given(case=cases(), raw=st.one_of(st.none(), st.binary(max_size=40).map(lambda b: b"\xff" + b), st.just(b'{"date": "2026-03-01", "facts": {"a": 1, "a": 2}}')))
def test_the_cli_reads_any_case_file_into_one_line(tmp_path_factory: pytest.TempPathFactory, case: Any, raw: bytes | None) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "zaak.json"
    path.write_bytes(raw if raw is not None else json.dumps(case, allow_nan=True).encode())
    result = RUNNER.invoke(app, ["assess", str(ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"), str(path), "--format", "json"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    if result.exit_code != 0:
        assert result.exit_code == 2, result.output
        one_line(result.output, "assess")
    clean(result.output, "assess CLI")


EVENT_TYPES = ["laag_inkomen_begonnen", "iit_verleend", "wmo_melding", "wmo_onderzoek_afgerond", "statuut_toegekend", "inschrijving_gent"]
FIELDS = ["statuut", "huishouden", "belastingjaar", "bedrag", "soort", "gemeld_op"]


@st.composite
def event_records(draw: st.DrawFn) -> list[Any]:
    records: list[Any] = []
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.integers(0, 6)) == 0:
            records.append(draw(values))
            continue
        record: dict[str, Any] = {
            "household": draw(st.one_of(marked_text, canary_number, st.just("999999990"), scalars)),
            "date": draw(st.one_of(st.sampled_from(["2026-01-05", "2025-06-01", "2026-02-30", "9999-12-31"]), scalars)),
            "type": draw(st.one_of(st.sampled_from(EVENT_TYPES), marked_text, scalars)),
        }
        fields = draw(st.dictionaries(st.one_of(st.sampled_from(FIELDS), marked_text), values, max_size=3))
        if draw(st.booleans()):
            record["fields"] = fields
        else:
            record.update(fields)
        records.append(record)
    return records


@settings(FUZZ, max_examples=examples(30))
@given(records=event_records())
def test_signals_refuse_records_with_our_errors(records: list[Any]) -> None:
    try:
        result = rr.signals(POLICIES, records, date="2026-03-01", workers=0, key="k")
    except Exception as exc:  # noqa: BLE001
        check_error(exc, "signals")
    else:
        clean(result.to_json() + repr(result) + result.to_markdown(), "signals")


COLUMN_VALUES = {
    "text": st.lists(st.one_of(st.none(), marked_text, st.sampled_from(["1401.50", "12345.67", "999999990", "2026-02-30", "true", "ja"])), min_size=2, max_size=2),
    "float": st.lists(st.one_of(st.none(), floats, st.just(12345.67)), min_size=2, max_size=2),
    "int": st.lists(st.one_of(st.none(), st.sampled_from([999999990, -999999990, 2**62, 0])), min_size=2, max_size=2),
    "bool": st.lists(st.one_of(st.none(), st.booleans()), min_size=2, max_size=2),
    "date": st.lists(st.one_of(st.none(), st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(1987, 6, 5)])), min_size=2, max_size=2),
    "datetime": st.lists(st.one_of(st.none(), st.sampled_from([datetime(1987, 6, 5, 12, 30), datetime(2026, 3, 1)])), min_size=2, max_size=2),
    "decimal": st.lists(st.one_of(st.none(), st.sampled_from([Decimal("12345.6789"), Decimal("7777777.77"), Decimal("1" + "0" * 30)])), min_size=2, max_size=2),
    "mixed": st.lists(st.one_of(marked_text, canary_number, st.booleans()), min_size=2, max_size=2),
}


@st.composite
def populations(draw: st.DrawFn) -> tuple[Any, str]:
    names = draw(st.lists(st.one_of(st.sampled_from(sorted({n for p in SELECTED for n in p.facts} | {"id", "wijk"})), marked_text), min_size=1, max_size=6, unique=True))
    kinds = {n: draw(st.sampled_from(sorted(COLUMN_VALUES))) for n in names}
    data = {n: draw(COLUMN_VALUES[k]) for n, k in kinds.items()}
    if draw(st.booleans()) or any(k == "mixed" for k in kinds.values()):
        return pd.DataFrame({n: pd.Series(v, dtype=object) if kinds[n] in ("mixed", "decimal") else v for n, v in data.items()}), "pandas"
    columns = {}
    for n, v in data.items():
        try:
            columns[n] = pl.Series(n, v, strict=False)
        except Exception:  # noqa: BLE001 - a list polars cannot hold is not a frame to screen
            columns[n] = pl.Series(n, [str(x) for x in v])
    return pl.DataFrame(columns), "polars"


@settings(FUZZ, max_examples=examples(60))
@given(population=populations(), on_invalid=st.sampled_from(["raise", "unknown"]))
def test_screen_refuses_frames_with_our_errors(population: tuple[Any, str], on_invalid: str) -> None:
    frame, kind = population
    try:
        result = rr.screen(SELECTED, frame, date="2026-03-01", on_invalid=on_invalid)  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001
        check_error(exc, f"screen {kind}")
    else:
        clean(repr(result) + str(result.summary), f"screen {kind}")
