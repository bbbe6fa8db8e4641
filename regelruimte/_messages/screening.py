# SPDX-License-Identifier: EUPL-1.2
"""Screening a population: its files, columns and values (named, never shown)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Dutch, English)
    # -- screening a population
    "file-missing": ("{path}: dit bestand bestaat niet", "{path}: no such file"),
    "file-unreadable": ("{path}: het bestand kan niet gelezen worden ({reason})", "{path}: cannot read the file ({reason})"),
    "population-suffix": ("{path}: geef een .parquet- of .csv-bestand", "{path}: give a .parquet or .csv file"),
    "population-type": ("een {kind} kan niet gescreend worden; geef een polars-, pandas- of Arrow-tabel of het pad van een Parquet- of CSV-bestand",
                        "cannot screen a {kind}; give a polars, pandas or Arrow table or a Parquet/CSV path"),
    "csv-separator": ("{path}: het scheidingsteken tussen kolommen is niet te bepalen: geen komma, puntkomma of tab deelt elke regel "
                      "in evenveel kolommen als de kopregel",
                      "{path}: cannot tell the column separator: no comma, semicolon or tab splits every line into as many columns as the header"),
    "column-number": ("nummer {n}", "number {n}"),
    "column-mixed-types": ("kolom {column}: waarden van verschillende soorten (tekst en getallen); eerste rij van een andere soort: {row}",
                           "column {column}: values of different types (text and numbers); first row of another type: {row}"),
    "table-not-columns": ("de tabel kan niet omgezet worden in kolommen", "the table cannot be converted to columns"),
    "reference-date": ("de peildatum is {reason}", "the reference date is {reason}"),
    "screen-no-policy-on": ("geen regeling geldt op {date}", "no policy is valid on {date}"),
    "fact-types-differ": ("feit {fact} heeft verschillende soorten in verschillende regelingen; geef er een een andere naam",
                          "fact {fact} has different types in different policies; rename one"),
    "columns-wrong-values": ("{n} kolom(men) met verkeerde waarden: {problems}", "{n} column(s) with wrong values: {problems}"),
    "column-wrong-values": ("kolom {column}: {n} waarde(n) zijn niet {expected}", "column {column}: {n} value(s) are not {expected}"),
    "column-wrong-values-rows": ("kolom {column}: {n} waarde(n) zijn niet {expected} (eerste rijen: {rows})",
                                 "column {column}: {n} value(s) are not {expected} (first rows: {rows})"),
    "no-fact-column": ("geen enkele kolom van de populatie is een feit van de regelingen ({columns} kolom(men), {facts} feiten); "
                       "hebben de kolommen de namen van de feiten (docs/facts.md), en is de CSV gescheiden door komma's of puntkomma's?",
                       "not one column of the population is a fact of the regulations ({columns} column(s), {facts} facts); "
                       "are the columns named after the facts (docs/facts.md), and is the CSV separated by commas or semicolons?"),
    "column-name-taken": ("{option} mag niet {name} zijn: de uitkomst heeft een kolom met die naam", "{option} may not be {name}: the result has a column of that name"),
    "id-district-same": ("id_column en district_column moeten verschillende kolommen zijn", "id_column and district_column must be different columns"),
    "period-column-missing": ("een populatie in perioden heeft de kolommen {start} en {end}; {name} ontbreekt",
                              "a population in periods has the columns {start} and {end}; {name} is missing"),
    "period-column-wrong": ("kolom {name}: {n} rij(en) zonder {expected}", "column {name}: {n} row(s) without {expected}"),
    "periods-outside-policy": ("{n} rij(en) met een periode die begint als regeling {policy} niet geldt (die geldt van {start} tot {until})",
                               "{n} row(s) with a period that starts when regulation {policy} is not in force (it is in force from {start} until {until})"),
    "per-period-needs-periods": ("per='period' vraagt een populatie in perioden: één rij per persoon en periode, met de kolommen period_start en period_end",
                                 "per='period' needs a population in periods: one row per person and period, with the columns period_start and period_end"),
    "dask-policy-no-file": ("regeling {policy} is niet uit een bestand geladen; screen_dask stuurt de workers het pad van het bestand",
                            "policy {policy} was not loaded from a file; screen_dask sends the workers the file path"),
    "dask-policy-changed": ("{path}: het bestand van de regeling (of een normenbestand dat ze gebruikt) is veranderd sinds de client het laadde",
                            "{path}: the policy file (or a norm file it uses) changed since the client loaded it"),
    "partition-number": ("partitie {n}", "partition {n}"),
    "partition-some": ("een partitie", "a partition"),
    "dask-partition": ("{where} (rijnummers tellen binnen de partitie): {reason}", "{where} (row numbers count within it): {reason}"),
    "dask-no-id-column": ("de populatie heeft geen id-kolom {column}; een verdeelde screening heeft er een nodig (rijnummers beginnen in elke partitie opnieuw)",
                          "the population has no id column {column}; a distributed screening needs one (row numbers restart in every partition)"),
    "dask-no-rows": ("de screening heeft geen rijen om samen te vatten", "the screening has no rows to summarise"),
}
