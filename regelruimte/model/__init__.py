# SPDX-License-Identifier: EUPL-1.2
"""The models of what regelruimte reads: pydantic models of policy files and cases.

* :mod:`~regelruimte.model.base`: the strict base model, ids, texts, exact amounts;
* :mod:`~regelruimte.model.sources`: legal sources;
* :mod:`~regelruimte.model.facts`: facts, parameters, derived values;
* :mod:`~regelruimte.model.rules`: purposes, rules, outcome, discretion, controls;
* :mod:`~regelruimte.model.signals`: event types and signals;
* :mod:`~regelruimte.model.policy`: :class:`Policy` (and its example tests) and norm files;
* :mod:`~regelruimte.model.case`: :class:`Case` and the validation of a case's facts.
"""

from .case import Case
from .policy import Norms, Policy

__all__ = ["Case", "Norms", "Policy"]
