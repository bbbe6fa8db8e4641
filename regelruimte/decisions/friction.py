# SPDX-License-Identifier: EUPL-1.2
"""The rule-friction report: where, over a period, the letter keeps standing in the way of the purpose.

Per regulation and per rule: how often the rule failed; how often the letter blocked the purpose
with this rule in the way; how often a professional then used room (and in which role), followed
the letter anyway, or signalled; how often the law left no room (a signal to the legislator, with
the formal-law rule); how the failures are spread over the distance to the limit, and whether they
cluster just over it (a cliff edge); and, where a rule was set aside in a series of cases, the plain
conclusion that the rule should change. The Afdeling bestuursrechtspraak said so of policy rules:
when a rule has to be set aside in a series of cases, the rule itself must be changed (ABRvS
16 maart 2016, ECLI:NL:RVS:2016:709). For a rule of formal law the same series is a signal to the
legislator, not a reason to deviate.

Counted are the decisions taken in the period (``since`` inclusive, ``until`` exclusive), each once:
an entry that a later entry corrects is left out. The database does the counting (a few grouped
queries over one table), so a year of a large city's decisions is reported in seconds.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

import regelruimte as rr

from ._internal import DecisionLogError, Displayable, export, in_context
from .model import Entry
from .store import Store


class DecisionLog(Protocol):
    """What this module needs of :class:`~regelruimte.decisions.log.DecisionLog` (which imports it)."""

    store: Store

    def entry(self, number: int) -> Entry: ...

    def document_text(self, entry: Entry | int) -> str: ...

    def policy(self, sha256: str) -> rr.Policy: ...

BUCKETS = (100, 200, 500, 1000, 2500)
"""Upper bounds (basis points) of the distance buckets: 1%, 2%, 5%, 10%, 25%, then more."""
ECLI_SERIES = "ECLI:NL:RVS:2016:709"
SERIES_URL = "https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RVS:2016:709"


class Advice(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str
    """series: set aside in a series, change the rule; legislator: keeps blocking, no room;
    no_provision: keeps blocking and no provision covers it; cliff: cases cluster just over the limit."""
    nl: str
    en: str


class RuleFriction(BaseModel):
    """One rule over the period."""

    model_config = ConfigDict(frozen=True)

    rule: str
    text: dict[str, str]
    source: str
    level: str | None
    failed: int = 0
    blocked: int = 0
    set_aside: int = 0
    set_aside_by: dict[str, int] = Field(default_factory=dict)
    """Set aside, per role."""
    followed_letter: int = 0
    """The letter blocked the purpose and was applied anyway."""
    signalled: int = 0
    no_room: int = 0
    no_room_to: str | None = None
    near: int = 0
    """Failures within ``near`` of the limit."""
    distances: dict[str, int] = Field(default_factory=dict)
    """Failures per distance to the limit (``<=1%``, ``<=2%``, ``<=5%``, ``<=10%``, ``<=25%``, ``>25%``)."""
    advice: list[Advice] = Field(default_factory=list)

    @property
    def series(self) -> bool:
        return any(a.kind in ("series", "legislator", "no_provision") for a in self.advice)


class PolicyFriction(BaseModel):
    model_config = ConfigDict(frozen=True)

    policy_id: str
    title: str
    versions: list[str]
    decisions: int
    tension: dict[str, int]
    decided: dict[str, int]
    """Per decision kind: follow_letter, use_provision, signal."""
    by_role: dict[str, int]
    rules: list[RuleFriction]


class Friction(Displayable, BaseModel):
    """The rule-friction report. Renders itself in rich, HTML, Markdown, JSON and Jupyter."""

    model_config = ConfigDict(frozen=True)

    since: date | None
    until: date | None
    decisions: int
    corrected: int
    """Entries left out because a later entry corrects them."""
    series_threshold: int
    near_bp: int
    policies: list[PolicyFriction]

    @property
    def flagged(self) -> list[tuple[str, str]]:
        """(policy id, rule id) of every rule a series of cases calls into question."""
        return [(p.policy_id, r.rule) for p in self.policies for r in p.rules if r.series]

    def to_json(self, *, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, indent=indent)

    def __repr__(self) -> str:
        return f"<Friction decisions={self.decisions} policies={len(self.policies)} flagged={len(self.flagged)}>"

    __str__ = __repr__

    def to_html(self, *, lang: str = "nl") -> str:
        """A self-contained HTML page (inline CSS, no scripts, ``lang`` set)."""
        return export(self, "html", lang=lang)

    def to_markdown(self, *, lang: str = "nl") -> str:
        return export(self, "markdown", lang=lang)


@in_context
def friction(log: DecisionLog, *, since: date | None = None, until: date | None = None, policy: str | None = None,
             series: int = 5, near: str = "0.05") -> Friction:
    """Count, per regulation and rule, how the letter and the purpose met over a period.

    Args:
        since: First decision date counted (inclusive); default: the first in the log.
        until: First decision date no longer counted (exclusive); default: none.
        policy: Only this regulation.
        series: From how many cases a pattern is a series (default 5).
        near: How close to the limit counts as "just over it", as a fraction (default 0.05: 5%).
    """
    if series < 2:
        raise DecisionLogError("log-series")
    from decimal import Decimal, InvalidOperation

    try:
        near_bp = int(Decimal(near) * 10000)
    except InvalidOperation:
        raise DecisionLogError("log-near") from None
    where: list[str] = ["decision <> 'assessed'"]  # an assessment logged by rr.assess is no decision
    params: list[Any] = []
    if since is not None:
        where.append("decision_date >= ?")
        params.append(since.isoformat())
    if until is not None:
        where.append("decision_date < ?")
        params.append(until.isoformat())
    if policy is not None:
        where.append("policy_id = ?")
        params.append(policy)
    cond = " AND ".join(where)
    corrected = "(SELECT corrects FROM rr_entries WHERE corrects IS NOT NULL)"
    bucket = " ".join(f"WHEN relative_bp <= {b} THEN {i}" for i, b in enumerate(BUCKETS))
    with log.store.read() as cur:
        # one pass over each table's covering index (store.py): per group, all entries, those a
        # later entry corrects, and the newest entry (for the policy version the report names)
        entry_counts = cur.execute(
            f"SELECT policy_id, policy_sha256, policy_version, tension, decision, role, COUNT(*), "
            f"SUM(CASE WHEN id IN {corrected} THEN 1 ELSE 0 END), MAX(id) FROM rr_entries WHERE {cond} "
            "GROUP BY policy_id, policy_sha256, policy_version, tension, decision, role", params).fetchall()
        rule_counts = cur.execute(
            f"SELECT policy_id, rule, failed, blocking, set_aside, no_room, decision, role, "
            f"CASE WHEN failed = 0 OR relative_bp IS NULL THEN -1 {bucket} ELSE {len(BUCKETS)} END, COUNT(*), "
            f"SUM(CASE WHEN failed = 1 AND relative_bp IS NOT NULL AND relative_bp <= ? THEN 1 ELSE 0 END) "
            f"FROM rr_entry_rules WHERE {cond} AND entry_id NOT IN {corrected} "
            "GROUP BY policy_id, rule, failed, blocking, set_aside, no_room, decision, role, 9", [near_bp, *params]).fetchall()
    live: list[tuple[Any, ...]] = []
    latest: dict[str, tuple[int, str]] = {}
    all_versions: dict[str, set[str]] = {}
    corrected_total = 0
    for pid, sha, version, tension, decision, role, n, n_corrected, last in entry_counts:
        corrected_total += int(n_corrected)
        if int(n) > int(n_corrected):
            live.append((pid, tension, decision, role, int(n) - int(n_corrected)))
        all_versions.setdefault(pid, set()).add(str(version))
        if pid not in latest or int(last) > latest[pid][0]:
            latest[pid] = (int(last), str(sha))
    return _build(log, live, corrected_total, latest, all_versions, rule_counts, since, until, series, near_bp)


def _label(bp_index: int) -> str:
    return f"<={BUCKETS[bp_index] // 100}%" if bp_index < len(BUCKETS) else f">{BUCKETS[-1] // 100}%"


def _build(log: DecisionLog, entry_counts: list[Any], corrected: int, latest: dict[str, tuple[int, str]], versions: dict[str, set[str]],
           rule_counts: list[Any], since: date | None, until: date | None, series: int, near_bp: int) -> Friction:
    per: dict[str, dict[str, Counter[str]]] = {}
    for pid, tension, decision, role, n in entry_counts:
        c = per.setdefault(pid, {"tension": Counter(), "decided": Counter(), "role": Counter(), "total": Counter()})
        c["tension"][tension] += n
        c["decided"][decision] += n
        c["role"][role] += n
        c["total"]["n"] += n
    rules: dict[tuple[str, str], dict[str, Any]] = {}
    for pid, rule, failed, blocking, set_aside, no_room, decision, role, index, n, near_n in rule_counts:
        r = rules.setdefault((pid, rule), {"failed": 0, "blocked": 0, "set_aside": 0, "set_aside_by": Counter(), "followed_letter": 0,
                                           "signalled": 0, "no_room": 0, "no_room_to": None, "near": 0, "distances": {}})
        n = int(n)
        r["failed"] += n if failed else 0
        r["near"] += int(near_n or 0)
        if blocking:
            r["blocked"] += n
            r["followed_letter"] += n if decision == "follow_letter" else 0
            r["signalled"] += n if decision == "signal" else 0
        if set_aside:
            r["set_aside"] += n
            r["set_aside_by"][role] += n
        if no_room:
            r["no_room"] += n
            r["no_room_to"] = "legislator" if "legislator" in (no_room, r["no_room_to"]) else no_room
        if int(index) >= 0:
            label = _label(int(index))
            r["distances"][label] = r["distances"].get(label, 0) + n
    for r in rules.values():
        r["distances"] = {_label(i): r["distances"][_label(i)] for i in range(len(BUCKETS) + 1) if _label(i) in r["distances"]}

    out = []
    for pid in sorted(per):
        policy = log.policy(latest[pid][1])
        by_id = {r.id: r for r in policy.rules}
        sources = policy.all_sources
        items = []
        for (p2, rule), r in sorted(rules.items()):
            if p2 != pid:
                continue
            spec = by_id.get(rule)
            source = sources[spec.source] if spec is not None else None
            text = ({"nl": spec.text.nl, "en": spec.text.get("en")} if spec is not None else
                    {"nl": "het bedrag of de uitkomst als geheel", "en": "the amount or the outcome as a whole"})
            item = RuleFriction(rule=rule, text=text, source=source.citation if source else "", level=source.level if source else None,
                                **{**r, "set_aside_by": dict(sorted(r["set_aside_by"].items()))})
            items.append(item.model_copy(update={"advice": _advice(item, series, near_bp)}))
        items.sort(key=lambda x: (-x.set_aside - x.no_room, -x.blocked, -x.failed, x.rule))
        c = per[pid]
        out.append(PolicyFriction(policy_id=pid, title=policy.title, versions=sorted(versions.get(pid, ())), decisions=c["total"]["n"],
                                  tension=dict(sorted(c["tension"].items())), decided=dict(sorted(c["decided"].items())),
                                  by_role=dict(sorted(c["role"].items())), rules=items))
    return Friction(since=since, until=until, decisions=sum(p.decisions for p in out), corrected=corrected, series_threshold=series,
                    near_bp=near_bp, policies=out)


def _advice(r: RuleFriction, series: int, near_bp: int) -> list[Advice]:
    out = []
    pct = f"{near_bp / 100:g}"
    if r.set_aside >= series:
        if r.level == "beleidsregel":
            nl_do, en_do = "pas de beleidsregel aan", "change the policy rule"
        elif r.level in ("verordening", "gemeentelijk_reglement"):
            nl_do, en_do = "pas de verordening aan", "change the by-law"
        else:
            nl_do, en_do = "stel de regel ter discussie bij wie hem maakt", "raise the rule with whoever makes it"
        out.append(Advice(kind="series",
                          nl=f"Deze regel wordt steeds opzij gezet ({r.set_aside} keer): {nl_do}. Een reeks afwijkingen betekent dat de regel zelf moet veranderen (ABRvS 16 maart 2016, {ECLI_SERIES}).",
                          en=f"This rule keeps being set aside ({r.set_aside} times): {en_do}. A series of deviations means the rule itself must change (ABRvS 16 March 2016, {ECLI_SERIES})."))
    if r.no_room >= series and r.no_room_to == "legislator":
        out.append(Advice(kind="legislator",
                          nl=f"Deze regel blokkeert steeds het doel ({r.no_room} keer) en de wet laat geen ruimte: een signaal aan de wetgever ({r.source}), geen reden om af te wijken.",
                          en=f"This rule keeps blocking the purpose ({r.no_room} times) and the law leaves no room: a signal to the legislator ({r.source}), not a reason to deviate."))
    elif r.no_room >= series:
        out.append(Advice(kind="no_provision",
                          nl=f"Deze regel blokkeert steeds het doel ({r.no_room} keer) en geen afwijkingsbevoegdheid dekt hem: geef de regel ruimte of verander hem.",
                          en=f"This rule keeps blocking the purpose ({r.no_room} times) and no discretion provision covers it: give the rule room or change it."))
    if r.near >= series and r.near * 4 >= r.failed:
        out.append(Advice(kind="cliff",
                          nl=f"Klif: {r.near} van de {r.failed} afwijzingen op deze regel liggen binnen {pct}% van de grens. Een kleine wijziging beslist hier over alles of niets; overweeg een glijdende schaal of ruimte rond de grens.",
                          en=f"Cliff edge: {r.near} of the {r.failed} refusals on this rule are within {pct}% of the limit. A small change decides all or nothing here; consider a sliding scale or room around the limit."))
    return out
