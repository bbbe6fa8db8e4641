# SPDX-License-Identifier: EUPL-1.2
"""The stored assessment's formats (``regelruimte.decisions.document``): the fast serialiser gives
``to_dict()``, orjson gives the bytes every entry hash was made of, a log written in format 1
(before orjson and Zstandard) is still read, verified and replayed, and the shortcuts of the
value search find what the full search finds."""

from __future__ import annotations

import json
import shutil
import sqlite3
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import regelruimte as rr
from regelruimte.decisions import DecisionLog, document, prepare, redact, store
from regelruimte.decisions.model import _COMPACT, canonical
from regelruimte.decisions.redact import Redactor, _last_runs, _quick, value_forms
from regelruimte.model.facts import Fact

from .conftest import FIXTURES, KEY

OLD_LOG = FIXTURES / "decision_log_v1"
"""A log written by regelruimte at 44b953c (schema 1, every document in format 1: ``json.dumps``
with its spaces, zlib): the canary case assessed with ``log=`` and decided, three kwijtschelding
examples in one batch, and a correction. ``cases.json`` holds the cases, for replay."""


def _assessments(policies: rr.PolicySet) -> list[rr.Assessment]:
    out = []
    for p in policies.values():
        for i, t in enumerate(p.tests):
            try:
                out.append(rr.assess(p, {"date": t.date, "facts": p.test_facts(i), "id": f"z{i}"}, key=KEY))
            except rr.CaseError:
                continue
    return out


def test_the_fast_serialiser_gives_to_dict(policies: rr.PolicySet) -> None:
    """Every bundled example and a synthetic year: the same dict, values left out, no warning."""
    from regelruimte.synthetic.decisions import decisions

    periods = rr.load_policy(FIXTURES / "periods.yaml")
    months = [{"start": f"2026-0{m}-01", "end": f"2026-0{m}-28", "facts": {"bewezen": m != 1, "te_veel": f"{m}00.00"}} for m in (1, 2, 3)]
    in_periods = rr.assess(periods, {"date": "2026-06-01", "facts": {"niet_gemeld": True}, "periods": months})
    assert len(in_periods.periods) == 3
    cases = _assessments(policies) + [a for a, _ in decisions(policies, 150, seed=7)] + [in_periods]
    assert len(cases) > 150 and any(a.parts for a in cases)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for a in cases:
            assert document.assessment_dict(a) == a.to_dict(), a.provenance.policy_id
    hidden = [a for a in cases if any(r.values for r in a.letter.rules)]
    assert hidden and all("values" not in r for a in hidden for r in document.assessment_dict(a)["letter"]["rules"])


def test_orjson_writes_the_bytes_of_the_standard_library() -> None:
    """Every entry hash covers ``json.dumps(sort_keys, separators=(",", ":"), ensure_ascii=False)``."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for data in ({"reason": every}, {"b": [1, None, True, False, -7], "a": {"z": "é€\n\"\\\x00\x7f\u2028", "y": []}, "é": 1, "e": 2}):
        assert canonical(data) == _COMPACT.encode(data).encode("utf-8")
    assert canonical({"n": 2**70}) == b'{"n":1180591620717411303424}', "beyond 64 bits: the standard library"


def test_format_2_round_trips_and_format_1_is_read() -> None:
    doc = {"b": "€ 12,00", "a": [1, {"x": None}]}
    for fmt in (1, 2):
        raw = document.encode(doc, fmt)
        assert document.decompress(document.compress(raw, fmt), fmt) == raw and json.loads(raw) == doc
    assert document.encode(doc, 1) == json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()
    assert document.writable({"n": 2**70})[0] == 1, "what orjson cannot write is stored in format 1"
    with pytest.raises(ValueError, match="damaged"):
        document.decompress(document.compress(document.encode(doc, 2), 1), 2)


def test_without_orjson_and_zstandard_the_log_writes_format_1(tmp_path: Path, policies: rr.PolicySet,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A virtualenv installed before they were dependencies still imports and records."""
    from .test_log import blocked

    with DecisionLog(tmp_path / "b.db") as log:
        with monkeypatch.context() as m:
            m.setattr(document, "orjson", None)
            m.setattr(document, "zstandard", None)
            old = log.record(blocked(policies), decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
            assert log.stored_document(old)[0] == 1
        new = log.record(blocked(policies), decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
        assert log.stored_document(new)[0] == 4 and log.verify().ok
        with monkeypatch.context() as m:
            m.setattr(document, "zstandard", None)
            with pytest.raises(rr.DecisionLogError, match="damaged"):
                log.document_text(new)


@pytest.fixture
def old_log(tmp_path: Path) -> Path:
    db = tmp_path / "besluiten.db"
    shutil.copy(OLD_LOG / "besluiten.db", db)
    return db


def _schema_and_formats(db: Path) -> tuple[str, list[int]]:
    conn = sqlite3.connect(db)
    try:
        version = conn.execute("SELECT value FROM rr_meta WHERE key = 'schema_version'").fetchone()[0]
        columns = [r[1] for r in conn.execute("PRAGMA table_info(rr_documents)")]
        formats = [r[0] for r in conn.execute("SELECT format FROM rr_documents ORDER BY format")] if "format" in columns else []
    finally:
        conn.close()
    return version, formats


def test_a_log_of_format_1_is_read_verified_and_replayed(old_log: Path) -> None:
    assert _schema_and_formats(old_log)[0] == "1"
    cases = json.loads((OLD_LOG / "cases.json").read_text())
    with DecisionLog(old_log, create=False) as log:
        assert _schema_and_formats(old_log) == ("4", [1, 1, 1, 1]), "opened: schema 4, the old documents marked format 1"
        v = log.verify()
        assert v.ok and v.entries == 6, v.problems
        text = log.document_text(2)
        assert text.startswith('{"case_ref": "') and "[niet gelogd: inkomen]" in text, "format 1, as written"
        for number, case in ((1, cases["canary"]), (2, cases["canary"]), *((3 + i, c) for i, c in enumerate(cases["kwijtschelding"]))):
            r = log.replay(number, case, key=KEY)
            assert r.intact and r.reproduced is True, (number, r.differences)
        assert log.replay(6).intact and log.entry(6).corrects == 2
        # new entries go on the same chain, in format 3
        canary = rr.load_policy(FIXTURES / "canary.yaml")
        e = log.record(rr.assess(canary, cases["canary"], key=KEY), decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
        assert e.id == 7 and e.prev_hash == v.head and log.stored_document(e)[0] == 4
        assert log.replay(7, cases["canary"], key=KEY).reproduced is True
        assert log.verify().ok
    assert _schema_and_formats(old_log)[1] == [1, 1, 1, 1, 4]


def test_a_changed_format_is_named_by_verify(old_log: Path) -> None:
    with DecisionLog(old_log, create=False):
        pass
    conn = sqlite3.connect(old_log)
    conn.execute("DROP TRIGGER rr_documents_no_update")
    conn.execute("UPDATE rr_documents SET format = 2 WHERE sha256 = (SELECT assessment_sha256 FROM rr_entries WHERE id = 3)")
    conn.commit()
    conn.close()
    with DecisionLog(old_log, create=False) as log:
        v = log.verify()
        assert not v.ok and v.first_bad == 3 and "stored assessment" in " ".join(v.problems)
        with pytest.raises(rr.DecisionLogError, match="damaged"):
            log.document_text(3)


def test_a_log_of_schema_1_gains_the_format_column_on_both_databases(log_url: str, policies: rr.PolicySet,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from .test_log import blocked

    with monkeypatch.context() as m:
        m.setattr(store, "SCHEMA_VERSION", 1)
        DecisionLog(log_url).close()  # the tables of schema 1 only
    with DecisionLog(log_url, create=False) as log:
        e = log.record(blocked(policies), decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
        assert log.stored_document(e)[0] == 4 and log.verify().ok
        assert log.store.rows("SELECT value FROM rr_meta WHERE key = 'schema_version'")[0][0] == "4"


# -- the shortcuts of the value search ---------------------------------------------------------

SPECS = {t: Fact.model_validate({"type": t, "description": "een feit"}) for t in ("money", "decimal")}
_AMOUNTS = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False, places=None)


def _runs(form: str) -> tuple[bytes, ...]:
    return tuple(r.encode() for r in "".join(c if c.isdigit() else " " for c in form).split())


@settings(max_examples=400, deadline=None)
@given(value=_AMOUNTS, kind=st.sampled_from(["money", "decimal"]))
@example(value=Decimal("1234.565"), kind="money")  # format_money rounds half up, quantize half even
@example(value=Decimal("12345.678"), kind="decimal")
@example(value=Decimal("999.999"), kind="money")
@example(value=Decimal("1E+3"), kind="money")
@example(value=Decimal("3.9999999999999676476665709086633244E-33"), kind="decimal")  # more digits than the context's precision
def test_every_form_of_an_amount_has_a_quick_substring_and_its_last_runs(value: Decimal, kind: str) -> None:
    """What the shortcuts rely on: a form with none of the quick substrings, or whose last two runs
    of digits are not among ``_last_runs``, would be skipped although it is in the text."""
    quick, last = _quick(value), _last_runs(value)
    for form in value_forms(SPECS[kind], value):
        assert any(q in form for q in quick), (form, quick)
        assert _runs(form)[-2:] in last, (form, last)


_WORDS = st.sampled_from(["Beste burger", "het bedrag", "€", ",", ".", " ", "\\n", '"', "-", "0", "00", "1", "12", "345", "2026-03-01"])


@settings(max_examples=300, deadline=None)
@given(values=st.lists(_AMOUNTS.filter(lambda v: abs(v) >= 1), min_size=3, max_size=6), data=st.data())
def test_the_search_by_runs_of_digits_finds_what_the_full_search_finds(values: list[Decimal], data: st.DataObject) -> None:
    facts = {f"f{i}": v for i, v in enumerate(values)}
    specs = {name: SPECS["money"] for name in facts}
    pieces = []
    for name, v in facts.items():
        forms = value_forms(SPECS["money"], v)
        if forms and data.draw(st.booleans()):
            pieces.append(data.draw(st.sampled_from(forms)))
    pieces += data.draw(st.lists(_WORDS, max_size=12))
    text = json.dumps({"tekst": "".join(data.draw(st.permutations(pieces)))}, ensure_ascii=False)
    full = Redactor(facts, specs, None).redact_text(text)
    assert Redactor(facts, specs, None).redact_text(text, text.encode()) == full


def _every_form_replaced(text: str, facts: dict[str, Any], specs: dict[str, Fact]) -> str:
    """The value search without any shortcut: every form of every fact, longest first, a form two
    facts share going to the first in name order, each replaced where it stands as a whole token."""
    from regelruimte.decisions.redact import _token_at, marker, searched

    fact_of: dict[str, str] = {}
    for name in sorted(facts):
        if searched(specs[name], facts[name]):
            for form in value_forms(specs[name], facts[name]) + ([str(facts[name])] if isinstance(facts[name], int) else []):
                fact_of.setdefault(form, name)
    for form, name in sorted(fact_of.items(), key=lambda fn: (-len(fn[0]), fn[0])):
        out, start = [], 0
        while (i := _token_at(text, form, start)) >= 0:
            out += [text[start:i], marker(name)]
            start = i + len(form)
        text = "".join(out) + text[start:] if out else text
    return text


_FACT_VALUES = st.one_of(_AMOUNTS.map(lambda v: ("money", v)), _AMOUNTS.map(lambda v: ("decimal", v)),
                         st.integers(-10**6, 10**6).map(lambda v: ("int", v)),
                         st.sampled_from(["Canary Testpersoon", 'Piet "P" Puk', "Jansen"]).map(lambda v: ("text", v)))


@settings(max_examples=300, deadline=None)
@given(values=st.lists(_FACT_VALUES, min_size=1, max_size=7), data=st.data())
def test_the_value_search_replaces_what_replacing_every_form_replaces(values: list[tuple[str, Any]], data: st.DataObject) -> None:
    """Every shortcut of the search at once (quick substrings, an amount's pattern of them, forms
    pruned by them, one search per distinct value, the pass over the digits) against replacing every
    form of every fact."""
    specs = {f"f{i}": Fact.model_validate({"type": kind, "description": "een feit"}) for i, (kind, _v) in enumerate(values)}
    facts = {f"f{i}": v for i, (_kind, v) in enumerate(values)}
    pieces = [data.draw(st.sampled_from(forms)) for name, v in facts.items()
              if (forms := value_forms(specs[name], v)) and data.draw(st.booleans())]
    pieces += data.draw(st.lists(_WORDS, max_size=12))
    text = json.dumps({"tekst": "".join(data.draw(st.permutations(pieces))), "n": 5}, ensure_ascii=False)
    expected = _every_form_replaced(text, facts, specs)
    assert Redactor(facts, specs, None).redact_text(text, text.encode()) == expected
    assert Redactor(facts, specs, None).redact_text(text) == expected


@pytest.mark.parametrize("runs_from", [1, redact._SORT_BY_RUNS, 99])
def test_facts_with_the_same_value_and_the_digit_pass_on_a_document(runs_from: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shared values (the first fact in name order takes them) and amounts only partly in the text,
    with the pass over the digits and with each amount's pattern."""
    monkeypatch.setattr(redact, "_SORT_BY_RUNS", runs_from)
    kinds = {"a": "money", "b": "money", "c": "money", "d": "decimal", "e": "money"}
    specs = {n: Fact.model_validate({"type": k, "description": "een feit"}) for n, k in kinds.items()}
    facts = {"a": Decimal("0.00"), "b": Decimal("0.00"), "c": Decimal("315.97"), "d": Decimal("315.97"), "e": Decimal("1401.50")}
    text = json.dumps({"x": "€ 0,00 en 315,97 en 1.401,5 en 21401,50 en € 1.401,50.", "y": "0.00"}, ensure_ascii=False)
    out = Redactor(facts, specs, None).redact_text(text, text.encode())
    assert out == _every_form_replaced(text, facts, specs)
    assert json.loads(out) == {"x": "[niet gelogd: a] en [niet gelogd: c] en 1.401,5 en 21401,50 en [niet gelogd: e].", "y": "[niet gelogd: a]"}


def test_a_whole_number_in_a_compact_list_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compact JSON writes ``[12345,678]``: the text search would take it for a decimal number."""
    spec = Fact.model_validate({"type": "int", "description": "een aantal"})
    redactor = Redactor({"aantal": 12345}, {"aantal": spec}, None)
    doc: dict[str, Any] = {"reeks": [12345, 678], "tekst": "12345 dagen"}
    monkeypatch.setattr(prepare, "assessment_dict", lambda a: doc)
    fmt, raw = prepare.canonical_document(None, redactor)  # type: ignore[arg-type]
    assert fmt == 2 and b"12345" not in raw
    assert json.loads(raw) == {"reeks": ["[niet gelogd: aantal]", 678], "tekst": "[niet gelogd: aantal] dagen"}


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reading_a_format_1_log_leaves_it_as_it_was(old_log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """verify, list, replay and friction on an archived schema-1 log: the same bytes afterwards, no
    migration, no switch to WAL (no -wal/-shm files), and the old documents still read as format 1."""
    from typer.testing import CliRunner

    from regelruimte.cli import app

    monkeypatch.setenv("REGELRUIMTE_PSEUDONYM_KEY", KEY.decode() if isinstance(KEY, bytes) else KEY)
    case = old_log.parent / "zaak.json"
    case.write_text(json.dumps(json.loads((OLD_LOG / "cases.json").read_text())["canary"]))
    before = _sha(old_log)
    runner = CliRunner()
    for args, code in ((["log", "verify"], 0), (["log", "list"], 0), (["log", "list", "--format", "json"], 0),
                       (["replay", "2", "--case", str(case)], 0), (["replay", "6"], 0), (["friction"], 0),
                       (["log", "verify", "--format", "json"], 0)):
        result = runner.invoke(app, [*args, "--log", str(old_log)])
        assert result.exit_code == code, (args, result.output)
        assert _sha(old_log) == before, f"{args} changed the log"
        assert sorted(p.name for p in old_log.parent.iterdir()) == ["besluiten.db", "zaak.json"], args
    assert _schema_and_formats(old_log) == ("1", [])
    with DecisionLog(old_log, read_only=True) as log:
        assert log.verify().ok and log.stored_document(2)[0] == 1 and log.store.schema_version == 1
    assert _sha(old_log) == before


def test_a_log_opened_to_read_cannot_be_written(old_log: Path) -> None:
    """The read-only open refuses writes itself (root ignores chmod 0444): SQLite's ``mode=ro`` and
    ``query_only``, and recording is refused before any SQL."""
    before = _sha(old_log)
    cases = json.loads((OLD_LOG / "cases.json").read_text())
    canary = rr.load_policy(FIXTURES / "canary.yaml")
    with DecisionLog(old_log, create=False, read_only=True) as log:
        conn = log.store._conn()
        assert conn.execute("PRAGMA query_only").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        conn.execute("PRAGMA query_only=OFF")  # even then the connection itself is read-only
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("INSERT INTO rr_meta (key, value) VALUES ('x', 'y')")
        with pytest.raises(rr.DecisionLogError, match="read"):
            log.record(rr.assess(canary, cases["canary"], key=KEY), decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
        assert len(log) == 6 and log.verify().ok
    assert _sha(old_log) == before
    with pytest.raises(rr.DecisionLogError, match="no such decision log"):
        DecisionLog(old_log.parent / "geen.db", read_only=True)
    not_a_log = old_log.parent / "geen-logboek.db"
    not_a_log.write_bytes(b"dit is geen database" * 100)
    with pytest.raises(rr.DecisionLogError, match="cannot open|not a readable"):
        DecisionLog(not_a_log, read_only=True)


def test_a_newer_log_is_refused_read_only_too(old_log: Path) -> None:
    conn = sqlite3.connect(old_log)
    conn.execute("UPDATE rr_meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    before = _sha(old_log)
    with pytest.raises(rr.DecisionLogError, match="newer"):
        DecisionLog(old_log, read_only=True)
    assert _sha(old_log) == before


def test_a_wal_log_is_read_without_change(tmp_path: Path) -> None:
    """A current log (WAL) read-only in a writable folder: its bytes stay the same (SQLite may make
    the -wal/-shm side files it needs to read a WAL database)."""
    db = tmp_path / "nieuw.db"
    canary = rr.load_policy(FIXTURES / "canary.yaml")
    case = json.loads((OLD_LOG / "cases.json").read_text())["canary"]
    with DecisionLog(db) as log:
        log.record(rr.assess(canary, case, key=KEY), decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
    before = _sha(db)
    with DecisionLog(db, read_only=True) as log:
        assert log.verify().ok and len(log) == 1 and log.stored_document(1)[0] == 4 and log.store.schema_version == 4
    assert _sha(db) == before
    wal = tmp_path / "nieuw.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0, "a reader writes nothing into the write-ahead log"
