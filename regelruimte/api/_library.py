# SPDX-License-Identifier: EUPL-1.2
"""Everything the HTTP API needs from inside the library, in one place.

The API uses the public facade (``import regelruimte as rr``) wherever it can. What the facade does
not offer (the per-policy fact model, the case parser that never repeats a value, the strict JSON reader, the policy's
element models for the responses and the OpenAPI document) is imported here and nowhere else in
``regelruimte.api``, so a move of the library's internal modules touches this file only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import regelruimte as rr
from regelruimte._messages import LANGUAGES, Rendered, Text
from regelruimte.assessment.completions import keep_recent_analyses
from regelruimte.compiler import compiled_policy
from regelruimte.errors import FactProblem
from regelruimte.model.base import LocalizedText
from regelruimte.model.case import as_case
from regelruimte.model.case_json import JSONRefused, loads
from regelruimte.model.facts import Derived, Fact, Parameter
from regelruimte.model.rules import Control, Discretion, Outcome, Purpose, Rule
from regelruimte.model.sources import Source

__all__ = [
    "Control",
    "JSONRefused",
    "LANGUAGES",
    "Rendered",
    "Text",
    "Derived",
    "Discretion",
    "Fact",
    "FactProblem",
    "LocalizedText",
    "loads",
    "Outcome",
    "Parameter",
    "Purpose",
    "Rule",
    "Source",
    "as_case",
    "case_schema",
    "fact_names",
    "keep_recent_analyses",
]


def case_schema(policy: rr.Policy) -> dict[str, Any]:
    """The JSON Schema (2020-12) of a case for ``policy``: the case envelope of :class:`rr.Case`
    with ``facts`` replaced by the policy's own fact model, the one :func:`rr.assess` validates with."""
    facts = compiled_policy(policy).facts.model.model_json_schema()
    facts.pop("title", None)
    envelope = rr.Case.model_json_schema()
    envelope["properties"]["facts"] = {**facts, "description": "The facts of the case; a missing fact makes the outcome undetermined, with the question to ask."}
    envelope["title"] = f"Case for {policy.id}"
    envelope["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return envelope


def fact_names(policies: Mapping[str, rr.Policy] | list[rr.Policy]) -> frozenset[str]:
    """Every fact name of these policies: the names an error may repeat back to a caller."""
    items = list(policies.values()) if isinstance(policies, Mapping) else policies
    return frozenset(name for p in items for name in p.facts)
