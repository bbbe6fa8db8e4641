# SPDX-License-Identifier: EUPL-1.2
"""Every endpoint of the HTTP API against the real server, and its answer compared with the library
called directly: an assessment over HTTP is ``rr.assess(...)``'s JSON, byte for byte."""

from __future__ import annotations

import io
import json
import time
from decimal import Decimal
from typing import Any

import httpx
import jsonschema
import polars as pl
import pytest
from apiserver import PSEUDONYM_KEY, ROOT, Server

import regelruimte as rr

POLICIES = rr.load_policies()
KW = POLICIES["kwijtschelding_afvalstoffenheffing"]
PROBLEM = "application/problem+json"


def example(policy: rr.Policy, index: int = 0, **extra: Any) -> dict[str, Any]:
    """Example case ``index`` of a policy as JSON-ready data (amounts as strings)."""
    case = {"date": policy.tests[index].date.isoformat(), "facts": policy.test_facts(index), **extra}
    return json.loads(json.dumps(case, default=str))


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["type"].startswith("urn:regelruimte:problem:")
    assert response.headers["api-version"] == "1.1.1"
    return body


# -- the regulations --------------------------------------------------------------------------
def test_the_regulations_are_listed_with_the_headers_of_every_response(server: Server) -> None:
    with server.client() as c:
        r = c.get("/v1/regulations")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert r.content == json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(), "compact, as every answer"
    assert [x["id"] for x in body["regulations"]] == list(POLICIES)
    first = body["regulations"][0]
    assert first["_links"]["assessments"]["href"] == f"/v1/regulations/{first['id']}/assessments"
    assert first["versions"][0]["sha256"] == POLICIES[first["id"]].sha256
    assert r.headers["api-version"] == "1.1.1"
    assert r.headers["regelruimte-version"] == rr.__version__
    assert r.headers["regelruimte-policies-sha256"] == body["sha256"]
    for header, value in {"cache-control": "no-store", "x-content-type-options": "nosniff", "x-frame-options": "DENY"}.items():
        assert r.headers[header] == value
    assert "server" not in r.headers  # the implementation is not advertised
    assert "access-control-allow-origin" not in r.headers  # CORS off by default


def test_one_regulation_has_its_facts_questions_and_controls(server: Server) -> None:
    with server.client() as c:
        r = c.get(f"/v1/regulations/{KW.id}")
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == KW.id and body["version"] == KW.version and body["sha256"] == KW.sha256
    assert set(body["facts"]) == set(KW.facts)
    assert body["facts"]["woonlasten"]["question"]["nl"] == KW.facts["woonlasten"].question.nl  # type: ignore[union-attr]
    assert [c["id"] for c in body["controls"]] == [c.id for c in KW.controls]
    assert [r_["id"] for r_ in body["rules"]] == [r_.id for r_ in KW.rules]
    assert r.headers["regelruimte-policy-version"] == KW.version
    assert r.headers["regelruimte-policy-sha256"] == KW.sha256
    with server.client() as c:
        assert c.get(f"/v1/regulations/{KW.id}", params={"date": "2026-06-01"}).json()["version"] == KW.version
        problem(c.get(f"/v1/regulations/{KW.id}", params={"date": "1990-01-01"}), 404)
        problem(c.get(f"/v1/regulations/{KW.id}", params={"date": "gisteren"}), 400)


@pytest.mark.parametrize("path", ["/v1/regulations/bestaat_niet", "/v1/regulations/999999990", "/v1/regulations/999999990/review",
                                  "/v1/regulations/x/case-schema", "/v1/onbekend", "/v1/regulations/", "/v1/regulations/kwijtschelding_afvalstoffenheffing/"])
def test_unknown_resources_and_trailing_slashes_are_404_problems(server: Server, path: str) -> None:
    with server.client(follow_redirects=False) as c:
        body = problem(c.get(path), 404)
    assert "999999990" not in json.dumps(body) and "bestaat_niet" not in json.dumps(body)


def test_a_wrong_method_is_a_405_problem(server: Server) -> None:
    with server.client() as c:
        r = c.delete("/v1/regulations")
    problem(r, 405)
    assert "GET" in r.headers["allow"]


def test_the_case_schema_describes_what_the_assessment_accepts(server: Server) -> None:
    with server.client() as c:
        r = c.get(f"/v1/regulations/{KW.id}/case-schema")
    assert r.status_code == 200 and r.headers["content-type"] == "application/schema+json"
    schema = r.json()
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for i in range(len(KW.tests)):
        assert not list(validator.iter_errors(example(KW, i)))
    assert list(validator.iter_errors({"date": "2026-03-01", "facts": {"schoenmaat": 44}}))
    assert list(validator.iter_errors({"date": "2026-03-01", "facts": {"huishouden": "kat"}}))
    facts = schema["properties"]["facts"]["properties"]
    assert {"enum": KW.facts["huishouden"].values, "type": "string"} in facts["huishouden"]["anyOf"]


def test_the_review_is_the_library_review(server: Server) -> None:
    with server.client() as c:
        r = c.get(f"/v1/regulations/{KW.id}/review")
    assert r.status_code == 200
    assert r.content == rr.review(KW).to_json(indent=None).encode()
    assert r.headers["regelruimte-policy-sha256"] == KW.sha256


# -- assessments ------------------------------------------------------------------------------
@pytest.mark.parametrize("policy_id", list(POLICIES))
def test_an_assessment_over_http_is_the_library_json_byte_for_byte(server: Server, policy_id: str) -> None:
    policy = POLICIES[policy_id]
    with server.client() as c:
        for i in range(len(policy.tests)):
            case = example(policy, i, id=f"zaak-{i}")
            r = c.post(f"/v1/regulations/{policy_id}/assessments", json=case)
            assert r.status_code == 200, r.text
            assert r.content == rr.assess(policy, case, key=PSEUDONYM_KEY).to_json(indent=None).encode()
            assert r.headers["regelruimte-policy-version"] == policy.version
            assert r.headers["regelruimte-policy-sha256"] == policy.sha256


def test_fact_values_only_when_asked(server: Server) -> None:
    case = example(KW, 0)
    with server.client() as c:
        shown = c.post(f"/v1/regulations/{KW.id}/assessments", json=case, params={"showValues": "true"})
        hidden = c.post(f"/v1/regulations/{KW.id}/assessments", json=case, params={"showValues": "false"})
    assert shown.content == rr.assess(KW, case).to_json(show_values=True, indent=None).encode()
    assert hidden.content == rr.assess(KW, case).to_json(indent=None).encode()
    assert shown.content != hidden.content


def test_every_regulation_at_once_is_assess_all(server: Server) -> None:
    case = json.loads(json.dumps({"date": "2026-03-01", "facts": KW.test_facts(0), "id": "huishouden-7"}, default=str))
    with server.client() as c:
        r = c.post("/v1/assessments", json=case)
    assert r.status_code == 200, r.text
    assert r.content == rr.assess_all(POLICIES, case, key=PSEUDONYM_KEY).to_json(indent=None).encode()


def test_exact_amounts_arrive_exactly(server: Server) -> None:
    """A JSON number with a fraction is read as a Decimal, never as a binary float."""
    case = example(KW, 0)
    text = json.dumps(case).replace(f'"{case["facts"]["aanslag"]}"', "315.97") if "aanslag" in case["facts"] else json.dumps(case)
    with server.client() as c:
        r = c.post(f"/v1/regulations/{KW.id}/assessments", content=text, headers={"content-type": "application/json"})
    assert r.status_code == 200
    assert r.content == rr.assess(KW, json.loads(text, parse_float=Decimal)).to_json(indent=None).encode()


def test_a_bad_fact_is_named_never_its_value(server: Server) -> None:
    case = example(KW, 0)
    case["facts"]["netto_inkomen"] = "12345.678"
    case["facts"]["huishouden"] = "Canary Testpersoon"
    with server.client() as c:
        body = problem(c.post(f"/v1/regulations/{KW.id}/assessments", json=case), 400)
    names = sorted(p["name"] for p in body["invalidParams"])
    assert names == ["facts.huishouden", "facts.netto_inkomen"]
    text = json.dumps(body)
    assert "12345.678" not in text and "Canary" not in text
    assert "at most two decimals" in text and "one of alleenstaande" in text


def test_an_unknown_fact_is_counted_not_repeated(server: Server) -> None:
    """A caller keying facts by BSN must not see the BSN come back."""
    case = example(KW, 0)
    case["facts"]["999999990"] = "12345.67"
    case["facts"]["Canary Testpersoon"] = True
    case["999999990"] = "x"
    with server.client() as c:
        for path in (f"/v1/regulations/{KW.id}/assessments", f"/v1/regulations/{KW.id}/questions", "/v1/assessments"):
            body = problem(c.post(path, json=case), 400)
            text = json.dumps(body)
            assert "999999990" not in text and "Canary" not in text and "12345.67" not in text
            assert any(p["code"] == "unknown-fact" for p in body["invalidParams"]), body
        del case["999999990"]  # the case's own keys are checked first, its facts next
        body = problem(c.post(f"/v1/regulations/{KW.id}/assessments", json=case), 400)
        assert [(p["code"], p["reason"][:9]) for p in body["invalidParams"]] == [("unknown-fact", "2 name(s)")]


@pytest.mark.parametrize(("content", "ctype", "status"), [
    (b'{"date": "2026-03-01", "facts": {}}', "text/plain", 415),
    (b'{"date": "2026-03-01", "facts": {}}', "", 415),
    (b'{"date": "2026-03-01", "facts": {', "application/json", 400),
    (b'{"date": "2026-03-01", "facts": {"aanslag": NaN}}', "application/json", 400),
    (b'[1, 2, 3]', "application/json", 400),
    (b'{"date": "2026-02-30", "facts": {}}', "application/json", 400),
    (b'{"facts": {}}', "application/json", 400),
    (b'{"date": "2026-03-01", "facts": []}', "application/json", 400),
    (b'\xff\xfe\x00', "application/json", 400),
    (b'[' * 100_000, "application/json", 400),
    (b'{"date": "1990-03-01", "facts": {}}', "application/json", 422),
    (b'{"date": "2026-03-01", "facts": {"netto_inkomen": "1000.00", "netto_inkomen": "1401.50"}}', "application/json", 400),  # issue 13 item 14
    (b'{"date": "2026-03-01", "facts": {"aanslag": ' + b"9" * 5000 + b'}}', "application/json", 400),
    (b'{"date": "2026-03-01", "id": "\\ud800", "facts": {}}', "application/json", 400),
])
def test_bad_bodies_are_problems(server: Server, content: bytes, ctype: str, status: int) -> None:
    headers = {"content-type": ctype} if ctype else {}
    with server.client() as c:
        problem(c.post(f"/v1/regulations/{KW.id}/assessments", content=content, headers=headers), status)


def test_an_oversized_body_is_413_with_or_without_content_length(server: Server) -> None:
    big = json.dumps({"date": "2026-03-01", "facts": {"x": "a" * (1 << 20)}}).encode()
    with server.client() as c:
        problem(c.post(f"/v1/regulations/{KW.id}/assessments", content=big, headers={"content-type": "application/json"}), 413)

        def chunks() -> Any:
            for i in range(0, len(big), 65536):
                yield big[i:i + 65536]

        problem(c.post(f"/v1/regulations/{KW.id}/assessments", content=chunks(), headers={"content-type": "application/json"}), 413)
        assert c.get("/v1/health/live").status_code == 200  # and the service goes on


def test_a_bad_query_parameter_is_a_400_problem(server: Server) -> None:
    with server.client() as c:
        body = problem(c.post(f"/v1/regulations/{KW.id}/assessments", json=example(KW), params={"showValues": "misschien"}), 400)
    assert body["invalidParams"][0]["name"] == "showValues"
    assert "misschien" not in json.dumps(body)


def test_the_open_questions_are_a_form_in_the_order_of_the_library(server: Server) -> None:
    partial = {"date": "2026-03-01", "facts": {"belastingsoort": "afvalstoffenheffing_vast", "aanslag": "315.97"}}
    with server.client() as c:
        r = c.post(f"/v1/regulations/{KW.id}/questions", json=partial)
        full = c.post(f"/v1/regulations/{KW.id}/questions", json=example(KW, 0))
    assert r.status_code == 200, r.text
    form = r.json()
    a = rr.assess(KW, partial)
    assert [f["fact"] for f in form["fields"]] == [q.fact for q in a.questions]
    assert form["complete"] is False and form["letter"] == a.letter.verdict
    by_fact = {f["fact"]: f for f in form["fields"]}
    for q in a.questions:
        field = by_fact[q.fact]
        spec = KW.facts[q.fact]
        assert field["type"] == spec.type
        assert field["label"] == (q.question or q.description).model_dump(mode="json")
        assert field["choices"] == spec.values
        assert field["held_by"] == q.held_by and field["ask_citizen"] == q.ask_citizen
    if "huishouden" in by_fact:
        assert by_fact["huishouden"]["choices"] == KW.facts["huishouden"].values
    done = full.json()
    assert [f["fact"] for f in done["fields"]] == [q.fact for q in rr.assess(KW, example(KW, 0)).questions]
    assert done["complete"] == (not done["fields"])


# -- the service --------------------------------------------------------------------------------
def test_health_and_readiness(server: Server) -> None:
    with server.client() as c:
        live = c.get("/v1/health/live")
        ready = c.get("/v1/health/ready")
    assert live.status_code == 200 and live.json() == {"status": "up"}
    body = ready.json()
    assert body["status"] == "ready" and body["regulations"] == len(POLICIES)
    assert body["library_version"] == rr.__version__ and body["sha256"] == ready.headers["regelruimte-policies-sha256"]


def test_the_openapi_document_is_served_as_checked_in(server: Server) -> None:
    with server.client() as c:
        r = c.get("/v1/openapi.json", headers={"origin": "https://elders.example"})
    assert r.status_code == 200
    assert r.content == (ROOT / "schema" / "openapi.v1.json").read_bytes()
    assert r.headers["access-control-allow-origin"] == "*"  # NL API Design Rules /core/publish-openapi


def test_reload_over_http_is_off_without_a_token(server: Server) -> None:
    with server.client() as c:
        problem(c.post("/v1/regulations/_reload"), 403)


# -- screenings ----------------------------------------------------------------------------------
def _population() -> pl.DataFrame:
    return pl.read_parquet(ROOT / "examples" / "demo_city.parquet").head(300)


def _wait(c: httpx.Client, location: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job: dict[str, Any] = c.get(location).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("the screening did not finish in 60 s")


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_screening_uploads_runs_and_downloads(server: Server, kind: str) -> None:
    population = _population()
    buffer = io.BytesIO()
    if kind == "csv":
        population.write_csv(buffer)
        ctype = "text/csv"
    else:
        population.write_parquet(buffer)
        ctype = "application/vnd.apache.parquet"
    with server.client() as c:
        r = c.post("/v1/screenings", params={"date": "2026-03-01"}, content=buffer.getvalue(), headers={"content-type": ctype})
        assert r.status_code == 202, r.text
        location = r.headers["location"]
        assert location == r.json()["_links"]["self"]["href"]
        job = _wait(c, location)
        assert job["status"] == "done", job
        assert job["progress"] == {"regulations_done": len(POLICIES), "regulations_total": len(POLICIES)}
        expected = rr.screen(POLICIES, population, date="2026-03-01")
        assert job["persons"] == expected.persons == 300
        summary = {row["policy"]: row for row in job["summary"]}
        for row in expected.summary.to_dicts():
            got = summary[str(row["policy"])]
            assert got["granted"] == row["granted"] and Decimal(got["amount_granted"]) == row["amount_granted"]
        parquet = c.get(job["_links"]["result"]["href"])
        assert parquet.status_code == 200 and parquet.headers["content-type"] == "application/vnd.apache.parquet"
        frame = pl.read_parquet(io.BytesIO(parquet.content))
        assert frame.drop("policy").equals(expected.frame.drop("policy")) and frame["policy"].cast(str).equals(expected.frame["policy"].cast(str))
        csv = c.get(job["_links"]["result"]["href"], headers={"accept": "text/csv"})
        assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
        assert pl.read_csv(io.BytesIO(csv.content)).height == frame.height
        problem(c.get(job["_links"]["result"]["href"], headers={"accept": "application/xml"}), 406)
        assert c.delete(location).status_code == 204
        problem(c.get(location), 404)
        problem(c.delete(location), 404)


def test_a_screening_of_a_bad_population_fails_without_showing_values(server: Server) -> None:
    csv = b"id,netto_inkomen,huishouden\n999999990,12345.678,Canary Testpersoon\n2,1000.00,alleenstaande\n"
    with server.client() as c:
        r = c.post("/v1/screenings", params={"date": "2026-03-01"}, content=csv, headers={"content-type": "text/csv"})
        job = _wait(c, r.headers["location"])
        assert job["status"] == "failed" and job["problem"]["status"] == 400
        text = json.dumps(job)
        assert "netto_inkomen" in text and "12345.678" not in text and "Canary" not in text and "999999990" not in text
        assert job["problem"]["title"] == "Population not valid" and "column 'netto_inkomen'" in job["problem"]["detail"]
        dutch = c.get(r.headers["location"], headers={"Accept-Language": "nl"})  # the same failed job, said in Dutch
        assert dutch.headers["content-language"] == "nl" and dutch.json()["problem"]["title"] == "Populatie niet geldig"
        assert "kolom 'netto_inkomen'" in dutch.json()["problem"]["detail"] and "12345.678" not in dutch.text and "Canary" not in dutch.text
        problem(c.get(r.headers["location"] + "/result"), 409)
        c.delete(r.headers["location"])


def test_a_screening_of_a_csv_not_in_utf8_says_so(server: Server) -> None:
    """Dutch Excel's plain "CSV" is Windows-1252: the job said only "could not be read or screened
    (ComputeError)"."""
    csv = "id;netto_inkomen;huishouden;naam\n1;1000,00;alleenstaande;Café 98765,43\n".encode("cp1252")
    with server.client() as c:
        r = c.post("/v1/screenings", params={"date": "2026-03-01"}, content=csv, headers={"content-type": "text/csv"})
        job = _wait(c, r.headers["location"])
        assert job["status"] == "failed" and job["problem"]["type"].endswith(":population-unreadable"), job
        assert "not UTF-8" in job["problem"]["detail"] and "98765" not in json.dumps(job), job
        dutch = c.get(r.headers["location"], headers={"Accept-Language": "nl"}).json()
        assert "geen UTF-8-tekst" in dutch["problem"]["detail"], dutch
        c.delete(r.headers["location"])


@pytest.mark.parametrize(("params", "ctype", "status"), [
    ({"date": "2026-03-01"}, "application/json", 415),
    ({}, "text/csv", 400),
    ({"date": "morgen"}, "text/csv", 400),
    ({"date": "1990-01-01"}, "text/csv", 422),
    ({"date": "2026-03-01", "regulation": "bestaat_niet"}, "text/csv", 400),
])
def test_bad_screening_requests_are_problems(server: Server, params: dict[str, str], ctype: str, status: int) -> None:
    with server.client() as c:
        problem(c.post("/v1/screenings", params=params, content=b"id\n1\n", headers={"content-type": ctype}), status)


def test_unknown_screenings_are_404(server: Server) -> None:
    with server.client() as c:
        for path in ("/v1/screenings/" + "0" * 32, "/v1/screenings/999999990", "/v1/screenings/" + "0" * 32 + "/result"):
            body = problem(c.get(path), 404)
            assert "999999990" not in json.dumps(body)


def test_parallel_requests_get_their_own_answers(server: Server) -> None:
    """Assessments and forms at the same time, from many threads: each answer is its own case's."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = [(p, i) for p in POLICIES.values() for i in range(len(p.tests))][:64]

    def one(item: tuple[rr.Policy, int]) -> bool:
        policy, i = item
        case = example(policy, i)
        with server.client() as c:
            r = c.post(f"/v1/regulations/{policy.id}/assessments", json=case)
        return r.content == rr.assess(policy, case).to_json(indent=None).encode()

    with ThreadPoolExecutor(16) as pool:
        assert all(pool.map(one, jobs * 2))


# -- problems in Dutch or English (issue 13 item 20) -------------------------------------------------------
def test_problems_speak_the_language_the_request_asks_for(server: Server) -> None:
    """English by default (the API's language); Dutch with Accept-Language: nl; the codes the same."""
    case = example(KW, 0)
    case["facts"]["netto_inkomen"] = "12345.678"
    case["facts"]["999999990"] = "Canary Testpersoon"
    answers = {}
    with server.client() as c:
        for accept in (None, "nl", "nl-NL,nl;q=0.9,en;q=0.8", "en", "en;q=0.5, nl;q=0.6", "fr, de;q=0.9", "nl;q=0"):
            headers = {"Accept-Language": accept} if accept is not None else {}
            r = c.post(f"/v1/regulations/{KW.id}/assessments", json=case, headers=headers)
            answers[accept] = (r.headers["content-language"], problem(r, 400))
            assert "accept-language" in r.headers["vary"].lower()
            assert not any(v in r.text for v in ("12345.678", "999999990", "Canary")), r.text
        missing = c.get("/v1/regulations/bestaat_niet", headers={"Accept-Language": "nl"})
        unknown = c.get("/v1/regulations?showvalues=true", headers={"Accept-Language": "nl"})  # answered by the guard, before the application
    assert {a: lang for a, (lang, _) in answers.items()} == {None: "en", "nl": "nl", "nl-NL,nl;q=0.9,en;q=0.8": "nl", "en": "en",
                                                            "en;q=0.5, nl;q=0.6": "nl", "fr, de;q=0.9": "en", "nl;q=0": "en"}
    en, nl = answers[None][1], answers["nl"][1]
    assert (en["title"], en["detail"]) == ("Bad request", "2 problems in the case; see invalidParams.")
    assert (nl["title"], nl["detail"]) == ("Ongeldig verzoek", "2 problemen in de zaak; zie invalidParams.")
    assert [(p["name"], p["code"]) for p in en["invalidParams"]] == [(p["name"], p["code"]) for p in nl["invalidParams"]]
    reasons = {p["code"]: p["reason"] for p in nl["invalidParams"]}
    assert reasons["invalid"].startswith("verkeerde waarde: niet geschreven zoals verwacht (verwacht: een bedrag in euro's met hoogstens twee decimalen")
    assert reasons["unknown-fact"] == ("1 naam of namen in de zaak zijn geen feiten van deze regeling (de namen worden niet herhaald; "
                                       "het schema van de zaak noemt de feiten)")
    assert problem(missing, 404)["detail"] == "Deze regeling bestaat hier niet." and missing.headers["content-language"] == "nl"
    assert problem(unknown, 400)["detail"].startswith("1 queryparameter(s) die deze handeling niet kent") and unknown.headers["content-language"] == "nl"
