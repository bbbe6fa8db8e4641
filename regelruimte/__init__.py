# SPDX-License-Identifier: EUPL-1.2
"""regelruimte: regulations with their purpose, evaluated on the letter and on the intent.

The public surface is this module; everything it does not export is internal.

Example:
    >>> import regelruimte as rr
    >>> policies = rr.load_policies("policies/")  # doctest: +SKIP
"""

from .assessment import AllAssessment, Assessment, assess, assess_all
from .case import Case
from .errors import (
    CaseError,
    EngineError,
    EvaluationError,
    NoApplicableVersion,
    PolicyError,
    PolicyLoadError,
    RegelruimteError,
)
from .letter import evaluate_letter
from .loading import PolicySet, load_policies, load_policy
from .policy import Policy
from .review import Finding, Review, review
from .screening import Screening, ScreeningError, screen

__version__ = "0.1.0"

__all__ = [
    "AllAssessment",
    "assess",
    "assess_all",
    "Assessment",
    "Case",
    "CaseError",
    "EngineError",
    "evaluate_letter",
    "EvaluationError",
    "Finding",
    "load_policies",
    "load_policy",
    "NoApplicableVersion",
    "Policy",
    "PolicyError",
    "PolicyLoadError",
    "PolicySet",
    "RegelruimteError",
    "Review",
    "review",
    "screen",
    "Screening",
    "ScreeningError",
]

for _name in __all__:
    _obj = globals()[_name]
    if hasattr(_obj, "__module__"):
        try:
            _obj.__module__ = "regelruimte"
        except (AttributeError, TypeError):  # pragma: no cover - builtins
            pass
del _name, _obj
