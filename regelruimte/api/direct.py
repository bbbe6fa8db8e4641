# SPDX-License-Identifier: EUPL-1.2
"""The two case operations answered without the framework's router: the service's hot path.

A case management system sends ``POST /v1/regulations/{id}/assessments`` case after case (and a
portal ``.../questions`` answer after answer). Getting such a request to its endpoint through
FastAPI (its middleware stack, the router trying each route, the parameter solver) costs about as
much CPU as everything else of the HTTP layer together. This layer, between the guard and FastAPI,
recognises exactly these two operations by method, path and query string and calls the *same*
endpoint functions (:func:`.assessments.assess_case`, :func:`.assessments.question_form`) with a
Starlette request; a problem they raise is answered by the same :func:`.handling.problem_response`
FastAPI's handler uses, so the answer, its headers and every error are what the framework gives.

Anything else goes to FastAPI unchanged: another path or method, a mounted root path, and any query
string other than none or ``showValues=true`` / ``showValues=false`` (so the framework stays the one
place that parses and refuses parameters). The routes stay registered in FastAPI too: the OpenAPI
document is generated from them.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from . import assessments
from .handling import problem_response
from .problems import ProblemError

Endpoint = Callable[..., Awaitable[Response]]
_CASE_PATH = re.compile(r"/v1/regulations/([a-z][a-z0-9_]*)/(assessments|questions)")
"""The path of the two operations; the id as the router's own convertor takes it."""
_QUERIES: dict[str, dict[bytes, dict[str, Any]]] = {
    "assessments": {b"": {}, b"showValues=true": {"show_values": True}, b"showValues=false": {"show_values": False}},
    "questions": {b"": {}},
}
"""Per operation, the query strings taken here, with the endpoint's arguments they mean."""
_ENDPOINTS: dict[str, Endpoint] = {"assessments": assessments.assess_case, "questions": assessments.question_form}


class Direct:
    """ASGI: the case operations straight to their endpoint function; the rest to ``app``."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        by_endpoint = {route.endpoint: route for route in assessments.router.routes if isinstance(route, APIRoute)}
        self.routes = {name: by_endpoint[fn] for name, fn in _ENDPOINTS.items()}
        """The framework's route of each operation, for the access log (its path template)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and not scope.get("root_path"):
            match = _CASE_PATH.fullmatch(scope["path"])
            if match is not None:
                operation = match[2]
                arguments = _QUERIES[operation].get(scope.get("query_string", b""))
                if arguments is not None:
                    await self._answer(scope, receive, send, operation, match[1], arguments)
                    return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope, receive: Receive, send: Send, operation: str, regulation_id: str, arguments: dict[str, Any]) -> None:
        scope["app"] = self.app  # what the framework sets: request.app (settings, thread pool)
        scope["route"] = self.routes[operation]
        request = Request(scope, receive)
        try:
            response = await _ENDPOINTS[operation](request, regulation_id, **arguments)
        except ProblemError as exc:
            response = problem_response(request, exc)
        await response(scope, receive, send)
