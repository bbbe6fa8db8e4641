# SPDX-License-Identifier: EUPL-1.2
"""The event log: files, DataFrames and iterators; every record validated before the engine sees
it; bad records refused with a clear reason (never their value) and the rest processed."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("durable.engine", reason="durable-rules==2.0.28 is needed for signals")

import regelruimte as rr  # noqa: E402
from regelruimte.errors import SignalsError  # noqa: E402
from regelruimte.signalling import signals  # noqa: E402
from regelruimte.signalling.events import EventSchema  # noqa: E402
from regelruimte.signalling.readers import read_records  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "signaaltest.yaml"
POLICY = rr.load_policy(FIXTURE)
SCHEMA = EventSchema([(POLICY.id, POLICY.events)])
SECRET = "Jan Jansen 123456782"

GOOD = [
    {"household": "h1", "date": "2026-01-01", "type": "melding", "soort": "a"},
    {"household": "h2", "date": "2026-01-01", "type": "betaling", "bedrag": "2500.00", "jaar": "2026", "tot": "2026-02-01"},
]


def validate(record: dict):
    return SCHEMA.validate((7, record))


# ----------------------------------------------------------------------------- one record


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        ({"date": "2026-02-30"}, "date", "a date as YYYY-MM-DD"),
        ({"date": "01-02-2026"}, "date", "a date as YYYY-MM-DD"),
        ({"date": "1899-12-31"}, "date", "between 1900-01-01"),
        ({"date": datetime(2026, 1, 1, 12, 30)}, "date", "a date"),
        ({"household": ""}, "household", "a household id"),
        ({"household": "a\nb"}, "household", "a household id"),
        ({"type": "Melding!"}, "type", "an event type name"),
        ({"bedrag": "2500,00"}, "bedrag", "an amount in euros"),
        ({"bedrag": "12.345"}, "bedrag", "an amount in euros"),
        ({"bedrag": 0.1 + 0.2}, "bedrag", "an amount in euros"),
        ({"bedrag": True}, "bedrag", "an amount in euros"),
        ({"bedrag": "1" * 13}, "bedrag", "an amount in euros"),
        ({"jaar": "2026.5"}, "jaar", "a whole number"),
        ({"jaar": True}, "jaar", "a whole number"),
        ({"jaar": 10**16}, "jaar", "a whole number"),
        ({"tot": "morgen"}, "tot", "a date"),
        ({"tot": None}, "tot", "a date"),
        ({"extra": SECRET}, "extra", "a field of event type"),
    ],
)
def test_a_bad_value_is_refused_with_field_and_expected_type_never_the_value(change: dict, field: str, expected: str) -> None:
    record = {**GOOD[1], **change}
    household, event, refusals = validate(record)
    assert event is None
    (r,) = refusals
    assert r.field == field and expected in r.expected
    for value in change.values():
        if isinstance(value, str) and len(value) > 3:
            assert value not in f"{r}"


def test_values_are_engine_ready() -> None:
    _, event, refusals = validate({**GOOD[1], "bedrag": Decimal("2500.5"), "jaar": 2026.0, "tot": date(2026, 2, 1)})
    assert refusals == []
    assert event.values == {"bedrag": 250050, "jaar": 2026, "tot": 20485}
    assert all(type(v) in (int, bool, str) for v in event.values.values())
    _, event, _ = validate({**GOOD[1], "bedrag": 12.5})
    assert event.values["bedrag"] == 1250


def test_nested_fields_and_enum_and_bool() -> None:
    _, event, refusals = validate({"household": "h", "date": "2026-01-01", "type": "besluit", "fields": {"soort": "b", "positief": "TRUE"}})
    assert refusals == [] and event.values == {"soort": "b", "positief": True}
    _, event, refusals = validate({"household": "h", "date": "2026-01-01", "type": "besluit", "fields": {"soort": "c", "positief": "ja"}})
    assert [r.field for r in refusals] == ["soort", "positief"]


def test_undeclared_types_are_ignored_not_refused() -> None:
    household, event, refusals = validate({"household": "", "date": "nope", "type": "verhuizing"})
    assert (event, refusals) == ("verhuizing", [])


def test_two_policies_cannot_give_one_type_two_meanings() -> None:
    other = POLICY.events["melding"].model_copy(update={"fields": {}})
    with pytest.raises(SignalsError, match="declared with different fields"):
        EventSchema([("a", POLICY.events), ("b", {"melding": other})])


# ----------------------------------------------------------------------------- a whole log


def bad_log() -> list[dict]:
    return [
        {"household": "h1", "date": "2026-01-01", "type": "melding", "soort": "a"},
        {"household": "h1", "date": "2026-01-02", "type": "melding", "soort": SECRET},  # refused
        {"household": "h2", "date": "2026-01-01", "type": "betaling", "bedrag": "1.000,00", "jaar": "2026", "tot": "2026-02-01"},  # refused
        {"household": "h2", "date": "2026-01-05", "type": "verhuizing"},  # ignored
        {"household": "h3", "date": "2026-13-01", "type": "melding", "soort": "a"},  # refused
        {"household": "h3", "date": "2026-01-01", "type": "melding", "soort": "b"},
        "not a record",  # refused
        {"household": "h4", "date": "2026-01-01", "type": "melding"},  # refused: missing field
    ]


def test_bad_records_are_refused_and_the_rest_processed() -> None:
    result = signals([POLICY], bad_log(), date="2026-03-31", workers=0)
    s = result.summary
    assert (s.records, s.refused_records, s.ignored_records, s.events) == (8, 5, 1, 2)
    assert s.ignored_types == {"verhuizing": 1}
    assert [(r.record, r.household, [p["field"] for p in r.problems]) for r in result.refused] == [
        (2, "h1", ["soort"]), (3, "h2", ["bedrag"]), (5, "h3", ["date"]), (7, None, ["(record)"]), (8, "h4", ["soort"])]
    assert {h.household for h in result.households} == {"h1", "h3"}  # their valid reports are past the 42 days
    text = result.to_json(show_ids=True) + result.to_markdown() + result.to_html() + repr(result)
    assert SECRET not in text and "1.000,00" not in text and "2026-13-01" not in text


def test_a_log_that_is_not_grouped_is_an_error_not_a_split_household() -> None:
    log = [GOOD[0], {**GOOD[1], "household": "h2"}, {**GOOD[0], "household": "h1"}]
    with pytest.raises(SignalsError, match=r"not grouped by household \(record 3\)"):
        signals([POLICY], log, date="2026-03-31", workers=0)


def test_numeric_order_and_text_order_are_both_grouped() -> None:
    for ids in (["2", "10", "11"], ["10", "11", "2"]):
        log = [{**GOOD[0], "household": i} for i in ids]
        assert signals([POLICY], log, date="2026-03-31", workers=0).summary.households == 3


def test_dataframes_are_sorted_and_keep_record_numbers() -> None:
    pl = pytest.importorskip("polars")
    pd = pytest.importorskip("pandas")
    log = [GOOD[0], {**GOOD[1], "household": "h2"}, {**GOOD[0], "household": "h1", "date": "2026-01-03"}, {**GOOD[0], "household": "h0", "date": "x"}]
    frame = pl.DataFrame(log)
    a = signals([POLICY], frame, date="2026-03-31", workers=0)
    b = signals([POLICY], pd.DataFrame(log), date="2026-03-31", workers=0)
    for r in (a, b):
        assert r.summary.households == 2 and r.summary.refused_records == 1
        assert [x.record for x in r.refused] == [4]
        (h1,) = [h for h in r.households if h.household == "h1"]
        assert {m.record for hit in h1.hits for match in hit.matches for m in match} <= {1, 3}
    assert a.model_dump() == b.model_dump()


def test_files_csv_jsonl_json_parquet_agree(tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    log = [GOOD[0], {**GOOD[0], "date": "2026-02-20"}, GOOD[1], {"household": "h3", "date": "2026-01-01", "type": "besluit", "soort": "a", "positief": "true"}]
    columns = ["household", "date", "type", "soort", "bedrag", "jaar", "tot", "positief"]
    csv_path = tmp_path / "log.csv"
    csv_path.write_text(",".join(columns) + "\n" + "\n".join(",".join(str(r.get(c, "")) for c in columns) for r in log) + "\n", encoding="utf-8")
    (tmp_path / "log.jsonl").write_text("\n".join(json.dumps(r) for r in log) + "\n", encoding="utf-8")
    (tmp_path / "log.json").write_text(json.dumps(log), encoding="utf-8")
    pl.read_csv(csv_path, infer_schema=False).write_parquet(tmp_path / "log.parquet")
    results = [signals([POLICY], tmp_path / f"log.{ext}", date="2026-03-31", workers=0) for ext in ("csv", "jsonl", "json", "parquet")]
    dumps = [r.model_dump() for r in results]
    assert all(d == dumps[0] for d in dumps) and results[0].summary.events == 4
    with pytest.raises(SignalsError, match="no such event log"):
        signals([POLICY], tmp_path / "missing.csv", date="2026-03-31")
    (tmp_path / "bad.csv").write_text("who,when\n1,2\n", encoding="utf-8")
    with pytest.raises(SignalsError, match="columns household, date and type"):
        signals([POLICY], tmp_path / "bad.csv", date="2026-03-31")


def test_an_unsorted_file_can_be_sorted_on_request(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [GOOD[0], {**GOOD[1], "household": "h2"}, {**GOOD[0], "date": "2026-02-02"}]) + "\n", encoding="utf-8")
    with pytest.raises(SignalsError, match="not grouped"):
        signals([POLICY], path, date="2026-03-31", workers=0)
    assert signals([POLICY], path, date="2026-03-31", workers=0, sort=True).summary.households == 2


@pytest.mark.parametrize("bad", ["2026-02-30", "gisteren", 20260301, None])
def test_the_reference_date_is_checked(bad) -> None:
    with pytest.raises(SignalsError, match="reference date"):
        signals([POLICY], [GOOD[0]], date=bad, workers=0)


@pytest.mark.parametrize("bad", [{"household": "h1"}, "events.csv_is_a_string_not_a_file", 42])
def test_events_must_be_a_log(bad) -> None:
    with pytest.raises(SignalsError):
        signals([POLICY], bad, date="2026-03-31", workers=0)


def test_read_records_reports_totals() -> None:
    records, total, grouped = read_records(GOOD)
    assert (total, grouped) == (2, False) and [n for n, _ in records] == [1, 2]
