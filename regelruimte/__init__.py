# SPDX-License-Identifier: EUPL-1.2
"""regelruimte: regulations with their purpose, evaluated on the letter and on the intent.

The public surface is this module; everything it does not export is internal. Names are
imported on first use (PEP 562), so ``import regelruimte`` loads no more than this facade and
the version, and the command line starts fast. No public name is also the name of a module of
the package, so importing a module never hides a name here.

Example:
    >>> import regelruimte as rr
    >>> policy = rr.load_policy("policies/nl/zuidplas/kwijtschelding.yaml")  # doctest: +SKIP
    >>> a = rr.assess(policy, {"date": "2026-03-01", "facts": {"netto_inkomen": "1420.00"}})  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__ as __version__

# public name -> the module that defines it
_EXPORTS = {
    "AllAssessment": "assessment.all_cases",
    "assess": "assessment.pipeline",
    "assess_all": "assessment.all_cases",
    "Assessment": "assessment.result",
    "bundled_path": "loading.bundled",
    "Case": "model.case",
    "CaseError": "errors",
    "change_policy": "loading.change",
    "check_properties": "properties",
    "court_score": "policy_tests",
    "DecisionLog": "decisions",
    "DecisionLogError": "decisions",
    "Difference": "assessment.difference",
    "EngineError": "errors",
    "evaluate_letter": "assessment.letter",
    "EvaluationError": "errors",
    "FactSource": "model.case",
    "Finding": "checks.findings",
    "load_policies": "loading.policy_set",
    "load_policy": "loading.policy",
    "NoApplicableVersion": "errors",
    "Policy": "model.policy",
    "PolicyError": "errors",
    "PolicyLoadError": "errors",
    "PolicySet": "loading.policy_set",
    "RegelruimteError": "errors",
    "register_draft": "decisions",
    "Review": "policy_review",
    "review": "policy_review",
    "run_tests": "policy_tests",
    "screen": "screening.pipeline",
    "Screening": "screening.result",
    "ScreeningError": "errors",
    "signals": "signalling",
    "SignalsError": "errors",
}

__all__ = [
    "AllAssessment",
    "assess",
    "assess_all",
    "Assessment",
    "bundled_path",
    "Case",
    "CaseError",
    "change_policy",
    "check_properties",
    "court_score",
    "DecisionLog",
    "DecisionLogError",
    "Difference",
    "EngineError",
    "evaluate_letter",
    "EvaluationError",
    "FactSource",
    "Finding",
    "load_policies",
    "load_policy",
    "NoApplicableVersion",
    "Policy",
    "PolicyError",
    "PolicyLoadError",
    "PolicySet",
    "RegelruimteError",
    "register_draft",
    "Review",
    "review",
    "run_tests",
    "screen",
    "Screening",
    "ScreeningError",
    "signals",
    "SignalsError",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'regelruimte' has no attribute {name!r}")
    obj = getattr(importlib.import_module(f".{module}", __name__), name)
    if isinstance(obj, type) or callable(obj):
        try:
            obj.__module__ = "regelruimte"  # reprs, tracebacks and docs show rr.Assessment, not the private path
        except (AttributeError, TypeError):  # pragma: no cover - builtins
            pass
    globals()[name] = obj
    return obj


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .assessment.all_cases import AllAssessment, assess_all
    from .assessment.difference import Difference
    from .assessment.letter import evaluate_letter
    from .assessment.pipeline import assess
    from .assessment.result import Assessment
    from .checks.findings import Finding
    from .decisions import DecisionLog, DecisionLogError, register_draft
    from .errors import (
        CaseError,
        EngineError,
        EvaluationError,
        NoApplicableVersion,
        PolicyError,
        PolicyLoadError,
        RegelruimteError,
        ScreeningError,
        SignalsError,
    )
    from .loading.bundled import bundled_path
    from .loading.change import change_policy
    from .loading.policy import load_policy
    from .loading.policy_set import PolicySet, load_policies
    from .model.case import Case, FactSource
    from .model.policy import Policy
    from .policy_review import Review, review
    from .policy_tests import court_score, run_tests
    from .properties import check_properties
    from .screening.pipeline import screen
    from .screening.result import Screening
    from .signalling import signals
