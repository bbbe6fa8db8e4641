# SPDX-License-Identifier: EUPL-1.2
"""Running the service: load the regulations, build the app, serve it with uvicorn.

The regulations are loaded before the port opens, so a service that accepts connections is ready;
a policy file with a problem stops the start with a one-line reason. uvicorn runs with its fast
HTTP parser (httptools) and event loop (uvloop) where they are installed, without its own access
log (the guard writes one without values) and without a Server header (the NL API Design Rules:
hide the implementation).

One process serves on one core (the GIL). ``workers`` > 1 runs that many processes on the same
port (uvicorn's supervisor), each with its own copy of the regulations; they share a private run
directory (mode 0700) that holds the screening jobs, the reload generation and the workers'
configuration (mode 0600, with the token, so it never appears on a command line). SIGHUP to the
main process reloads every worker's regulations (it does not restart them, as uvicorn would); on
Linux each worker listens on a socket of its own, so connections opened together are spread over
the workers (``workers.py``).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import regelruimte as rr

from .settings import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
RUN_DIR_ENV = "REGELRUIMTE_API_RUN_DIR"
log = logging.getLogger("regelruimte.api")


def load(path: Path | None) -> rr.PolicySet:
    """The regulations under ``path`` (a directory or one file); the bundled ones without it."""
    return rr.load_policies(path) if path is not None else rr.load_policies()


def run(settings: Settings, policies: Path | None) -> None:
    """Serve until SIGINT or SIGTERM. Raises :class:`rr.PolicyLoadError` before listening when a
    policy file is wrong."""
    import uvicorn

    _configure_logging()
    run_dir = Path(tempfile.mkdtemp(prefix="regelruimte-serve-"))  # mode 0700
    try:
        (run_dir / "jobs").mkdir(mode=0o700)
        first = load(policies)  # fail before listening; with workers, each loads its own copy
        _announce(settings, first)
        options: dict[str, Any] = dict(host=settings.host, port=settings.port, log_config=None, access_log=False, server_header=False,
                                       http=_http_impl(), loop=_loop_impl(), lifespan="on", timeout_keep_alive=5, timeout_graceful_shutdown=10,
                                       h11_max_incomplete_event_size=64 * 1024)
        if settings.workers == 1:
            from .app import create_app
            from .state import Registry

            app, _ = create_app(settings, Registry(lambda: load(policies)), run_dir)
            uvicorn.Server(uvicorn.Config(app, **options)).run()
            return
        _write_config(run_dir, settings, policies)
        os.environ[RUN_DIR_ENV] = str(run_dir)
        config = uvicorn.Config("regelruimte.api.server:worker_app", factory=True, workers=settings.workers, **options)
        from .workers import supervise

        supervise(config, run_dir)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def worker_app() -> Any:
    """The application of one worker process (uvicorn's factory, in a process it started)."""
    from .app import create_app
    from .state import Registry

    _configure_logging()
    run_dir = Path(os.environ[RUN_DIR_ENV])
    config = json.loads((run_dir / "config.json").read_text(encoding="utf-8"))
    token = config.pop("token")
    settings = Settings.model_validate({**config["settings"], "token": token})
    policies = Path(config["policies"]) if config["policies"] else None
    app, _ = create_app(settings, Registry(lambda: load(policies), run_dir / "generation"), run_dir)
    return app


def _write_config(run_dir: Path, settings: Settings, policies: Path | None) -> None:
    data = {"settings": settings.model_dump(mode="json", exclude={"token"}),
            "token": settings.token.get_secret_value() if settings.token is not None else None,
            "policies": str(policies.resolve()) if policies is not None else None}
    path = run_dir / "config.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out)


def _configure_logging() -> None:
    """Log lines to stderr; a record does not collect what LOG_FORMAT does not print (the calling
    frame, thread and process: the "Optimization" section of the logging HOWTO), which was a tenth
    of the HTTP layer's CPU time per request for the access line."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)
    logging._srcfile = None  # noqa: SLF001 - the documented switch for the caller's frame
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False


def _announce(settings: Settings, policies: rr.PolicySet) -> None:
    log.info("%d regulations loaded; %d worker process(es); token %s; CORS %s", len(policies), settings.workers,
             "required beyond reading" if settings.token is not None else "not set: every operation is open",
             ", ".join(settings.cors_origins) or "off")
    if settings.host not in ("127.0.0.1", "::1", "localhost") and settings.token is None:
        log.warning("listening on %s without a token: anyone who can reach this address can assess cases; set REGELRUIMTE_API_TOKEN", settings.host)


def _http_impl() -> str:
    try:
        import httptools  # noqa: F401
    except ImportError:  # pragma: no cover - the api extra installs it
        return "h11"
    return "httptools"


def _loop_impl() -> str:
    try:
        import uvloop  # noqa: F401
    except ImportError:  # pragma: no cover - Windows
        return "asyncio"
    return "uvloop"
