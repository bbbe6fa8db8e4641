# SPDX-License-Identifier: EUPL-1.2
"""Load a policy file: YAML to a validated, compiled :class:`~regelruimte.model.policy.Policy`.

Every problem is reported at once, each as ``path:line:col  field  message  [code]``: YAML
hazards, schema violations, and semantic errors (an unknown source id, a rule serving an
unknown purpose, a control verifying an unknown fact, a derived value that depends on itself,
example tests with wrong facts, expressions that do not parse or type-check). The loader owns the
policy's compiled form: it compiles the checked policy and attaches the result, once
(:func:`checked_policy`, which :func:`~regelruimte.loading.change.change_policy` shares).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._exact import in_context
from .._messages import Text
from ..compiler import compile_policy
from ..errors import PolicyLoadError, Problem
from ..model.facts import Parameter
from ..model.policy import Norms, Policy
from ..model.sources import Source
from .parts import part_policies, parts_problems, period_policy
from .problems import at, clean_loc, pydantic_problems
from .semantics import semantic_problems, test_problems
from .strict_yaml import YamlDocument, decode_yaml, read_regular_file


@in_context
def load_policy(path: str | Path) -> Policy:
    """Load and check one policy file.

    Args:
        path: A ``.yaml`` policy file.

    Returns:
        The validated policy, with every condition parsed, type-checked and compiled.

    Raises:
        PolicyLoadError: with every problem found, each naming file, line, column and field.

    Example:
        >>> import regelruimte as rr
        >>> p = rr.load_policy("policies/nl/zuidplas/kwijtschelding.yaml")  # doctest: +SKIP
    """
    return _load(Path(path))


def _load(path: Path) -> Policy:
    # read once: the hash is of the very bytes that are parsed, even if the file is replaced meanwhile
    raw = read_regular_file(path, str(path))
    doc = decode_yaml(raw, str(path))
    data = doc.data
    if not isinstance(data, dict):
        raise PolicyLoadError([Problem.of(doc.path, 1, 1, "-", Text("policy-not-mapping"))])
    if data.get("kind") == "norms":
        raise PolicyLoadError([Problem.of(doc.path, *doc.locate(("kind",)), "kind", Text("policy-is-norms"))])
    problems: list[Problem] = []
    shared_sources: list[Source] = []
    shared_params: dict[str, Parameter] = {}
    digest = hashlib.sha256()
    digest.update(raw)
    for i, rel in enumerate(data.get("uses") or [] if isinstance(data.get("uses"), list) else []):
        norms = _load_norms(path, rel, doc, ("uses", i), problems)
        if norms is not None:
            norms_obj, norms_raw = norms
            digest.update(norms_raw)
            shared_sources.extend(norms_obj.sources)
            for name, param in norms_obj.parameters.items():
                if name in shared_params:
                    problems.append(at(doc, ("uses", i), Text("load-norms-collision", name=repr(name)), "norms-collision"))
                shared_params[name] = param
    return checked_policy(doc, problems, path=str(path), sha256=digest.hexdigest(), shared_sources=tuple(shared_sources), shared_parameters=shared_params)


def checked_policy(doc: YamlDocument, problems: list[Problem], *, path: str, sha256: str, shared_sources: tuple[Source, ...],
                   shared_parameters: Mapping[str, Parameter]) -> Policy:
    """Validate, check and compile the policy data of ``doc``, and attach its compiled form.

    Raises:
        PolicyLoadError: with ``problems`` and every problem found here, each located in ``doc``.
    """
    data = doc.data
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        problems += pydantic_problems(doc, exc)
        repaired = _without_unknown_keys(data, exc)
        if repaired is None:
            raise PolicyLoadError(problems) from None
        # Only unknown keys were wrong: check the rest too, so every problem is reported at once.
        policy = repaired
    policy._path = path
    policy._shared_sources = shared_sources
    policy._shared_parameters = dict(shared_parameters)
    policy._sha256 = sha256
    semantic = semantic_problems(policy, doc) + parts_problems(policy, doc)
    problems += semantic
    compiled, issues = compile_policy(policy)
    problems += [at(doc, loc, msg, code) for loc, msg, code in issues]
    if compiled is not None and policy.parts and not semantic:
        views, part_issues = part_policies(policy, doc)
        problems += part_issues
        policy._part_policies = views
    if compiled is not None and policy.periods is not None and not semantic:
        view, period_issues = period_policy(policy, doc)
        problems += period_issues
        policy._period_policy = view
    if compiled is not None and not any(p.code == "unknown-test" for p in semantic):
        problems += test_problems(policy, compiled, doc)
    if problems:
        raise PolicyLoadError(problems)
    policy._compiled = compiled
    return policy


def _without_unknown_keys(data: dict[str, Any], exc: ValidationError) -> Policy | None:
    """The policy with its unknown keys removed, when those were its only structural errors."""
    errors = exc.errors(include_url=False)
    if any(e["type"] != "extra_forbidden" for e in errors):
        return None
    pruned = copy.deepcopy(data)
    for e in errors:
        node: Any = pruned
        loc = clean_loc(tuple(e["loc"]), data)
        if not loc:
            return None
        *parents, last = loc
        try:
            for part in parents:
                node = node[part]
            node.pop(last, None)
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
    try:
        return Policy.model_validate(pruned)
    except ValidationError:
        return None


def _load_norms(path: Path, rel: Any, doc: YamlDocument, loc: tuple[Any, ...], problems: list[Problem]) -> tuple[Norms, bytes] | None:
    """The norm file ``rel`` (relative to ``path``) and its bytes, read once: parsed and hashed alike."""
    if not isinstance(rel, str) or rel.startswith("/") or not rel.endswith(".yaml"):
        problems.append(at(doc, loc, Text("load-norms-path"), "norms-path"))
        return None
    target = (path.parent / rel).resolve()
    if not target.is_file():
        problems.append(at(doc, loc, Text("load-norms-missing", path=repr(rel)), "norms-missing"))
        return None
    shown = str(path.parent / rel)
    try:
        raw = read_regular_file(target, shown)
        ndoc = decode_yaml(raw, shown)
        norms = Norms.model_validate(ndoc.data)
    except PolicyLoadError as exc:
        problems.extend(exc.problems)
        return None
    except ValidationError as exc:
        problems.extend(pydantic_problems(ndoc, exc))
        return None
    return norms, raw


