# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI 3.1 document of the API, generated from the routes and the pydantic models.

FastAPI builds the paths and the schemas; this module adds what the NL API Design Rules ask for and
FastAPI does not know: the ``/v1`` base path as the server (paths are relative to it), the
``API-Version`` header on every success response, problem+json for every error (400 for invalid
input, never 422 for it), the bearer token on the operations that need it, and the contact. The
document depends on the code only (not on the loaded regulations), so it is checked in as
``schema/openapi.v1.json`` and a test fails when it drifts: ``make openapi`` writes it again.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .models import CaseInput
from .problems import PROBLEM_JSON, Problem
from .settings import API_VERSION, BASE_PATH

DESCRIPTION = """\
regelruimte over HTTP: regulations with their purpose. For one case, what the letter of a
regulation says, whether that serves its purpose, where the two part, the room the law gives to
act on it (Awb 4:84, a hardship clause), the questions still to ask and the controls the case
really needs; the review of a regulation's controls; the screening of a population.

Every assessment is the library's own JSON (`Assessment.to_json`), byte for byte. Fact values are
left out unless asked for (`showValues=true`). Errors are `application/problem+json` and never
repeat a fact value, a case id or a name the caller made up; their `title`, `detail` and reasons
are in Dutch or English, as `Accept-Language` asks (`nl` or `en`, English when it names neither),
and `Content-Language` says which. Operations on cases and populations need the service's bearer
token when it has one; reading the regulations does not.
"""

PROTECTED = {"assessCase", "assessCaseAll", "getQuestionForm", "createScreening", "getScreening", "getScreeningResult", "deleteScreening", "reloadRegulations"}
WITH_BODY = {"assessCase", "assessCaseAll", "getQuestionForm", "createScreening"}
COMPUTES = {"assessCase", "assessCaseAll", "getQuestionForm", "getReview"}
ERRORS = {
    "400": "Invalid input: every problem at once in invalidParams (names, never values); also a query parameter the operation does not know, or one it knows given more than once (named).",
    "401": "The bearer token is missing or wrong.",
    "403": "Not allowed in this configuration.",
    "404": "No such resource (the id is not repeated).",
    "406": "The result is not available in the requested media type.",
    "408": "The request body did not arrive in time.",
    "409": "The resource is not in a state for this (a screening not done yet).",
    "413": "The request body is larger than the service accepts.",
    "415": "The request body has another media type than this operation accepts.",
    "422": "Valid input that cannot be processed: no version of the regulation valid on the date, or policy files with problems.",
    "500": "An unexpected error; logged without its details.",
    "503": "Busy (too many requests or screenings at once) or a computation took too long; see Retry-After.",
}
HEADERS = {
    "API-Version": ("The version of this API (semantic versioning).", {"type": "string", "example": API_VERSION}),
    "Regelruimte-Version": ("The version of the regelruimte library that answered.", {"type": "string"}),
    "Regelruimte-Policies-Sha256": ("One hash over every loaded regulation's id, version and content hash.", {"type": "string"}),
    "Regelruimte-Policy-Id": ("For a response about one regulation: its id.", {"type": "string"}),
    "Regelruimte-Policy-Version": ("For a response about one regulation: the version used.", {"type": "string"}),
    "Regelruimte-Policy-Sha256": ("For a response about one regulation: the SHA-256 of its policy file(s).", {"type": "string"}),
}
POLICY_HEADERS = {"Regelruimte-Policy-Id", "Regelruimte-Policy-Version", "Regelruimte-Policy-Sha256"}
"""Sent only by the operations about one regulation (its id in the path); ``POST /assessments``
covers several, whose versions and hashes are in each assessment's ``provenance`` instead."""
PROBLEM_HEADERS = {
    "Content-Language": ("The language of the problem's title, detail and reasons: nl or en, as Accept-Language asks (en when it names neither).",
                         {"type": "string", "enum": ["nl", "en"]}),
}


def build(app: FastAPI) -> dict[str, Any]:
    """The document for ``app``'s routes."""
    doc = get_openapi(title="regelruimte API", version=API_VERSION, openapi_version="3.1.0", summary="Regulations with their purpose, over HTTP.",
                      description=DESCRIPTION, routes=app.routes, servers=[{"url": BASE_PATH, "description": "This service (the paths below are relative to /v1)."}],
                      contact={"name": "regelruimte contributors", "url": "https://github.com/regelruimte/regelruimte/issues"},
                      license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
                      tags=[{"name": "regulations", "description": "The regulations: public law, readable without a token."},
                            {"name": "assessments", "description": "Cases against the regulations (personal data: token)."},
                            {"name": "screenings", "description": "Populations against the regulations (personal data: token)."},
                            {"name": "service", "description": "Health, readiness and this document."}])
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for model in (CaseInput, Problem):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    components["headers"] = {name: {"description": text, "schema": schema} for name, (text, schema) in (HEADERS | PROBLEM_HEADERS).items()}
    components["securitySchemes"] = {"bearerToken": {"type": "http", "scheme": "bearer",
                                                     "description": "The service's token (REGELRUIMTE_API_TOKEN or --token-file), when it has one."}}
    paths: dict[str, Any] = {}
    for path, item in doc["paths"].items():
        relative = path.removeprefix(BASE_PATH) or "/"
        for method, operation in item.items():
            _operation(operation, has_path_params="{" in path, method=method, one_regulation="{regulation_id" in path)
        paths[relative] = item
    doc["paths"] = dict(sorted(paths.items()))
    doc["components"] = {k: dict(sorted(v.items())) for k, v in sorted(components.items())}
    return _plain_names(doc)


def _plain_names(doc: dict[str, Any]) -> dict[str, Any]:
    """Two library models share a name (pydantic then names both after their module path, e.g.
    ``regelruimte__room__NoRoom``): name them after their module instead (``RoomNoRoom``), so no
    internal path shows and the names stay PascalCase."""
    schemas: dict[str, Any] = doc["components"]["schemas"]
    renames = {old: "".join(part[:1].upper() + part[1:] for part in old.split("__")[-2:]) for old in schemas if "__" in old}
    if not renames:
        return doc
    text = json.dumps(doc)
    for old, new in renames.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"').replace(f'"{old}":', f'"{new}":')
    out: dict[str, Any] = json.loads(text)
    out["components"]["schemas"] = dict(sorted(out["components"]["schemas"].items()))
    return out


def _operation(op: dict[str, Any], *, has_path_params: bool, method: str, one_regulation: bool) -> None:
    op_id = op.get("operationId", "")
    responses: dict[str, Any] = op.setdefault("responses", {})
    responses.pop("422", None)  # FastAPI's validation error: invalid input is a 400 problem here
    codes = {"400", "500"}  # 400: every operation refuses query parameters it does not know
    if has_path_params:
        codes.add("404")
    if op_id in PROTECTED:
        codes.add("401")
        op["security"] = [{"bearerToken": []}]
    if op_id in WITH_BODY:
        codes |= {"408", "413", "415", "503"}
    if op_id in COMPUTES:
        codes.add("503")
    if op_id in {"assessCase", "getQuestionForm", "createScreening", "reloadRegulations"}:
        codes.add("422")
    if op_id == "reloadRegulations":
        codes.add("403")
    if op_id == "getScreeningResult":
        codes |= {"406", "409"}
    for status, response in responses.items():
        if status.startswith(("2", "3")):
            response["headers"] = {name: {"$ref": f"#/components/headers/{name}"} for name in HEADERS if one_regulation or name not in POLICY_HEADERS}
    for code in sorted(codes):
        responses[code] = {"description": ERRORS[code], "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                           "headers": {name: {"$ref": f"#/components/headers/{name}"} for name in PROBLEM_HEADERS}}
    op["responses"] = dict(sorted(responses.items()))


def dumps(doc: dict[str, Any]) -> str:
    """The document as it is checked in: sorted keys, two-space indent, a final newline."""
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
