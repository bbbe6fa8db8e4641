# SPDX-License-Identifier: EUPL-1.2
"""A writer process for the concurrency and crash tests: ``python writer.py LOG POLICY COUNT [BATCH]``.

Records COUNT decisions (0: until killed), in batches of BATCH (default 1: one at a time), and
prints the number of every entry once its transaction has committed: what it prints is what the
log has acknowledged.
"""

from __future__ import annotations

import itertools
import sys

import regelruimte as rr
from regelruimte.decisions import DecisionLog


def main() -> None:
    url, policy_path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    batch = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    policy = rr.load_policy(policy_path)
    a = rr.assess(policy, {"date": "2026-03-01", "facts": {"inkomen": "12500.00", "vaste_lasten": "1000.00", "periode_maanden": 2}, "id": "zaak"},
                  key="writer-key")
    a.to_json()  # the lazy what-if search of the assessment, once
    log = DecisionLog(url)
    print("ready", flush=True)
    steps = range(count) if count else itertools.count()
    pending = 0
    with log:
        if batch == 1:
            for _ in steps:
                e = log.record(a, decision="use_provision", provision="afwijken", role="teamleider", reason="Het doel weegt zwaarder.")
                print(e.id, flush=True)
            return
        for _ in steps:
            with log.batch() as b:
                for _ in range(batch):
                    b.record(a, decision="signal", role="teamleider", reason="Signaal.")
                pending += batch
            print(" ".join(str(e.id) for e in b.entries), flush=True)


if __name__ == "__main__":
    main()
