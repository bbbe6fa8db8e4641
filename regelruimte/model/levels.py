# SPDX-License-Identifier: EUPL-1.2
"""The levels of legal sources, and which room can set aside which rule.

A provision can set aside a rule only where the law gives it that power:

* deviation from a policy rule (Awb art. 4:84, ``beleidsregel_afwijking``) reaches only a
  *beleidsregel* (and the execution practice under it): the article speaks of "de beleidsregel";
  a verordening, a ministerial regulation, an AMvB or a formal law binds the authority;
* proportionality and the general principles of law (``evenredigheid``: Awb art. 3:4 lid 2,
  exceptive review against the principles, the ombudsman's "naar de geest" standard) reach every
  rule below formal law; a formal law is never tested against the principles (Grondwet art. 120),
  so there the room must come from the law itself: a proportionality clause in that same law
  (Awir art. 13b for the Awir) reaches it;
* a hardship clause, an open norm or a power (``hardheidsclausule``, ``open_norm``,
  ``bevoegdheid``) reaches the rules of its own level and below: a clause in a verordening
  cannot set aside the AMvB above it. Its legal basis must be a rule-making source, not a ruling
  or an explanation (those read a law; they do not give a power of their own).
"""

from __future__ import annotations

from .._messages import Text
from .sources import Source

RANK: dict[str, int] = {
    "formele_wet": 5, "belgische_wet": 5,
    "amvb": 4, "belgisch_besluit": 4,
    "ministeriele_regeling": 3,
    "verordening": 2, "gemeentelijk_reglement": 2,
    "beleidsregel": 1,
    "uitvoering": 0,
}
"""The rank of a rule-making level; rulings, explanations and ombudsman reports have none."""

FORMAL_LAW = 5
POLICY_RULE = 1


def cannot_set_aside(kind: str, basis_source: Source, rule_source: Source) -> Text | None:
    """Why a provision of ``kind`` with legal basis ``basis_source`` cannot set aside a rule whose
    source is ``rule_source`` (comparing their levels); None when it can.

    Example:
        >>> cannot_set_aside("beleidsregel_afwijking", awb_4_84, uri_art11)  # doctest: +SKIP
        Text('level-4-84')
    """
    basis, rule = basis_source.level, rule_source.level
    rank = RANK.get(rule)
    if rank is None:
        return Text("level-unknown", rule=rule)
    if kind == "beleidsregel_afwijking":
        return None if rank <= POLICY_RULE else Text("level-4-84", rule=rule)
    if kind == "evenredigheid":
        same_law = basis_source.law is not None and basis_source.law == rule_source.law and RANK.get(basis) == rank
        return None if rank < FORMAL_LAW or same_law else Text("level-formal-law")
    own = RANK.get(basis)
    if own is None:
        return Text("level-no-power", basis=basis)
    return None if own >= rank else Text("level-higher", kind=kind, basis=basis, rule=rule)
