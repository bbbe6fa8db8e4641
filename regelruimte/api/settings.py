# SPDX-License-Identifier: EUPL-1.2
"""The settings of one running service: where it listens, what it serves, and its limits.

Secure by default: it listens on 127.0.0.1 only, CORS is off, request bodies and computations are
bounded, and the bearer token (when there is one) is read from the environment or a file, never
from the command line, where ``ps`` and shell histories would show it.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

import regelruimte as rr

API_VERSION = "1.1.1"
"""The version of the HTTP API (semantic versioning): the major part is the ``/v1`` in every path,
the whole is in the ``API-Version`` header of every response and in the OpenAPI document."""
BASE_PATH = "/v1"
TOKEN_ENV = "REGELRUIMTE_API_TOKEN"
MIN_TOKEN_LENGTH = 16
MIB = 1024 * 1024


class TokenError(rr.RegelruimteError, ValueError):
    """The token could not be read or is too weak (the message never holds the token)."""


class SettingsError(rr.RegelruimteError, ValueError):
    """A setting is not valid (raised inside :class:`Settings`' validation, so pydantic wraps it)."""


class Settings(BaseModel):
    """What ``regelruimte serve`` was started with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    token: SecretStr | None = None
    """The bearer token required for everything beyond reading the regulations."""
    cors_origins: tuple[str, ...] = ()
    """Origins allowed to call the API from a browser; empty: CORS off (only the OpenAPI document
    may be read from any origin, as the NL API Design Rules require)."""
    max_body_bytes: int = Field(default=1 * MIB, ge=1024)
    """The largest JSON request body (a case): 413 beyond it."""
    max_upload_bytes: int = Field(default=512 * MIB, ge=1024)
    """The largest population file for a screening: 413 beyond it."""
    read_timeout: float = Field(default=30.0, gt=0)
    """Seconds to receive a request body (a JSON case; an upload gets ten times as long): 408 beyond it."""
    compute_timeout: float = Field(default=10.0, gt=0)
    """Seconds for one assessment, review or form: 503 beyond it."""
    max_concurrent: int = Field(default=64, ge=1)
    """Requests handled at once; more get 503 with Retry-After."""
    workers: int = Field(default=1, ge=1, le=32)
    """Worker processes serving the same port (one uses one core)."""
    threads: int = Field(default=4, ge=1, le=64)
    """Worker threads for the longer library calls (every regulation at once, reviews, case schemas)."""
    max_jobs: int = Field(default=8, ge=1)
    """Screenings kept at once (queued, running or finished and not yet deleted or expired)."""
    job_ttl: float = Field(default=3600.0, gt=0)
    """Seconds a finished screening's result is kept; then it is deleted (it holds personal data)."""

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for origin in value:
            if origin == "*" or not origin.startswith(("https://", "http://")) or origin.endswith("/"):
                raise SettingsError("cors-origin-form")
        return value

    def token_matches(self, given: str) -> bool:
        """Whether ``given`` is the token, compared in constant time."""
        if self.token is None:
            return True
        return hmac.compare_digest(given.encode(), self.token.get_secret_value().encode())


def read_token(token_file: Path | None) -> SecretStr | None:
    """The bearer token: from ``token_file`` or else ``$REGELRUIMTE_API_TOKEN``; None when neither is set."""
    if token_file is not None:
        try:
            text = token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            raise TokenError("token-file-unreadable", path=token_file) from None
        source = str(token_file)
    else:
        text = os.environ.get(TOKEN_ENV, "").strip()
        source = TOKEN_ENV
        if not text:
            return None
    if len(text) < MIN_TOKEN_LENGTH or any(c.isspace() for c in text):
        raise TokenError("token-too-weak", source=source, n=MIN_TOKEN_LENGTH)
    return SecretStr(text)
