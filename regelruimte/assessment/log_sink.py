# SPDX-License-Identifier: EUPL-1.2
"""Where :func:`~regelruimte.assessment.assess` can record that it assessed a case.

The assessment layer knows no database: ``assess(policy, case, log=...)`` takes any object with a
``record_assessment(assessment)`` method. :class:`regelruimte.DecisionLog` is the one the library
ships: it appends an entry of kind ``assessed`` (the processing, not a decision; the decision is a
person's and recorded later with ``log.record(...)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .result import Assessment


@runtime_checkable
class AssessmentLog(Protocol):
    """Anything ``assess(..., log=...)`` can record an assessment in."""

    def record_assessment(self, assessment: Assessment) -> object:
        """Record that ``assessment`` was made (called by ``assess`` once the assessment is complete)."""
        ...
