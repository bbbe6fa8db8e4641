# SPDX-License-Identifier: EUPL-1.2
"""Provenance per fact over HTTP (issue 14 point 3): the answer is the library's JSON byte for
byte, the data carry their source and date but no value, and provenance for an unknown fact is a
problem that never repeats the name."""

from __future__ import annotations

import json
from typing import Any

from apiserver import Server

import regelruimte as rr

KW = rr.load_policies()["kwijtschelding_afvalstoffenheffing"]
SOURCE = {"source": "register", "register": "BRP/Suwinet", "as_of": "2026-02-01", "supplied_by": "official"}


def _case(**provenance: Any) -> dict[str, Any]:
    case = {"date": KW.tests[0].date.isoformat(), "facts": KW.test_facts(0), "provenance": provenance}
    return json.loads(json.dumps(case, default=str))


def test_provenance_over_http_is_the_library_json(server: Server) -> None:
    case = _case(netto_inkomen=SOURCE)
    with server.client() as c:
        r = c.post(f"/v1/regulations/{KW.id}/assessments", json=case)
    assert r.status_code == 200, r.text
    assert r.content == rr.assess(KW, case).to_json(indent=None).encode()
    income = next(d for d in r.json()["data"] if d["fact"] == "netto_inkomen")
    assert income["provenance"]["register"] == "BRP/Suwinet" and "value" not in income


def test_provenance_for_an_unknown_fact_is_a_problem_without_the_name(server: Server) -> None:
    secret = "999993653"
    with server.client() as c:
        r = c.post(f"/v1/regulations/{KW.id}/assessments", json=_case(**{secret: SOURCE}))
    assert r.status_code in (400, 422), r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert secret not in r.text
