# SPDX-License-Identifier: EUPL-1.2
"""The regulations a running service serves: loaded once, swapped whole on an explicit reload.

A request takes the current :class:`Snapshot` once, when it arrives, and uses that one to the end
(its headers included), so a reload in the middle of a request never mixes two versions of the
regulations. A reload builds a complete new snapshot first and then replaces the reference in one
assignment; a reload that fails keeps the old snapshot, whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import regelruimte as rr

from . import _library as lib


@dataclass(frozen=True)
class Snapshot:
    """One loaded set of regulations, immutable, with what is derived from it."""

    policies: rr.PolicySet
    loaded_at: datetime
    sha256: str
    """One hash over every policy's id, version and content hash: which set answered."""
    _cache: dict[tuple[str, str, str], Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def of(cls, policies: rr.PolicySet) -> Snapshot:
        digest = hashlib.sha256()
        for pid in policies:
            for p in policies.versions(pid):
                digest.update(f"{p.id}\0{p.version}\0{p.sha256}\n".encode())
        return cls(policies=policies, loaded_at=datetime.now(UTC).replace(microsecond=0), sha256=digest.hexdigest())

    def versions(self, policy_id: str) -> tuple[rr.Policy, ...]:
        """Every version of one regulation, oldest first; KeyError when there is no such regulation."""
        return self.policies.versions(policy_id)

    def newest(self, policy_id: str) -> rr.Policy:
        return self.policies[policy_id]

    def on(self, policy_id: str, day: date | None) -> rr.Policy | None:
        """The version valid on ``day`` (the newest when ``day`` is None); None when none is."""
        if day is None:
            return self.policies[policy_id]
        return next((p for p in self.versions(policy_id) if p.applies_on(day)), None)

    def for_case(self, day: date) -> list[rr.Policy]:
        """Per regulation the version valid on ``day``, or the newest (which ``assess_all`` then
        lists as skipped)."""
        return [self.on(pid, day) or self.policies[pid] for pid in self.policies]

    def review(self, policy: rr.Policy) -> rr.Review:
        """The review of ``policy``, computed once per snapshot (a policy never changes in one)."""
        result: rr.Review = self._memo("review", policy, rr.review)
        return result

    def case_schema(self, policy: rr.Policy) -> bytes:
        """The JSON Schema of a case for ``policy``, as JSON, made once per snapshot."""
        result: bytes = self._memo("case-schema", policy, lambda p: json.dumps(lib.case_schema(p), ensure_ascii=False).encode())
        return result

    def _memo(self, kind: str, policy: rr.Policy, make: Callable[[rr.Policy], Any]) -> Any:
        key = (kind, policy.id, policy.version)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        value = make(policy)  # outside the lock: two threads may both make it once, never half
        with self._lock:
            return self._cache.setdefault(key, value)


class Registry:
    """Holds the current snapshot; ``reload`` swaps in a new one, one reload at a time.

    With several worker processes, each has its own registry. A reload in one of them (or SIGHUP
    to the main process) writes a new token to the shared ``generation`` file; every worker
    watches it (:meth:`follow`) and reloads within a second. Each swap is whole; for that second,
    workers may answer from different sets, and the Regelruimte-Policies-Sha256 header says which.
    """

    def __init__(self, load: Callable[[], rr.PolicySet], generation: Path | None = None) -> None:
        self._load = load
        self._reload_lock = threading.Lock()
        self.generation = generation
        self.seen = read_generation(generation)
        self.current = Snapshot.of(load())
        self.reloads = 0

    def reload(self, *, announce: bool = True) -> Snapshot:
        """Load the regulations again and swap them in whole. Raises :class:`rr.PolicyLoadError`
        (the old snapshot stays) when a policy file is wrong. ``announce``: tell the other workers."""
        with self._reload_lock:
            fresh = Snapshot.of(self._load())
            self.current = fresh
            self.reloads += 1
            if announce and self.generation is not None:
                self.seen = write_generation(self.generation)
            return fresh

    def follow(self) -> Snapshot | None:
        """Reload when another worker (or SIGHUP to the main process) announced a reload."""
        token = read_generation(self.generation)
        if token == self.seen:
            return None
        self.seen = token
        return self.reload(announce=False)


def read_generation(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        return ""


def write_generation(path: Path) -> str:
    """A new random token in the generation file, written whole (a rename)."""
    token = secrets.token_hex(8)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
    tmp.write_text(token, encoding="ascii")
    tmp.replace(path)
    return token
