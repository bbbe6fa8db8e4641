# SPDX-License-Identifier: EUPL-1.2
"""Signals over event logs, and the signals engine."""

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Dutch, English)
    # -- signals over event logs
    "events-type": ("gebeurtenissen zijn een bestand, een DataFrame of een reeks records (mappings)", "events must be a file, a DataFrame or an iterable of records (mappings)"),
    "events-unreadable": ("{path}: het gebeurtenissenbestand kan niet gelezen worden", "{path}: cannot read the event log"),
    "events-suffix": ("{path}: een gebeurtenissenbestand is een .csv-, .jsonl-, .json- of .parquet-bestand", "{path}: event logs are .csv, .jsonl, .json or .parquet files"),
    "events-not-utf8": ("{path}: geen UTF-8-tekst", "{path}: not UTF-8 text"),
    "events-csv-columns": ("{path}: een CSV-bestand met gebeurtenissen heeft de kolommen household, date en type nodig",
                           "{path}: a CSV event log needs the columns household, date and type"),
    "events-json": ("{path}: {reason}", "{path}: {reason}"),
    "events-json-list": ("{path}: een JSON-bestand met gebeurtenissen is een lijst van records", "{path}: a JSON event log is a list of records"),
    "events-household-column": ("het gebeurtenissenbestand heeft een kolom 'household' nodig", "the event log needs a column 'household'"),
    "events-not-grouped": ("de gebeurtenissen staan niet per huishouden bij elkaar (record {record}): sorteer eerst op huishouden "
                           "(regelruimte signals --sort, of geef een DataFrame)",
                           "the event log is not grouped by household (record {record}): sort it by household first "
                           "(regelruimte signals --sort, or pass a DataFrame)"),
    "signals-policies-no-file": ("workerprocessen laden de regelingen uit hun bestanden; deze regelingen hebben geen bestand (gebruik workers=0)",
                                 "worker processes load the policies from their files; these policies have no file (use workers=0)"),
    "signals-reference-date": ("de peildatum moet een datum zijn als JJJJ-MM-DD tussen 1900 en 2199",
                               "the reference date must be a date as YYYY-MM-DD between 1900 and 2199"),
    "signal-target-missing": ("signaal {signal} van {policy} beoordeelt regeling {target}, maar die is niet meegegeven",
                              "signal {signal} of {policy} assesses policy {target}, which was not given"),
    "policy-two-versions": ("twee versies van regeling {policy} gelden op {date}: {one} en {other}", "two versions of policy {policy} apply on {date}: {one} and {other}"),
    "event-type-differs": ("soort gebeurtenis {type} heeft andere velden bij {one} dan bij {other}; een gebeurtenissenbestand heeft één betekenis per soort nodig",
                           "event type {type} is declared with different fields by {one} and {other}; one event log needs one meaning per type"),
    "engine-failed": ("de signaleringsmachine faalde: {detail}", "{detail}"),
}
