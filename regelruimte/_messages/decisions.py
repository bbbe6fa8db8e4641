# SPDX-License-Identifier: EUPL-1.2
"""The decision log: what a reviewer meets on the command line, and what a program recording decisions is told."""

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Dutch, English)
    # -- the decision log (what a reviewer meets on the command line)
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
}
