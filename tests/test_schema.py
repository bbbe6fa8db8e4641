# SPDX-License-Identifier: EUPL-1.2
"""The committed JSON Schemas are current, valid draft-07, and every shipped file conforms to them."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from regelruimte.loading.schema import dumps, norms_schema, policy_schema
from regelruimte.loading.strict_yaml import read_yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "schema"
POLICY_FILES = sorted((ROOT / "policies").rglob("*.yaml"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$")

SCHEMAS = {
    "policy.v1.json": (policy_schema, "make schema"),
    "norms.v1.json": (norms_schema, "regelruimte schema --kind norms --output schema/norms.v1.json"),
}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_current(name: str) -> None:
    build, command = SCHEMAS[name]
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    fresh = dumps(build())
    assert committed == fresh, f"schema/{name} is stale (the pydantic models changed): run `{command}` and commit the result"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_valid_draft07(name: str) -> None:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    assert "$defs" not in json.dumps(schema)  # yaml-language-server reads draft-07 'definitions'


def _jsonable(value: Any) -> Any:
    """YAML data as an editor sees it: dates and exact numbers as text."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


def _validator(kind: str) -> jsonschema.Draft7Validator:
    name = "norms.v1.json" if kind == "norms" else "policy.v1.json"
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def _errors(path: Path) -> list[str]:
    data = read_yaml(path).data
    validator = _validator("norms" if data.get("kind") == "norms" else "policy")
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(_jsonable(data))]


def test_there_are_policy_files() -> None:
    assert len(POLICY_FILES) >= 2


@pytest.mark.parametrize("path", POLICY_FILES, ids=[str(p.relative_to(ROOT / "policies")) for p in POLICY_FILES])
def test_shipped_file_validates_against_its_schema(path: Path) -> None:
    errors = _errors(path)
    assert not errors, f"{path.name} does not match its schema:\n" + "\n".join(errors)


@pytest.mark.parametrize("path", POLICY_FILES, ids=[str(p.relative_to(ROOT / "policies")) for p in POLICY_FILES])
def test_shipped_file_has_a_modeline_to_its_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = MODELINE.match(first)
    assert m, f"{path.name}: the first line must be '# yaml-language-server: $schema=<relative path>'"
    target = (path.parent / m["path"]).resolve()
    kind = "norms" if read_yaml(path).data.get("kind") == "norms" else "policy"
    assert target == (SCHEMA_DIR / f"{kind}.v1.json").resolve(), f"{path.name}: the modeline points at {m['path']}"
    assert target.is_file()


def test_the_schema_refuses_what_the_loader_refuses(tmp_path: Path) -> None:
    """The validation above can fail: the schema sees unknown keys, missing keys and wrong values."""
    base = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert _errors(FIXTURES / "minimal.yaml") == []
    cases = {
        "unknown.yaml": base.replace("authority:", "titel: x\nauthority:"),
        "missing.yaml": base.replace("outcome:\n  granted: toegekend\n  denied: afgewezen\n", ""),
        "country.yaml": base.replace("country: nl", "country: NO"),
        "url.yaml": base.replace("https://example.org/testwet", "http://example.org/testwet"),
        "date.yaml": base.replace("valid_until: 2027-01-01", "valid_until: '1 januari 2027'"),
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert _errors(tmp_path / name), name
    assert _errors(FIXTURES / "norms.yaml") == []
