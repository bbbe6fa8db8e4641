# SPDX-License-Identifier: EUPL-1.2
"""The bases of format 3 (:mod:`.document`) a log writes and reads with.

Per policy version the log keeps one base: the uncompressed bytes of one of its stored assessments,
the dictionary the version's other documents are compressed with. The first document a log stores
for a version becomes its base; a log opened later finds that base in ``rr_bases`` and goes on
with it (two writers that start at once may each store one: both are kept, each document names its
own). A base is written in the same transaction as the first document that uses it, and is sent
along with every document until such a transaction has committed, so no stored document can name
a base that is not there. A base whose bytes no longer hash to its key is not used to write, and
the documents that name it read as damaged.
"""

from __future__ import annotations

import hashlib
import threading
from typing import TYPE_CHECKING

from .document import Base, compress, decompress

if TYPE_CHECKING:
    from .store import Store

BaseRow = tuple[str, str, bytes]
"""A row of ``rr_bases``: the base's SHA-256, its policy version's hash, its compressed bytes."""


def loaded(sha256: str, body: bytes) -> Base | None:
    """The base stored under ``sha256`` (None when its bytes are damaged or changed)."""
    try:
        raw = decompress(body, 2)
    except ValueError:
        return None
    return Base(sha256, raw) if hashlib.sha256(raw).hexdigest() == sha256 else None


class Bases:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._by_policy: dict[str, Base] = {}
        self._by_sha: dict[str, Base | None] = {}
        self._unconfirmed: dict[str, BaseRow] = {}
        """Bases not yet in a committed transaction: each document that uses one carries its row."""

    def for_document(self, policy_sha256: str, sha256: str, raw: bytes) -> tuple[Base, BaseRow | None]:
        """The base to compress a new document of this policy version with, and the base's row
        when it must be written with the document."""
        with self._lock:
            base = self._by_policy.get(policy_sha256)
        if base is None:
            found = self.store.base_of_policy(policy_sha256)
            base = loaded(*found) if found is not None else None
            with self._lock:
                if base is None:  # none yet (or one that was changed): this document is the base
                    base = Base(sha256, raw)
                    self._unconfirmed.setdefault(sha256, (sha256, policy_sha256, compress(raw, 2)))
                base = self._by_policy.setdefault(policy_sha256, base)
                self._by_sha.setdefault(base.sha256, base)
        with self._lock:
            return base, self._unconfirmed.get(base.sha256)

    def confirm(self, shas: set[str]) -> None:
        """These bases are in the log now (their transaction committed)."""
        with self._lock:
            for sha in shas:
                self._unconfirmed.pop(sha, None)

    def get(self, sha256: str) -> Base | None:
        """The base stored under ``sha256``, for reading (None: missing, damaged or changed)."""
        with self._lock:
            if sha256 in self._by_sha:
                return self._by_sha[sha256]
        found = self.store.base(sha256)
        base = loaded(sha256, found[1]) if found is not None else None
        with self._lock:
            return self._by_sha.setdefault(sha256, base)
