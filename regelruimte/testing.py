# SPDX-License-Identifier: EUPL-1.2
"""For your own tests: hypothesis strategies for the cases of a regulation.

:func:`cases` draws whole cases (``{"date": ..., "facts": {...}}``) from the policy's own fact
types, enums, bounds and validity; :func:`fact_values` draws the values of one fact. They are the
strategies ``regelruimte properties`` searches with.

Example:
    >>> from hypothesis import given, settings
    >>> import regelruimte as rr
    >>> from regelruimte.testing import cases
    >>> policy = rr.load_policy(rr.bundled_path() / "nl" / "zuidplas" / "kwijtschelding.yaml")
    >>> @settings(max_examples=20)
    ... @given(cases(policy))
    ... def test_assesses(case):
    ...     assert rr.assess(policy, case).letter.verdict in ("granted", "denied")
    >>> test_assesses()
"""

from __future__ import annotations

from .properties.strategies import case_dates, cases, fact_values, facts, limits

__all__ = ["case_dates", "cases", "fact_values", "facts", "limits"]
