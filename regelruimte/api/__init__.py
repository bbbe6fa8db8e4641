# SPDX-License-Identifier: EUPL-1.2
"""The HTTP API of regelruimte (``regelruimte serve``, the ``api`` extra): the same library
functions for municipal applications that are not written in Python (Common Ground).

Modules, outside in:

* ``server``: load the regulations, run uvicorn;
* ``guard``: around every request: limits, headers, access log without values, last-resort errors;
* ``app``: FastAPI with the routes and one handler per kind of error (all problem+json);
* ``regulations``, ``assessments``, ``screenings``, ``service``: the routes;
* ``handling``: what the routes share (token, JSON body, thread pool, time limits);
* ``state``: the loaded regulations, swapped whole on reload; ``jobs``: screening jobs;
* ``models``, ``problems``, ``openapi``, ``settings``: the API's own models, errors, document, settings;
* ``_library``: the only module that imports the library's internal modules.

Nothing here computes anything of its own: every result is the library's.
"""

from __future__ import annotations

from .settings import API_VERSION, Settings

__all__ = ["API_VERSION", "Settings"]
