# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI document: checked in, current, and following the NL API Design Rules (the rules of
Logius' ADR linter that a document can show, checked here in Python)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from apiserver import ROOT, Server

import regelruimte as rr
from regelruimte.api.app import openapi_document
from regelruimte.api.settings import API_VERSION

SCHEMA = ROOT / "schema" / "openapi.v1.json"
DOC: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
METHODS = ("get", "post", "put", "patch", "delete")
OPERATIONS = [(path, method, op) for path, item in DOC["paths"].items() for method, op in item.items() if method in METHODS]


def test_the_checked_in_document_is_current() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == openapi_document(), "schema/openapi.v1.json is stale: run `make openapi` and commit it"


def test_it_is_openapi_3_with_semver_contact_and_a_v1_server() -> None:
    assert re.fullmatch(r"3(\.\d+){1,2}", DOC["openapi"])
    assert DOC["info"]["version"] == API_VERSION and re.fullmatch(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)", API_VERSION)
    assert DOC["info"]["contact"]["name"] and DOC["info"]["contact"]["url"]
    assert DOC["servers"] and all(re.search(r"/v\d+$", s["url"]) for s in DOC["servers"])


@pytest.mark.parametrize("path", list(DOC["paths"]))
def test_paths_are_kebab_case_without_trailing_slash(path: str) -> None:
    assert not path.endswith("/") or path == "/"
    pattern = r"^(\/|(\/_[a-z0-9]+|\/(([a-z0-9\-]+|{[^}]+})(\/([a-z0-9\-\.]+|{[^}]+}))*)(\/_[a-z]+)?)\/?)$"
    assert path == "/openapi.json" or re.fullmatch(pattern, path), path


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=[f"{m.upper()} {p}" for p, m, _ in OPERATIONS])
def test_each_operation_follows_the_rules(path: str, method: str, op: dict[str, Any]) -> None:
    responses = op["responses"]
    for status, response in responses.items():
        if status[0] in "23":
            assert "API-Version" in response.get("headers", {}), f"{status}: /core/version-header"
        if status[0] in "45":
            content = response["content"]
            assert list(content) == ["application/problem+json"], f"{status}: /core/error-handling/problem-details"
            assert content["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert "422" not in responses or op["operationId"] in {"assessCase", "getQuestionForm", "createScreening", "reloadRegulations"}
    if method in ("post", "put", "patch") or (method in ("get", "delete") and op.get("parameters")):
        assert "400" in responses, "/core/error-handling/invalid-input"
    for param in op.get("parameters", []):
        if param["in"] == "query":
            assert re.fullmatch(r"^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$", param["name"]), "/core/query-keys-camel-case"
    assert op["operationId"] and op["summary"] and op.get("description")
    assert "500" in responses


def test_problems_have_status_title_and_detail() -> None:
    problem = DOC["components"]["schemas"]["Problem"]
    assert {"status", "title", "detail"} <= set(problem["required"])


def test_operation_ids_are_unique_and_protected_ones_say_so() -> None:
    ids = [op["operationId"] for _, _, op in OPERATIONS]
    assert len(ids) == len(set(ids))
    secured = {op["operationId"] for _, _, op in OPERATIONS if op.get("security")}
    assert secured == {"assessCase", "assessCaseAll", "getQuestionForm", "createScreening", "getScreening", "getScreeningResult", "deleteScreening",
                       "reloadRegulations"}
    assert all("401" in op["responses"] for _, _, op in OPERATIONS if op.get("security"))


def test_dates_are_dates_and_schema_names_pascal_case() -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if name in ("date", "datum") or re.search(r"((\w+D)|(_[dD]))((ate)|(atum))$", name):
                    formats = [prop.get("format")] + [b.get("format") for b in prop.get("anyOf", [])]
                    assert "date" in formats, f"{name}: /core/date-time/date-omit-time-portion"
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(DOC)
    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]*", name) for name in DOC["components"]["schemas"]), "no module paths in schema names"


def test_every_route_is_documented() -> None:
    from regelruimte.api import assessments, regulations, screenings, service

    routes = {(r.path_format.removeprefix("/v1") or "/", m.lower()) for module in (assessments, regulations, screenings, service)
              for r in module.router.routes for m in getattr(r, "methods", ()) if m != "HEAD"}
    documented = {(p, m) for p, m, _ in OPERATIONS}
    assert routes == documented


def test_the_document_is_valid_openapi() -> None:
    schemathesis = pytest.importorskip("schemathesis")
    schema = schemathesis.openapi.from_dict(DOC)
    assert len(list(schema.get_all_operations())) == len(OPERATIONS)


def test_the_wheel_ships_the_document() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"schema" = "regelruimte/_data/schema"' in text and Path(SCHEMA).is_file()


def test_the_reference_page_is_current() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_http_api_reference", ROOT / "docs" / "gen_http_api_reference.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    page = (ROOT / "docs" / "http-api-reference.md").read_text(encoding="utf-8")
    assert page == gen.render(DOC), "docs/http-api-reference.md is stale: run `make openapi`"


KW = rr.load_policies()["kwijtschelding_afvalstoffenheffing"]
_CASE = {"date": KW.tests[0].date.isoformat(), "facts": json.loads(json.dumps(KW.test_facts(0), default=str))}


@pytest.mark.parametrize(("method", "template", "path", "body"), [
    ("post", "/assessments", "/v1/assessments", _CASE),
    ("post", "/regulations/{regulation_id}/assessments", f"/v1/regulations/{KW.id}/assessments", _CASE),
    ("post", "/regulations/{regulation_id}/questions", f"/v1/regulations/{KW.id}/questions", _CASE),
    ("get", "/regulations", "/v1/regulations", None),
    ("get", "/regulations/{regulation_id}", f"/v1/regulations/{KW.id}", None),
    ("get", "/health/ready", "/v1/health/ready", None),
])
def test_a_success_sends_the_headers_the_document_lists(server: Server, method: str, template: str, path: str, body: Any) -> None:
    """The Regelruimte-* headers the document promises on a success are the ones sent: the
    Regelruimte-Policy-* headers only on a response about one regulation (POST /assessments, about
    every regulation at once, was documented with them but never sent them)."""
    with server.client() as c:
        r = c.request(method.upper(), path, json=body)
    assert r.status_code == 200, r.text
    documented = {name.lower() for name in DOC["paths"][template][method]["responses"]["200"]["headers"] if name.startswith("Regelruimte-")}
    sent = {name for name in r.headers if name.startswith("regelruimte-")}
    assert sent == documented
