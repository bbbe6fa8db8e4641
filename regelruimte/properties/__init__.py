# SPDX-License-Identifier: EUPL-1.2
"""Ask a regulation a question: search its declared properties for a case that breaks them, and
measure its cliff edges (issue 19).

* :mod:`.strategies`: hypothesis strategies for a policy's cases (public as :mod:`regelruimte.testing`);
* :mod:`.outcomes`: the lean evaluation of one generated case;
* :mod:`.search`: one property searched, the counterexample shrunk;
* :mod:`.cliffs`: the cliff-edge map;
* :mod:`.result`: what was found.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model.policy import Policy
from .cliffs import cliff_map
from .result import CliffEdge, Counterexample, PropertyReport, PropertyResult
from .search import Budget, search


def check_properties(policy: Policy, *, seed: int = 0, max_examples: int = 200, seconds: float = 5.0, cliffs: bool = True,
                     only: list[str] | None = None, on_property: Callable[[str], object] | None = None) -> PropertyReport:
    """Search every declared property of ``policy`` for a case that breaks it, and (with ``cliffs``)
    measure the largest jump across each hard threshold of its rules.

    Args:
        policy: a loaded policy.
        seed: the search's seed; the same seed tries the same cases.
        max_examples: how many cases to try per property.
        seconds: the time budget per property (and per threshold of the cliff-edge map).
        cliffs: also draw the cliff-edge map.
        only: search only the properties with these ids.
        on_property: called with each property's id once it has been searched (for a progress bar).

    Example:
        >>> import regelruimte as rr
        >>> policy = rr.load_policy(rr.bundled_path() / "nl" / "zuidplas" / "kwijtschelding.yaml")
        >>> report = rr.check_properties(policy, max_examples=20, cliffs=False)
        >>> [r.holds for r in report.results][:1]
        [True]
    """
    budget = Budget(seed=seed, max_examples=max_examples, seconds=seconds)
    results = []
    for prop in policy.properties:
        if only is None or prop.id in only:
            results.append(search(policy, prop, budget))
            if on_property is not None:
                on_property(prop.id)
    edges = cliff_map(policy, budget) if cliffs else []
    return PropertyReport(policy_id=policy.id, policy_version=policy.version, policy_title=policy.title, seed=seed, results=results, cliffs=edges)


__all__ = ["Budget", "CliffEdge", "Counterexample", "PropertyReport", "PropertyResult", "check_properties", "cliff_map", "search"]
