# SPDX-License-Identifier: EUPL-1.2
"""The learning municipality: a decision log, replay, the rule-friction report and the
Algoritmeregister draft.

Modules: ``log`` (``DecisionLog``), ``model`` (``Entry``), ``prepare`` (an assessment to what is
stored), ``document`` (the stored assessment's formats), ``redact`` (case values kept out), ``store``/``sqlite_store``/``postgres_store`` (the two
databases), ``policy_files`` (the policy bytes), ``verify``, ``replay``, ``friction`` and its views,
``register`` and its views. Internals of the rest of regelruimte are reached through ``_internal``
(the views also use the shared stylesheet of ``regelruimte.render``). A synthetic year of decisions
for examples and tests is :mod:`regelruimte.synthetic.decisions`.
"""

from __future__ import annotations

from . import friction_views, register_views  # noqa: F401 - registers how the report and the draft show themselves
from ._internal import DecisionLogError
from .log import Batch, DecisionLog
from .model import Entry, RuleRow
from .register import RegisterDraft, register_draft
from .verify import Verification

__all__ = ["Batch", "DecisionLog", "DecisionLogError", "Entry", "RegisterDraft", "RuleRow", "Verification", "register_draft"]
