# SPDX-License-Identifier: EUPL-1.2
"""The friction report on a synthetic year, and the Algoritmeregister draft."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

import regelruimte as rr
from regelruimte.decisions import DecisionLog
from regelruimte.decisions.friction import Friction
from regelruimte.decisions.register import FIELDS
from regelruimte.synthetic.decisions import fill

from .conftest import ROOT


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory, policies: rr.PolicySet) -> Path:
    db = tmp_path_factory.mktemp("jaar") / "besluiten.db"
    with DecisionLog(db) as log:
        assert fill(log, policies, 2000, seed=2026) > 500
    return db


def test_friction_names_the_rules_a_series_calls_into_question(year: Path) -> None:
    with DecisionLog(year, create=False) as log:
        f = log.friction()
    flagged = set(f.flagged)
    assert ("kinderopvangtoeslag_terugwerkende_kracht", "binnen_drie_maanden") in flagged  # formal law: a signal to the legislator
    assert ("wmo_maatwerkvoorziening_assen", "geen_algemene_voorziening") in flagged  # set aside in a series
    kinds = {a.kind for p in f.policies for r in p.rules for a in r.advice}
    assert {"series", "legislator"} <= kinds
    series = next(a for p in f.policies for r in p.rules for a in r.advice if a.kind == "series")
    assert "ECLI:NL:RVS:2016:709" in series.nl and "moet veranderen" in series.nl and "must change" in series.en
    legislator = next(r for p in f.policies for r in p.rules if r.rule == "binnen_drie_maanden")
    assert legislator.no_room_to == "legislator" and legislator.set_aside == 0 and "Wet kinderopvang" in legislator.source
    wmo = next(r for p in f.policies for r in p.rules if r.rule == "geen_algemene_voorziening")
    assert wmo.set_aside == sum(wmo.set_aside_by.values()) and wmo.set_aside <= wmo.blocked
    with DecisionLog(year, create=False) as log:
        corrections = sum(1 for e in log.entries() if e.corrects is not None)
        assert f.corrected == corrections > 0 and f.decisions + f.corrected == len(log) - corrections + corrections


def test_friction_counts_a_period_and_one_regulation(year: Path) -> None:
    with DecisionLog(year, create=False) as log:
        whole = log.friction()
        h1 = log.friction(since=date(2026, 1, 1), until=date(2026, 7, 1))
        h2 = log.friction(since=date(2026, 7, 1))
        one = log.friction(policy="wmo_maatwerkvoorziening_assen", series=3)
    assert h1.decisions + h2.decisions == whole.decisions and 0 < h1.decisions < whole.decisions
    assert [p.policy_id for p in one.policies] == ["wmo_maatwerkvoorziening_assen"] and one.series_threshold == 3
    with pytest.raises(rr.DecisionLogError):
        whole_log = DecisionLog(year, create=False)
        whole_log.friction(near="veel")


def test_friction_renders_in_every_view(year: Path) -> None:
    with DecisionLog(year, create=False) as log:
        f = log.friction()
    out = io.StringIO()
    Console(file=out, width=140, no_color=True).print(f)
    text = out.getvalue()
    assert "Wrijving tussen regel en doel" in text and "Conclusies" in text and "ECLI:NL:RVS:2016:709" in text
    assert "This rule keeps being set aside" in f.to_markdown(lang="en")
    html = f.to_html()
    assert html.startswith("<!DOCTYPE html>") and 'lang="nl"' in html and "<script" not in html
    bundle = f._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "text/markdown"} and bundle["text/plain"].startswith("<Friction")
    assert Friction.model_validate_json(f.to_json()) == f


def test_friction_is_the_same_on_both_databases(tmp_path: Path, pg_url: str, policies: rr.PolicySet) -> None:
    reports = []
    for url in (str(tmp_path / "b.db"), pg_url):
        with DecisionLog(url) as log:
            fill(log, policies, 300, seed=7)
            reports.append(json.loads(log.friction().to_json()))
    assert reports[0] == reports[1]


def test_cli_friction(year: Path) -> None:
    for fmt in ("rich", "json", "markdown", "html"):
        out = subprocess.run([sys.executable, "-m", "regelruimte", "friction", "--log", str(year), "--format", fmt, "--lang", "en"],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert out.returncode == 0, out.stderr
        assert "2016:709" in out.stdout


def test_register_draft_has_every_field_of_the_standard(policies: rr.PolicySet) -> None:
    for p in policies.values():
        d = rr.register_draft(p)
        entry = d.entry()
        assert list(entry) == list(FIELDS)
        for f in d.fields:
            limit = FIELDS[f.key][2]
            assert not (isinstance(f.value, str) and limit and len(f.value) > limit), f.key
            assert (f.value is None) == (f.status == "todo"), f.key
        todo = {f.key for f in d.to_complete}
        assert {"contact_email", "status", "publication_category", "risks"} <= todo
        assert entry["name"] == p.title and entry["lang"] == "nld" and entry["standard_version"] == "1.0"
        assert "niet zelflerend" in entry["methods_and_models"] and p.sha256 in entry["methods_and_models"]
        assert all(g["link"].startswith("https://") for g in entry["lawful_basis_grouping"] or [])


def test_register_organisation_given_is_filled(policies: rr.PolicySet) -> None:
    d = rr.register_draft(policies["kwijtschelding_afvalstoffenheffing"], organisation="Gemeente Zuidplas")
    org = next(f for f in d.fields if f.key == "organization")
    assert org.value == "Gemeente Zuidplas" and org.status == "filled"


def test_cli_register(tmp_path: Path) -> None:
    policy = ROOT / "policies" / "nl" / "assen" / "wmo_maatwerkvoorziening.yaml"
    out = subprocess.run([sys.executable, "-m", "regelruimte", "register", str(policy)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["entry"]["name"] == "Maatwerkvoorziening Wmo Assen" and doc["to_complete"]
    page = tmp_path / "register.html"
    html = subprocess.run([sys.executable, "-m", "regelruimte", "register", str(policy), "--format", "html", "-o", str(page)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert html.returncode == 0 and "nog invullen" in page.read_text()
    missing = subprocess.run([sys.executable, "-m", "regelruimte", "register", str(tmp_path / "x.yaml")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert missing.returncode == 2 and "dit bestand of deze map bestaat niet" in missing.stderr  # Dutch by default
