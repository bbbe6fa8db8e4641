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

from ._library import JSONRefused, Text, loads
from .guard import STATE, RequestRecord
from .problems import PROBLEM_JSON, Invalid, ProblemError, bad_request, case_problems, language, not_found, title
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
        raise not_found("api-no-regulation") from None
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
        raise ProblemError(401, "unauthorized", title(401), Text("api-unauthorized"),
                           headers={"WWW-Authenticate": 'Bearer realm="regelruimte"'})


async def read_json(request: Request) -> Any:
    """The JSON body: ``application/json`` (parameters such as ``charset=utf-8`` allowed), read
    within the time limit, numbers with a fraction as exact Decimals (never binary floats), NaN and
    Infinity refused. Problems never quote the body. Other JSON media types (``+json``) are a 415:
    a case is not a problem document nor a JSON Patch, and the docs promise only application/json."""
    ctype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if ctype != JSON:
        raise ProblemError(415, "unsupported-media-type", title(415), Text("api-case-media-type"))
    try:
        async with asyncio.timeout(settings(request).read_timeout):  # half the cost of anyio's fail_after, per request
            body = await request.body()
    except TimeoutError:
        raise ProblemError(408, "timeout", title(408), Text("api-body-timeout")) from None
    try:
        return loads(body)  # strict: UTF-8, no duplicate keys, no huge numbers or deep nesting
    except JSONRefused as exc:
        raise bad_request("json-invalid", Text("api-json-invalid"), [Invalid("body", "json-invalid", exc.text)]) from None


def case_body(data: Any) -> dict[str, Any]:
    """The body as a case: a JSON object whose date is text written YYYY-MM-DD (the library's case
    model would also take a number of seconds, or a date with a zero time of day; JSON says date)."""
    if not isinstance(data, dict):
        raise bad_request("case-invalid", Text("api-case-not-object"), [Invalid("body", "invalid", Text("not-json-object"))])
    day = data.get("date")
    if "date" in data and not (isinstance(day, str) and _DATE.fullmatch(day)):
        raise bad_request("case-invalid", case_problems(1), [Invalid("date", "invalid", Text("api-reason", message=Text("field-not-valid"), expected=Text("expect-date")))])
    return data


async def compute(request: Request, fn: Callable[[], T]) -> T:
    """Run a library call in the worker threads, within the time limit."""
    executor: ThreadPoolExecutor = request.app.state.executor
    try:
        with anyio.fail_after(settings(request).compute_timeout):
            return await asyncio.get_running_loop().run_in_executor(executor, fn)
    except TimeoutError:
        raise ProblemError(503, "timeout", title(503), Text("api-compute-timeout"),
                           headers={"Retry-After": str(max(1, math.ceil(settings(request).compute_timeout)))}) from None


def json_response(body: bytes | str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(content=body, status_code=status, media_type=JSON, headers=headers)


def problem_response(request: Request, exc: ProblemError) -> Response:
    """The problem in the language the request asks for (``Accept-Language``), saying which."""
    lang = language(request.headers.get("accept-language"))
    body = exc.problem(lang).model_dump_json(exclude_none=True)
    headers = {**exc.headers, "Content-Language": lang, "Vary": "Accept-Language"}
    return Response(content=body, status_code=exc.status, media_type=PROBLEM_JSON, headers=headers)
