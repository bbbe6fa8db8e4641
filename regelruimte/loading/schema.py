# SPDX-License-Identifier: EUPL-1.2
"""JSON Schemas for policy and norm files, generated from the pydantic models.

Editors (VS Code / yaml-language-server, IntelliJ) read them through the modeline at the top
of every policy file. yaml-language-server supports JSON Schema draft-07 and below, so the
pydantic output is stamped draft-07 and its ``$defs`` become ``definitions``.
"""

from __future__ import annotations

import json
from typing import Any

from ..model.policy import Norms, Policy

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _draft07(schema: dict[str, Any], schema_id: str) -> dict[str, Any]:
    text = json.dumps(schema, sort_keys=True).replace('"#/$defs/', '"#/definitions/')
    out = json.loads(text)
    if "$defs" in out:
        out["definitions"] = out.pop("$defs")
    return {"$schema": DRAFT_07, "$id": schema_id, **out}


def policy_schema() -> dict[str, Any]:
    """The JSON Schema of a policy file."""
    return _draft07(Policy.model_json_schema(mode="validation"), "https://regelruimte.nl/schema/policy.v1.json")


def norms_schema() -> dict[str, Any]:
    """The JSON Schema of a norm file (parameters and sources shared by policies)."""
    return _draft07(Norms.model_json_schema(mode="validation"), "https://regelruimte.nl/schema/norms.v1.json")


def dumps(schema: dict[str, Any]) -> str:
    """Stable text of a schema, as committed under ``schema/``."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
