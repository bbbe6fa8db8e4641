# SPDX-License-Identifier: EUPL-1.2
"""The contained durable-rules engine: the only place in regelruimte that talks to durable-rules.

* :mod:`~regelruimte.signalling.engine.contained`: :class:`ContainedEngine`, one household per
  session, and every containment measure with the pitfall it answers;
* :mod:`~regelruimte.signalling.engine.rulesets`: the rulesets and messages it accepts;
* :mod:`~regelruimte.signalling.engine.host`: durable-rules itself, imported lazily;
* :mod:`~regelruimte.signalling.engine.worker`: jobs in a worker process.
"""

from .contained import ContainedEngine
from .rulesets import MAX_MESSAGES_PER_RUN, Fired
from .worker import run_in_worker

__all__ = ["MAX_MESSAGES_PER_RUN", "ContainedEngine", "Fired", "run_in_worker"]
