# SPDX-License-Identifier: EUPL-1.2
"""Loader totality under fuzzing (reliability C5): whatever the file holds, only PolicyLoadError escapes.

About 2,000 generated files: arbitrary text and bytes, YAML-ish token soup, arbitrary YAML
structures, and valid policies with random parts replaced, removed or added.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import regelruimte as rr
from regelruimte.errors import PolicyLoadError
from regelruimte.loading.strict_yaml import read_yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WORKDIR = Path(tempfile.mkdtemp(prefix="rr-fuzz-"))
shutil.copy(FIXTURES / "norms.yaml", WORKDIR / "norms.yaml")
BASES = [read_yaml(FIXTURES / name).data for name in ("minimal.yaml", "with_norms.yaml")]

FUZZ = settings(deadline=2000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


def _load(data: bytes) -> None:
    """Load ``data`` as a policy file: it loads, or it is refused with PolicyLoadError; nothing else."""
    path = WORKDIR / "fuzz.yaml"
    path.write_bytes(data)
    try:
        policy = rr.load_policy(path)
    except PolicyLoadError as exc:
        assert exc.problems, "a PolicyLoadError without problems"
        for p in exc.problems:
            assert p.line >= 1 and p.column >= 1 and p.code and p.field
            str(p)
        str(exc)
    else:
        assert policy.id and policy.rules


@settings(FUZZ, max_examples=500)
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _load(text.encode("utf-8"))


@settings(FUZZ, max_examples=250)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    _load(data)


TOKENS = [
    "a", "id", "rules", "facts", "tests", "kind", "norms", "uses", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "?", "&a ", "*a",
    "!!python/object/apply:os.system", "!!str ", "! ", "!x ", "---", "...", "%TAG ! tag:x:", "%YAML 1.1", "|", ">-", "#", "'", '"',
    "\n", "\n  ", "\n    ", "\t", " ", "010", "1e3", "1.10", "NO", "yes", "~", "null", "12:30", "2026-02-30", "2026-01-01",
    "9" * 120, "\\", "\x00", "\ufeff", "é", "<<", "=", "@", "`",
]


@settings(FUZZ, max_examples=400)
@given(st.lists(st.sampled_from(TOKENS), max_size=60))
def test_yaml_token_soup(tokens: list[str]) -> None:
    _load("".join(tokens).encode("utf-8"))


KEYS = st.one_of(
    st.sampled_from(["id", "title", "rules", "facts", "tests", "sources", "uses", "kind", "parameters", "derived", "values",
                     "condition", "source", "int", "str", "bool", "dict", "a[b]", "[key]", "function-after", "", "from", "value"]),
    st.text(max_size=8),
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(10**30), 10**30), st.floats(allow_nan=True), st.text(max_size=30),
    st.dates(min_value=date(1000, 1, 1)), st.sampled_from(["norms", "nl", "money", "enum", "inkomen > 0", "__import__('os')", "../norms.yaml", "norms.yaml"]),
)
STRUCTURES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5), max_leaves=25)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SMALL = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3), max_leaves=8)


def _dump(data: Any) -> bytes:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True).encode("utf-8")


@settings(FUZZ, max_examples=300)
@given(STRUCTURES)
def test_arbitrary_yaml_structures(data: Any) -> None:
    _load(_dump(data))


def _paths(data: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, at + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, at + (i,))
    return out


@st.composite
def mutated_policies(draw: Any) -> Any:
    data = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(SMALL)
        elif action == "remove":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(KEYS)] = draw(SMALL)
        else:
            parent.append(draw(SMALL))
    return data


@settings(FUZZ, max_examples=500)
@given(mutated_policies())
def test_mutated_valid_policies(data: Any) -> None:
    _load(_dump(data))


def test_the_bases_are_valid() -> None:
    """The mutations start from policies that load (so they reach every stage of the loader)."""
    for data in BASES:
        (WORKDIR / "base.yaml").write_bytes(_dump(data))
        assert rr.load_policy(WORKDIR / "base.yaml").rules
