# SPDX-License-Identifier: EUPL-1.2
"""The exact bytes of a policy version, kept in the log so a decision can be replayed on them.

A policy's hash (``Policy.sha256``) covers its file and the norm files it ``uses``, in that order.
The log keeps those bytes under that hash, once per version. Replay writes them back into a
temporary folder in the same relative layout and loads them: what is replayed is exactly what was
decided on, whatever happened to the files since. Before the bytes are kept they are read again and
hashed: a file edited after it was loaded is refused, so the log never claims bytes it did not use.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import regelruimte as rr

from ._internal import DecisionLogError


def bundle(policy: rr.Policy) -> list[tuple[str, bytes]]:
    """``(path, bytes)`` of the policy file (its name) and each norm file (as written in ``uses``)."""
    if not policy.path:
        raise DecisionLogError("log-policy-no-file", policy=repr(policy.id))
    path = Path(policy.path)
    try:
        files = [(path.name, path.read_bytes())]
        files += [(rel, (path.parent / rel).read_bytes()) for rel in policy.uses]
    except OSError:
        raise DecisionLogError("log-policy-unreadable", path=path) from None
    if digest(files) != policy.sha256:
        raise DecisionLogError("log-policy-changed", path=path)
    return files


def digest(files: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for _, content in files:
        h.update(content)
    return h.hexdigest()


def restore(files: list[tuple[str, bytes]], into: Path) -> Path:
    """Write the files into ``into`` (deep enough for every ``../``) and return the policy file."""
    depth = max((rel.count("..") for rel, _ in files[1:]), default=0)
    home = into.joinpath(*(["p"] * (depth + 1)))
    home.mkdir(parents=True, exist_ok=True)
    for i, (rel, content) in enumerate(files):
        target = (home / rel).resolve()
        if into.resolve() not in target.parents or (i == 0 and "/" in rel):
            raise DecisionLogError("log-unsafe-path")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return home / files[0][0]


def load(files: list[tuple[str, bytes]]) -> rr.Policy:
    """The policy loaded from stored bytes (in a temporary folder that is removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="rr-replay-") as tmp:
        path = restore(files, Path(tmp))
        try:
            return rr.load_policy(path)
        except rr.PolicyLoadError as exc:
            raise DecisionLogError("log-policy-no-longer-loads", n=len(exc.problems)) from None

