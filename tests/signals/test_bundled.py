# SPDX-License-Identifier: EUPL-1.2
"""The bundled signals: each fires when it should, and each window is tested the day before, on
and after its boundary. Also the demo: a household that is granted a right without applying."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

pytest.importorskip("durable.engine", reason="durable-rules==2.0.28 is needed for signals")

import regelruimte as rr  # noqa: E402
from regelruimte.signalling import signals  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
POLICIES = rr.load_policies(ROOT / "policies")


def run(records: list[dict], day: str | date) -> dict[str, list]:
    """Signal id to hits of the one household in ``records``."""
    result = signals(POLICIES, records, date=day, workers=0)
    assert result.summary.refused_records == 0, result.refused
    out: dict[str, list] = {}
    for hh in result.households:
        for hit in hh.hits:
            out.setdefault(hit.signal, []).append(hit)
    return out


def ev(day: str | date, kind: str, **fields) -> dict:
    return {"household": "h1", "date": str(day), "type": kind, **fields}


def d(text: str) -> date:
    return date.fromisoformat(text)


# ----------------------------------------------------------------------------- Gent


GENT = [ev("2019-05-01", "inschrijving_gent"), ev("2026-02-10", "statuut_toegekend", statuut="leefloon")]


def test_gent_grants_kansentarief_when_a_leefloon_becomes_known() -> None:
    (hit,) = run(GENT, "2026-03-01")["kansentarief_bij_leefloon"]
    assert hit.action == "grant" and hit.policy_id == "uitpas_kansentarief_gent"
    assert hit.source.id == "publiq_gent_automatisch" and hit.serves == ["toegang_vrije_tijd"]
    assert [(m.alias, m.type) for m in hit.matches[0]] == [("statuut", "statuut_toegekend"), ("adres", "inschrijving_gent")]
    assert hit.rules_pass is True  # every rule of the letter passes; only the activity price is open
    assert [q.fact for q in hit.assessment.questions] == ["prijs_activiteit"]


def test_gent_grants_kansentarief_for_verhoogde_tegemoetkoming() -> None:
    records = [GENT[0], ev("2025-11-03", "statuut_toegekend", statuut="verhoogde_tegemoetkoming")]
    hits = run(records, "2026-03-01")
    assert list(hits) == ["kansentarief_bij_verhoogde_tegemoetkoming"]
    assert hits["kansentarief_bij_verhoogde_tegemoetkoming"][0].rules_pass is True


@pytest.mark.parametrize(("offset", "fires"), [(-1, True), (0, False), (1, False)])
def test_gent_kansentarief_already_granted_boundary(offset: int, fires: bool) -> None:
    granted = d("2026-02-10") + timedelta(days=offset)
    records = sorted([*GENT, ev(granted, "kansentarief_toegekend")], key=lambda r: r["date"])
    assert ("kansentarief_bij_leefloon" in run(records, "2026-03-01")) is fires


@pytest.mark.parametrize(("offset", "fires"), [(-1, True), (0, False), (1, False)])
def test_gent_statute_ended_boundary(offset: int, fires: bool) -> None:
    ended = d("2026-02-10") + timedelta(days=offset)
    records = [*GENT, ev(ended, "statuut_beeindigd", statuut="leefloon")]
    assert ("kansentarief_bij_leefloon" in run(records, "2026-03-01")) is fires


def test_gent_other_statute_ending_or_moving_away() -> None:
    assert "kansentarief_bij_leefloon" in run([*GENT, ev("2026-02-20", "statuut_beeindigd", statuut="verhoogde_tegemoetkoming")], "2026-03-01")
    assert run([*GENT, ev("2026-02-20", "uitschrijving_gent")], "2026-03-01") == {}
    assert "kansentarief_bij_leefloon" in run([ev("2018-01-01", "uitschrijving_gent"), *GENT], "2026-03-01")
    assert run(GENT[1:], "2026-03-01") == {}  # no address in Gent known


# ----------------------------------------------------------------------------- Alphen (IIT)


@pytest.mark.parametrize(("start", "day", "fires"), [
    ("2023-03-15", "2026-03-14", False),  # the day before 36 months
    ("2023-03-15", "2026-03-15", True),  # on the day
    ("2023-03-15", "2026-03-16", True),
    ("2023-01-31", "2026-01-30", False),  # 31 January + 36 months = 31 January
    ("2023-01-31", "2026-01-31", True),
    ("2022-12-31", "2025-12-31", True),
])
def test_iit_reference_period_boundary(start: str, day: str, fires: bool) -> None:
    records = [ev(start, "laag_inkomen_begonnen", huishouden="alleenstaande")]
    assert ("referteperiode_bereikt" in run(records, day)) is fires


@pytest.mark.parametrize(("granted", "fires"), [("2025-03-14", True), ("2025-03-15", True), ("2025-03-16", False)])
def test_iit_not_twice_within_twelve_months(granted: str, fires: bool) -> None:
    # art. 36 lid 3: granted in the 12 months immediately before the peildatum 2026-03-15
    records = [ev("2020-01-01", "laag_inkomen_begonnen", huishouden="gehuwden"), ev(granted, "iit_verleend")]
    assert ("referteperiode_bereikt" in run(records, "2026-03-15")) is fires


@pytest.mark.parametrize(("ended", "fires"), [("2023-03-14", True), ("2023-03-15", False), ("2024-06-01", False)])
def test_iit_low_income_must_last(ended: str, fires: bool) -> None:
    records = [ev("2023-03-15", "laag_inkomen_begonnen", huishouden="alleenstaande"), ev(ended, "laag_inkomen_beeindigd")]
    assert ("referteperiode_bereikt" in run(sorted(records, key=lambda r: r["date"]), "2026-06-01")) is fires


def test_iit_is_offered_not_granted_with_what_is_known() -> None:
    (hit,) = run([ev("2022-11-15", "laag_inkomen_begonnen", huishouden="alleenstaande_ouder")], "2026-03-01")["referteperiode_bereikt"]
    assert hit.action == "offer"  # art. 36 lid 4: no ambtshalve grant
    rules = {r.id: r.result for r in hit.assessment.letter.rules}
    assert rules["niet_binnen_12_maanden"] == "passed"
    assert hit.assessment.letter.verdict == "undetermined"
    assert "huishouden" not in [q.fact for q in hit.assessment.questions]


# ----------------------------------------------------------------------------- Zuidplas


KWIJT = [ev("2025-04-10", "kwijtschelding_verleend", belastingjaar=2025), ev("2026-01-31", "aanslag_afvalstoffenheffing", belastingjaar=2026, bedrag="315.97")]


def test_kwijtschelding_is_tested_again_the_next_year() -> None:
    (hit,) = run(KWIJT, "2026-03-01")["kwijtschelding_volgend_jaar"]
    assert hit.action == "grant" and hit.source.id == "zuidplas_website"
    rules = {r.id: r.result for r in hit.assessment.letter.rules}
    assert rules["belasting_kwijtscheldbaar"] == "passed"
    assert hit.assessment.letter.verdict == "undetermined"
    assert {"netto_inkomen", "saldo"} <= {q.fact for q in hit.assessment.questions}


@pytest.mark.parametrize(("year", "fires"), [(2025, False), (2026, True), (2027, False)])
def test_kwijtschelding_year_boundary(year: int, fires: bool) -> None:
    records = [KWIJT[0], ev("2026-01-31", "aanslag_afvalstoffenheffing", belastingjaar=year, bedrag="315.97")]
    assert ("kwijtschelding_volgend_jaar" in run(records, "2026-03-01")) is fires


@pytest.mark.parametrize("decision", ["kwijtschelding_verleend", "kwijtschelding_afgewezen"])
def test_kwijtschelding_not_when_this_year_is_decided(decision: str) -> None:
    assert run([*KWIJT, ev("2026-02-15", decision, belastingjaar=2026)], "2026-03-01") == {}


def test_kwijtschelding_not_after_a_refusal_last_year() -> None:
    records = [ev("2025-04-10", "kwijtschelding_afgewezen", belastingjaar=2025), KWIJT[1]]
    assert run(records, "2026-03-01") == {}


# ----------------------------------------------------------------------------- Assen (Wmo)


@pytest.mark.parametrize(("days_after", "fires"), [(41, False), (42, False), (43, True)])
def test_wmo_six_weeks_boundary(days_after: int, fires: bool) -> None:
    melding = d("2026-01-05")
    hits = run([ev(melding, "wmo_melding")], melding + timedelta(days=days_after))
    assert ("onderzoek_niet_binnen_zes_weken" in hits) is fires
    if fires:
        (hit,) = hits["onderzoek_niet_binnen_zes_weken"]
        assert hit.action == "flag_deadline" and hit.assessment is None and hit.source.id == "wmo_2_3_2_lid1"


@pytest.mark.parametrize(("offset", "fires"), [(-1, True), (0, False), (30, False)])
def test_wmo_investigation_after_the_report(offset: int, fires: bool) -> None:
    melding = d("2026-01-05")
    records = sorted([ev(melding, "wmo_melding"), ev(melding + timedelta(days=offset), "wmo_onderzoek_afgerond")], key=lambda r: r["date"])
    assert ("onderzoek_niet_binnen_zes_weken" in run(records, "2026-03-01")) is fires


def test_wmo_each_report_counts() -> None:
    records = [ev("2025-06-01", "wmo_melding"), ev("2025-06-20", "wmo_onderzoek_afgerond"), ev("2026-01-05", "wmo_melding")]
    (hit,) = run(records, "2026-03-01")["onderzoek_niet_binnen_zes_weken"]
    assert [[m.record for m in match] for match in hit.matches] == [[3]]


# ----------------------------------------------------------------------------- Utrecht


UTRECHT = [ev("2025-10-01", "wijziging_gemeld", soort="inkomen"), ev("2026-02-01", "terugvordering_voorgenomen")]


def test_unprocessed_income_change_flags_the_authoritys_own_share() -> None:
    (hit,) = run(UTRECHT, "2026-03-01")["gemelde_inkomenswijziging_niet_verwerkt"]
    assert hit.action == "flag_own_error" and hit.source.id == "pw_art58_lid8"
    assert hit.assessment is not None
    assert "aandeel_gemeente" in [q.fact for q in hit.assessment.questions]


@pytest.mark.parametrize(("processed", "fires"), [("2026-01-31", False), ("2026-02-01", False), ("2026-02-02", True)])
def test_processed_before_the_recovery_boundary(processed: str, fires: bool) -> None:
    records = sorted([*UTRECHT, ev(processed, "wijziging_verwerkt", gemeld_op="2025-10-01")], key=lambda r: r["date"])
    assert ("gemelde_inkomenswijziging_niet_verwerkt" in run(records, "2026-03-01")) is fires


def test_processing_of_another_report_or_another_change_does_not_count() -> None:
    assert "gemelde_inkomenswijziging_niet_verwerkt" in run([*UTRECHT, ev("2026-01-10", "wijziging_verwerkt", gemeld_op="2025-09-30")], "2026-03-01")
    assert run([ev("2025-10-01", "wijziging_gemeld", soort="woonsituatie"), UTRECHT[1]], "2026-03-01") == {}


@pytest.mark.parametrize(("recovery", "fires"), [("2025-09-30", False), ("2025-10-01", False), ("2025-10-02", True)])
def test_recovery_after_the_report_boundary(recovery: str, fires: bool) -> None:
    records = sorted([UTRECHT[0], ev(recovery, "terugvordering_voorgenomen")], key=lambda r: r["date"])
    assert ("gemelde_inkomenswijziging_niet_verwerkt" in run(records, "2026-03-01")) is fires


# ----------------------------------------------------------------------------- the demo log


def test_demo_household_is_granted_a_right_without_applying() -> None:
    result = signals(POLICIES, ROOT / "examples" / "events_demo.csv", date="2026-03-01", workers=0)
    by_household = {h.household: h for h in result.households}
    (hit,) = by_household["gent-001"].hits
    assert hit.signal == "kansentarief_bij_leefloon" and hit.action == "grant" and hit.rules_pass
    assert set(by_household) == {"alphen-001", "assen-001", "gent-001", "utrecht-001", "zuidplas-001"}
    assert [(r.record, [p["field"] for p in r.problems]) for r in result.refused] == [(21, ["date"]), (25, ["bedrag"])]
    text = result.to_json()
    assert "gent-001" not in text and "315,97" not in text and "2026-02-30" not in text
    assert "gent-001" in result.to_json(show_ids=True)


def test_demo_section_tells_the_story() -> None:
    import io

    from rich.console import Console

    from regelruimte.demo import demo_section

    out = io.StringIO()
    assert demo_section(Console(file=out, width=200, no_color=True), ROOT / "policies")
    text = out.getvalue()
    assert "gent-001" in text and "toekennen zonder aanvraag" in text and "alle regels van de letter zijn voldaan" in text
