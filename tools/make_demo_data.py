# SPDX-License-Identifier: EUPL-1.2
"""Write the synthetic city that `regelruimte demo` screens: examples/demo_city.parquet.

The demo ships this file (mapped into the wheel) so that `pip install regelruimte` runs the whole
demo without the generator's numpy. Run it again after a change to the bundled policies' facts or
to the generator; tests/test_bundled_data.py fails until you do:

    make demo-data
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLDS = 5_000
SEED = 2026
DATE = "2026-03-01"


def demo_city():  # noqa: ANN201 - polars is imported here, not at module level
    import regelruimte as rr
    from regelruimte.synthetic.population import generate

    policies = rr.load_policies(ROOT / "policies")
    return generate(list(policies.values()), HOUSEHOLDS, seed=SEED, reference_date=DATE)


def main() -> int:
    target = ROOT / "examples" / "demo_city.parquet"
    demo_city().write_parquet(target, compression="zstd", compression_level=19, statistics=False)
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
