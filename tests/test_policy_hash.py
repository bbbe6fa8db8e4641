# SPDX-License-Identifier: EUPL-1.2
"""``policy_sha256`` is the hash of the very bytes that were evaluated (issue 13, item 5).

The loader read a policy file twice, once to parse and once to hash; a file replaced in between
(a deployment, an editor saving) gave a policy whose provenance hash named the other version. Here
threads keep replacing a policy file and a norm file it uses (atomically, as deployments and
editors do) while the main thread loads it: every loaded policy must carry the hash of the
version it holds.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import regelruimte as rr

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LOADS = 150


def _swap(path: Path, versions: list[bytes], stop: threading.Event) -> None:
    temp = path.with_suffix(".tmp")
    i = 0
    while not stop.is_set():
        temp.write_bytes(versions[i % 2])
        os.replace(temp, path)
        i += 1


def test_the_hash_is_of_the_version_that_was_parsed_under_concurrent_replacement(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert text.count('version: "1"') == 1
    versions = [text.encode(), text.replace('version: "1"', 'version: "2"').encode()]
    expected = {"1": hashlib.sha256(versions[0]).hexdigest(), "2": hashlib.sha256(versions[1]).hexdigest()}
    path = tmp_path / "beleid.yaml"
    path.write_bytes(versions[0])
    stop = threading.Event()
    swapper = threading.Thread(target=_swap, args=(path, versions, stop), daemon=True)
    swapper.start()
    seen: dict[str, int] = {"1": 0, "2": 0}
    wrong = 0
    try:
        for _ in range(LOADS):
            p = rr.load_policy(path)
            seen[p.version] += 1
            wrong += p.sha256 != expected[p.version]
    finally:
        stop.set()
        swapper.join()
    assert wrong == 0, f"{wrong} of {LOADS} loads carried the other version's hash"
    assert min(seen.values()) > 0, seen  # both versions were loaded: the replacement did race the loads


def test_the_hash_covers_the_norm_file_as_it_was_parsed(tmp_path: Path) -> None:
    """A policy that uses a norm file hashes the norm file's bytes that were read, not a second read."""
    policy = rr.load_policies()["kwijtschelding_afvalstoffenheffing"]
    source = Path(policy.path)
    rel = next(line.split("-", 1)[1].strip().strip("'\"") for line in source.read_text(encoding="utf-8").splitlines()
               if line.strip().startswith("- ") and line.strip().endswith(".yaml"))
    norms = (source.parent / rel).resolve()
    (tmp_path / "beleid").mkdir()
    target = tmp_path / "beleid" / "kwijtschelding.yaml"
    target.write_bytes(source.read_bytes())
    norm_copy = (target.parent / rel).resolve()
    norm_copy.parent.mkdir(parents=True, exist_ok=True)
    norm_copy.write_bytes(norms.read_bytes())
    loaded = rr.load_policy(target)
    assert loaded.sha256 == hashlib.sha256(source.read_bytes() + norms.read_bytes()).hexdigest()
