# SPDX-License-Identifier: EUPL-1.2
"""The command that serves the library over HTTP: ``serve`` (the ``api`` extra, :mod:`regelruimte.api`)."""

from __future__ import annotations

from pathlib import Path

import typer

from .app import bundled_policies, refuse, refuse_error


def serve(
    policies: Path | None = typer.Argument(None, help="A policy file or directory (default: the regulations bundled with regelruimte).", show_default=False),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; another than localhost needs a token."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    token_file: Path | None = typer.Option(None, "--token-file", help="A file holding the bearer token (default: $REGELRUIMTE_API_TOKEN; never on the command line)."),
    cors_origin: list[str] | None = typer.Option(None, "--cors-origin", help="An origin a browser may call from (repeat); default: CORS off."),
    max_body: int = typer.Option(1 << 20, "--max-body", min=1024, help="Largest JSON request body, in bytes (413 beyond it)."),
    max_upload: int = typer.Option(512 << 20, "--max-upload", min=1024, help="Largest population upload, in bytes (413 beyond it)."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds an assessment against every regulation, a review or a case schema may take (503 beyond it)."),
    workers: int = typer.Option(1, "--workers", min=1, max=32, help="Worker processes on the same port (one uses one core)."),
    threads: int = typer.Option(4, "--threads", min=1, max=64, help="Threads per process for the longer library calls."),
    write_openapi: Path | None = typer.Option(None, "--write-openapi", help="Write the OpenAPI document to this file and exit (make openapi)."),
) -> None:
    """Serve the regulations over HTTP (NL API Design Rules): assess cases, forms of open
    questions, reviews, screenings, with an OpenAPI document at /v1/openapi.json. Needs the api
    extra (pip install 'regelruimte\\[api]'). Reload the regulations with SIGHUP or, with a token,
    POST /v1/regulations/_reload.

    Example: [bold]REGELRUIMTE_API_TOKEN=... regelruimte serve policies/ --port 8000[/bold]
    """
    try:
        import fastapi  # noqa: F401 - the api extra's packages: regelruimte.api itself imports them only when it serves
        import uvicorn  # noqa: F401
        from pydantic import ValidationError

        from ..api import server
        from ..api.settings import Settings, TokenError, read_token
    except ImportError as exc:
        raise refuse("api-extra-missing", module=exc.name) from None
    if write_openapi is not None:
        from ..api.app import openapi_document

        write_openapi.write_text(openapi_document(), encoding="utf-8")
        raise typer.Exit(0)
    from ..errors import PolicyLoadError, RegelruimteError

    try:
        settings = Settings(host=host, port=port, token=read_token(token_file), cors_origins=tuple(cors_origin or ()), max_body_bytes=max_body,
                            max_upload_bytes=max_upload, compute_timeout=timeout, workers=workers, threads=threads)
    except TokenError as exc:
        raise refuse_error(exc) from None
    except ValidationError as exc:
        err = exc.errors(include_input=False, include_url=False)[0]
        cause = err.get("ctx", {}).get("error")
        if isinstance(cause, RegelruimteError):  # a setting's own reason, in the command's language
            raise refuse("api-option-invalid", option=".".join(map(str, err["loc"])), reason=cause.text) from None
        raise refuse("api-option-invalid", option=".".join(map(str, err["loc"])), reason=str(err["msg"]).removeprefix("Value error, ")) from None
    if policies is not None and not policies.exists():
        raise refuse("path-missing", path=policies)
    path = policies if policies is not None else bundled_policies()
    try:
        server.run(settings, path)
    except PolicyLoadError as exc:
        raise refuse("policies-invalid-at", n=len(exc.problems), path=path) from None
    except OSError as exc:
        raise refuse("api-cannot-listen", host=host, port=port, reason=exc.strerror or type(exc).__name__) from None
