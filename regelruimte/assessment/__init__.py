# SPDX-License-Identifier: EUPL-1.2
"""The assessment of one case: the letter against the intent, the room, the controls, the
questions and the citizen text.

Follow one case through the steps :func:`assess` takes (:mod:`~regelruimte.assessment.pipeline`):
:mod:`~regelruimte.assessment.letter` (every rule), :mod:`~regelruimte.assessment.intent` (every
purpose, and the tension between the two), :mod:`~regelruimte.assessment.room` (the provisions
that could bridge it, with :mod:`~regelruimte.assessment.flips` and
:mod:`~regelruimte.assessment.proportionality`), :mod:`~regelruimte.assessment.questions`,
:mod:`~regelruimte.assessment.control_needs` and :mod:`~regelruimte.assessment.explain`, into an
:class:`Assessment` (:mod:`~regelruimte.assessment.result`). :func:`assess_all` does it for one
household against every regulation (:mod:`~regelruimte.assessment.all_cases`).
"""

from .all_cases import AllAssessment, assess_all
from .letter import evaluate_letter
from .pipeline import assess
from .result import Assessment, pseudonym

__all__ = ["AllAssessment", "Assessment", "assess", "assess_all", "evaluate_letter", "pseudonym"]
