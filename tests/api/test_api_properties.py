# SPDX-License-Identifier: EUPL-1.2
"""A property-based test of the HTTP API: schemathesis generates requests from the checked-in OpenAPI
document (valid ones, and, for bodies and parameters, ones that break it) and sends them to the real
server. No request may get a 5xx, every answer must be what the document says (status code, content
type, headers, body schema), invalid input must be refused, a missing token must give 401, and a
405 must list the resource's methods.

Bounded so it stays fast: a fixed number of examples per operation, no shrinking deadline.
"""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from apiserver import ROOT, TOKEN, Server  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# a Parquet upload is bytes, as application/octet-stream is (the server refuses what is no Parquet)
schemathesis.serializer.alias("application/vnd.apache.parquet", "application/octet-stream")
SCHEMA = schemathesis.openapi.from_path(ROOT / "schema" / "openapi.v1.json")
# Every check but one: a request that fits the schema may still be refused for what a schema cannot
# say (a reference date on which no version of a regulation is valid: 422), so "schema-valid data is
# accepted" does not hold for this API by design.
positive_data_acceptance = schemathesis.checks.CHECKS.get_one("positive_data_acceptance")
EXAMPLES = 20


@SCHEMA.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_request_gets_a_server_error(case: Any, secured: Server) -> None:
    """Against the server with a token, so the checks that leave the token out expect a 401."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = case.call_and_validate(base_url=secured.url + "/v1", headers=auth, timeout=30, excluded_checks=[positive_data_acceptance])
    if response.status_code == 202 and "location" in response.headers:  # a screening: do not let jobs pile up
        import httpx

        httpx.delete(secured.url + response.headers["location"], headers=auth, timeout=30)
