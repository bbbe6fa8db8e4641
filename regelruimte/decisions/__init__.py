# SPDX-License-Identifier: EUPL-1.2
"""The learning municipality: a decision log, replay, the rule-friction report and the
Algoritmeregister draft.

Modules: ``log`` (``DecisionLog``), ``model`` (``Entry``), ``prepare`` (an assessment to what is
stored), ``redact`` (case values kept out), ``store``/``sqlite_store``/``postgres_store`` (the two
databases), ``policy_files`` (the policy bytes), ``verify``, ``replay``, ``friction`` and its views,
``register`` and its views, ``synthetic`` (a year of generated decisions). Internals of the rest of
regelruimte are reached only through ``_internal``.
"""

from __future__ import annotations

from ._internal import DecisionLogError
from .log import Batch, DecisionLog, Verification
from .model import Entry, RuleRow
from .register import RegisterDraft, register_draft

__all__ = ["Batch", "DecisionLog", "DecisionLogError", "Entry", "RegisterDraft", "RuleRow", "Verification", "register_draft"]
