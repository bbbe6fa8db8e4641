# SPDX-License-Identifier: EUPL-1.2
"""Ghent-style proactive screening of a synthetic city: who is entitled but not receiving?

Ghent grants rights proactively from data it already holds (domain notes §3.2). This example
does the same on a synthetic city (``regelruimte.synthetic.population``: nobody in it exists, the
distributions are illustrative): every household is screened against every bundled regulation
on 2026-03-01, and the script prints, as aggregates only (never an id or a household's facts):

* non-take-up per regulation: entitled on the letter, not receiving, and the money involved;
* non-take-up per district, and the households with at least one unclaimed right;
* the top tensions: where the letter and the purpose of a regulation part.

Counts below 10 are shown as "<10" (small-cell suppression), as a real report must.

Run: ``python examples/ghent_style_screening.py [--n 50000] [--seed 0]``
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.table import Table

import regelruimte as rr
from regelruimte.synthetic.population import generate

ROOT = Path(__file__).resolve().parents[1]
PEILDATUM = date(2026, 3, 1)
SMALL = 10


def count(n: int) -> str:
    return f"<{SMALL}" if 0 < n < SMALL else f"{n:,}"


def euros(value: object) -> str:
    return "€ " + f"{float(value or 0):,.0f}".replace(",", ".")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000, help="households in the synthetic city (default 50,000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the synthetic city")
    args = parser.parse_args(argv)
    console = Console(width=None if sys.stdout.isatty() else 130)

    started = time.perf_counter()
    policies = rr.load_policies(ROOT / "policies")
    city = generate(policies, args.n, seed=args.seed, reference_date=PEILDATUM)
    generated = time.perf_counter()
    result = rr.screen(policies, city, date=PEILDATUM)
    screened = time.perf_counter()
    titles = {pid: p.title for pid, p in policies.items()}
    adverse = {pid for pid, p in policies.items() if p.outcome.adverse}

    console.print(f"[bold]Synthetic city[/]: {args.n:,} households in {city['wijk'].n_unique()} districts, "
                  f"{len(result.policies)} regulations, peildatum {PEILDATUM.isoformat()}")
    console.print(f"generated in {generated - started:.1f} s, screened in {screened - generated:.1f} s "
                  f"({args.n * len(result.policies) / (screened - generated):,.0f} household-regulations per second)\n")

    # -- per regulation
    table = Table(title="Non-take-up per regulation (entitled on the letter, not receiving)")
    for col in ("regulation", "entitled", "receiving", "not receiving", "share not receiving", "amount not taken up"):
        table.add_column(col, justify="left" if col == "regulation" else "right")
    for row in result.summary.iter_rows(named=True):
        pid = str(row["policy"])
        granted, nt = int(row["granted"]), int(row["non_take_up"])
        if pid in adverse:
            table.add_row(f"{pid} [dim](adverse: a recovery is not taken up)[/]", count(granted), "", "", "", "")
            continue
        share = f"{nt / granted:.0%}" if granted else ""
        table.add_row(pid, count(granted), count(granted - nt), count(nt), share, euros(row["amount_not_taken_up"]))
    console.print(table)

    # -- per district (benefits only: adverse outcomes are not rights)
    frame = result.frame if isinstance(result.frame, pl.DataFrame) else pl.from_pandas(result.frame)
    benefits = frame.filter(~pl.col("policy").cast(pl.String).is_in(list(adverse)))
    per_district = (
        benefits.group_by("wijk")
        .agg(
            pl.col("id").n_unique().alias("households"),
            (pl.col("letter") == "granted").sum().alias("entitlements"),
            pl.col("non_take_up").sum().alias("unclaimed"),
            pl.col("id").filter(pl.col("non_take_up")).n_unique().alias("households_unclaimed"),
            pl.col("amount").filter(pl.col("non_take_up")).sum().alias("amount"),
        )
        .with_columns((pl.col("unclaimed") / pl.col("entitlements")).alias("share"), (pl.col("households_unclaimed") / pl.col("households")).alias("reach"))
        .sort("households_unclaimed", descending=True)
    )
    table = Table(title="Non-take-up per district (benefit regulations)")
    for col in ("district", "households", "entitlements", "unclaimed", "share unclaimed", "households with an unclaimed right", "amount"):
        table.add_column(col, justify="left" if col == "district" else "right")
    for row in per_district.iter_rows(named=True):
        table.add_row(str(row["wijk"]), count(row["households"]), count(row["entitlements"]), count(row["unclaimed"]),
                      f"{row['share']:.0%}" if row["entitlements"] else "", f"{count(row['households_unclaimed'])} ({row['reach']:.1%})", euros(row["amount"]))
    console.print(table)
    total = benefits.filter(pl.col("non_take_up"))["id"].n_unique()
    console.print(f"Households with at least one unclaimed right: {count(total)} of {args.n:,} ({total / max(args.n, 1):.1%}); "
                  "a Ghent-style municipality would offer these rights without waiting for an application.\n")

    # -- top tensions
    tensions = (
        frame.filter(pl.col("tension").cast(pl.String).is_in(["letter_blocks_intent", "letter_exceeds_intent"]))
        .group_by("policy", "tension")
        .agg(pl.len().alias("households"))
        .sort("households", descending=True)
        .head(8)
    )
    table = Table(title="Top tensions between letter and purpose")
    for col in ("regulation", "tension", "households", "what it means"):
        table.add_column(col, justify="right" if col == "households" else "left")
    for row in tensions.iter_rows(named=True):
        pid, kind = str(row["policy"]), str(row["tension"])
        meaning = ("the letter refuses (or gives less than) what the purpose calls for: room to deviate (Awb 4:84, hardship clause)"
                   if kind == "letter_blocks_intent" else "the letter goes beyond the purpose: a signal for the policy reviewer, never for the citizen")
        if pid in adverse and kind == "letter_blocks_intent":
            meaning = "the recovery on the letter is heavier than its purpose: a proportionality question"
        table.add_row(f"{pid}\n[dim]{titles.get(pid, '')}[/]", kind, count(row["households"]), meaning)
    console.print(table)
    console.print(f"[dim]Synthetic data (regelruimte.synthetic.population, seed {args.seed}); illustrative distributions, not facts about any place. "
                  f"Total {time.perf_counter() - started:.1f} s.[/]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
