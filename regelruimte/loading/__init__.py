# SPDX-License-Identifier: EUPL-1.2
"""Loading: policy files to validated, compiled policies, with every problem at ``path:line:col``.

* :mod:`~regelruimte.loading.strict_yaml`: YAML read strictly, with the position of every value;
* :mod:`~regelruimte.loading.policy`: :func:`load_policy`, one file (the loader owns the
  compiled form it attaches);
* :mod:`~regelruimte.loading.semantics` and :mod:`~regelruimte.loading.problems`: the checks a
  schema cannot express, and problems located in the file;
* :mod:`~regelruimte.loading.policy_set`: :func:`load_policies` and :class:`PolicySet`;
* :mod:`~regelruimte.loading.change`: :func:`change_policy`, the one way to change a policy;
* :mod:`~regelruimte.loading.schema` and :mod:`~regelruimte.loading.bundled`: the JSON Schemas,
  and where the files that ship with the library are.
"""

from .bundled import bundled_path
from .change import change_policy
from .policy import load_policy
from .policy_set import PolicySet, load_policies, policy_files

__all__ = ["PolicySet", "bundled_path", "change_policy", "load_policies", "load_policy", "policy_files"]
