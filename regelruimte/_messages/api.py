# SPDX-License-Identifier: EUPL-1.2
"""The HTTP API: starting the service (its token and options), and its problem details
(``title`` and ``detail`` of ``application/problem+json``, and the reason of each invalid
parameter). A detail names parameters, facts of a regulation and counts, never a value or a name
the caller made up."""

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Dutch, English)
    # -- starting the service ------------------------------------------------------------------------
    "token-file-unreadable": ("{path}: het bestand met het token kan niet gelezen worden", "{path}: cannot read the token file"),
    "token-too-weak": ("{source}: het token moet minstens {n} tekens lang zijn, zonder spaties", "{source}: the token must be at least {n} characters without spaces"),
    "cors-origin-form": ("een CORS-origin schrijft u als https://host[:poort], zonder pad; '*' mag niet",
                         "a CORS origin is written as https://host[:port], without a path; '*' is not allowed"),
}
