# SPDX-License-Identifier: EUPL-1.2
"""The compiler: a policy's text turned into executable semantics, once, at load time.

* :mod:`~regelruimte.compiler.policy`: :func:`compile_policy`, every expression parsed,
  type-checked and compiled to the exact evaluator (:mod:`regelruimte.conditions`);
* :mod:`~regelruimte.compiler.compiled`: :class:`CompiledPolicy`, the typed result the loader
  keeps with the policy, and :func:`compiled_policy` to read it;
* :mod:`~regelruimte.compiler.parameters`: parameter values over time;
* :mod:`~regelruimte.compiler.signals` and :mod:`~regelruimte.compiler.durable_json`: signals
  checked and translated to durable-rules rulesets (:mod:`~regelruimte.compiler.compiled_signals`:
  their compiled form; :mod:`~regelruimte.compiler.signal_messages`: the engine's message format);
* :mod:`~regelruimte.compiler.vectorised`: conditions as polars expressions for screening, with
  :mod:`~regelruimte.compiler.scaled` (exact numbers on polars) and
  :mod:`~regelruimte.compiler.vectorised_functions` (imported only by screening: they load polars).
"""

from .compiled import CompiledPolicy, Expr, compiled_policy
from .policy import compile_policy

__all__ = ["CompiledPolicy", "Expr", "compile_policy", "compiled_policy"]
