# SPDX-License-Identifier: EUPL-1.2
"""Replay: does the log still reproduce the decision's assessment, byte for byte?

The log holds no case values, so it cannot recompute an assessment on its own. The municipality's
case file can: ``replay(entry, case)`` assesses that case again on the *stored* policy bytes (never
the file as it is today) on the entry's reference date, keeps case values out in exactly the way
recording did, writes it in the format of the stored document (a log keeps documents of every
format it ever wrote: :mod:`.document`), and compares the SHA-256 of the canonical JSON with the
one in the entry. A policy
file that changed since is named, not used. The case must be the entry's: its keyed pseudonym must
match, so the key (``REGELRUIMTE_PSEUDONYM_KEY``) is needed. Without a case, replay still checks the
entry (its hash, its link, its stored assessment) and shows what was stored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, PrivateAttr

import regelruimte as rr

from .._messages import Listing, Text
from ._internal import PSEUDONYM_KEY_ENV, DecisionLogError, facts_of, pseudonym
from .model import GENESIS, Entry
from .prepare import canonical_document, redactor_for
from .store import Store


class DecisionLog(Protocol):
    """What this module needs of :class:`~regelruimte.decisions.log.DecisionLog` (which imports it)."""

    store: Store

    def entry(self, number: int) -> Entry: ...

    def document_text(self, entry: Entry | int) -> str: ...

    def stored_document(self, entry: Entry | int) -> tuple[int, bytes]: ...

    def policy(self, sha256: str) -> rr.Policy: ...


class Replay(BaseModel):
    """What replaying one entry showed."""

    model_config = ConfigDict(frozen=True)

    entry: Entry
    intact: bool
    """The entry's hash, its link to the entry before and its stored assessment all check out."""
    problems: list[str]
    policy: str
    """The stored policy version: id, version and the start of its hash."""
    policy_changed: str | None = None
    """When a current policy file was given and differs from the stored version: which file (English)."""
    _said: list[Text] = PrivateAttr(default_factory=list)
    _changed: Text | None = PrivateAttr(default=None)
    library_then: str
    library_now: str
    reproduced: bool | None = None
    """Byte-identical canonical assessment JSON (None: no case given)."""
    differences: list[str] = []
    """Where the replayed assessment differs (JSON paths, never values)."""
    assessment: dict[str, Any]
    """The stored assessment (canonical JSON without case values)."""
    corrected_by: list[int] = []
    """Later entries that correct this one."""

    @property
    def ok(self) -> bool:
        return self.intact and self.reproduced is not False

    def lines(self, lang: str = "nl") -> list[str]:
        """The outcome in a few plain sentences."""
        nl = lang == "nl"
        e = self.entry
        out = [(f"Besluit #{e.id}: {e.policy_id}, peildatum {e.reference_date.isoformat()}, besluit {e.decision}"
                + (f" ({e.provision})" if e.provision else "") + f", door {e.role}.") if nl else
               (f"Decision #{e.id}: {e.policy_id}, reference date {e.reference_date.isoformat()}, decision {e.decision}"
                + (f" ({e.provision})" if e.provision else "") + f", by {e.role}.")]
        out.append(("De regel in het logboek is ongeschonden." if nl else "The log entry is intact.") if self.intact else
                   ("De regel in het logboek is NIET ongeschonden: " if nl else "The log entry is NOT intact: ") + "; ".join([t.render(lang) for t in self._said] if self._said else self.problems))
        if self.corrected_by:
            numbers = ", ".join(f"#{n}" for n in self.corrected_by)
            out.append(f"Dit besluit is later gecorrigeerd door {numbers}." if nl else f"This decision was corrected later by {numbers}.")
        out.append(f"Regeling: de bewaarde versie {self.policy}." if nl else f"Policy: the stored version {self.policy}.")
        if self.policy_changed:
            out.append(self._changed.render(lang) if self._changed is not None else self.policy_changed)
        if self.library_then != self.library_now:
            out.append(f"Let op: besloten met regelruimte {self.library_then}, nu {self.library_now}." if nl else
                        f"Note: decided with regelruimte {self.library_then}, now {self.library_now}.")
        if self.reproduced is None:
            out.append("Geen zaak gegeven: alleen de bewaarde beoordeling (zonder gegevens van de zaak) is getoond." if nl else
                       "No case given: only the stored assessment (without case values) is shown.")
        elif self.reproduced:
            out.append("Opnieuw beoordeeld: precies hetzelfde (byte voor byte)." if nl else "Assessed again: identical, byte for byte.")
        else:
            out.append(("Opnieuw beoordeeld: ANDERS, op " if nl else "Assessed again: DIFFERENT, at ") + ", ".join(self.differences[:12]))
        return out


def replay(log: DecisionLog, entry: Entry | int, case: rr.Case | Mapping[str, Any] | None = None, *,
           policy_file: str | Path | None = None, key: bytes | str | None = None) -> Replay:
    e = entry if isinstance(entry, Entry) else log.entry(entry)
    problems: list[Text] = []
    if e.computed_hash() != e.hash:
        problems.append(Text("replay-hash"))
    expected_prev = GENESIS if e.id == 1 else log.entry(e.id - 1).hash
    if e.prev_hash != expected_prev:
        problems.append(Text("replay-unlinked", before=e.id - 1))
    fmt, raw = log.stored_document(e)
    text = raw.decode("utf-8")
    if hashlib.sha256(raw).hexdigest() != e.assessment_sha256:
        problems.append(Text("replay-document-changed"))
    policy = log.policy(e.policy_sha256)
    label = f"{policy.id} {policy.version} ({e.policy_sha256[:12]})"
    changed = None
    if policy_file is not None:
        try:
            current = rr.load_policy(policy_file)
        except rr.PolicyLoadError as exc:
            raise DecisionLogError("log-policy-invalid", path=policy_file, n=len(exc.problems)) from None
        except OSError:
            raise DecisionLogError("log-policy-missing", path=policy_file) from None
        if current.id != e.policy_id:
            raise DecisionLogError("log-policy-other", path=policy_file, policy=repr(current.id), entry=repr(e.policy_id))
        if current.sha256 != e.policy_sha256:
            changed = Text("replay-policy-changed", path=policy_file, policy=current.id, version=current.version, sha=current.sha256[:12])
    reproduced: bool | None = None
    diffs: list[str] = []
    if case is not None:  # compared as stored (of format 4: lean documents, whose SHA-256 the entry holds)
        reproduced, diffs = _reassess(e, policy, case, key, json.loads(text), fmt)
    corrected_by = [int(r[0]) for r in log.store.rows("SELECT id FROM rr_entries WHERE corrects = ? ORDER BY id", (e.id,))]
    result = Replay(entry=e, intact=not problems, corrected_by=corrected_by, problems=[str(t) for t in problems], policy=label,
                    policy_changed=None if changed is None else str(changed), library_then=e.library_version, library_now=rr.__version__,
                    reproduced=reproduced, differences=diffs, assessment=json.loads(log.document_text(e)))
    result._said = problems
    result._changed = changed
    return result


def _reassess(e: Entry, policy: rr.Policy, case: rr.Case | Mapping[str, Any], key: bytes | str | None, stored: Any,
              fmt: int) -> tuple[bool, list[str]]:
    data = case.model_dump() if isinstance(case, rr.Case) else dict(case)
    case_id = data.get("id")
    if not isinstance(case_id, str) or not case_id:
        raise DecisionLogError("log-case-no-id")
    subject = pseudonym(case_id, key)
    if subject is None:
        raise DecisionLogError("log-key-missing", env=PSEUDONYM_KEY_ENV)
    if subject != e.subject:
        raise DecisionLogError("log-case-other", entry=e.id)
    try:
        a = rr.assess(policy, {"date": e.reference_date, "facts": data.get("facts") or {}, "id": case_id}, key=key)
    except rr.CaseError as exc:
        raise DecisionLogError(Text("log-case-problems", problems=Listing(exc.problems))) from None
    facts = facts_of(a) or {}
    _fmt, raw = canonical_document(a, redactor_for(a, policy, facts), fmt)  # written as the stored one was
    if hashlib.sha256(raw).hexdigest() == e.assessment_sha256:
        return True, []
    return False, differences(stored, json.loads(raw)) or ["(formatting only)"]


def differences(old: Any, new: Any, path: str = "") -> list[str]:
    """The JSON paths where two documents differ (never their values)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for k in sorted(set(old) | set(new)):
            sub = f"{path}.{k}" if path else k
            out += [sub] if (k in old) != (k in new) else differences(old[k], new[k], sub)
        return out
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return [f"{path} (length)"]
        return [d for i, (x, y) in enumerate(zip(old, new)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if old == new else [path or "(document)"]
