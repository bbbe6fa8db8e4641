# SPDX-License-Identifier: EUPL-1.2
"""What every route does the same way: find the snapshot and the regulation, check the token, read
a JSON body within its limits, run a library call in the thread pool within its time limit, and
answer with JSON bytes the library made.

Library calls are synchronous and CPU-bound. The longer ones (every regulation at once, a review,
a case schema) run in a pool of ``threads`` worker threads, so the event loop stays free to accept
requests, answer health checks and refuse what is over a limit; one assessment runs on the loop
itself (see ``assessments.py``). A call that takes longer than ``compute_timeout`` gets a 503. Its
thread finishes on its own (Python cannot stop a thread) and keeps its place in the pool until then,
so slow calls cannot pile up threads; a call still queued when its caller gave up is dropped.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import anyio
from fastapi import Request
from starlette.responses import Response

import regelruimte as rr

from ._library import JSONRefused, loads
from .guard import STATE, RequestRecord
from .problems import PROBLEM_JSON, InvalidParam, Problem, ProblemError, bad_request, not_found
from .settings import Settings
from .state import Snapshot

T = TypeVar("T")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
JSON = "application/json"


def record(request: Request) -> RequestRecord:
    rec: RequestRecord = request.scope["state"][STATE]
    return rec


def snapshot(request: Request) -> Snapshot:
    snap: Snapshot = record(request).snapshot
    return snap


def settings(request: Request) -> Settings:
    s: Settings = request.app.state.settings
    return s


def versions(request: Request, regulation_id: str) -> tuple[rr.Policy, ...]:
    """Every version of the regulation; a 404 problem (which never repeats the id) when unknown."""
    try:
        found = snapshot(request).versions(regulation_id)
    except KeyError:
        raise not_found("regulation") from None
    record(request).policy = found[-1]
    return found


def concerns(request: Request, policy: rr.Policy) -> None:
    """The response is about this version of a regulation (its headers say so)."""
    record(request).policy = policy


def require_token(request: Request) -> None:
    """A dependency: when the service has a token, the request must carry it as a bearer token."""
    s = settings(request)
    if s.token is None:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given or not s.token_matches(given.strip()):
        raise ProblemError(401, "unauthorized", "Unauthorized", "This operation needs the service's bearer token (Authorization: Bearer <token>).",
                           headers={"WWW-Authenticate": 'Bearer realm="regelruimte"'})


async def read_json(request: Request) -> Any:
    """The JSON body: ``application/json``, read within the time limit, numbers with a fraction as
    exact Decimals (never binary floats), NaN and Infinity refused. Problems never quote the body."""
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype != JSON and not (ctype.startswith("application/") and ctype.endswith("+json")):
        raise ProblemError(415, "unsupported-media-type", "Unsupported media type", "Send the case as application/json.")
    try:
        async with asyncio.timeout(settings(request).read_timeout):  # half the cost of anyio's fail_after, per request
            body = await request.body()
    except TimeoutError:
        raise ProblemError(408, "timeout", "Request timeout", "The request body did not arrive in time.") from None
    try:
        return loads(body)  # strict: UTF-8, no duplicate keys, no huge numbers or deep nesting
    except JSONRefused as exc:
        raise bad_request("json-invalid", "The body is not valid JSON (UTF-8).", [InvalidParam(name="body", code="json-invalid", reason=str(exc))]) from None


def case_body(data: Any) -> dict[str, Any]:
    """The body as a case: a JSON object whose date is text written YYYY-MM-DD (the library's case
    model would also take a number of seconds, or a date with a zero time of day; JSON says date)."""
    if not isinstance(data, dict):
        raise bad_request("case-invalid", "A case is a JSON object with 'date' and 'facts'.", [InvalidParam(name="body", code="invalid", reason="not a JSON object")])
    day = data.get("date")
    if "date" in data and not (isinstance(day, str) and _DATE.fullmatch(day)):
        raise bad_request("case-invalid", "1 problem in the case; see invalidParams.", [InvalidParam(name="date", code="invalid", reason="not valid (expected a date as YYYY-MM-DD)")])
    return data


async def compute(request: Request, fn: Callable[[], T]) -> T:
    """Run a library call in the worker threads, within the time limit."""
    executor: ThreadPoolExecutor = request.app.state.executor
    try:
        with anyio.fail_after(settings(request).compute_timeout):
            return await asyncio.get_running_loop().run_in_executor(executor, fn)
    except TimeoutError:
        raise ProblemError(503, "timeout", "Service unavailable", "The computation took longer than the service allows.",
                           headers={"Retry-After": str(max(1, math.ceil(settings(request).compute_timeout)))}) from None


def json_response(body: bytes | str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(content=body, status_code=status, media_type=JSON, headers=headers)


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> Response:
    body = problem.model_dump_json(exclude_none=True)
    return Response(content=body, status_code=problem.status, media_type=PROBLEM_JSON, headers=headers)
