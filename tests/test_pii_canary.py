# SPDX-License-Identifier: EUPL-1.2
"""The PII canary on every path (issue 13, item 4; docs/privacy.md).

The canary is BSN 999999990, the name "Canary Testpersoon", the amount 12345.67 and the date
1987-06-05, put in every fact, the case id, unknown keys, event fields and household ids, and
population columns (and a column's name). No default output may show any of them, nor a figure
from which a value can be computed with the policy in hand (a distance to a limit, the size of a
smallest change): the library's results in every form, the command line in every format and on
its errors, warnings, logs, and the HTTP API with its server log.

The one field a report shows although it can equal a fact is the amount of the decision (see the
privacy page); the canary policy below grants a fixed amount, so that nothing is excused here.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
import time
import traceback
import warnings
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from rich.console import Console
from typer.testing import CliRunner

import regelruimte as rr
from regelruimte.cli import app
from regelruimte.render import screening_views
from regelruimte.render.assessment_views import rich_view

ROOT = Path(__file__).resolve().parents[1]
BSN, NAME, AMOUNT, BIRTH = "999999990", "Canary Testpersoon", "12345.67", "1987-06-05"
# every way the canary can be written: plain, Dutch and English money, a date the Dutch way
FORMS = (BSN, "Canary", "Testpersoon", AMOUNT, "12345,67", "12.345,67", "12,345.67", BIRTH, "05-06-1987")
KEY = "canary-test-sleutel"

POLICY = textwrap.dedent("""\
    id: proeftoets
    title: Proeftoets
    authority: Testgemeente
    country: nl
    version: "1"
    valid_from: 2026-01-01
    valid_until: 2027-01-01
    summary: Een regeling om te toetsen dat geen rapport gegevens van burgers toont.
    sources:
      - id: beleid
        citation: Beleidsregel canary, art. 1
        level: beleidsregel
        url: https://example.org/canary
        verified: "no"
      - id: awb
        citation: Algemene wet bestuursrecht, art. 4:84
        level: formele_wet
        url: https://wetten.overheid.nl/BWBR0005537
        verified: "no"
    facts:
      inkomen:
        type: money
        description: Netto inkomen per jaar.
      geboortedatum:
        type: date
        description: Geboortedatum van de aanvrager.
      aanvraagdatum:
        type: date
        description: Datum van de aanvraag.
      naam:
        type: text
        description: Naam van de aanvrager.
      kinderen:
        type: int
        description: Aantal kinderen.
      woonsituatie:
        type: enum
        values: [alleen, samen]
        description: Soort huishouden.
      werkt:
        type: bool
        description: De aanvrager heeft werk.
    parameters:
      grens:
        type: money
        description: Inkomensgrens per jaar.
        source: beleid
        values:
          - from: 2026-01-01
            value: "12000.00"
      bedrag:
        type: money
        description: Het vaste bedrag.
        source: beleid
        values:
          - from: 2026-01-01
            value: "250.00"
    purposes:
      - id: bestaanszekerheid
        title: Bestaanszekerheid
        description: Wie na aftrek van duizend euro onder de grens blijft, krijgt hulp.
        source: beleid
        test: inkomen - 1000.00 <= grens
        amount: bedrag
    rules:
      - id: inkomen_onder_grens
        text: Uw inkomen is niet hoger dan de grens.
        condition: inkomen <= grens
        source: beleid
        serves: [bestaanszekerheid]
      - id: oud_genoeg
        text: U bent 67 jaar of ouder.
        condition: years_between(geboortedatum, peildatum) >= 67
        source: beleid
        serves: [bestaanszekerheid]
      - id: tijdig
        text: U vroeg het aan in de laatste dertig dagen.
        condition: aanvraagdatum >= add_days(peildatum, -30)
        source: beleid
        serves: [bestaanszekerheid]
      - id: kinderen_geteld
        text: U heeft niet meer dan tien kinderen opgegeven.
        condition: kinderen <= 10
        source: beleid
        serves: [bestaanszekerheid]
      - id: zonder_werk
        text: U heeft geen werk.
        condition: not werkt and woonsituatie == "alleen"
        source: beleid
        serves: [bestaanszekerheid]
    outcome:
      granted: toegekend
      denied: afgewezen
      amount: bedrag
    discretion:
      - id: afwijken
        title: Afwijken van de beleidsregel
        kind: beleidsregel_afwijking
        source: awb
        sets_aside: [inkomen_onder_grens]
        when: De gevolgen zijn onevenredig in verhouding tot het doel.
        decided_by: teamleider
    tests:
      - name: Toegekend
        date: 2026-03-01
        facts: {inkomen: "900.00", geboortedatum: "1950-01-01", aanvraagdatum: "2026-02-20", kinderen: 1, woonsituatie: alleen, werkt: false}
        expect: {letter: granted, intent: served}
    """)

FACTS: dict[str, Any] = {"inkomen": AMOUNT, "geboortedatum": BIRTH, "aanvraagdatum": BIRTH, "naam": NAME, "kinderen": int(BSN),
                         "woonsituatie": "alleen", "werkt": True}
CASE = {"date": "2026-03-01", "id": BSN, "facts": FACTS}
# wrong in every way a caller can be wrong, each time with the canary as the value or the key
BAD_CASES = {
    "unknown keys": {**CASE, "facts": {**FACTS, BSN: AMOUNT, NAME: BSN, "inkomen_" + BSN: 1}},
    "text for money": {**CASE, "facts": {**FACTS, "inkomen": NAME}},
    "three decimals": {**CASE, "facts": {**FACTS, "inkomen": AMOUNT + "1"}},
    "a choice not in the list": {**CASE, "facts": {**FACTS, "woonsituatie": NAME}},
    "a number for a date": {**CASE, "facts": {**FACTS, "geboortedatum": BSN}},
    "a name for a yes/no": {**CASE, "facts": {**FACTS, "werkt": NAME}},
    "a list": {**CASE, "facts": {**FACTS, "kinderen": [BSN, NAME]}},
    "an unknown case field": {**CASE, BSN: NAME},
    "the date": {**CASE, "date": BSN},
}


@pytest.fixture(scope="module")
def policy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("canary")
    (folder / "canary.yaml").write_text(POLICY, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def policy(policy_dir: Path) -> rr.Policy:
    return rr.load_policy(policy_dir / "canary.yaml")


@pytest.fixture(scope="module")
def assessment(policy: rr.Policy) -> rr.Assessment:
    return rr.assess(policy, CASE, key=KEY)


def derived_figures(a: rr.Assessment) -> set[str]:
    """What ``show_values`` adds that could give a value back: every gap, relative distance,
    change and changed value, in the forms a report writes them (three digits or more)."""
    doc = a.to_dict(show_values=True)
    raw: list[Any] = []
    for d in doc["discretion"]["distances"]:
        raw += [d.get("gap"), d.get("relative")]
    for f in doc["discretion"]["flips"]:
        raw += [f.get("change"), f.get("to_value")]
    forms: set[str] = set()
    for value in raw:
        if value is None or isinstance(value, bool) or value == "flip":
            continue
        text = str(value).lstrip("-")
        if sum(c.isdigit() for c in text.lstrip("0.,")) >= 3:  # 0.00 or 0.0100 say nothing
            forms |= {text, text.replace(".", ",")}
            if "." in text and len(text.split(".")[0]) > 3:
                whole, cents = text.split(".")
                forms |= {f"{int(whole):,}".replace(",", ".") + "," + cents, f"{int(whole):,}.{cents}"}
    return forms


def assert_clean(text: str, where: str, extra: set[str] | frozenset[str] = frozenset()) -> None:
    for form in (*FORMS, *extra):
        assert form not in text, f"{where}: shows {form!r}"


def one_line(message: str, where: str) -> None:
    assert message.strip() and "\n" not in message.strip(), f"{where}: not one line: {message!r}"
    assert "Traceback" not in message, where


@pytest.fixture(autouse=True)
def no_canary_in_logs_or_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Whatever a test does, nothing it logs (any logger, DEBUG up) or warns holds the canary."""
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    assert_clean(caplog.text, "log")
    assert_clean("\n".join(str(w.message) for w in caught), "warnings")


# -- the library ------------------------------------------------------------------------------------
def test_the_canary_case_reaches_every_part_of_the_report(assessment: rr.Assessment) -> None:
    """Otherwise the checks below prove nothing: the values are there to leak, and show with show_values."""
    a = assessment
    assert a.letter.verdict == "denied" and a.tension == "letter_blocks_intent"
    assert {d.rule for d in a.discretion.distances} >= {"inkomen_onder_grens", "oud_genoeg", "tijdig", "kinderen_geteld"}
    assert {f.fact for f in a.discretion.flips} >= {"inkomen", "geboortedatum", "aanvraagdatum", "werkt"}
    shown = a.to_json(show_values=True)
    assert AMOUNT in shown and BIRTH in shown and "345.67" in shown  # income 12345.67, 345.67 above 12000
    assert "345,67" in a.explain("nl", show_values=True)
    assert len(derived_figures(a)) >= 6


def test_no_canary_nor_a_figure_that_gives_it_back_in_any_form(assessment: rr.Assessment) -> None:
    a = assessment
    figures = derived_figures(a)
    console = Console(record=True, width=120, file=open(os.devnull, "w"))  # noqa: SIM115 - closed with the console
    console.print(rich_view(a, "nl"))
    console.print(rich_view(a, "en"))
    outputs = {
        "to_json": a.to_json(), "to_dict": json.dumps(a.to_dict()), "to_html": a.to_html(), "to_html en": a.to_html(lang="en"),
        "to_markdown": a.to_markdown(), "to_markdown en": a.to_markdown(lang="en"), "explain nl": a.explain("nl"),
        "explain en": a.explain("en"), "trace": a.trace(), "repr": repr(a), "str": str(a), "rich": console.export_text(),
        "case repr": repr(rr.Case.model_validate(CASE)),
    }
    console.file.close()
    for where, text in outputs.items():
        assert_clean(text, where, figures)
    assert a.case_ref is not None and BSN not in a.case_ref


def test_pydantic_serialisation_leaves_the_values_out(assessment: rr.Assessment) -> None:
    for where, text in {"model_dump": str(assessment.model_dump()), "model_dump_json": assessment.model_dump_json()}.items():
        assert_clean(text, where, derived_figures(assessment))


def test_every_regulation_at_once(policy: rr.Policy) -> None:
    bundled = list(rr.load_policies().values())
    result = rr.assess_all([policy, *bundled], {"date": "2026-03-01", "id": BSN, "facts": FACTS}, key=KEY)
    figures = set().union(*(derived_figures(a) for a in result.assessments.values()))
    assert_clean(result.to_json(), "assess_all to_json", figures)
    assert_clean(repr(result), "assess_all repr")
    for a in result.assessments.values():
        assert_clean(a.to_markdown() + a.to_html(), f"assess_all {a.provenance.policy_id}", figures)


def test_evaluate_letter_shows_no_value_in_its_repr(policy: rr.Policy) -> None:
    from regelruimte.compiler import compiled_policy

    facts = compiled_policy(policy).facts.validate(FACTS)
    result = rr.evaluate_letter(policy, facts, date(2026, 3, 1))
    assert_clean(repr(result) + str(result), "evaluate_letter")


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_every_case_error_is_ours_one_line_in_the_cli_and_without_the_canary(policy: rr.Policy, name: str) -> None:
    with pytest.raises(rr.CaseError) as info:
        rr.assess(policy, BAD_CASES[name], key=KEY)
    exc = info.value
    text = "\n".join([str(exc), repr(exc), *map(str, exc.args), *map(repr, exc.problems), "".join(traceback.format_exception(exc))])
    assert_clean(text, name)
    with pytest.raises(rr.CaseError) as info:
        rr.assess_all([policy], BAD_CASES[name], key=KEY)
    assert_clean(str(info.value) + repr(info.value.problems), f"assess_all: {name}")


def test_the_bundled_regulations_with_the_canary_in_every_fact() -> None:
    """Every bundled regulation, every fact the canary fits (its amount in money and numbers, the
    BSN in whole numbers, the name in texts, the date in dates): nothing of it in a report."""
    for policy in rr.load_policies().values():
        facts: dict[str, Any] = {}
        for name, fact in policy.facts.items():
            value = {"money": AMOUNT, "decimal": AMOUNT, "int": int(BSN), "text": NAME, "date": BIRTH, "bool": True}.get(fact.type)
            facts[name] = value if fact.type != "enum" else (fact.values or [None])[0]
        day = max(policy.valid_from, date(2026, 3, 1))
        try:
            a = rr.assess(policy, {"date": day.isoformat(), "id": BSN, "facts": facts}, key=KEY)
        except rr.CaseError as exc:  # a bound refuses the canary: then the error is what must be clean
            assert_clean(str(exc) + repr(exc.problems), policy.id)
            facts = {k: v for k, v in facts.items() if not any(p.fact == k for p in exc.problems)}
            a = rr.assess(policy, {"date": day.isoformat(), "id": BSN, "facts": facts}, key=KEY)
        amounts = {str(x) for x in (a.letter.amount, a.intent.amount) if x is not None}
        figures = derived_figures(a) - amounts  # the decision's own amount is shown (docs/privacy.md)
        text = a.to_json() + a.to_markdown() + a.to_html() + a.explain("nl") + a.explain("en") + a.trace()
        for amount in amounts & {AMOUNT}:  # the amount of the decision may be the canary amount itself
            text = text.replace(amount, "").replace("12.345,67", "").replace("12,345.67", "")
        assert_clean(text, policy.id, figures)


# -- screening --------------------------------------------------------------------------------------
def canary_population(policy: rr.Policy) -> pl.DataFrame:
    """Two persons with the canary in every fact column, the id, and columns named after it. (The
    district column is not among them: summaries per district name the districts.)"""
    columns: dict[str, Any] = {"id": [BSN, NAME], "wijk": ["Noord", "Zuid"], BSN: [NAME, AMOUNT], NAME: [BSN, BSN]}
    for name, fact in policy.facts.items():
        value = {"money": AMOUNT, "int": BSN, "text": NAME, "date": BIRTH, "bool": "true"}.get(fact.type, "alleen")
        columns[name] = [value, value]
    return pl.DataFrame(columns)


def test_screen_shows_no_canary(policy: rr.Policy) -> None:
    result = rr.screen([policy], canary_population(policy), date="2026-03-01")
    assert result.persons == 2
    assert_clean(repr(result) + str(result.summary) + str(result.by_district), "screen summary")
    assert_clean(screening_views.markdown_view(result, "nl") + screening_views.html_document(result, "en"), "screen reports")


@pytest.mark.parametrize("on_invalid", ["raise", "unknown"])
@pytest.mark.parametrize("bad", [NAME, "999999990.123", "1e300", "12345.678"])
def test_screen_errors_show_no_canary(policy: rr.Policy, bad: str, on_invalid: str) -> None:
    frame = canary_population(policy).with_columns(pl.lit(bad).alias("inkomen"), pl.lit(bad).alias("kinderen"), pl.lit(bad).alias("geboortedatum"))
    try:
        result = rr.screen([policy], frame, date="2026-03-01", on_invalid=on_invalid)  # type: ignore[arg-type]
    except rr.ScreeningError as exc:
        assert on_invalid == "raise"
        one_line(str(exc), bad)
        assert_clean(str(exc) + repr(exc), f"screen error {bad}")
    else:
        assert on_invalid == "unknown"
        assert_clean(screening_views.markdown_view(result, "nl"), "screen unknown")


# -- the command line, every command and format ------------------------------------------------------
RUNNER = CliRunner()


def run_cli(*args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, list(args), env={"REGELRUIMTE_PSEUDONYM_KEY": KEY, "NO_COLOR": "1", "COLUMNS": "120"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output  # stdout and stderr, as a terminal shows them


@pytest.fixture(scope="module")
def case_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("case") / "zaak.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["rich", "json", "markdown", "html"])
def test_cli_assess_in_every_format(policy_dir: Path, case_file: Path, assessment: rr.Assessment, fmt: str, tmp_path: Path) -> None:
    figures = derived_figures(assessment)
    code, out = run_cli("assess", str(policy_dir / "canary.yaml"), str(case_file), "--format", fmt)
    assert code == 0, out
    assert_clean(out, f"assess --format {fmt}", figures)
    code, out = run_cli("assess", str(policy_dir / "canary.yaml"), str(case_file), "--format", fmt, "--output", str(tmp_path / "out"))
    assert code == 0, out
    assert_clean(out + (tmp_path / "out").read_text(encoding="utf-8"), f"assess --format {fmt} --output", figures)
    code, out = run_cli("assess", str(policy_dir), str(case_file), "--format", fmt, "--lang", "en")  # a folder: every regulation in it
    assert code == 0, out
    assert_clean(out, f"assess <folder> --format {fmt}", figures)


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_cli_assess_errors(policy_dir: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / "zaak.json"
    path.write_text(json.dumps(BAD_CASES[name]), encoding="utf-8")
    code, out = run_cli("assess", str(policy_dir / "canary.yaml"), str(path))
    assert code == 2, out
    one_line(out, name)
    assert_clean(out, f"assess error: {name}")


def test_cli_show_values_is_the_way_to_see_them(policy_dir: Path, case_file: Path) -> None:
    code, out = run_cli("assess", str(policy_dir / "canary.yaml"), str(case_file), "--format", "json", "--show-values")
    assert code == 0 and AMOUNT in out and "persoonsgegevens" in out


@pytest.mark.parametrize("fmt", ["rich", "json", "markdown", "html"])
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_cli_screen_in_every_format(policy: rr.Policy, policy_dir: Path, tmp_path: Path, fmt: str, suffix: str) -> None:
    population = tmp_path / f"stad{suffix}"
    frame = canary_population(policy)
    frame.write_csv(population) if suffix == ".csv" else frame.write_parquet(population)
    code, out = run_cli("screen", str(policy_dir), "--population", str(population), "--date", "2026-03-01", "--format", fmt,
                        "--output", str(tmp_path / "uitkomst.parquet"))
    assert code == 0, out
    assert_clean(out, f"screen {suffix} --format {fmt}")
    bad = tmp_path / f"fout{suffix}"
    frame = frame.with_columns(pl.lit(NAME).alias("inkomen"))
    frame.write_csv(bad) if suffix == ".csv" else frame.write_parquet(bad)
    code, out = run_cli("screen", str(policy_dir), "--population", str(bad), "--date", "2026-03-01", "--format", fmt)
    assert code == 2, out
    one_line(out, "screen error")
    assert_clean(out, f"screen error {suffix}")


EVENTS = textwrap.dedent(f"""\
    household,date,type,statuut,huishouden,belastingjaar,bedrag,soort,gemeld_op,{BSN}
    {BSN},2022-11-15,laag_inkomen_begonnen,,alleenstaande,,,,,{NAME}
    {BSN},2025-06-01,iit_verleend,,,,,,,{AMOUNT}
    {NAME},2026-01-05,wmo_melding,,,,,,,
    {NAME},{BIRTH},wmo_onderzoek_afgerond,,,,{AMOUNT},,,
    x{BSN},2026-01-05,wmo_melding,,{NAME},{BSN},{AMOUNT},{NAME},{BIRTH},{BSN}
    """)


@pytest.mark.parametrize("fmt", ["rich", "json", "markdown", "html"])
def test_cli_signals_in_every_format(tmp_path: Path, fmt: str) -> None:
    events = tmp_path / "gebeurtenissen.csv"
    events.write_text(EVENTS, encoding="utf-8")
    code, out = run_cli("signals", "--events", str(events), "--date", "2026-03-01", "--format", fmt, "--workers", "0")
    assert code in (0, 1), out  # 1: records refused, which is said without their values
    assert_clean(out, f"signals --format {fmt}")


def test_library_signals_show_no_canary(tmp_path: Path) -> None:
    events = tmp_path / "gebeurtenissen.csv"
    events.write_text(EVENTS, encoding="utf-8")
    result = rr.signals(rr.load_policies(), events, date="2026-03-01", workers=0, key=KEY)
    assert_clean(result.to_json() + result.to_markdown() + result.to_html() + repr(result), "signals")


@pytest.mark.parametrize("args", [["check"], ["test"], ["review"], ["review", "--format", "json"], ["register"]])
def test_the_commands_on_policies_alone(policy_dir: Path, args: list[str]) -> None:
    """They read no citizen's data; run on the canary policy, they show none either (its example case is invented)."""
    target = str(policy_dir / "canary.yaml") if args[0] == "register" else str(policy_dir)
    code, out = run_cli(*args, target)
    assert code in (0, 1), out
    assert_clean(out, " ".join(args))


def test_schema_and_demo_hold_no_canary() -> None:
    code, out = run_cli("schema")
    assert code == 0
    assert_clean(out, "schema")


# -- the HTTP API, with its server log ---------------------------------------------------------------
def test_the_http_api_and_its_log(policy_dir: Path, assessment: rr.Assessment, tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    httpx = pytest.importorskip("httpx")
    sys.path.insert(0, str(ROOT / "tests" / "api"))
    try:
        from apiserver import start, stop
    finally:
        sys.path.pop(0)
    server = start(tmp_path, str(policy_dir))
    figures = derived_figures(assessment)
    try:
        with httpx.Client(base_url=server.url + "/v1", timeout=60) as c:
            for path in ("/regulations/proeftoets/assessments", "/regulations/proeftoets/questions", "/assessments"):
                r = c.post(path, json=CASE)
                assert r.status_code == 200, r.text
                assert_clean(r.text + json.dumps(dict(r.headers)), path, figures)
                for name, bad in BAD_CASES.items():
                    r = c.post(path, json=bad)
                    assert r.status_code == 400, (name, r.text)
                    assert_clean(r.text, f"{path}: {name}")
            r = c.post(f"/regulations/{BSN}/assessments", json=CASE, params={"q": NAME})
            assert_clean(r.text, "unknown regulation")
            population = canary_population(rr.load_policy(policy_dir / "canary.yaml")).write_csv()
            r = c.post("/screenings", params={"date": "2026-03-01"}, content=population.encode(), headers={"content-type": "text/csv"})
            assert r.status_code == 202, r.text
            job = r.json()
            for _ in range(600):
                job = c.get(f"/screenings/{job['id']}").json()
                if job["status"] in ("done", "failed"):
                    break
                time.sleep(0.1)
            assert job["status"] == "done", job
            assert_clean(json.dumps(job), "screening job")
            bad = canary_population(rr.load_policy(policy_dir / "canary.yaml")).with_columns(pl.lit(NAME).alias("inkomen")).write_csv()
            r = c.post("/screenings", params={"date": "2026-03-01"}, content=bad.encode(), headers={"content-type": "text/csv"})
            for _ in range(600):
                job = c.get(f"/screenings/{r.json()['id']}").json()
                if job["status"] in ("done", "failed"):
                    break
                time.sleep(0.1)
            assert job["status"] == "failed", job
            assert_clean(json.dumps(job), "failed screening job")
    finally:
        stop(server)
    assert_clean(server.log_text(), "server log")


def test_a_subprocess_run_prints_no_canary_on_stderr(policy_dir: Path, case_file: Path) -> None:
    """The real command, as a consulent runs it: stdout and stderr, exit code 0."""
    out = subprocess.run([sys.executable, "-m", "regelruimte", "assess", str(policy_dir / "canary.yaml"), str(case_file)], capture_output=True,
                         text=True, timeout=120, env={**os.environ, "REGELRUIMTE_PSEUDONYM_KEY": KEY, "NO_COLOR": "1"})
    assert out.returncode == 0, out.stderr
    assert_clean(out.stdout + out.stderr, "subprocess")
    assert Decimal(AMOUNT)  # the canary is a valid amount, so it is the report, not a refusal, that is checked
