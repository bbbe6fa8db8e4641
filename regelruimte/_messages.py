# SPDX-License-Identifier: EUPL-1.2
"""Every message regelruimte shows when something is wrong, keyed by a stable code, in Dutch and
English: the errors the library raises, the command line's refusals and its warnings.

A message names files, fields, options and counts, never a fact value. :class:`Text` is one
message with its parameters, rendered in a language when it is shown (a parameter may itself be a
:class:`Text`, rendered in the same language); :func:`message` fills one in directly (``nl`` by
default, as ``--lang``). The library's exceptions say English in ``str(exc)`` and any language
through ``exc.message(lang)``. ``tests/test_messages.py`` checks that every code has both
languages with the same placeholders. This module imports nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Dutch, English)
    # -- the command line --------------------------------------------------------------------
    "path-missing": ("{path}: dit bestand of deze map bestaat niet", "{path}: no such file or directory"),
    "no-policy-files": ("{path}: geen regelingen (*.yaml) gevonden", "{path}: no policy files (*.yaml) found"),
    "policies-env-not-dir": ("REGELRUIMTE_POLICIES is geen map", "REGELRUIMTE_POLICIES is not a directory"),
    "policies-invalid": ("{n} probleem of problemen in de regelingen; voer 'regelruimte check' uit",
                         "{n} problem(s) in the policies; run 'regelruimte check'"),
    "policies-invalid-at": ("{n} probleem of problemen in de regelingen; voer 'regelruimte check {path}' uit",
                            "{n} problem(s) in the policies; run 'regelruimte check {path}'"),
    "policy-invalid": ("{n} probleem of problemen in de regeling; voer 'regelruimte check {path}' uit",
                       "{n} problem(s) in the policy; run 'regelruimte check {path}'"),
    "case-missing": ("{path}: dit zaakbestand bestaat niet", "{path}: no such case file"),
    "case-not-object": ("{path}: een zaak is een JSON-object met 'date' en 'facts'", "{path}: a case is a JSON object with 'date' and 'facts'"),
    "case-file-refused": ("{path}: {reason}", "{path}: {reason}"),
    "output-is-folder": ("{path}: dit is een map; --output noemt een bestand", "{path}: is a folder; --output names a file"),
    "output-not-regular": ("{path}: geen gewoon bestand; --output noemt een bestand", "{path}: not a regular file; --output names a file"),
    "output-no-folder": ("{path}: deze map bestaat niet (voor --output)", "{path}: no such folder (for --output)"),
    "output-not-writable": ("{path}: in deze map kan niet geschreven worden (voor --output)", "{path}: cannot write in this folder (for --output)"),
    "output-failed": ("{path}: kan niet schrijven ({reason}); een eerder bestand daar is niet veranderd",
                      "{path}: cannot write ({reason}); a previous file there is unchanged"),
    "output-kept": ("de uitkomsten staan in plaats daarvan in {path} (alleen voor u leesbaar; verplaats of verwijder het)",
                    "the results were written to {path} instead (readable only by you; move or delete it)"),
    "output-lost": ("de uitkomsten konden ook elders niet bewaard worden", "the results could not be kept either"),
    "output-suffix": ("--output moet eindigen op .parquet of .csv", "--output must end in .parquet or .csv"),
    "population-missing": ("{path}: dit populatiebestand bestaat niet", "{path}: no such population file"),
    "population-unreadable": ("{path}: de populatie kan niet gelezen worden ({kind})", "{path}: cannot read the population ({kind})"),
    "events-missing": ("{path}: dit gebeurtenissenbestand bestaat niet", "{path}: no such event log"),
    "option-date": ("{option} moet een datum zijn als JJJJ-MM-DD", "{option} must be a date as YYYY-MM-DD"),
    "option-kind": ("--kind is policy of norms", "--kind must be policy or norms"),
    "api-extra-missing": ("de HTTP-API heeft de extra 'api' nodig: pip install 'regelruimte[api]' ({module} ontbreekt)",
                          "the HTTP API needs the api extra: pip install 'regelruimte[api]' ({module} is missing)"),
    "api-option-invalid": ("ongeldige optie {option}: {reason}", "invalid option {option}: {reason}"),
    "api-cannot-listen": ("kan niet luisteren op {host}:{port} ({reason})", "cannot listen on {host}:{port} ({reason})"),
    "warning-values-shown": ("let op: de uitvoer bevat waarden van feiten (persoonsgegevens)",
                             "warning: the output contains fact values (personal data)"),
    "warning-households-shown": ("let op: de uitvoer bevat nummers van huishoudens (persoonsgegevens)",
                                 "warning: the output contains household ids (personal data)"),
    "warning-columns": ("let op: {n} feit(en) zonder kolom, onbekend voor iedereen: {names}; {m} kolom(men) die geen feit zijn: {columns}",
                        "warning: {n} fact(s) without a column, unknown for everyone: {names}; {m} column(s) that are no fact: {columns}"),
    "signals-summary": ("{households} huishoudens, {events} gebeurtenissen, signalen voor {signalled} huishoudens, {refused} records geweigerd, "
                        "{too_large} huishoudens geweigerd (te veel gebeurtenissen), {ignored} genegeerd, {seconds} s",
                        "{households} households, {events} events, signals for {signalled} households, {refused} records refused, "
                        "{too_large} households refused (too many events), {ignored} ignored, {seconds} s"),
    "bundled-missing": ("de meegeleverde regelingen zijn niet gevonden; zet REGELRUIMTE_POLICIES of installeer het pakket opnieuw",
                        "the bundled policies are not found; set REGELRUIMTE_POLICIES or reinstall the package"),
    "and-more": ("en nog {n}", "and {n} more"),
    # -- errors of the library: the frame of a list of problems --------------------------------
    "policy-problem": ("{n} probleem in het bestand van de regeling", "{n} problem in policy file"),
    "policy-problems": ("{n} problemen in het bestand van de regeling", "{n} problems in policy file"),
    "policy-problems-files": ("{n} problemen in de bestanden van de regelingen", "{n} problems in policy files"),
    "case-problems": ("{n} probleem of problemen in de zaak", "{n} problem(s) in the case"),
    "case-problems-for": ("{n} probleem of problemen in de zaak voor regeling {policy}", "{n} problem(s) in the case for policy {policy}"),
    "fact-problem": ("{fact}: {message} (verwacht: {expected})", "{fact}: {message} (expected {expected})"),
    # -- a case and its facts ----------------------------------------------------------------
    "fact-wrong-value": ("verkeerde waarde: {reason}", "wrong value: {reason}"),
    "fact-below-minimum": ("lager dan het minimum", "below the minimum"),
    "fact-above-maximum": ("hoger dan het maximum", "above the maximum"),
    "unknown-facts": ("{n} onbekende naam of namen van feiten, hier niet herhaald", "{n} unknown fact name(s), not repeated here"),
    "unknown-facts-hint": ("{n} onbekende naam of namen van feiten, hier niet herhaald; bedoelt u {names}?",
                           "{n} unknown fact name(s), not repeated here; did you mean {names}?"),
    "unknown-case-fields": ("{n} onbekend veld of onbekende velden, hier niet herhaald", "{n} unknown field(s), not repeated here"),
    "case-not-mapping": ("de zaak is geen mapping (een JSON-object)", "the case is not a mapping"),
    "facts-not-mapping": ("de feiten zijn geen mapping (een JSON-object)", "facts are not a mapping"),
    "field-missing": ("ontbreekt", "missing"),
    "field-unknown": ("een onbekend veld", "an unknown field"),
    "field-not-valid": ("niet geldig", "not valid"),
    "facts-of-policy": ("feiten van deze regeling", "facts of this policy"),
    "facts-of-any-regulation": ("feiten van een van de regelingen", "facts of any of the regulations"),
    "facts-of-any-period-regulation": ("feiten per periode van een regeling die per periode werkt", "per-period facts of a regulation applied per period"),
    "facts-of-provenance": ("feiten van de herkomst", "facts of the provenance"),
    "fact-problem-for": ("{message} (voor {policy})", "{message} (for {policy})"),
    "expect-case-mapping": ("een mapping met 'date' en 'facts'", "a mapping with 'date' and 'facts'"),
    "expect-case-field": ("een bekend veld van een zaak: date, facts, id, provenance, periods", "a known case field: date, facts, id, provenance, periods"),
    "expect-facts-mapping": ("een mapping van namen van feiten naar waarden", "a mapping of fact names to values"),
    "expect-provenance": ("per feit: source (register, document of statement), register of document (een naam), as_of (JJJJ-MM-DD), "
                          "supplied_by (citizen of official)",
                          "per fact: source (register, document or statement), register or document (a name), as_of (YYYY-MM-DD), "
                          "supplied_by (citizen or official)"),
    "expect-periods": ("een lijst van perioden, elk met start en end (JJJJ-MM-DD) en de feiten van die periode",
                       "a list of periods, each with start and end (YYYY-MM-DD) and the facts of that period"),
    "expect-case-json": ("een JSON-object in UTF-8 met 'date' en 'facts'", "a JSON object in UTF-8 with 'date' and 'facts'"),
    "expect-case-object": ("een JSON-object met 'date' en 'facts'", "a JSON object with 'date' and 'facts'"),
    "not-json-object": ("geen JSON-object", "not a JSON object"),
    "expect-one-of": ("een van: {values}", "one of {values}"),
    "expect-bool": ("waar of niet waar (true of false)", "true or false"),
    "expect-int": ("een heel getal", "a whole number"),
    "expect-money": ("een bedrag in euro's met hoogstens twee decimalen, bijvoorbeeld 1234.56", "an amount in euros with at most two decimals, e.g. 1234.56"),
    "expect-decimal": ("een getal, bijvoorbeeld 0.5", "a number, e.g. 0.5"),
    "expect-date": ("een datum als JJJJ-MM-DD", "a date as YYYY-MM-DD"),
    "expect-text": ("tekst", "text"),
    "expect-between": ("{what} (>= {low} en <= {high})", "{what} (>= {low} and <= {high})"),
    "expect-at-least": ("{what} (>= {low})", "{what} (>= {low})"),
    "expect-at-most": ("{what} (<= {high})", "{what} (<= {high})"),
    "value-not-unicode": ("geen geldige Unicode-tekst", "not valid Unicode text"),
    "value-register-name": ("een naam van een register hoort bij source 'register'", "a register name goes with source 'register'"),
    "value-document-name": ("een naam van een document hoort bij source 'document'", "a document name goes with source 'document'"),
    "value-yes-no-number": ("ja of nee is geen getal", "a yes/no value is not a number"),
    "value-too-large": ("het getal is te groot", "the number is too large"),
    "value-not-finite": ("het getal is niet eindig", "the number is not finite"),
    "value-not-number": ("geen getal", "not a number"),
    "value-not-written-as-expected": ("niet geschreven zoals verwacht", "not written as expected"),
    "value-not-whole": ("geen heel getal", "not a whole number"),
    "value-not-bool": ("niet true of false", "not true or false"),
    "value-not-text": ("geen tekst", "not text"),
    "value-text-too-long": ("de tekst is langer dan 10.000 tekens", "the text is longer than 10,000 characters"),
    "value-not-possible": ("niet een van de mogelijke waarden", "not one of the possible values"),
    "value-moment-not-date": ("een moment in de tijd, geen datum (geef JJJJ-MM-DD)", "a moment in time, not a date (give YYYY-MM-DD)"),
    "value-not-real-date": ("deze datum bestaat niet", "not a real date"),
    "value-not-date": ("geen datum als JJJJ-MM-DD", "not a date as YYYY-MM-DD"),
    "facts-of-period": ("feiten van periode {i}", "facts of period {i}"),
    "expect-no-periods": ("geen perioden: deze regeling wordt niet per periode toegepast", "no periods: this regulation is not applied per period"),
    "case-lists-periods": ("de zaak noemt perioden", "the case lists periods"),
    "expect-period-in-policy": ("een periode die begint als de regeling geldt (van {start} tot {until})",
                                "a period that starts while the regulation is in force (from {start} until {until})"),
    "period-outside-policy": ("de periode begint als de regeling niet geldt", "the period starts when the regulation is not in force"),
    "expect-period-end": ("een einde op of na het begin", "an end on or after the start"),
    "period-ends-before-start": ("de periode eindigt voor ze begint", "the period ends before it starts"),
    "expect-periods-in-order": ("perioden op volgorde, elk begint na het einde van de vorige", "periods in order, each starting after the previous ends"),
    "period-overlaps": ("de periode overlapt de vorige", "the period overlaps the previous one"),
    "expect-period-fact": ("een feit van een periode: {names}", "a fact of a period: {names}"),
    "fact-not-per-period": ("geen feit dat per periode een waarde krijgt (periode {i})", "not a fact that takes a value per period (period {i})"),
    "open-end": ("open einde", "open"),
    "date-outside-policy": ("de peildatum {date} valt buiten regeling {policy} versie {version} (geldig van {start} tot {until})",
                            "the reference date {date} is outside policy {policy} version {version} (valid from {start} until {until})"),
    # -- policy files --------------------------------------------------------------------------
    "policy-file-unreadable": ("het bestand kan niet gelezen worden ({reason})", "cannot read file ({reason})"),
    "policy-file-is-folder": ("het bestand kan niet gelezen worden (het is een map)", "cannot read file (Is a directory)"),
    "file-not-regular": ("geen gewoon bestand (een apparaat, pipe of socket wordt nooit gelezen)", "not a regular file (a device, pipe or socket is never read)"),
    "file-too-large": ("het bestand is {size} bytes; een regeling mag hoogstens {limit} bytes zijn", "file is {size} bytes; policy files may be at most {limit} bytes"),
    "file-over-limit": ("het bestand is meer dan {limit} bytes; een regeling mag hoogstens {limit} bytes zijn",
                        "file is over {limit} bytes; policy files may be at most {limit} bytes"),
    "file-encoding": ("het bestand is geen geldige UTF-8-tekst", "file is not valid UTF-8"),
    "yaml-empty": ("het bestand is leeg", "the file is empty"),
    "yaml-too-deep": ("dieper genest dan {n} niveaus", "nesting is deeper than {n} levels"),
    "policy-not-mapping": ("een regeling is een mapping van sleutels naar waarden", "a policy file is a mapping of keys to values"),
    "policy-is-norms": ("dit is een normenbestand; regelingen verwijzen ernaar met 'uses'", "this is a norm file; policies refer to it with 'uses'"),
    "no-policies": ("geen regelingen (*.yaml) gevonden", "no policy files (*.yaml) found"),
    # -- screening a population ----------------------------------------------------------------
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
    # -- signals over event logs ----------------------------------------------------------------
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
    # -- evaluating a policy ----------------------------------------------------------------------
    "parameter-no-value": ("parameter {parameter} van regeling {policy} heeft geen waarde op {date}", "parameter {parameter} of policy {policy} has no value on {date}"),
    "policy-not-compiled": ("regeling {policy} heeft geen gecompileerde vorm: laad haar met regelruimte.load_policy, of wijzig een geladen regeling met regelruimte.change_policy",
                            "policy {policy} has no compiled form: load it with regelruimte.load_policy, or change a loaded policy with regelruimte.change_policy"),
    "property-other-not-file": ("eigenschap {property} van regeling {policy}: de andere versie {other} is geen bestand",
                                "property {property} of policy {policy}: the other version {other} is not a file"),
    # -- the decision log (what a reviewer meets on the command line) -------------------------------
    "log-policy-invalid": ("{path}: {n} probleem of problemen in de regeling; voer 'regelruimte check {path}' uit", "{path}: {n} problem(s) in the policy; run 'regelruimte check {path}'"),
    "log-policy-missing": ("{path}: dit bestand van een regeling bestaat niet", "{path}: no such policy file"),
    "log-policy-other": ("{path} is regeling {policy}, de regel in het logboek gaat over {entry}", "{path} is regulation {policy}, the entry is about {entry}"),
    "log-case-no-id": ("het zaakbestand heeft geen 'id': zonder id hoort de zaak niet aantoonbaar bij de regel", "the case file has no 'id': without it the case cannot be matched to the entry"),
    "log-key-missing": ("zet {env}: de regel noemt de zaak met een pseudoniem met sleutel, en replay controleert dat het die zaak is",
                        "set {env}: the entry names its case by a keyed pseudonym, and replay checks the case is that one"),
    "log-case-other": ("het zaakbestand is niet de zaak van regel #{entry} (het pseudoniem verschilt)", "the case file is not the case of entry #{entry} (its pseudonym differs)"),
    "log-case-problems": ("{problems}", "{problems}"),
    "log-missing": ("{path}: dit besluitenlogboek bestaat niet", "{path}: no such decision log"),
    "log-no-folder": ("{path}: de map bestaat niet", "{path}: the folder does not exist"),
    "log-cannot-open": ("{path}: het besluitenlogboek kan niet geopend worden ({reason})", "{path}: cannot open the decision log ({reason})"),
    "log-unreadable": ("{path}: geen leesbaar besluitenlogboek ({reason})", "{path}: not a readable decision log ({reason})"),
    "log-not-ours": ("{path}: geen besluitenlogboek van regelruimte", "{path}: not a regelruimte decision log"),
    "log-newer": ("{path}: geschreven door een nieuwere regelruimte (schema {version}, deze leest {ours}); werk regelruimte bij",
                  "{path}: written by a newer regelruimte (log schema {version}, this one reads {ours}); upgrade regelruimte"),
    "log-database": ("{scheme}: geen database die werkt (gebruik een SQLite-bestand of postgresql://...)", "{scheme}: not a supported database (use a SQLite file or postgresql://...)"),
    "log-no-entry": ("geen regel #{entry} in het besluitenlogboek", "no entry #{entry} in the decision log"),
    "log-assessment-missing": ("regel #{entry}: de bewaarde beoordeling ontbreekt; voer 'regelruimte log verify' uit", "entry #{entry}: its stored assessment is missing; run 'regelruimte log verify'"),
    "log-no-policy": ("het logboek heeft geen regeling met hash {hash}...", "the log holds no policy with hash {hash}..."),
    "log-policy-hash": ("de bewaarde regeling {hash}... past niet bij haar hash; voer 'regelruimte log verify' uit", "the stored policy {hash}... does not match its hash; run 'regelruimte log verify'"),
    "log-series": ("een reeks is minstens 2 zaken", "a series is at least 2 cases"),
    "log-near": ("near is een breuk zoals 0.05", "near must be a fraction such as 0.05"),
    # -- case files as JSON --------------------------------------------------------------------
    "json-duplicate-key": ("sleutel {key} staat er twee keer in", "duplicate key {key}"),
    "json-key-not-name": ("(een sleutel die geen naam is, hier niet herhaald)", "(a key that is not a name, not repeated here)"),
    "json-number-too-long": ("een getal met meer dan {n} cijfers", "a number with more than {n} digits"),
    "json-not-a-number": ("NaN of Infinity is in JSON geen getal", "NaN or Infinity is not a number in JSON"),
    "json-too-deep": ("dieper genest dan {n} niveaus", "nested deeper than {n} levels"),
    "json-invalid": ("geen geldige JSON (regel {line}, kolom {column})", "not valid JSON (line {line}, column {column})"),
    "json-not-utf8-at": ("geen UTF-8-tekst (byte {byte})", "not UTF-8 text (byte {byte})"),
    "json-not-unicode": ("tekst die geen geldige Unicode is (een losse surrogate zoals \\ud800)",
                         "text that is not valid Unicode (a lone surrogate such as \\ud800)"),
    "untranslated": ("{detail}", "{detail}"),
    "engine-failed": ("de signaleringsmachine faalde: {detail}", "{detail}"),
}
"""Every code, with its Dutch and English text."""

LANGUAGES = ("nl", "en")
LISTED = 10
"""How many items a one-line error message lists; the rest are counted ("and 40 more")."""


class Rendered(Protocol):
    """Anything that says itself in a language: a :class:`Text`, a :class:`Listing`, a problem."""

    def render(self, lang: str = "en") -> str: ...  # pragma: no cover - a protocol


def _said(item: object, lang: str) -> str:
    render = getattr(item, "render", None)
    return render(lang) if callable(render) else str(item)


def listing(items: Iterable[object], sep: str = "; ", *, lang: str = "en", limit: int = LISTED) -> str:
    """The first ``limit`` items joined by ``sep`` (each in ``lang`` when it can say itself in
    one), then how many more there are ("and 999,990 more", Dutch "en nog 999.990")."""
    shown: list[str] = []
    rest = 0
    for item in items:
        if len(shown) < limit:
            shown.append(_said(item, lang))
        else:
            rest += 1
    if rest:
        n = f"{rest:,}" if lang == "en" else f"{rest:,}".replace(",", ".")
        shown.append(message("and-more", lang, n=n))
    return sep.join(shown)


class Listing:
    """Items joined in one message, each said in the message's language (see :func:`listing`)."""

    __slots__ = ("items", "sep")

    def __init__(self, items: Iterable[object], sep: str = "; ") -> None:
        self.items = list(items)
        self.sep = sep

    def render(self, lang: str = "en") -> str:
        return listing(self.items, self.sep, lang=lang)

    def __str__(self) -> str:
        return self.render("en")


class Text:
    """One message of the catalogue with its parameters, shown in a language when it is shown.

    Example:
        >>> t = Text("case-missing", path="zaak.json")
        >>> str(t)
        'zaak.json: no such case file'
        >>> t.render("nl")
        'zaak.json: dit zaakbestand bestaat niet'
    """

    __slots__ = ("code", "params")

    def __init__(self, code: str, /, **params: object) -> None:
        if code not in MESSAGES:
            raise KeyError(f"no message {code!r} in the catalogue")
        self.code = code
        self.params: Mapping[str, object] = params

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` (``nl`` or ``en``; anything else is English)."""
        return message(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Text({self.code!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.code, self._key()) == (other.code, other._key())

    def __hash__(self) -> int:
        return hash((self.code, self._key()))

    def _key(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((k, repr(v)) for k, v in self.params.items()))


def message(code: str, lang: str = "nl", **values: object) -> str:
    """The message of ``code`` in ``lang`` (``nl`` or ``en``), its placeholders filled in; a
    value that is a :class:`Text` is filled in in the same language.

    Example:
        >>> message("case-missing", "nl", path="zaak.json")
        'zaak.json: dit zaakbestand bestaat niet'
        >>> message("case-missing", "en", path="zaak.json")
        'zaak.json: no such case file'
    """
    nl, en = MESSAGES[code]
    filled = {k: _said(v, lang) if hasattr(v, "render") else v for k, v in values.items()}
    return (en if lang == "en" else nl).format(**filled)
