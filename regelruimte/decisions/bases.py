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

A base of format 4 (:mod:`.lean`) holds the constants of its policy version as well: when a lean
document holds a result the base has no constants for, ``prepare`` makes a new base with the
constants of both (:meth:`Bases.extend`), and the version's later documents use that one. Every
base stays (the documents that name it are read with it).
"""

from __future__ import annotations

import hashlib
import threading
from typing import TYPE_CHECKING

from .document import BASED, LEAN, Base, compress, decompress, orjson

if TYPE_CHECKING:
    from .lean import Constants
    from .store import Store

BaseRow = tuple[str, str, bytes, int]
"""A row of ``rr_bases``: the base's SHA-256, its policy version's hash, its compressed bytes, its
format (3, or 4: :mod:`.lean`)."""


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
        self._lean: dict[str, Base | None] = {}
        """Per policy version, the base of format 4 new documents are written with (None: none yet)."""
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
                    self._unconfirmed.setdefault(sha256, (sha256, policy_sha256, compress(raw, 2), BASED))
                base = self._by_policy.setdefault(policy_sha256, base)
                self._by_sha.setdefault(base.sha256, base)
        with self._lock:
            return base, self._unconfirmed.get(base.sha256)

    def lean_base(self, policy_sha256: str) -> Base | None:
        """The base of format 4 to write this policy version's lean documents with (None: none yet)."""
        with self._lock:
            if policy_sha256 in self._lean:
                return self._lean[policy_sha256]
        found = self.store.base_of_policy(policy_sha256, LEAN)
        base = loaded(*found) if found is not None else None
        with self._lock:
            base = self._lean.setdefault(policy_sha256, base)
            if base is not None:
                self._by_sha.setdefault(base.sha256, base)
            return base

    def extend(self, policy_sha256: str, constants: Constants, document: bytes) -> Base:
        """A new base of format 4 for this policy version, holding ``constants`` and a lean
        document (the one whose constants were added), which it is written with from now on."""
        raw = b'{"constants":' + orjson.dumps(constants, option=orjson.OPT_SORT_KEYS) + b',"document":' + document + b"}"
        sha = hashlib.sha256(raw).hexdigest()
        base = Base(sha, raw, constants)
        with self._lock:
            self._unconfirmed.setdefault(sha, (sha, policy_sha256, compress(raw, 2), LEAN))
            self._lean[policy_sha256] = base
            self._by_sha.setdefault(sha, base)
        return base

    def row(self, base: Base) -> BaseRow | None:
        """The row of ``base`` when it must be written with a document that uses it."""
        with self._lock:
            return self._unconfirmed.get(base.sha256)

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
