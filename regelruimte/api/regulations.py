# SPDX-License-Identifier: EUPL-1.2
"""Reading the regulations: the list, one regulation, its case schema and its review. Public law,
so no token is needed; the reload (an operation on the collection) does need it."""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.convertors import Convertor, register_url_convertor
from starlette.responses import Response

import regelruimte as rr

from ._library import Text
from .handling import compute, concerns, json_response, record, require_token, settings, snapshot, versions
from .models import EXAMPLE_ID, Readiness, RegulationDetail, RegulationList, detail_of, readiness_of, summary_of
from .problems import ProblemError, not_found, title

router = APIRouter(prefix="/v1", tags=["regulations"])
log = logging.getLogger("regelruimte.api")

class _IdConvertor(Convertor[str]):
    """A path segment that can be a regulation id (``[a-z][a-z0-9_]*``, as the policy format
    says): anything else matches no route, a 404, and ``/regulations/_reload`` is never taken for
    a regulation."""

    regex = "[a-z][a-z0-9_]*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("regelruimte_id", _IdConvertor())
RegulationId = Annotated[str, Path(description="The id of a regulation, e.g. kwijtschelding_afvalstoffenheffing.", examples=[EXAMPLE_ID],
                                   json_schema_extra={"pattern": r"^[a-z][a-z0-9_]*$"})]
REGULATION = "/regulations/{regulation_id:regelruimte_id}"
OnDate = Annotated[date | None, Query(alias="date", description="Pick the version valid on this date (YYYY-MM-DD); default: the newest version.")]


def _dump(model: Any) -> bytes:
    """The compact JSON of a response model, as every other answer of the API is written."""
    body: bytes = model.model_dump_json(by_alias=True).encode()
    return body


def _version(request: Request, regulation_id: str, day: date | None) -> rr.Policy:
    found = versions(request, regulation_id)
    policy = snapshot(request).on(regulation_id, day) if day is not None else found[-1]
    if policy is None:
        raise not_found("api-no-version-on-date")
    concerns(request, policy)
    return policy


@router.get("/regulations", response_model=RegulationList, summary="List the regulations", operation_id="listRegulations")
async def list_regulations(request: Request) -> Response:
    """Every regulation the service serves, with the validity of each version."""
    snap = snapshot(request)
    items = [summary_of(snap.policies[pid], snap.versions(pid)) for pid in snap.policies]
    return json_response(_dump(RegulationList(regulations=items, sha256=snap.sha256, loaded_at=snap.loaded_at)))


@router.get(REGULATION, response_model=RegulationDetail, summary="One regulation", operation_id="getRegulation")
async def get_regulation(request: Request, regulation_id: RegulationId, on: OnDate = None) -> Response:
    """One regulation: its facts (each with the question to ask), parameters, derived values,
    purposes, rules, outcome, the room to deviate and the controls, with their legal sources."""
    policy = _version(request, regulation_id, on)
    return json_response(_dump(detail_of(policy, snapshot(request).versions(regulation_id))))


@router.get(REGULATION + "/case-schema", summary="The JSON Schema of a case", operation_id="getCaseSchema",
            responses={200: {"description": "A JSON Schema (draft 2020-12) of a case for this regulation.",
                             "content": {"application/schema+json": {"schema": {"type": "object", "additionalProperties": True}}}}})
async def get_case_schema(request: Request, regulation_id: RegulationId, on: OnDate = None) -> Response:
    """The JSON Schema of a case for this regulation: which facts it knows, their types, choices and
    bounds. A case that fits it is accepted by the assessment (amounts with at most two decimals)."""
    policy = _version(request, regulation_id, on)
    snap = snapshot(request)
    return Response(content=await compute(request, lambda: snap.case_schema(policy)), media_type="application/schema+json")


@router.get(REGULATION + "/review", response_model=rr.Review, summary="The review of a regulation", operation_id="getReview")
async def get_review(request: Request, regulation_id: RegulationId, on: OnDate = None) -> Response:
    """Findings on the regulation itself: every control that cannot be explained to a citizen,
    burden figures, rules without a purpose, purposes without a rule, cliff edges, failing examples."""
    policy = _version(request, regulation_id, on)
    snap = snapshot(request)
    review = await compute(request, lambda: snap.review(policy))
    return json_response(review.to_json(indent=None))


@router.post("/regulations/_reload", response_model=Readiness, summary="Reload the regulations", operation_id="reloadRegulations",
             dependencies=[Depends(require_token)])
async def reload_regulations(request: Request) -> Response:
    """Read the policy files again and swap them in whole, for every request that arrives after.
    A request under way finishes on the regulations it started with. When a file is wrong, the
    regulations in use stay as they were (422, with every problem). Needs the token; without a
    configured token this operation is off (send SIGHUP to the process instead)."""
    if settings(request).token is None:
        raise ProblemError(403, "forbidden", title(403), Text("api-reload-forbidden"))
    registry = request.app.state.registry
    try:
        snap = await anyio.to_thread.run_sync(registry.reload)
    except rr.PolicyLoadError as exc:
        log.warning("reload refused: %d problem(s) in the policy files; the regulations in use stay", len(exc.problems))
        raise ProblemError(422, "policies-invalid", Text("api-title-policies-invalid"), Text("api-reload-invalid", n=len(exc.problems)),
                           problems=list(exc.problems)) from None
    log.info("reloaded: %d regulations, sha256 %s", len(snap.policies), snap.sha256[:12])
    record(request).snapshot = snap  # this answer's headers name the new set, as its body does
    return json_response(_dump(readiness_of(registry, snap)))
