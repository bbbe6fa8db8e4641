# SPDX-License-Identifier: EUPL-1.2
"""The hot path (regelruimte/api/direct.py) answers exactly what FastAPI answers: the same service,
once with the direct path between the guard and the framework and once without it, gets the same
requests (good cases, every kind of error, the token, query strings it leaves to the framework) and
must give the same status, headers and bytes. In process (the ASGI applications called directly),
so each comparison is on one request, not on two servers' clocks."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from apiserver import TOKEN
from fastapi import FastAPI

import regelruimte as rr
from regelruimte.api.app import create_app, query_table
from regelruimte.api.direct import Direct
from regelruimte.api.guard import Guard
from regelruimte.api.settings import Settings
from regelruimte.api.state import Registry

POLICIES = rr.load_policies()
KW = POLICIES["kwijtschelding_afvalstoffenheffing"]


def _case(**extra: Any) -> bytes:
    case = {"date": KW.tests[0].date.isoformat(), "facts": KW.test_facts(0), **extra}
    return json.dumps(case, default=str).encode()


JSON = {"content-type": "application/json"}
BEARER = {**JSON, "authorization": f"Bearer {TOKEN}"}
REQUESTS: dict[str, tuple[str, bytes, dict[str, str]]] = {
    "assessment": (f"/v1/regulations/{KW.id}/assessments", _case(), BEARER),
    "assessment with values": (f"/v1/regulations/{KW.id}/assessments?showValues=true", _case(id="zaak-1"), BEARER),
    "assessment without values": (f"/v1/regulations/{KW.id}/assessments?showValues=false", _case(), BEARER),
    "showValues=1 (left to the framework)": (f"/v1/regulations/{KW.id}/assessments?showValues=1", _case(), BEARER),
    "showValues=nee (a 400 of the framework)": (f"/v1/regulations/{KW.id}/assessments?showValues=nee", _case(), BEARER),
    "showValues twice": (f"/v1/regulations/{KW.id}/assessments?showValues=true&showValues=false", _case(), BEARER),
    "unknown query": (f"/v1/regulations/{KW.id}/assessments?showvalues=true", _case(), BEARER),
    "questions": (f"/v1/regulations/{KW.id}/questions", _case(), BEARER),
    "questions of an empty case": (f"/v1/regulations/{KW.id}/questions", b'{"date": "2026-03-01", "facts": {}}', BEARER),
    "no token": (f"/v1/regulations/{KW.id}/assessments", _case(), JSON),
    "wrong token": (f"/v1/regulations/{KW.id}/assessments", _case(), {**JSON, "authorization": "Bearer " + "x" * 20}),
    "unknown regulation": ("/v1/regulations/geen_regeling/assessments", _case(), BEARER),
    "not a regulation id": ("/v1/regulations/Geen-Regeling/assessments", _case(), BEARER),
    "text/plain": (f"/v1/regulations/{KW.id}/assessments", _case(), {**BEARER, "content-type": "text/plain"}),
    "problem+json": (f"/v1/regulations/{KW.id}/assessments", _case(), {**BEARER, "content-type": "application/problem+json"}),
    "json-patch+json": (f"/v1/regulations/{KW.id}/questions", _case(), {**BEARER, "content-type": "application/json-patch+json"}),
    "json with a charset": (f"/v1/regulations/{KW.id}/assessments", _case(), {**BEARER, "content-type": "Application/JSON; charset=utf-8"}),
    "not JSON": (f"/v1/regulations/{KW.id}/assessments", b'{"date": ', BEARER),
    "not an object": (f"/v1/regulations/{KW.id}/assessments", b"[1, 2]", BEARER),
    "a bad fact": (f"/v1/regulations/{KW.id}/assessments", b'{"date": "2026-03-01", "facts": {"netto_inkomen": "veel"}}', BEARER),
    "an unknown fact": (f"/v1/regulations/{KW.id}/assessments", b'{"date": "2026-03-01", "facts": {"bsn_999999990": 1}}', BEARER),
    "a bad date": (f"/v1/regulations/{KW.id}/assessments", b'{"date": "1-3-2026", "facts": {}}', BEARER),
    "no version on the date": (f"/v1/regulations/{KW.id}/assessments", b'{"date": "1900-01-01", "facts": {}}', BEARER),
    "too large": (f"/v1/regulations/{KW.id}/assessments", b'{"date": "2026-03-01", "facts": {"x": "' + b"a" * 5000 + b'"}}', BEARER),
    "trailing slash": (f"/v1/regulations/{KW.id}/assessments/", _case(), BEARER),
}


def _apps(tmp_path: Path) -> tuple[Any, Any]:
    settings = Settings(token=TOKEN, max_body_bytes=4096)
    direct, framework = create_app(settings, Registry(lambda: POLICIES), tmp_path)
    assert isinstance(direct, Guard) and isinstance(direct.app, Direct)
    plain = Guard(framework, settings, direct.registry, query_table(json.loads(framework.state.openapi)))
    return direct, plain


async def _post(app: Any, path: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as client:
        return await client.post(path, content=body, headers=headers)


@pytest.mark.parametrize("name", list(REQUESTS))
def test_the_direct_path_answers_what_the_framework_answers(name: str, tmp_path: Path) -> None:
    direct, plain = _apps(tmp_path)
    path, body, headers = REQUESTS[name]
    got, want = anyio.run(_post, direct, path, body, headers), anyio.run(_post, plain, path, body, headers)
    assert got.status_code == want.status_code, (got.text, want.text)
    assert got.content == want.content
    assert sorted(got.headers.multi_items()) == sorted(want.headers.multi_items())


@pytest.mark.parametrize(("ctype", "status"), [
    ("application/json", 200), ("application/json; charset=utf-8", 200), ("application/json;charset=UTF-8", 200),
    ("application/problem+json", 415), ("application/json-patch+json", 415), ("application/merge-patch+json", 415),
    ("application/vnd.api+json", 415), ("text/json", 415),
])
@pytest.mark.parametrize("operation", ["assessments", "questions"])
def test_only_application_json_is_a_case_on_both_paths(ctype: str, status: int, operation: str, tmp_path: Path) -> None:
    """docs/http-api.md: a body that is not application/json is a 415; a case is not a problem
    document nor a patch, so other JSON media types are refused too (they were taken as JSON)."""
    for app in _apps(tmp_path):
        r = anyio.run(_post, app, f"/v1/regulations/{KW.id}/{operation}", _case(), {**BEARER, "content-type": ctype})
        assert r.status_code == status, (ctype, r.text)
        if status == 415:
            assert r.headers["content-type"] == "application/problem+json" and r.json()["status"] == 415


@pytest.mark.parametrize("query", ["showValues=true&showValues=false", "showValues=false&showValues=false", "showValues=true&showValues"])
@pytest.mark.parametrize(("lang", "words"), [("nl", "meer dan een keer"), ("en", "more than once")])
def test_a_repeated_query_parameter_is_a_400_naming_it_on_both_paths(query: str, lang: str, words: str, tmp_path: Path) -> None:
    """Which of two showValues would count? Neither: a 400 problem naming the parameter (it was
    answered 200, silently using one of them)."""
    for app in _apps(tmp_path):
        r = anyio.run(_post, app, f"/v1/regulations/{KW.id}/assessments?{query}", _case(), {**BEARER, "accept-language": lang})
        assert r.status_code == 400, r.text
        body = r.json()
        assert r.headers["content-language"] == lang
        assert [(p["name"], p["code"]) for p in body["invalidParams"]] == [("showValues", "repeated")]
        assert words in body["invalidParams"][0]["reason"]
        assert "true" not in r.text and "false" not in r.text


@pytest.mark.parametrize(("path", "body", "status", "template"), [
    (f"/v1/regulations/{KW.id}/assessments", b'{"date": "2026-03-01", "facts": {"x": "' + b"a" * 5000 + b'"}}', 413, "/v1/regulations/{regulation_id}/assessments"),
    (f"/v1/regulations/{KW.id}/assessments?showvalues=true", _case(), 400, "/v1/regulations/{regulation_id}/assessments"),
    (f"/v1/regulations/{KW.id}/questions?showValues=true", _case(), 400, "/v1/regulations/{regulation_id}/questions"),
    ("/v1/regulations/geen_regeling_999999990/assessments", _case(), 404, "/v1/regulations/{regulation_id}/assessments"),
    ("/v1/assessments", b'{"date": "2026-03-01", "facts": {"x": "' + b"a" * 5000 + b'"}}', 413, "/v1/assessments"),
    ("/v1/regulations/_reload?x=1", b"", 400, "/v1/regulations/_reload"),
    ("/v1/nergens/999999990", _case(), 404, "(no route)"),
])
def test_a_request_refused_before_routing_is_logged_with_its_route_template(path: str, body: bytes, status: int, template: str, tmp_path: Path,
                                                                            caplog: pytest.LogCaptureFixture) -> None:
    """Operators filter the access log by route: a 413, an unknown query parameter or an unknown
    regulation was logged as "(no route)". Never the path as sent (it could hold a BSN)."""
    for app in _apps(tmp_path):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="regelruimte.api.access"):
            r = anyio.run(_post, app, path, body, BEARER)
        assert r.status_code == status, r.text
        assert f'"POST {template}" {status}' in caplog.text
        assert "999999990" not in caplog.text and "geen_regeling" not in caplog.text


def test_the_direct_path_serves_the_good_case_and_logs_its_route(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    direct, _ = _apps(tmp_path)

    async def framework(self: Any, scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the framework was asked")

    monkeypatch.setattr(FastAPI, "__call__", framework)  # only the app's state is the framework's here
    path, body, headers = REQUESTS["assessment"]
    with caplog.at_level(logging.INFO, logger="regelruimte.api.access"):
        r = anyio.run(_post, direct, path, body, headers)
    assert r.status_code == 200
    assert r.content == rr.assess(KW, json.loads(body)).to_json(indent=None).encode()
    assert r.headers["regelruimte-policy-id"] == KW.id
    assert '"POST /v1/regulations/{regulation_id}/assessments" 200' in caplog.text


def test_the_service_keeps_no_analysis_of_a_case_after_answering(tmp_path: Path) -> None:
    """The library keeps its few most recent analyses of missing facts (a speed-up for many cases
    alike); such an analysis holds the case's known facts, so the service keeps none."""
    from regelruimte.compiler import compiled_policy

    case = {"date": KW.tests[0].date.isoformat(), "facts": {"netto_inkomen": "1200.00"}}  # most facts missing: the analysis runs
    compiled_policy(KW).analyses.pop("completions", None)
    rr.assess(KW, case)
    assert compiled_policy(KW).analyses.get("completions")  # a library user's process keeps it
    compiled_policy(KW).analyses.pop("completions", None)
    direct, _ = _apps(tmp_path)
    r = anyio.run(_post, direct, f"/v1/regulations/{KW.id}/assessments", json.dumps(case).encode(), BEARER)
    assert r.status_code == 200 and json.loads(r.content)["letter"]["verdict"] == "undetermined"
    assert not compiled_policy(KW).analyses.get("completions")
