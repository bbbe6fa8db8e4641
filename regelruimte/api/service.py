# SPDX-License-Identifier: EUPL-1.2
"""The service itself: liveness, readiness, and the OpenAPI document at its fixed place."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from .handling import json_response, snapshot
from .models import Health, Readiness, readiness_of

router = APIRouter(prefix="/v1", tags=["service"])


@router.get("/health/live", response_model=Health, summary="Liveness", operation_id="getLiveness")
async def live() -> Response:
    """The process answers."""
    return json_response(b'{"status":"up"}')


@router.get("/health/ready", response_model=Readiness, summary="Readiness", operation_id="getReadiness")
async def ready(request: Request) -> Response:
    """The regulations are loaded and requests are served: how many, since when, and their hash."""
    return json_response(readiness_of(request.app.state.registry, snapshot(request)).model_dump_json())


@router.get("/openapi.json", summary="This API's OpenAPI document", operation_id="getOpenApi",
            responses={200: {"description": "The OpenAPI 3.1 document (also checked in as schema/openapi.v1.json).",
                             "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}}}})
async def openapi(request: Request) -> Response:
    """The OpenAPI document of this API, readable from any origin without a token."""
    body: bytes = request.app.state.openapi
    return json_response(body)
