# SPDX-License-Identifier: EUPL-1.2
"""From an assessment and a decision to what the log stores, before the write lock is taken.

Everything costly happens here, outside the lock, so concurrent writers spend the lock only on
numbering and chaining: the canonical JSON of the assessment (the data of ``Assessment.to_json()``),
the redaction of case values, its hash and compression (:mod:`.document`), the rules that failed or stood in the way.
Every check that can refuse a decision happens here too, with a one-line reason that never
repeats a case value.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, get_args

import regelruimte as rr

from .._messages import Text
from ._internal import ROLES, DecisionLogError, facts_of, policy_of
from .bases import BaseRow, Bases
from .document import BASED, LEAN, Base, _installed, assessment_dict, compress, encode, lean_dict, orjson, places_of_lean, writable
from .lean import Place, complete, constants_of, ids_in, restore
from .model import ASSESSED_ROLE, DecisionKind, RuleRow, built_rule, rule_fields
from .redact import Redactor, bsn_like, searchable_facts

DECISIONS: tuple[str, ...] = tuple(d for d in get_args(DecisionKind) if d != "assessed")
"""What a person can decide (``assessed`` is written only by ``rr.assess(..., log=...)``)."""
ASSESSED_REASON = "Beoordeeld door regelruimte; nog geen besluit genomen."
MAX_REASON = 2000
_URI = re.compile(r"^[a-z][a-z0-9+.-]*:\S+$")
_HEX32 = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Pending:
    """One decision, checked and serialised, waiting for its number in the chain."""

    fields: dict[str, Any]
    document: tuple[str, int, bytes, str | None]
    """The stored assessment: its SHA-256, format, compressed bytes and base (:mod:`.document`)."""
    policy: rr.Policy
    rules: list[RuleRow] = field(default_factory=list)
    """``fields["rules"]`` as rule rows."""
    files: list[tuple[str, bytes]] = field(default_factory=list)
    base: BaseRow | None = None
    """The base the document is compressed with, when it must be written with it (:mod:`.bases`)."""


def canonical_document(a: rr.Assessment, redactor: Redactor, fmt: int | None = None) -> tuple[int, bytes]:
    """The assessment's canonical JSON (``a.to_dict()``, sorted keys, Decimals as strings) with
    every case value left out: its format (:mod:`.document`; ``None``: the one documents of format
    2 and 3 are written in, or 1) and its uncompressed bytes; in format 4, the lean document
    (:mod:`.lean`)."""
    doc = lean_dict(a) if fmt == LEAN else assessment_dict(a)
    if fmt is None:
        fmt, raw = writable(doc)
    else:
        raw = encode(doc, fmt)
    return fmt, _without_values(doc, fmt, raw, redactor)


def _without_values(doc: Any, fmt: int, raw: bytes, redactor: Redactor) -> bytes:
    """``raw`` (``doc`` in format ``fmt``) with every case value left out."""
    text = raw.decode("utf-8")
    if not any(str(n) in text for n in redactor.numbers):
        # every value that can be in the text is inside a JSON string, and a marker needs no
        # escaping: replace in the text
        clean = redactor.redact_text(text, raw)
        return raw if clean is text else clean.encode("utf-8")
    # a whole-number fact whose digits are in the text may stand there as a bare JSON number:
    # replace in the parsed document (whether it stands as a whole number cannot be told from the
    # text alone: in compact JSON a number in a list stands before a comma and a digit, as in a
    # decimal number)
    redacted, found = redactor.redact(doc, text)
    return encode(redacted, fmt) if found else raw


def lean_stored(a: rr.Assessment, redactor: Redactor, bases: Bases) -> tuple[tuple[str, int, bytes, str | None], BaseRow | None] | None:
    """The assessment as a document of format 4 (:mod:`.lean`): its SHA-256, format, compressed
    bytes and base, and the base's row when it must be written with it; None when it is to be
    stored in format 3 (format 2 cannot hold it, or its constants cannot be kept: see
    :func:`_new_base`)."""
    doc = lean_dict(a)
    try:
        raw = orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson.JSONEncodeError: see document.writable
        return None
    clean = _without_values(doc, LEAN, raw, redactor)
    policy_sha = a.provenance.policy_sha256
    base = bases.lean_base(policy_sha)
    tree = places_of_lean()
    if clean is raw or _ids_kept(doc, tree, redactor):
        stored = doc
    else:
        stored = orjson.loads(clean)  # the ids as stored (the value search replaced a value in one)
    if base is None or not complete(stored, base.constants, tree):
        if stored is doc and clean is not raw:
            stored = orjson.loads(clean)
        base = _new_base(a, redactor, bases, base, stored, clean)
        if base is None:
            return None
    return (hashlib.sha256(clean).hexdigest(), LEAN, base.compress(clean), base.sha256), bases.row(base)


def _ids_kept(doc: Any, tree: Place, redactor: Redactor) -> bool:
    """Whether the value search (which changed the lean ``doc``'s bytes) left every result's id as
    it was, so the ids as stored are ``doc``'s and the stored bytes need not be parsed again to
    read them (about 35 us on a lean document; a fifth of the bench's cases have a value found).
    Told from the ids alone, joined by a character that, like a JSON string's quote, is no part of
    a word or number (``redact._token_at``): only when no value searched for is a text (every form
    then has a digit and no quote, so no form spans a string's end in the JSON text) and every id
    is a text written in JSON as it is. False (parse the bytes) otherwise."""
    if redactor.has_texts:
        return False
    ids = ids_in(doc, tree, [])
    if not all(type(i) is str and i.isprintable() and '"' not in i and "\\" not in i for i in ids):
        return False
    joined = "\x00".join(ids)
    return redactor.redact_text(joined) is joined


def _new_base(a: rr.Assessment, redactor: Redactor, bases: Bases, old: Base | None, lean: Any, clean: bytes) -> Base | None:
    """A base with the constants of ``old`` and those of this assessment (``lean``: its lean
    document as stored, ``clean`` its bytes), checked: the constants hold no case value (the value
    search left them as they were), and the lean document with them put back is the assessment's
    format-2 document, byte for byte. None when a check fails (or a result's constants differ
    from those of an earlier assessment): the assessment is then stored in format 3."""
    fmt, full_raw = canonical_document(a, redactor)
    if fmt != 2:
        return None
    tree = places_of_lean()
    merged = {place: dict(ids) for place, ids in (old.constants if old is not None else {}).items()}
    try:
        if not constants_of(orjson.loads(full_raw), orjson.loads(clean), tree, merged):
            return None
        constants = orjson.dumps(merged, option=orjson.OPT_SORT_KEYS)
        restored = orjson.loads(clean)
        restore(restored, merged, tree)
    except (KeyError, TypeError, ValueError):  # a lean document of another shape than the full one: not expected
        return None
    if b"[niet gelogd: " in constants or orjson.dumps(restored, option=orjson.OPT_SORT_KEYS) != full_raw:
        return None
    return bases.extend(a.provenance.policy_sha256, merged, clean)


_SEARCHABLE: dict[int, tuple[rr.Policy, list[tuple[str, Any]]]] = {}
"""``redact.searchable_facts`` per policy (a policy is frozen; the entry holds it, so its id is not
reused while kept)."""


def redactor_for(a: rr.Assessment, policy: rr.Policy, facts: dict[str, Any]) -> Redactor:
    kept = _SEARCHABLE.get(id(policy))
    if kept is None or kept[0] is not policy:
        if len(_SEARCHABLE) >= 256:
            _SEARCHABLE.clear()
        kept = _SEARCHABLE[id(policy)] = (policy, searchable_facts(policy.facts))
    return Redactor(facts, policy.facts, a.provenance.reference_date, kept[1])


def prepare(a: rr.Assessment, *, decision: str, role: str, reason: str, provision: str | None, corrects: int | None,
            decision_date: date | None, trace_id: str | None, processing_activity: str | None, bases: Bases | None = None,
            lean: bool = False) -> Pending:
    if not isinstance(a, rr.Assessment):
        raise DecisionLogError("log-not-an-assessment")
    facts = facts_of(a)
    policy = policy_of(a)
    if facts is None or policy is None:
        raise DecisionLogError("log-no-case")
    if a.case_ref is None:
        raise DecisionLogError("log-no-pseudonym")
    assessed = decision == "assessed" and role == ASSESSED_ROLE and reason == ASSESSED_REASON
    if decision not in DECISIONS and not assessed:
        code = "log-decision-assessed" if decision == "assessed" else "log-decision-unknown"
        raise DecisionLogError(code, decisions=", ".join(DECISIONS), decision=repr(decision))
    if role not in ROLES and not assessed:
        raise DecisionLogError("log-role-unknown", roles=", ".join(ROLES))
    option = _option(a, decision, provision)
    redactor = redactor_for(a, policy, facts)
    reason = _checked_reason(reason, redactor)
    if trace_id is not None and not _HEX32.fullmatch(trace_id):
        raise DecisionLogError("log-trace-id")
    if processing_activity is not None and not _URI.fullmatch(processing_activity):
        raise DecisionLogError("log-processing-activity")
    if corrects is not None and (isinstance(corrects, bool) or not isinstance(corrects, int) or corrects < 1):
        raise DecisionLogError("log-corrects")

    stored = lean_stored(a, redactor, bases) if lean and bases is not None and _installed() else None
    if stored is None:
        fmt, raw = canonical_document(a, redactor)
        sha = hashlib.sha256(raw).hexdigest()
    else:
        sha = stored[0][0]
    p = a.provenance
    rules = rule_rows(a, decision, option)
    ids = secrets.token_hex(24 if trace_id is None else 8)  # the operation id, and the trace id when none is given: one read of the system's randomness
    fields: dict[str, Any] = {
        "decision_date": (decision_date or date.today()).isoformat(),
        "trace_id": trace_id or ids[16:],
        "operation_id": ids[:16],
        "processing_activity": processing_activity,
        "subject": a.case_ref,
        "policy_id": p.policy_id, "policy_version": p.policy_version, "policy_sha256": p.policy_sha256,
        "library_version": p.library_version, "reference_date": p.reference_date.isoformat(),
        "letter": a.letter.verdict, "intent": a.intent.verdict, "tension": a.tension, "room": a.discretion.note,
        "adverse": a.discretion.proportionality is not None,
        "decision": decision, "provision": option.id if option is not None else None, "role": role, "reason": reason,
        "legal_basis": _legal_basis(a, decision, option), "purposes": [pr.id for pr in a.intent.purposes],
        "corrects": corrects, "facts": loggable_values(policy, facts),
        "rules": [rule_fields(r) for r in rules],
        "assessment_sha256": sha,
    }
    if stored is not None:  # format 4: lean, compressed against the base that holds its constants
        return Pending(fields=fields, document=stored[0], policy=policy, rules=rules, base=stored[1])
    if bases is not None and fmt == 2:  # compressed against a document of the same policy version
        base, row = bases.for_document(p.policy_sha256, sha, raw)
        return Pending(fields=fields, document=(sha, BASED, base.compress(raw), base.sha256), policy=policy, rules=rules, base=row)
    return Pending(fields=fields, document=(sha, fmt, compress(raw, fmt), None), policy=policy, rules=rules)


def _option(a: rr.Assessment, decision: str, provision: str | None) -> Any:
    if decision != "use_provision":
        if provision is not None:
            raise DecisionLogError("log-provision-not-used")
        return None
    if provision is None:
        raise DecisionLogError("log-provision-missing")
    options = {o.id: o for o in a.discretion.options}
    if provision not in options:
        offered: object = ", ".join(sorted(options)) or Text("log-offers-none")
        raise DecisionLogError("log-provision-other", provision=repr(provision), offered=offered)
    return options[provision]


def _checked_reason(reason: str, redactor: Redactor) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise DecisionLogError("log-reason-missing")
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise DecisionLogError("log-reason-too-long", n=MAX_REASON)
    found = redactor.fact_in(reason)
    if found is not None:
        raise DecisionLogError("log-reason-has-value", fact=repr(found))
    if bsn_like(reason):
        raise DecisionLogError("log-reason-bsn")
    return reason


def rule_rows(a: rr.Assessment, decision: str, option: Any) -> list[RuleRow]:
    """The rules that failed or stood between the citizen and the purpose, with how far the case
    was from each limit and whether the decision set the rule aside."""
    room = a.discretion
    failed = [r.id for r in a.letter.rules if r.result == "failed"]
    relative: dict[str, tuple[int, str]] = {}
    for d in room.distances:
        if d.relative is None or d.rule in relative and relative[d.rule][0] <= int(d.relative * 10000):
            continue
        relative[d.rule] = (int(d.relative * 10000), d.unit)
    no_room = {n.rule: n.signal_to for n in room.no_room}
    blocking: set[str] = set()
    if a.tension == "letter_blocks_intent":
        if room.proportionality is not None:  # an adverse outcome was applied: what carries the burden
            blocking = set(no_room) | {rule for o in room.options for rule in o.sets_aside}
            blocking = blocking or {"(bedrag)"}
        else:
            blocking = set(failed) | set(no_room)
    aside: set[str] = set()
    if option is not None:
        aside = (set(option.sets_aside) & blocking) if option.sets_aside else set(blocking)
    order = failed + sorted((blocking | set(no_room)) - set(failed))
    return [built_rule(r, r in failed, r in blocking, r in aside, no_room.get(r), relative[r][0] if r in relative else None,
                       relative[r][1] if r in relative else None) for r in order]


def _legal_basis(a: rr.Assessment, decision: str, option: Any) -> list[str]:
    if option is not None:
        return [option.legal_basis.citation]
    if decision == "signal" and a.discretion.no_room:
        return list(dict.fromkeys(n.source.citation for n in a.discretion.no_room))
    return list(dict.fromkeys(r.source.citation for r in a.letter.rules if r.result != "not_applicable"))


def loggable_values(policy: rr.Policy, facts: dict[str, Any]) -> dict[str, str]:
    out = {}
    for name, spec in policy.facts.items():
        if spec.loggable and name in facts:
            v = facts[name]
            out[name] = ("true" if v else "false") if isinstance(v, bool) else format(v, "f") if isinstance(v, Decimal) else v.isoformat() if isinstance(v, date) else str(v)
    return out
