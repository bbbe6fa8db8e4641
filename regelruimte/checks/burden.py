# SPDX-License-Identifier: EUPL-1.2
"""What a control asks of a citizen: its burden next to the amount at stake (C5, compared like with
like), whether a person under stress can do it (C6, doenvermogen), and what is left of its burden
once the review's fixes are applied (the before/after figure of the review).

The burden is valued with the standard cost model (notes/domain.md §5.4): minutes x frequency, an
hour of a citizen's time at :data:`HOUR_VALUE`, plus what the citizen pays. Both the hour value and
the share above which a burden is flagged are heuristics and the findings say so.
"""

from __future__ import annotations

from decimal import Decimal

from .._texts import REVIEW_PARTS as P
from ..model.rules import Control, Stake
from ..money import format_money
from .findings import Finding, finding

# The value of an hour of a citizen's time in the standard cost model. The Dutch method reports
# hours and out-of-pocket costs separately; a valuation of about EUR 15 per hour is often quoted
# but is UNVERIFIED (notes/domain.md §5.4). It is only used to compare burden with the amount at
# stake, and callers can change it.
HOUR_VALUE = Decimal("15.00")
# A control whose burden costs more than this share of the amount at stake (both over the same
# period) is flagged. The hand-labelled corpus (tests/review_corpus) calls a share over 20%
# disproportionate and one under 5% proportionate, and leaves the band between open; the review flags
# only the clear cases, so that a flag is worth reading. Pass burden_share=0.05 to see the open band too.
BURDEN_SHARE = Decimal("0.20")

# WRR 2017 'Weten is nog geen doen' names deadlines, documents to collect from others and digital-only
# channels as what a person under stress cannot do; these are the corpus's lines (tests/review_corpus).
MIN_DEADLINE_DAYS = 14
MAX_DOCUMENTS = 5
MAX_THIRD_PARTY_DOCUMENTS = 1

PERIOD_FACTOR = {"month": Decimal(12), "year": Decimal(1)}


def _pair(key: str, **fmt: object) -> tuple[str, str]:
    nl, en = P[key]
    return nl.format(**fmt), en.format(**fmt)


def cost_per_occurrence(c: Control, hour_value: Decimal = HOUR_VALUE) -> Decimal:
    """The citizen's cost of doing the control once: time valued at ``hour_value``, plus what they pay."""
    if c.burden is None:
        return Decimal(0)
    return Decimal(c.burden.minutes) / 60 * hour_value + (c.burden.out_of_pocket or Decimal(0))


def burden_findings(c: Control, stake: Stake | None, element: str, justified: str | None,
                    hour_value: Decimal = HOUR_VALUE, burden_share: Decimal = BURDEN_SHARE) -> list[Finding]:
    """C5: the burden next to the amount at stake, like with like. A monthly or yearly amount is
    compared per year with the burden of a year (a monthly benefit is twelve months of it); a
    one-off amount with the burden of doing the control once."""
    if c.burden is None or stake is None or stake.amount <= 0:
        return []
    once = cost_per_occurrence(c, hour_value)
    if stake.period == "once":
        cost, amount, unit = once, stake.amount, P["occurrence"]
    else:
        cost, amount, unit = once * c.burden.per_year, stake.amount * PERIOD_FACTOR[stake.period], P["year"]
    if cost <= amount * burden_share:
        return []
    key = {"month": "per_month", "year": "per_year", "once": "once"}[stake.period]
    return [finding("control-disproportionate-burden", element, justified, cost=format_money(cost), unit=unit, minutes=c.burden.minutes,
                    per_year=c.burden.per_year, amount=_pair(key, amount=format_money(stake.amount)))]


def doability_problems(c: Control) -> list[str]:
    """C6: what makes the control hard to do for a person under stress, with low literacy or few
    digital skills (keys of the texts in ``REVIEW_PARTS``), from what the policy declares."""
    b = c.burden
    out: list[str] = []
    if b is not None:
        if b.channels == ["digital"]:
            out.append("digital_only")
        if b.deadline_days is not None and b.deadline_days < MIN_DEADLINE_DAYS:
            out.append("deadline")
        if b.documents is not None and b.documents > MAX_DOCUMENTS:
            out.append("documents")
        third = 0 if b.offer_to_fetch else (b.third_party_documents or 0)
        short = b.deadline_days is not None and b.deadline_days < MIN_DEADLINE_DAYS
        if third > MAX_THIRD_PARTY_DOCUMENTS or (third >= 1 and short):
            out.append("third_party")
        if b.out_of_pocket:
            out.append("cost")
    if c.kind == "visit" and c.announced is False:
        out.append("unannounced")
    return out


def doability_findings(c: Control, element: str, justified: str | None) -> list[Finding]:
    problems = doability_problems(c)
    if not problems:
        return []
    b = c.burden
    fmt = {"days": b.deadline_days if b else None, "n": None, "amount": format_money(b.out_of_pocket) if b and b.out_of_pocket else ""}
    parts = []
    for key in problems:
        n = (b.documents if key == "documents" else b.third_party_documents) if b else None
        parts.append(_pair(key, **{**fmt, "n": n}))
    fixes = [P[f"fix_{key}"] for key in problems]
    return [finding("control-not-doable", element, justified, reasons=("; ".join(p[0] for p in parts), "; ".join(p[1] for p in parts)),
                    fixes=(" ".join(f[0] for f in fixes), " ".join(f[1] for f in fixes)))]
