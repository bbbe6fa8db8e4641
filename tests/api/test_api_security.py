# SPDX-License-Identifier: EUPL-1.2
"""Security of the HTTP API: the token, CORS, limits, and the PII canary (reliability C21) over
every endpoint: BSN 999999990, "Canary Testpersoon" and 12345.67 in every fact, id and key never
come back in a response (unless values were asked for), an error, or the log."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from apiserver import PSEUDONYM_KEY, ROOT, TOKEN, Server

import regelruimte as rr

POLICIES = rr.load_policies()
KW = POLICIES["kwijtschelding_afvalstoffenheffing"]
CANARIES = ("999999990", "Canary Testpersoon", "12345.67", "Canary")
PROTECTED = [
    ("POST", f"/v1/regulations/{KW.id}/assessments"),
    ("POST", f"/v1/regulations/{KW.id}/questions"),
    ("POST", "/v1/assessments"),
    ("POST", "/v1/screenings?date=2026-03-01"),
    ("GET", "/v1/screenings/" + "0" * 32),
    ("GET", "/v1/screenings/" + "0" * 32 + "/result"),
    ("DELETE", "/v1/screenings/" + "0" * 32),
    ("POST", "/v1/regulations/_reload"),
]
OPEN = ["/v1/regulations", f"/v1/regulations/{KW.id}", f"/v1/regulations/{KW.id}/case-schema", f"/v1/regulations/{KW.id}/review",
        "/v1/health/live", "/v1/health/ready", "/v1/openapi.json"]


def _case() -> dict[str, Any]:
    return json.loads(json.dumps({"date": "2026-03-01", "facts": KW.test_facts(0), "id": "999999990"}, default=str))


@pytest.mark.parametrize(("method", "path"), PROTECTED)
@pytest.mark.parametrize("token", [None, "wrong-token-of-enough-length", TOKEN[:-1]])
def test_everything_beyond_reading_needs_the_token(secured: Server, method: str, path: str, token: str | None) -> None:
    with secured.client(token) as c:
        r = c.request(method, path, json=_case())
    assert r.status_code == 401, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert TOKEN not in r.text


@pytest.mark.parametrize("path", OPEN)
def test_reading_the_regulations_needs_no_token(secured: Server, path: str) -> None:
    with secured.client() as c:
        assert c.get(path).status_code == 200


def test_with_the_token_it_works(secured: Server) -> None:
    case = _case()
    with secured.client(TOKEN) as c:
        r = c.post(f"/v1/regulations/{KW.id}/assessments", json=case)
        assert r.status_code == 200
        assert r.content == rr.assess(KW, case, key=PSEUDONYM_KEY).to_json(indent=None).encode()
        for scheme in ("bearer", "BEARER"):
            assert c.post(f"/v1/regulations/{KW.id}/assessments", json=case, headers={"authorization": f"{scheme} {TOKEN}"}).status_code == 200


def test_an_upload_over_the_limit_is_413(secured: Server) -> None:
    body = b"id,netto_inkomen\n" + b"1,1000.00\n" * 10_000
    with secured.client(TOKEN) as c:
        r = c.post("/v1/screenings", params={"date": "2026-03-01"}, content=body, headers={"content-type": "text/csv"})
        assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"

        def chunks() -> Any:
            for i in range(0, len(body), 8192):
                yield body[i:i + 8192]

        r = c.post("/v1/screenings", params={"date": "2026-03-01"}, content=chunks(), headers={"content-type": "text/csv"})
        assert r.status_code == 413
        assert not any(p for p in Path("/tmp").glob("regelruimte-serve-*/jobs/*/population.csv"))  # the partial upload is gone


def test_cors_only_for_the_allowed_origin(secured: Server) -> None:
    allowed, other = "https://portaal.gemeente.example", "https://elders.example"
    with secured.client() as c:
        assert c.get("/v1/regulations", headers={"origin": allowed}).headers["access-control-allow-origin"] == allowed
        assert "access-control-allow-origin" not in c.get("/v1/regulations", headers={"origin": other}).headers
        pre = c.options(f"/v1/regulations/{KW.id}/assessments", headers={"origin": allowed, "access-control-request-method": "POST"})
        assert pre.status_code == 204 and "POST" in pre.headers["access-control-allow-methods"]
        assert "Authorization" in pre.headers["access-control-allow-headers"]
        assert c.options(f"/v1/regulations/{KW.id}/assessments", headers={"origin": other, "access-control-request-method": "POST"}).status_code == 403


def _canary_requests(c: httpx.Client) -> list[httpx.Response]:
    """Every kind of request, each carrying the canary in facts, ids and keys."""
    case = _case()
    case["facts"]["netto_inkomen"] = "12345.67"
    wrong = json.loads(json.dumps(case))
    wrong["facts"]["aanslag"] = "Canary Testpersoon"
    wrong["facts"]["netto_inkomen"] = "12345.678"
    keyed = json.loads(json.dumps(case))
    keyed["facts"]["999999990"] = "Canary Testpersoon"
    keyed["facts"]["Canary Testpersoon"] = "12345.67"
    top = {**case, "999999990": "12345.67", "Canary Testpersoon": 1}
    out = []
    for path in (f"/v1/regulations/{KW.id}/assessments", f"/v1/regulations/{KW.id}/questions", "/v1/assessments"):
        for body in (case, wrong, keyed, top, {"date": "999999990", "facts": {}}, {"date": "2026-03-01", "facts": {}, "id": 999999990}):
            out.append(c.post(path, json=body))
        out.append(c.post(path, content=b'{"id": "999999990", "facts": {"Canary Testpersoon": 12345.67', headers={"content-type": "application/json"}))
        out.append(c.post(path, content=json.dumps(case).encode(), headers={"content-type": "text/csv"}))
    for path in ("/v1/regulations/999999990", "/v1/regulations/999999990/assessments", "/v1/screenings/999999990", "/v1/999999990/Canary%20Testpersoon"):
        out.append(c.get(path))
        out.append(c.post(path, json=case))
    out.append(c.get(f"/v1/regulations/{KW.id}", params={"date": "999999990", "Canary Testpersoon": "12345.67"}))
    out.append(c.post(f"/v1/regulations/{KW.id}/assessments", json=case, params={"showValues": "999999990"}))
    csv = b"id,netto_inkomen,huishouden,aanslag\n999999990,12345.67,alleenstaande,Canary Testpersoon\n"
    job = c.post("/v1/screenings", params={"date": "2026-03-01"}, content=csv, headers={"content-type": "text/csv"})
    out.append(job)
    deadline = time.monotonic() + 30
    while job.status_code == 202 and time.monotonic() < deadline:
        status = c.get(job.headers["location"])
        out.append(status)
        if status.json()["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    if job.status_code == 202:
        out.append(c.delete(job.headers["location"]))
    return out


def _assert_clean(text: str, where: str) -> None:
    for canary in CANARIES:
        assert canary not in text, f"{canary!r} leaked into {where}"


@pytest.mark.parametrize("which", ["server", "secured"])
def test_the_canary_never_comes_back_nor_reaches_the_log(which: str, request: pytest.FixtureRequest) -> None:
    srv: Server = request.getfixturevalue(which)
    with srv.client(TOKEN if which == "secured" else None) as c:
        responses = _canary_requests(c)
        shown_case = {**_case(), "facts": {**_case()["facts"], "netto_inkomen": "12345.67"}}
        shown = c.post(f"/v1/regulations/{KW.id}/assessments", json=shown_case, params={"showValues": "true"})
    assert any(r.status_code == 200 for r in responses) and any(r.status_code == 400 for r in responses)
    for r in responses:
        assert r.status_code < 500, (r.request.url, r.status_code, r.text)
        _assert_clean(r.text, f"the response to {r.request.method} {r.request.url.path}")
        _assert_clean(json.dumps(dict(r.headers)), "a response header")
    assert shown.content == rr.assess(KW, shown_case, key=PSEUDONYM_KEY).to_json(show_values=True, indent=None).encode()  # when asked
    time.sleep(0.2)
    log = srv.log_text()
    _assert_clean(log, "the server log")
    assert "case=" in log and "regulation=kwijtschelding_afvalstoffenheffing" in log  # the pseudonym is logged, the id is not
    assert "values=returned" in log
    assert "Traceback" not in log


def test_the_access_log_holds_templates_and_pseudonyms(server: Server) -> None:
    from regelruimte.assessment.result import pseudonym

    with server.client() as c:
        c.post(f"/v1/regulations/{KW.id}/assessments", json={**_case(), "id": "zaak-4711"})
    time.sleep(0.2)
    log = server.log_text()
    ref = pseudonym("zaak-4711", PSEUDONYM_KEY)
    assert '"POST /v1/regulations/{regulation_id}/assessments" 200' in log
    assert f"case={ref}" in log and "zaak-4711" not in log


# -- the command line ------------------------------------------------------------------------------
def _serve(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    environ = {k: v for k, v in os.environ.items() if not k.startswith("REGELRUIMTE_")}
    return subprocess.run([sys.executable, "-m", "regelruimte", "serve", *args], capture_output=True, text=True, timeout=60,
                          env={**environ, **(env or {})}, cwd=ROOT)


def test_serve_refuses_bad_input_in_one_line(tmp_path: Path) -> None:
    weak = _serve("--port", "1", env={"REGELRUIMTE_API_TOKEN": "kort"})  # in Dutch by default, English with REGELRUIMTE_LANG=en
    assert weak.returncode == 2 and weak.stderr.count("\n") == 1 and "minstens 16 tekens lang" in weak.stderr and "kort" not in weak.stderr
    weak = _serve("--port", "1", env={"REGELRUIMTE_API_TOKEN": "kort", "REGELRUIMTE_LANG": "en"})
    assert weak.returncode == 2 and weak.stderr.count("\n") == 1 and "at least 16 characters" in weak.stderr and "kort" not in weak.stderr
    missing = _serve(str(tmp_path / "nergens"))
    assert missing.returncode == 2 and "bestaat niet" in missing.stderr
    (tmp_path / "kapot.yaml").write_text("id: kapot\n", encoding="utf-8")
    broken = _serve(str(tmp_path), "--port", "1")
    assert broken.returncode == 2 and "problemen in de regelingen" in broken.stderr.splitlines()[-1]
    token_file = tmp_path / "token"
    token_file.write_text("x" * 10, encoding="utf-8")
    assert _serve("--token-file", str(token_file)).returncode == 2
    assert _serve("--token-file", str(tmp_path / "geen")).returncode == 2
    cors = _serve("--cors-origin", "*")
    assert cors.returncode == 2 and cors.stderr == "regelruimte: ongeldige optie cors_origins: een CORS-origin schrijft u als https://host[:poort], zonder pad; '*' mag niet\n"
    cors = _serve("--cors-origin", "*", env={"REGELRUIMTE_LANG": "en"})
    assert cors.returncode == 2 and cors.stderr == "regelruimte: invalid option cors_origins: a CORS origin is written as https://host[:port], without a path; '*' is not allowed\n"
    assert "--token" not in _serve("--help").stdout.replace("--token-file", "")  # a token is never an option
