# SPDX-License-Identifier: EUPL-1.2
"""The outermost layer of the service, around every request (a plain ASGI middleware: fast, and
it sees what the framework's own error handling would hide).

* takes the current snapshot of the regulations for the request;
* refuses query parameters the operation does not know (400, without repeating their names), and
  a known one given twice (400, naming it);
* refuses more than ``max_concurrent`` requests at once (503, Retry-After) and bodies larger than
  the limit (413, before a byte of the body is read when Content-Length says so);
* adds to every response the API version, the library version, the hash of the regulations and,
  when a request concerns one regulation, its version and content hash; the security headers of the
  NL API Design Rules; CORS headers only for the allowed origins (and ``*`` for the OpenAPI document);
* logs one access line per request: the route template (never the raw path, which a caller could
  fill with a BSN), the status, the time, the regulation and the case's keyed pseudonym; never a
  fact value, a case id or a query string;
* turns anything unexpected into a 500 problem and logs only its type and where it happened: an
  exception's message can hold a value.
"""

from __future__ import annotations

import logging
import re
import time
import traceback
from typing import Any
from urllib.parse import unquote_plus

from starlette.types import ASGIApp, Message, Receive, Scope, Send

import regelruimte as rr

from ._library import Text
from .problems import PROBLEM_JSON, Invalid, ProblemError, language, title
from .settings import API_VERSION, BASE_PATH, Settings
from .state import Registry

access_log = logging.getLogger("regelruimte.api.access")
error_log = logging.getLogger("regelruimte.api.error")

OPENAPI_PATH = BASE_PATH + "/openapi.json"
UPLOAD_PATH = BASE_PATH + "/screenings"
SECURITY_HEADERS = [
    (b"cache-control", b"no-store"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
STATE = "regelruimte"  # the key of this layer's per-request record in scope["state"]


class BodyTooLarge(ProblemError):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "body-too-large", title(413), Text("api-body-too-large", limit=limit))


class RequestRecord:
    """What one request is about, filled in as it is handled; read for headers and the log."""

    __slots__ = ("snapshot", "policy", "case_ref", "values_shown")

    def __init__(self, snapshot: Any) -> None:
        self.snapshot = snapshot
        self.policy: rr.Policy | None = None
        self.case_ref: str | None = None
        self.values_shown = False




class Guard:
    def __init__(self, app: ASGIApp, settings: Settings, registry: Registry,
                 queries: dict[str, list[tuple[re.Pattern[str], frozenset[str], str]]] | None = None) -> None:
        self.app = app
        self.queries = queries or {}
        self.settings = settings
        self.registry = registry
        self.active = 0
        self.library = rr.__version__.encode()
        self.origins = {o.encode() for o in settings.cors_origins}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        record = RequestRecord(self.registry.current)
        scope.setdefault("state", {})[STATE] = record
        status = 0
        response_started = False
        headers = _headers(scope)
        origin = headers.get(b"origin")

        async def send_wrapper(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                message["headers"] = list(message.get("headers", [])) + self._headers(scope, record, origin)
            await send(message)

        path = scope["path"]
        limit = self.settings.max_upload_bytes if path == UPLOAD_PATH and scope["method"] == "POST" else self.settings.max_body_bytes
        try:
            if self.active >= self.settings.max_concurrent:
                await self._plain(send_wrapper, scope, ProblemError(503, "busy", Text("api-title-busy"), Text("api-busy"), headers={"Retry-After": "1"}))
                return
            length = headers.get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > limit):
                if not length.isdigit():
                    await self._plain(send_wrapper, scope, ProblemError(400, "bad-content-length", title(400), Text("api-content-length")))
                else:
                    await self._plain(send_wrapper, scope, BodyTooLarge(limit))
                return
            if scope["method"] == "OPTIONS" and origin is not None and headers.get(b"access-control-request-method"):
                await self._preflight(send_wrapper, origin)
                return
            refused = self._query_problem(scope)
            if refused is not None:
                await self._plain(send_wrapper, scope, refused)
                return
            self.active += 1
            try:
                await self.app(scope, _limited(receive, limit), send_wrapper)
            finally:
                self.active -= 1
        except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback text, no value
            _log_exception(scope, exc, self._template(scope))
            if not response_started:
                await self._plain(send_wrapper, scope, ProblemError(500, "internal", title(500), Text("api-internal")))
        finally:
            self._log(scope, record, status, time.perf_counter() - started)

    def _query_problem(self, scope: Scope) -> ProblemError | None:
        """A query parameter the operation does not know is refused, not ignored: a misspelt
        ``showvalues`` would silently change the answer. Its name is not repeated (it could be a BSN).
        A known parameter given more than once is refused too (which one would count?), naming it:
        a known name is the operation's own, never something the caller made up."""
        query = scope.get("query_string", b"")
        if not query:
            return None
        given = [unquote_plus(part.split("=", 1)[0]) for part in query.decode("latin-1").split("&") if part]
        names = set(given)
        for pattern, known, _ in self.queries.get(scope["method"], ()):
            if pattern.fullmatch(scope["path"]):
                extra = names - known
                if extra:
                    allowed: object = ", ".join(sorted(known)) or Text("api-knows-none")
                    return ProblemError(400, "parameter-unknown", title(400), Text("api-parameters-unknown", n=len(extra), known=allowed))
                repeated = sorted(name for name in names if given.count(name) > 1)
                if repeated:
                    invalid = [Invalid(name, "repeated", Text("api-parameter-repeated")) for name in repeated]
                    detail = Text("api-parameter-invalid") if len(invalid) == 1 else Text("api-parameters-invalid", n=len(invalid))
                    return ProblemError(400, "parameter-repeated", title(400), detail, invalid=invalid)
                return None
        return None  # no such operation: routing answers 404 or 405

    def _template(self, scope: Scope) -> str:
        """The route template of the request: the framework's route, or, for a request refused before
        routing (a 413, an unknown query parameter, an unknown regulation), the template of the
        operation its method and path fit; never the path as sent (a caller could fill it with a BSN)."""
        route = scope.get("route")
        template = getattr(route, "path_format", None) or getattr(route, "path", None)
        if template:
            return str(template)
        path = scope["path"]
        return next((t for pattern, _, t in self.queries.get(scope["method"], ()) if pattern.fullmatch(path)), "(no route)")

    def _headers(self, scope: Scope, record: RequestRecord, origin: bytes | None) -> list[tuple[bytes, bytes]]:
        out = [(b"api-version", API_VERSION.encode()), (b"regelruimte-version", self.library),
               (b"regelruimte-policies-sha256", record.snapshot.sha256.encode())]
        if record.policy is not None:
            out += [(b"regelruimte-policy-id", record.policy.id.encode()), (b"regelruimte-policy-version", record.policy.version.encode()),
                    (b"regelruimte-policy-sha256", record.policy.sha256.encode())]
        out += SECURITY_HEADERS
        if scope["path"] == OPENAPI_PATH:
            out.append((b"access-control-allow-origin", b"*"))
        elif origin is not None and origin in self.origins:
            out += [(b"access-control-allow-origin", origin), (b"vary", b"Origin")]
        return out

    async def _preflight(self, send: Send, origin: bytes) -> None:
        allowed = origin in self.origins
        headers = [(b"content-length", b"0")]
        if allowed:
            headers += [(b"access-control-allow-methods", b"GET, POST, DELETE"),
                        (b"access-control-allow-headers", b"Authorization, Content-Type"),
                        (b"access-control-max-age", b"600")]
        await send({"type": "http.response.start", "status": 204 if allowed else 403, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    async def _plain(self, send: Send, scope: Scope, exc: ProblemError) -> None:
        """A problem answered here, before the application: in the language the request asks for."""
        lang = language(_headers(scope).get(b"accept-language", b"").decode("latin-1"))
        body = exc.problem(lang).model_dump_json(exclude_none=True).encode()
        headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode()),
                   (b"content-language", lang.encode()), (b"vary", b"Accept-Language"),
                   *((k.lower().encode(), v.encode()) for k, v in exc.headers.items())]
        await send({"type": "http.response.start", "status": exc.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _log(self, scope: Scope, record: RequestRecord, status: int, seconds: float) -> None:
        if not access_log.isEnabledFor(logging.INFO):
            return
        template = self._template(scope)
        client = scope.get("client")
        parts = [f"{client[0] if client else '-'} \"{scope['method']} {template}\" {status} {seconds * 1000:.1f}ms"]
        if record.policy is not None:
            parts.append(f"regulation={record.policy.id}@{record.policy.version}")
        if record.case_ref is not None:
            parts.append(f"case={record.case_ref}")
        if record.values_shown:
            parts.append("values=returned")
        access_log.info(" ".join(parts))


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {k.lower(): v for k, v in scope.get("headers", [])}


def _limited(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises :class:`BodyTooLarge` once more than ``limit`` bytes came in (a body
    sent without Content-Length, in chunks)."""
    total = 0

    async def wrapped() -> Message:
        nonlocal total
        message = await receive()
        if message["type"] == "http.request":
            total += len(message.get("body", b""))
            if total > limit:
                raise BodyTooLarge(limit)
        return message

    return wrapped


def _log_exception(scope: Scope, exc: BaseException, route: str) -> None:
    """Log where an unexpected error happened: its type and frames, never its message."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames[-6:]))
    error_log.error("unexpected %s in %s %s at %s", type(exc).__name__, scope.get("method"), route, where)
