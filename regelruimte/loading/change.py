# SPDX-License-Identifier: EUPL-1.2
"""Change a loaded policy: the one way to get a policy with other values, checked and compiled.

A loaded policy carries its compiled conditions, so a copy with other values would still be
assessed and reviewed as the original; ``Policy.model_copy(update=...)`` therefore refuses and
points here. :func:`change_policy` builds the changed policy from the original's data and runs it
through the same checks and the same compiler as a file (:func:`~regelruimte.loading.policy.checked_policy`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from .._exact import in_context
from ..model.policy import Policy
from .policy import checked_policy
from .strict_yaml import YamlDocument


@in_context
def change_policy(policy: Policy, **changes: Any) -> Policy:
    """A new policy: ``policy`` with ``changes``, checked and compiled as a loaded file is.

    For a what-if on a parameter, a control without its explanation, or an edit in a notebook.
    Give the changed top-level fields of the policy (``parameters``, ``controls``, ``rules``,
    ``purposes``, ...), each as a whole, with model objects or plain data as in the file. The
    original is not changed. The changed policy has no ``path`` (it is not the file any more), and
    its ``sha256`` hashes the original's and the changed content, so an assessment's provenance
    never gives the file's hash for it.

    Args:
        policy: A loaded policy.
        **changes: The fields to replace.

    Returns:
        The changed policy, with every condition parsed, type-checked and compiled.

    Raises:
        TypeError: a name is not a field of a policy, or it is ``uses`` (change norm files in the file).
        PolicyLoadError: every problem of the changed policy, located at its field (the lines and
            columns are those of no file: 1:1).

    Example:
        >>> import regelruimte as rr
        >>> p = rr.load_policy("policies/nl/zuidplas/kwijtschelding.yaml")  # doctest: +SKIP
        >>> quieter = rr.change_policy(p, controls=[c for c in p.controls if c.id != "kopie_bankafschriften"])  # doctest: +SKIP
    """
    unknown = sorted(set(changes) - set(Policy.model_fields))
    if unknown:
        raise TypeError(f"not a field of a policy: {', '.join(unknown)}")
    if "uses" in changes:
        raise TypeError("the norm files a policy uses ('uses') are changed in its file, not here")
    data = _plain(policy)
    data.update({name: _plain(value) for name, value in changes.items()})
    content = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")
    sha256 = hashlib.sha256(policy.sha256.encode("ascii") + content).hexdigest()
    doc = YamlDocument(f"{policy.path or policy.id} (changed)", data)
    return checked_policy(doc, [], path="", sha256=sha256, shared_sources=policy._shared_sources, shared_parameters=policy._shared_parameters)


def _plain(value: Any) -> Any:
    """Model objects as the data a policy file holds (aliases as keys, unset defaults left out)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="python", by_alias=True, exclude_unset=True, warnings=False)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
