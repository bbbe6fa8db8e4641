# SPDX-License-Identifier: EUPL-1.2
"""Hostile case files, dates and event logs: our own one-line error, exit 2, no traceback
(issue 13, items 12, 13 and 14).

Each input here raised Python's own error with a traceback and exit 1, or was accepted silently
(a duplicate key, a unix timestamp as a date). Now the library raises its own error type, and the
command line prints one line on stderr and exits 2; no message holds a value of the input.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import regelruimte as rr
from regelruimte.cli import app
from regelruimte.errors import CaseError, ScreeningError, SignalsError
from regelruimte.model.case import FactValidator
from regelruimte.model.case_json import MAX_DEPTH, JSONRefused, loads, read_case_json
from regelruimte.model.facts import Fact

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
CANARY = "999999990"

HOSTILE: dict[str, tuple[bytes, str]] = {
    "not-utf8": (b'{"date": "2026-03-01", "facts": {"netto_inkomen": "14\xe9\xff0.00"}}', "not UTF-8 text"),
    "5000-digit-int": (b'{"date": "2026-03-01", "facts": {"aanslag": ' + b"9" * 5000 + b"}}", "more than 40 digits"),
    "5000-digit-decimal": (b'{"date": "2026-03-01", "facts": {"aanslag": 0.' + b"9" * 5000 + b"}}", "more than 40 digits"),
    "nested-100000": (b'{"date": "2026-03-01", "facts": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested deeper than"),
    "nested-33": (b'{"date": "2026-03-01", "facts": {"x": ' + b"[" * 32 + b"]" * 32 + b"}}", "nested deeper than"),
    "lone-surrogate-id": (b'{"date": "2026-03-01", "id": "\\ud800' + CANARY.encode() + b'", "facts": {}}', "not valid Unicode"),
    "lone-surrogate-key": (b'{"date": "2026-03-01", "facts": {"\\udc00": 1}}', "not valid Unicode"),
    "nan": (b'{"date": "2026-03-01", "facts": {"aanslag": NaN}}', "NaN or Infinity"),
    "duplicate-fact": (b'{"facts": {"netto_inkomen": "1000.00", "netto_inkomen": "1401.50"}, "date": "2026-03-01"}', "duplicate key 'netto_inkomen'"),
    "duplicate-date": (b'{"date": "2026-03-01", "date": "2026-04-01", "facts": {}}', "duplicate key 'date'"),
    "duplicate-bsn-key": (b'{"date": "2026-03-01", "facts": {"' + CANARY.encode() + b'": 1, "' + CANARY.encode() + b'": 2}}', "duplicate key (a key that is not a name"),
    "not-json": (b'{"date": "2026-03-01", "facts": {', "not valid JSON (line 1"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_case_text_is_refused_with_our_error(name: str) -> None:
    raw, reason = HOSTILE[name]
    with pytest.raises(JSONRefused) as info:
        loads(raw)
    assert reason in str(info.value) and "\n" not in str(info.value)
    assert CANARY not in str(info.value) and "1401.50" not in str(info.value)
    with pytest.raises(CaseError) as case_info:
        read_case_json(raw, "zaak.json")
    assert case_info.value.problems[0].fact == "(zaak.json)" and reason in case_info.value.problems[0].message


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_case_file_exits_2_with_one_line(name: str, tmp_path: Path) -> None:
    raw, reason = HOSTILE[name]
    path = tmp_path / "zaak.json"
    path.write_bytes(raw)
    result = CliRunner().invoke(app, ["assess", str(POLICY), str(path), "-f", "json", "--lang", "en"], env={"REGELRUIMTE_PSEUDONYM_KEY": "sleutel"})
    assert result.exit_code == 2, result.output[-300:]
    assert result.stderr.count("\n") == 1 and reason in result.stderr, result.stderr
    assert result.stdout == "" and "Traceback" not in result.output and CANARY not in result.output


def test_strict_json_keeps_what_a_case_needs() -> None:
    data = loads('{"date": "2026-03-01", "facts": {"a": 1401.50, "b": 12, "c": [[1]], "d": "Zoë"}}'.encode())
    assert data == {"date": "2026-03-01", "facts": {"a": Decimal("1401.50"), "b": 12, "c": [[1]], "d": "Zoë"}}
    assert isinstance(data["facts"]["a"], Decimal)
    assert loads("\ufeff{}".encode()) == {}  # a byte order mark, as Windows editors write it
    deepest = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert loads('{"x": ' + deepest + "}")  # the limit itself is read
    with pytest.raises(JSONRefused):
        loads('{"x": [' + deepest + "]}")  # one more is not


@pytest.mark.parametrize("text", ['{"x": "\\ud800"}', '{"\\udc00": 1}', '{"x": ["a", {"y": "\\ud83d"}]}', '"\\udfff"'])
def test_bytes_skip_the_text_walk_only_when_no_text_can_be_refused(text: str) -> None:
    """Decoded bytes are walked only when a \\u escape or the brackets allow a refusal (the hot path
    of the HTTP API); the refusals stay, from bytes and from str alike, at the same depth limit."""
    for raw in (text, text.encode()):
        with pytest.raises(JSONRefused, match="not valid Unicode"):
            loads(raw)
    assert loads(b'{"x": "\\u00e9\\ud83d\\ude00"}') == {"x": "é\U0001f600"}  # a pair is one character
    deepest = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert loads(('{"x": ' + deepest + "}").encode())
    with pytest.raises(JSONRefused, match="nested deeper"):
        loads(('{"x": [' + deepest + "]}").encode())
    with pytest.raises(JSONRefused, match="not valid Unicode"):
        loads('{"x": "\ud800"}')  # a str may hold a lone surrogate without any escape


def test_a_lone_surrogate_case_id_with_a_pseudonym_key_is_a_case_error() -> None:
    policy = rr.load_policy(POLICY)
    with pytest.raises(CaseError) as info:
        rr.assess(policy, {"date": "2026-03-01", "id": "\ud800" + CANARY, "facts": {}}, key="sleutel")
    assert info.value.problems[0].fact == "id" and CANARY not in str(info.value)


# -- dates: only YYYY-MM-DD or a date that is not a datetime (item 12) -------------------------------
NOT_DATES: list[Any] = [1772323200, 1772323200.0, "2026-03-01T00:00:00Z", "2026-03-01T00:00:00", "2026-03-01 00:00",
                        dt.datetime(2026, 3, 1), dt.datetime(2026, 3, 1, tzinfo=dt.UTC), "2026-02-30", "20260301", None, True]


@pytest.mark.parametrize("value", NOT_DATES, ids=repr)
def test_only_a_date_is_a_case_date(value: Any) -> None:
    policy = rr.load_policy(POLICY)
    with pytest.raises(CaseError) as info:
        rr.assess(policy, {"date": value, "facts": {}})
    assert [p.fact for p in info.value.problems] == ["date"]


@pytest.mark.parametrize("value", [v for v in NOT_DATES if v is not None], ids=repr)  # None: a missing fact
def test_only_a_date_is_a_date_fact(value: Any) -> None:
    validator = FactValidator("datums", {"geboren": Fact(type="date", description="Geboortedatum")})
    with pytest.raises(CaseError) as info:
        validator.validate({"geboren": value})
    assert [p.fact for p in info.value.problems] == ["geboren"]
    assert validator.validate({"geboren": "2000-02-29"}) == {"geboren": dt.date(2000, 2, 29)}


@pytest.mark.parametrize("value", [dt.date(2026, 3, 1), "2026-03-01"], ids=repr)
def test_a_date_is_a_case_date(value: Any) -> None:
    a = rr.assess(rr.load_policy(POLICY), {"date": value, "facts": {}})
    assert a.provenance.reference_date == dt.date(2026, 3, 1)


@pytest.mark.parametrize("value", [dt.datetime(2026, 3, 1), 1772323200, None, "2026-02-30", "2026-03-01T00:00:00Z"], ids=repr)
def test_screen_refuses_what_is_not_a_date(value: Any) -> None:
    with pytest.raises(ScreeningError) as info:
        rr.screen([rr.load_policy(POLICY)], ROOT / "nonexistent.parquet", date=value)
    assert str(info.value).startswith("the reference date is ")


@pytest.mark.parametrize("value", ["2026-02-30", "2026-03-01T00:00:00Z", "1772323200"])
def test_screen_command_refuses_what_is_not_a_date(value: str, tmp_path: Path) -> None:
    population = tmp_path / "stad.csv"
    population.write_text("id,netto_inkomen\n1,1000.00\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["screen", str(POLICY), "-p", str(population), "-d", value])
    assert result.exit_code == 2, result.output[-300:]
    assert "de peildatum is" in result.stderr and "Traceback" not in result.output  # Dutch by default (--lang nl)


# -- event logs and populations ------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "content"), [
    ("events.csv", b"household,date,type\nh1,2026-01-01,geboorte\nh2,2026-01-0\xff,geboorte\n"),
    ("events.json", b'[{"household": "h\xff1", "date": "2026-01-01", "type": "geboorte"}]'),
    ("events.parquet", b"PAR1" + bytes(range(256)) * 8),
])
def test_an_unreadable_event_log_is_our_error(name: str, content: bytes, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SignalsError):
        rr.signals([rr.load_policy(POLICY)], path, date="2026-03-01", workers=1)
    result = CliRunner().invoke(app, ["signals", str(POLICY), "--events", str(path), "--date", "2026-03-01"])
    assert result.exit_code == 2, result.output[-300:]
    assert "Traceback" not in result.output and result.stderr.strip().count("\n") == 0, result.stderr


def test_a_json_lines_event_log_refuses_a_line_that_is_not_utf8_and_reads_on(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_bytes(b'{"household": "h\xff1", "date": "2026-01-01", "type": "geboorte"}\n{"household": "h2", "date": "2026-01-01", "type": "onbekend"}\n')
    result = rr.signals([rr.load_policy(POLICY)], path, date="2026-03-01", workers=1)
    assert [r.record for r in result.refused] == [1]


def test_a_corrupt_parquet_population_is_our_error(tmp_path: Path) -> None:
    path = tmp_path / "stad.parquet"
    path.write_bytes(b"PAR1" + bytes(range(256)) * 8)
    result = CliRunner().invoke(app, ["screen", str(POLICY), "-p", str(path), "-d", "2026-03-01"])
    assert result.exit_code == 2 and "Traceback" not in result.output and "kan niet gelezen worden" in result.stderr
