# SPDX-License-Identifier: EUPL-1.2
"""Assessing cases: against one regulation, against every regulation, and the open questions of a
partial case as a form. Cases are personal data: these operations need the token (when the service
has one), and nothing of a case is kept after the response.

One assessment (and one form) is computed right on the event loop, not in the thread pool: it is
CPU-bound for about half a millisecond, bounded by the size of the regulation (a case holds only the
regulation's own facts, and expressions have fixed limits), so a worker thread would add a third to
its cost (the GIL allows no parallelism anyway) and gain nothing. Calls that take longer or grow
with their input (every regulation at once, a review, a reload, a screening) run in the thread
pool, within the time limit. The token is checked in the handler, not as a FastAPI dependency,
which costs more per request than the check itself. The first two operations are also reached
without FastAPI's router (``direct.py``: the same functions, the same answers, less CPU per request).

The body of an assessment is the library's own canonical JSON, ``Assessment.to_json(indent=None)``:
byte for byte what ``rr.assess(policy, case)`` gives in Python, so a municipal application in any
language reads exactly what a notebook reads.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

import regelruimte as rr

from . import _library as lib
from ._library import Text
from .handling import case_body, compute, concerns, json_response, read_json, record, require_token, snapshot, versions
from .models import Form, form_of
from .problems import ProblemError, case_problem, title
from .regulations import REGULATION, RegulationId

router = APIRouter(prefix="/v1", tags=["assessments"])

ShowValues = Annotated[bool, Query(alias="showValues", description="Include the fact values the rules used (personal data); default: left out.")]
CASE_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CaseInput"}}}}}


def _pick(found: tuple[rr.Policy, ...], case: rr.Case) -> rr.Policy:
    """The version valid on the case's date; else the newest (whose assessment then says why not)."""
    return next((p for p in found if p.applies_on(case.date)), found[-1])


@router.post(REGULATION + "/assessments", response_model=rr.Assessment, summary="Assess a case against one regulation",
             operation_id="assessCase", openapi_extra=CASE_BODY)
async def assess_case(request: Request, regulation_id: RegulationId, show_values: ShowValues = False) -> Response:
    """The letter, the intent, the tension between them, the room the law gives, the controls this
    case needs, the questions still open and the citizen text: the library's assessment JSON.
    The case is assessed against the version of the regulation valid on its date."""
    require_token(request)
    found = versions(request, regulation_id)
    data = case_body(await read_json(request))
    with _case_errors(found):
        case = lib.as_case(data)
        policy = _pick(found, case)
        a = rr.assess(policy, case)
    body, ref = a.to_json(show_values=show_values, indent=None), a.case_ref
    rec = record(request)
    rec.case_ref, rec.values_shown = ref, show_values
    concerns(request, policy)
    return json_response(body)


@router.post(REGULATION + "/questions", response_model=Form, summary="The open questions of a case, as a form",
             operation_id="getQuestionForm", openapi_extra=CASE_BODY)
async def question_form(request: Request, regulation_id: RegulationId) -> Response:
    """For a partial case: the facts still to ask, as form fields a portal can render (type,
    question in Dutch and English, choices, bounds, the registers that hold it), the most decisive
    first. Send the answers back with the case to get the next form; an empty form means decided."""
    require_token(request)
    found = versions(request, regulation_id)
    data = case_body(await read_json(request))
    with _case_errors(found):
        case = lib.as_case(data)
        policy = _pick(found, case)
        a = rr.assess(policy, case)
    body, ref = form_of(policy, a).model_dump_json(), a.case_ref
    record(request).case_ref = ref
    concerns(request, policy)
    return json_response(body)


@router.post("/assessments", response_model=rr.AllAssessment, summary="Assess a case against every regulation", operation_id="assessCaseAll",
             openapi_extra=CASE_BODY)
async def assess_all(request: Request, show_values: ShowValues = False) -> Response:
    """One household against every regulation at once: per regulation the assessment, and one
    deduplicated list of questions and documents, so what several regulations need is asked once.
    Each fact must belong to at least one regulation; each regulation sees only its own facts."""
    require_token(request)
    snap = snapshot(request)
    data = case_body(await read_json(request))

    def work() -> tuple[str, str | None]:
        case = lib.as_case(data)
        result = rr.assess_all(snap.for_case(case.date), case)
        ref = next((a.case_ref for a in result.assessments.values()), None)
        return result.to_json(show_values=show_values, indent=None), ref

    try:
        body, ref = await compute(request, work)
    except rr.CaseError as exc:
        raise case_problem(exc, lib.fact_names(snap.policies), scope="any regulation") from None
    rec = record(request)
    rec.case_ref, rec.values_shown = ref, show_values
    return json_response(body)


@contextlib.contextmanager
def _case_errors(found: tuple[rr.Policy, ...]) -> Iterator[None]:
    try:
        yield
    except rr.CaseError as exc:
        raise case_problem(exc, lib.fact_names(list(found))) from None
    except rr.NoApplicableVersion:
        raise ProblemError(422, "no-applicable-version", title(422), Text("api-case-no-version")) from None
