# SPDX-License-Identifier: EUPL-1.2
"""The application: the routes on FastAPI, one handler per kind of error, and the guard around it.

Every error leaves as a problem (``application/problem+json``): the framework's own 404, 405 and
validation errors too, so a caller sees one error format, and nothing the framework would echo
(its validation errors carry the input) reaches the caller.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import signal
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp

import regelruimte as rr

from . import assessments, openapi, regulations, screenings, service
from ._library import Text, keep_recent_analyses
from .direct import Direct
from .guard import Guard
from .handling import problem_response
from .jobs import Jobs
from .problems import Invalid, ProblemError, title
from .settings import BASE_PATH, Settings
from .state import Registry

log = logging.getLogger("regelruimte.api")
METHODS = ("get", "post", "put", "patch", "delete")


def create_app(settings: Settings, registry: Registry, run_dir: Path) -> tuple[ASGIApp, FastAPI]:
    """The ASGI application to serve (the guard around FastAPI), and the FastAPI app inside it.
    ``run_dir``: the service's private directory (screening jobs, reload generation)."""
    keep_recent_analyses(0)  # nothing of a case is kept after the response, not even an analysis of its facts
    app = build(settings)
    app.state.registry = registry
    app.state.run_dir = run_dir
    return Guard(Direct(app), settings, registry, query_table(json.loads(app.state.openapi))), app


def openapi_document() -> str:
    """The OpenAPI document, as checked in (``schema/openapi.v1.json``)."""
    return openapi.dumps(openapi.build(build(Settings())))


def build(settings: Settings) -> FastAPI:
    """The FastAPI application with its routes and error handlers (no regulations yet)."""
    app = FastAPI(lifespan=_lifespan, openapi_url=None, docs_url=None, redoc_url=None, redirect_slashes=False, debug=False,
                  # OpenTelemetry off: spans would record URLs and exception messages, which may hold values
                  telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False})
    for module in (regulations, assessments, screenings, service):
        app.include_router(module.router)
    app.add_exception_handler(ProblemError, _problem)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
    app.state.settings = settings
    app.state.jobs = None
    doc = openapi.build(app)
    app.state.openapi = openapi.dumps(doc).encode()
    app.state.allow = _allow_table(doc)
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    registry: Registry = app.state.registry
    app.state.executor = executor = ThreadPoolExecutor(settings.threads, thread_name_prefix="regelruimte-api")
    app.state.jobs = jobs = Jobs(app.state.run_dir / "jobs", settings.max_jobs, settings.job_ttl)
    with contextlib.suppress(NotImplementedError, RuntimeError, AttributeError, ValueError):  # no SIGHUP on Windows
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, _on_sighup, registry)
    async with anyio.create_task_group() as tg:
        tg.start_soon(_every, 30.0, jobs.sweep)
        if registry.generation is not None:
            tg.start_soon(_every, 0.5, lambda: _follow(registry))
        try:
            yield
        finally:
            tg.cancel_scope.cancel()
            executor.shutdown(wait=False, cancel_futures=True)
            await anyio.to_thread.run_sync(jobs.close)


def _on_sighup(registry: Registry) -> None:
    asyncio.get_running_loop().create_task(anyio.to_thread.run_sync(lambda: _reload(registry, "SIGHUP")))


def _follow(registry: Registry) -> None:
    try:
        snap = registry.follow()
    except rr.PolicyLoadError as exc:
        log.warning("reload refused, %d problem(s) in the policy files; the regulations in use stay", len(exc.problems))
        return
    if snap is not None:
        log.info("reloaded (announced by another process): %d regulations, sha256 %s", len(snap.policies), snap.sha256[:12])


def _reload(registry: Registry, why: str) -> None:
    try:
        snap = registry.reload(announce=False)
    except rr.PolicyLoadError as exc:
        log.warning("%s: reload refused, %d problem(s) in the policy files; the regulations in use stay", why, len(exc.problems))
        return
    log.info("%s: reloaded %d regulations, sha256 %s", why, len(snap.policies), snap.sha256[:12])


async def _every(seconds: float, fn: Any) -> None:
    while True:
        await anyio.sleep(seconds)
        await anyio.to_thread.run_sync(fn)


async def _problem(request: Request, exc: ProblemError) -> Response:
    return problem_response(request, exc)


async def _http(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    headers = dict(exc.headers or {})
    if status == 405:
        headers["Allow"] = ", ".join(_allowed(request.app, request.url.path))
    detail = {404: Text("api-no-resource"), 405: Text("api-method-not-allowed")}.get(status, Text("api-http-status", status=status))
    code = {404: "not-found", 405: "method-not-allowed"}.get(status, f"http-{status}")
    return problem_response(request, ProblemError(status, code, title(status), detail, headers=headers))


def _allowed(app: FastAPI, path: str) -> list[str]:
    """The methods of the resource at ``path``, from the OpenAPI document: the framework's 405
    names only the methods of the first route whose pattern matches (/regulations/_reload also fits
    /regulations/{regulation_id}). A path without parameters that matches wins over patterns."""
    table: list[tuple[bool, re.Pattern[str], list[str]]] = app.state.allow
    exact = [methods for literal, pattern, methods in table if literal and pattern.fullmatch(path)]
    found = exact or [methods for literal, pattern, methods in table if not literal and pattern.fullmatch(path)]
    return sorted({m for methods in found for m in methods})


def _allow_table(doc: dict[str, Any]) -> list[tuple[bool, re.Pattern[str], list[str]]]:
    table = []
    for path, item in doc["paths"].items():
        table.append(("{" not in path, _pattern(path), [m.upper() for m in item if m in METHODS]))
    return table


def query_table(doc: dict[str, Any]) -> dict[str, list[tuple[re.Pattern[str], frozenset[str], str]]]:
    """Per method, each path pattern with the query parameters its operation knows and its route
    template (for the access log of a request refused before routing). Paths without parameters
    first: ``/regulations/_reload`` also fits ``/regulations/{regulation_id}``."""
    table: dict[str, list[tuple[re.Pattern[str], frozenset[str], str]]] = {}
    for path, item in sorted(doc["paths"].items(), key=lambda pair: "{" in pair[0]):
        for method, op in item.items():
            if method in METHODS:
                names = frozenset(p["name"] for p in op.get("parameters", []) if p["in"] == "query")
                table.setdefault(method.upper(), []).append((_pattern(path), names, BASE_PATH + path))
    return table


def _pattern(path: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(BASE_PATH + path)))


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    invalid = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        where = loc[0] if loc else ""
        name = loc[1] if len(loc) > 1 and where in ("query", "path", "header") else "request"
        invalid.append(Invalid(name, str(err.get("type", "invalid")), _reason(err)))
    n = len(invalid)
    detail = Text("api-parameter-invalid") if n == 1 else Text("api-parameters-invalid", n=n)
    return problem_response(request, ProblemError(400, "parameter-invalid", title(400), detail, invalid=invalid))


_EXPECTED = {"date": "expect-date", "bool": "expect-bool", "int": "expect-int", "decimal": "expect-decimal", "float": "expect-decimal"}


def _reason(err: dict[str, Any]) -> Text:
    """Why a parameter is not valid, from the kind of pydantic's error (never its input, and in
    the catalogue's words rather than pydantic's English)."""
    kind = str(err.get("type", "invalid"))
    if kind == "missing":
        return Text("api-parameter-missing")
    expected = next((code for prefix, code in _EXPECTED.items() if kind.startswith(prefix + "_")), None)
    if expected is not None:
        return Text("api-reason", message=Text("field-not-valid"), expected=Text(expected))
    return Text("api-parameter-not-valid", kind=kind if re.fullmatch(r"[a-z_]{1,40}", kind) else "invalid")


async def _unexpected(request: Request, exc: Exception) -> Response:
    return problem_response(request, ProblemError(500, "internal", title(500), Text("api-internal")))
