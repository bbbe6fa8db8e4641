# SPDX-License-Identifier: EUPL-1.2
"""A synthetic event log of a city, for benchmarks and tests (no real person in it).

Seeded and reproducible: the same arguments give the same records, byte for byte. Households
are numbered ``hh0000001`` … (zero-padded, so the log is sorted as text and as numbers). Each
household belongs to one of the five bundled regulations' worlds, with events in the last few
years before the reference date, drawn so that a share of them matches a signal:

=========  =====  ===========================================================================
world      share  events (probabilities per household)
=========  =====  ===========================================================================
gent       25%    inschrijving_gent; 55% statuut_toegekend (leefloon or verhoogde
                  tegemoetkoming, last 3 years), of which 30% statuut_beeindigd and 45%
                  kansentarief_toegekend later; 5% uitschrijving_gent
alphen     20%    laag_inkomen_begonnen (last 6 years); 35% laag_inkomen_beeindigd later; 30%
                  iit_verleend (last 2 years)
zuidplas   20%    kwijtschelding_verleend (70%) or _afgewezen for last year; 90%
                  aanslag_afvalstoffenheffing this year; 15% a decision on this year already
assen      15%    wmo_melding (last 120 days); 60% wmo_onderzoek_afgerond 10-60 days later
utrecht    20%    wijziging_gemeld (last year); 50% wijziging_verwerkt 5-90 days later; 45%
                  terugvordering_voorgenomen later
=========  =====  ===========================================================================

Every household also gets 0-4 events of a type no policy declares (``adreswijziging``), and
about 1% of events fall after the reference date. With ``bad_rate`` a share of records is
corrupted (an impossible date, an amount with a comma, a missing field), for tests of refusal.
The mix gives about 4 events per household: 250,000 households make about 1,000,000 events.

Command line::

    python -m regelruimte.synthetic.events stad.csv --households 250000 --seed 2026
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

__all__ = ["COLUMNS", "REFERENCE_DATE", "generate", "records"]

REFERENCE_DATE = date(2026, 3, 1)
COLUMNS = ["household", "date", "type", "statuut", "huishouden", "belastingjaar", "bedrag", "soort", "gemeld_op"]
_WORLDS = [("gent", 25), ("alphen", 20), ("zuidplas", 20), ("assen", 15), ("utrecht", 20)]


def records(households: int = 250_000, *, seed: int = 2026, reference: date = REFERENCE_DATE, bad_rate: float = 0.0) -> Iterator[dict[str, Any]]:
    """The records of the synthetic log, household by household (flat, as in a CSV file).

    Args:
        households: How many households.
        seed: The random seed.
        reference: The reference date the events are drawn around.
        bad_rate: The share of records to corrupt (0 for none).
    """
    rng = random.Random(seed)
    worlds = [w for w, _ in _WORLDS]
    weights = [n for _, n in _WORLDS]
    width = max(7, len(str(households)))
    for n in range(1, households + 1):
        hh = f"hh{n:0{width}d}"
        world = rng.choices(worlds, weights)[0]
        events = _WORLD[world](rng, reference)
        for _ in range(rng.randint(0, 4)):
            events.append({"date": reference - timedelta(days=rng.randint(0, 2000)), "type": "adreswijziging"})
        if rng.random() < 0.01:
            events.append({"date": reference + timedelta(days=rng.randint(1, 60)), "type": "wmo_melding"})
        events.sort(key=lambda e: e["date"])
        for event in events:
            row = {c: "" for c in COLUMNS}
            row.update({k: (v.isoformat() if isinstance(v, date) else str(v)) for k, v in event.items()})
            row["household"] = hh
            if bad_rate and rng.random() < bad_rate:
                _corrupt(rng, row)
            yield row


def _days_before(rng: random.Random, reference: date, low: int, high: int) -> date:
    return reference - timedelta(days=rng.randint(low, high))


def _gent(rng: random.Random, ref: date) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"date": _days_before(rng, ref, 200, 9000), "type": "inschrijving_gent"}]
    if rng.random() < 0.55:
        statuut = rng.choice(("leefloon", "verhoogde_tegemoetkoming"))
        start = _days_before(rng, ref, 0, 1100)
        out.append({"date": start, "type": "statuut_toegekend", "statuut": statuut})
        if rng.random() < 0.30:
            out.append({"date": start + timedelta(days=rng.randint(30, 400)), "type": "statuut_beeindigd", "statuut": statuut})
        if rng.random() < 0.45:
            out.append({"date": start + timedelta(days=rng.randint(0, 60)), "type": "kansentarief_toegekend"})
    if rng.random() < 0.05:
        out.append({"date": _days_before(rng, ref, 0, 150), "type": "uitschrijving_gent"})
    return out


def _alphen(rng: random.Random, ref: date) -> list[dict[str, Any]]:
    start = _days_before(rng, ref, 0, 2200)
    out: list[dict[str, Any]] = [{"date": start, "type": "laag_inkomen_begonnen",
                                  "huishouden": rng.choice(("alleenstaande", "alleenstaande_ouder", "gehuwden"))}]
    if rng.random() < 0.35:
        out.append({"date": start + timedelta(days=rng.randint(30, 1500)), "type": "laag_inkomen_beeindigd"})
    if rng.random() < 0.30:
        out.append({"date": _days_before(rng, ref, 0, 730), "type": "iit_verleend"})
    return out


def _zuidplas(rng: random.Random, ref: date) -> list[dict[str, Any]]:
    year = ref.year
    out: list[dict[str, Any]] = []
    kind = "kwijtschelding_verleend" if rng.random() < 0.70 else "kwijtschelding_afgewezen"
    out.append({"date": date(year - 1, 3, 1) + timedelta(days=rng.randint(0, 200)), "type": kind, "belastingjaar": year - 1})
    if rng.random() < 0.90:
        cents = rng.randint(28_000, 36_000)
        out.append({"date": date(year, 1, 31), "type": "aanslag_afvalstoffenheffing", "belastingjaar": year, "bedrag": f"{cents // 100}.{cents % 100:02d}"})
        if rng.random() < 0.15:
            out.append({"date": date(year, 2, 15), "type": rng.choice(("kwijtschelding_verleend", "kwijtschelding_afgewezen")), "belastingjaar": year})
    return out


def _assen(rng: random.Random, ref: date) -> list[dict[str, Any]]:
    melding = _days_before(rng, ref, 0, 120)
    out: list[dict[str, Any]] = [{"date": melding, "type": "wmo_melding"}]
    if rng.random() < 0.60:
        out.append({"date": melding + timedelta(days=rng.randint(10, 60)), "type": "wmo_onderzoek_afgerond"})
    return out


def _utrecht(rng: random.Random, ref: date) -> list[dict[str, Any]]:
    melding = _days_before(rng, ref, 30, 400)
    out: list[dict[str, Any]] = [{"date": melding, "type": "wijziging_gemeld", "soort": rng.choice(("inkomen", "inkomen", "woonsituatie", "vermogen", "overig"))}]
    if rng.random() < 0.50:
        out.append({"date": melding + timedelta(days=rng.randint(5, 90)), "type": "wijziging_verwerkt", "gemeld_op": melding})
    if rng.random() < 0.45:
        out.append({"date": melding + timedelta(days=rng.randint(20, 200)), "type": "terugvordering_voorgenomen"})
    return out


_WORLD = {"gent": _gent, "alphen": _alphen, "zuidplas": _zuidplas, "assen": _assen, "utrecht": _utrecht}


def _corrupt(rng: random.Random, row: dict[str, Any]) -> None:
    choice = rng.randrange(3)
    if choice == 0:
        row["date"] = row["date"][:8] + "31" if row["date"][5:7] in ("02", "04", "06", "09", "11") else "2026-02-30"
    elif choice == 1 and row["bedrag"]:
        row["bedrag"] = row["bedrag"].replace(".", ",")
    else:
        for column in ("statuut", "huishouden", "belastingjaar", "soort", "gemeld_op"):
            if row[column]:
                row[column] = ""
                return
        row["date"] = "gisteren"


def generate(path: str | Path, households: int = 250_000, *, seed: int = 2026, reference: date = REFERENCE_DATE, bad_rate: float = 0.0) -> int:
    """Write the synthetic log to a ``.csv`` file (streamed) or a ``.parquet`` file.

    Returns:
        The number of records written.
    """
    path = Path(path)
    rows = records(households, seed=seed, reference=reference, bad_rate=bad_rate)
    if path.suffix.lower() == ".parquet":
        import polars as pl

        frame = pl.DataFrame(list(rows), schema={c: pl.Utf8 for c in COLUMNS})
        frame.write_parquet(path)
        return frame.height
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic city event log for regelruimte signals.")
    parser.add_argument("path", help="output file (.csv or .parquet)")
    parser.add_argument("--households", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reference", default=REFERENCE_DATE.isoformat(), help="reference date, YYYY-MM-DD")
    parser.add_argument("--bad-rate", type=float, default=0.0, help="share of records to corrupt")
    args = parser.parse_args(argv)
    n = generate(args.path, args.households, seed=args.seed, reference=date.fromisoformat(args.reference), bad_rate=args.bad_rate)
    print(f"{n} records for {args.households} households written to {args.path}")


if __name__ == "__main__":  # pragma: no cover
    main()
