# SPDX-License-Identifier: EUPL-1.2
"""Decision parts: one decision made of parts that are each decided on their own (revocation,
recovery amount, fine; several cost items of one request).

A part has its own rules and its own outcome, and answers to some of the policy's purposes and
may use some of its discretion provisions. Facts, parameters, derived values and sources are the
policy's and shared by every part. The policy's own ``rules`` decide every part (they are the
conditions the parts share) unless a part names the ones it shares in ``shared_rules``.
"""

from __future__ import annotations

from pydantic import Field

from .base import FileModel, Id, Text
from .rules import Outcome, Rule


class Part(FileModel):
    """One part of the decision, assessed with its own letter, intent, tension, room and
    proportionality (issue 14 point 5)."""

    id: Id
    title: Text
    """The part as the citizen reads it, e.g. 'Boete' or 'Kosten van de wasmachine'."""
    rules: list[Rule] = Field(default_factory=list)
    """The rules of this part only, on top of the rules it shares. Rule ids are unique over the
    whole policy, its parts included."""
    shared_rules: list[Id] | None = None
    """The ids of the policy's own rules that also decide this part; unset: all of them, []: none."""
    purposes: list[Id] | None = None
    """The ids of the policy's purposes this part answers to (its intent and tension); unset: all."""
    discretion: list[Id] | None = None
    """The ids of the policy's discretion provisions this part may use; unset: every provision
    that reaches its rules."""
    outcome: Outcome
    """What the letter decides for this part when its rules pass (with its own amount, adverse
    kind, severity and weighing for the proportionality test)."""
