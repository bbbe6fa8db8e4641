# SPDX-License-Identifier: EUPL-1.2
"""What one entry of the decision log holds, shaped after the Logboek Dataverwerkingen.

Field by field, where the standard has a name for it (Logius/BZK, ``02-component-logboek.md``):
``trace_id`` (16 bytes, here 32 hex digits) and ``operation_id`` (8 bytes, 16 hex digits) are the
standard's own; ``recorded_at`` is its ``start_time``/``end_time`` (one moment: recording is one
operation); ``processing_activity`` is the attribute ``dpl.core.processing_activity_id`` (a URI into
the municipality's register of processing activities); ``subject`` is ``dpl.core.data_subject_id``,
which the standard wants protected ("versleuteld"): here a keyed HMAC pseudonym, never the BSN.
The standard's decisions also say what is *not* here: no identity of the user (only a ``role``), no
interface to change or delete a line (a correction is a new entry with ``corrects``).

The rest is the decision itself: the assessment's provenance, the letter, the intent, the tension,
the room, what was decided (follow the letter, use provision X, signal to the legislator), by which
role and why, the legal basis and the purposes. The whole assessment is kept as canonical JSON
(without case values) under its SHA-256, so fields added to assessments later are kept without a
migration, and ``rules`` lists the rules that failed or stood in the way, for the friction report.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._internal import Role

try:
    import orjson
except ModuleNotFoundError:  # pragma: no cover - an environment installed before it was a dependency
    orjson = None  # type: ignore[assignment]

DecisionKind = Literal["follow_letter", "use_provision", "signal", "assessed"]
"""follow_letter: the letter is applied; use_provision: a discretion provision bridges the
tension (``provision`` names it); signal: no room, the case is signalled to the rule maker;
assessed: not a decision but the processing before it (``rr.assess(..., log=...)``): regelruimte
assessed the case, nobody decided yet. The friction report counts only decisions."""
ASSESSED_ROLE = "regelruimte"
"""The ``role`` of an ``assessed`` entry: the software did it, no person."""
GENESIS = "0" * 64
"""The ``prev_hash`` of the first entry."""


class RuleRow(BaseModel):
    """One rule of one entry that failed or stood between the citizen and the purpose."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    """The rule id; ``(bedrag)`` for the amount or outcome as a whole."""
    failed: bool
    blocking: bool
    """The letter blocked the purpose, and this rule is one that stood in the way."""
    set_aside: bool
    """The decision used a provision that sets this rule aside."""
    no_room: Literal["legislator", "policy_maker"] | None = None
    """The law leaves no room here: to whom the case is a signal."""
    relative_bp: int | None = None
    """How far the case was over the rule's limit, in basis points (1 = 0.01%), where it failed."""
    unit: Literal["money", "number", "days"] | None = None


class Entry(BaseModel):
    """One decision in the log. Entries are never changed; ``hash`` chains each to the one before."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int = Field(ge=1)
    recorded_at: str
    """UTC, ISO 8601 with milliseconds (LDV start_time and end_time)."""
    decision_date: date
    """The day the decision was taken (default: the day it was recorded)."""
    trace_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    operation_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    processing_activity: str | None = None
    subject: str
    """Keyed pseudonym of the case (HMAC-SHA256 with the deployment key), never a BSN."""
    policy_id: str
    policy_version: str
    policy_sha256: str
    library_version: str
    reference_date: date
    letter: str
    intent: str
    tension: str
    room: str
    adverse: bool
    """The outcome burdens the citizen and was applied (a proportionality finding was made)."""
    decision: DecisionKind
    provision: str | None = None
    role: Role | Literal["regelruimte"]
    """Who decided, as a role; ``regelruimte`` on an ``assessed`` entry."""
    reason: str
    legal_basis: list[str]
    """Citations of the legal basis of the decision: the provision used, or the rules' sources."""
    purposes: list[str]
    """Ids of the purposes the regulation serves."""
    corrects: int | None = None
    """The entry this one corrects; both stay in the log."""
    facts: dict[str, str] = Field(default_factory=dict)
    """Values of the facts the policy declares loggable (``loggable: true``); no others."""
    rules: list[RuleRow] = Field(default_factory=list)
    assessment_sha256: str
    """SHA-256 of the stored canonical assessment JSON (the data of ``Assessment.to_json()``, case
    values left out), uncompressed, in the format it is stored in (:mod:`.document`)."""
    prev_hash: str
    hash: str

    def body(self) -> bytes:
        """The canonical bytes the entry's hash covers: every field but ``hash``."""
        return canonical(self.model_dump(mode="json", exclude={"hash"}))

    def computed_hash(self) -> str:
        return hashlib.sha256(self.body()).hexdigest()

    def __repr__(self) -> str:
        extra = f" provision={self.provision}" if self.provision else ""
        return (f"<Entry #{self.id} {self.policy_id}@{self.reference_date.isoformat()} tension={self.tension} "
                f"decision={self.decision}{extra} role={self.role}>")

    __str__ = __repr__


_COMPACT = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
"""``json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=False)``, made once (an
encoder holds no state between calls; ``json.dumps`` with options makes a new one every call)."""


def canonical(data: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the same data gives the same bytes.

    These bytes are ``json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``
    in UTF-8, which every entry's hash was made of from the first log on. orjson writes the same
    bytes for an entry's data (strings, whole numbers, booleans, null, lists and objects with
    string keys: it escapes exactly the characters the standard library escapes, and sorts keys
    by code point; a test compares the two on every code point and on entries), at a tenth of the
    cost; what orjson cannot write (a number beyond 64 bits) goes to the standard library."""
    if orjson is not None:
        try:
            return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # orjson.JSONEncodeError
            pass
    return _COMPACT.encode(data).encode("utf-8")


def compact_json(data: Any) -> str:
    """Sorted keys, no whitespace: the text the hash covers and the log's JSON columns hold."""
    return canonical(data).decode("utf-8")


def rule_fields(r: RuleRow) -> dict[str, Any]:
    """A rule row as the entry's hash covers it (``r.model_dump(mode="json")``: every field is a
    JSON value already), without pydantic's serialiser."""
    return dict(r.__dict__)  # every field, in the model's order (built_rule, or validated)


def built_entry(data: dict[str, Any], rules: list[RuleRow]) -> Entry:
    """The entry of ``data`` (every field, as the hash covers it) without validating it again:
    ``data`` was made and checked by ``prepare`` and ``DecisionLog._append`` (tests compare it
    with ``Entry.model_validate(data)``); only the dates and the rule rows take their types."""
    values = {name: data[name] for name in _ENTRY_FIELDS}
    values["decision_date"] = date.fromisoformat(data["decision_date"])
    values["reference_date"] = date.fromisoformat(data["reference_date"])
    values["rules"] = rules
    # what ``Entry.model_construct(**values)`` does when every field is given, without its loop
    # over aliases and defaults (about 15 µs of an entry's 300): Entry has no aliases, no private
    # attributes, no extra fields and no post-init (checked below, at import)
    e = Entry.__new__(Entry)
    object.__setattr__(e, "__dict__", values)
    object.__setattr__(e, "__pydantic_fields_set__", set(_ENTRY_FIELDS))
    object.__setattr__(e, "__pydantic_extra__", None)
    object.__setattr__(e, "__pydantic_private__", None)
    return e


def built_rule(rule: str, failed: bool, blocking: bool, set_aside: bool, no_room: str | None, relative_bp: int | None,
               unit: str | None) -> RuleRow:
    """``RuleRow(...)`` of values ``prepare`` made (the right types already: tests compare it with
    the validated row), without validating them again (a few microseconds a row)."""
    r = RuleRow.__new__(RuleRow)
    object.__setattr__(r, "__dict__", {"rule": rule, "failed": failed, "blocking": blocking, "set_aside": set_aside, "no_room": no_room,
                                       "relative_bp": relative_bp, "unit": unit})
    object.__setattr__(r, "__pydantic_fields_set__", set(_RULE_FIELDS))
    object.__setattr__(r, "__pydantic_extra__", None)
    object.__setattr__(r, "__pydantic_private__", None)
    return r


_RULE_FIELDS = tuple(RuleRow.model_fields)
_ENTRY_FIELDS = tuple(Entry.model_fields)
for _model in (Entry, RuleRow):
    if (_model.__pydantic_post_init__ is not None or _model.__private_attributes__ or _model.model_config.get("extra") == "allow"
            or any(f.alias is not None or f.validation_alias is not None for f in _model.model_fields.values())):
        raise RuntimeError(f"built_entry and built_rule assume plain models: use {_model.__name__}.model_construct")  # pragma: no cover
