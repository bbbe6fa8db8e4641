# SPDX-License-Identifier: EUPL-1.2
"""Checks: judgements on a policy that need no case.

* :mod:`~regelruimte.checks.readability` (with :mod:`~regelruimte.checks.dutch` and
  :mod:`~regelruimte.checks.jargon`): Dutch readability signals for citizen texts (B1);
* :mod:`~regelruimte.checks.explainability`: can a control's explanation be given to a citizen;
* :mod:`~regelruimte.checks.findings`: the findings, their codes, severities and criteria;
* :mod:`~regelruimte.checks.controls`: the findings and verdict on each control;
* :mod:`~regelruimte.checks.rules`: the findings on the rules and purposes.

:func:`regelruimte.review` (:mod:`regelruimte.policy_review`) puts them together with the example
tests and the burden figures.
"""
