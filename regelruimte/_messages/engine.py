# SPDX-License-Identifier: EUPL-1.2
"""The signals engine: durable-rules behind its adapter, the rulesets regelruimte generates for
it, the messages (one per event) it is given, and its worker processes. Each message names where
(a ruleset, rule, pattern, message or field), never a value."""

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Dutch, English)
    # -- where, in a ruleset or in the messages ----------------------------------------------------
    "engine-at-ruleset": ("regelset {name}", "ruleset {name}"),
    "engine-at-rule": ("{where}, regel {rule}", "{where}, rule {rule}"),
    "engine-at-pattern": ("{where}, patroon {alias}", "{where}, pattern {alias}"),
    "engine-at-message": ("bericht {index}", "message {index}"),
    "engine-at-field": ("{where}, veld {key}", "{where}, field {key}"),
    # -- a ruleset -------------------------------------------------------------------------------------
    "engine-pattern-one-alias": ("{where}: een patroon moet een object zijn met precies één alias", "{where}: a pattern must be an object with exactly one alias"),
    "engine-alias-not-allowed": ("{where}: patroonalias {alias} is niet toegestaan", "{where}: pattern alias {alias} is not allowed"),
    "engine-patterns-empty": ("{where}: hier hoort een lijst met minstens één patroon", "{where}: expected a non-empty list of patterns"),
    "engine-pattern-not-expression": ("{where}: patroon {alias} moet een object met een expressie zijn", "{where}: pattern {alias} must be an expression object"),
    "engine-any-empty": ("{where}: 'any' moet een lijst met minstens één alternatief zijn", "{where}: 'any' must be a non-empty list"),
    "engine-any-negated": ("{where}: een alternatief in 'any' kan niet ontkend worden", "{where}: an 'any' alternative cannot be negated"),
    "engine-rule-name": ("{where}: regelnaam {rule} is niet toegestaan", "{where}: rule name {rule} is not allowed"),
    "engine-rule-not-object": ("{where}: een regel moet een object zijn", "{where}: a rule must be an object"),
    "engine-rule-sets-run": ("{where}: een regel mag 'run' niet zetten; de machine geeft zelf de actie", "{where}: rules must not set 'run'; the engine supplies the action"),
    "engine-rule-keys": ("{where}: een regel heeft precies één van 'all' en 'any', en eventueel 'pri'",
                         "{where}: a rule has exactly one of 'all' or 'any', and optionally 'pri'"),
    "engine-rule-pri": ("{where}: 'pri' moet een heel getal zijn tussen {low} en {high}", "{where}: 'pri' must be an integer between {low} and {high}"),
    "engine-ruleset-name": ("de naam van regelset {name} moet een versie hebben, zoals 'signals.decision_missing@1'",
                            "ruleset name {name} must be versioned, like 'signals.decision_missing@1'"),
    "engine-ruleset-empty": ("regelset {name}: hier hoort een object met minstens één regel", "ruleset {name}: expected a non-empty object of rules"),
    "engine-ruleset-too-many": ("regelset {name}: hoogstens {n} regels", "ruleset {name}: at most {n} rules"),
    "engine-group-empty": ("{where}: {op} heeft een lijst met minstens één element nodig", "{where}: {op} needs a non-empty list"),
    "engine-one-join-group": ("{where}: durable-rules rekent per {op} maar één geneste groep met vergelijkingen tussen gebeurtenissen uit",
                              "{where}: durable-rules evaluates only one nested group with comparisons between events per {op}"),
    "engine-or-mixed": ("{where}: durable-rules kan geen '$or' uitrekenen die vergelijkingen met vaste waarden en tussen gebeurtenissen mengt",
                        "{where}: durable-rules cannot evaluate an '$or' that mixes comparisons with constants and between events"),
    # -- the messages of a household -------------------------------------------------------------------
    "engine-int-range": ("{where}: het hele getal is te groot (hoogstens 2**53)", "{where}: integer out of range (at most 2**53 in size)"),
    "engine-text-too-long": ("{where}: tekst langer dan {n} tekens of met een NUL-teken", "{where}: text longer than {n} characters or with a NUL character"),
    "engine-value-type": ("{where}: waarden van soort {kind} zijn niet toegestaan; gebruik str, int of bool (geld in hele centen)",
                          "{where}: values of type {kind} are not allowed; use str, int or bool (money as integer cents)"),
    "engine-message-not-object": ("bericht {index}: hier hoort een object, geen {kind}", "message {index}: expected an object, got {kind}"),
    "engine-message-too-many-fields": ("bericht {index}: meer dan {n} velden", "message {index}: more than {n} fields"),
    "engine-field-name": ("bericht {index}: de naam van een veld moet een identifier zijn van hoogstens 64 tekens",
                          "message {index}: field names must be identifiers of at most 64 characters"),
    "engine-field-reserved": ("bericht {index}: veld {key} is gereserveerd voor de machine", "message {index}: field {key} is reserved by the engine"),
    "engine-messages-not-list": ("de berichten moeten een lijst van objecten zijn", "messages must be a list of objects"),
    "engine-messages-too-many": ("hoogstens {n} berichten per run (één huishouden per sessie)", "at most {n} messages per run (one household per session)"),
    # -- the engine itself -------------------------------------------------------------------------------
    "engine-rulesets-empty": ("hier hoort een mapping van namen van regelsets naar regelsets, met minstens één regelset",
                              "expected a non-empty mapping of ruleset names to rulesets"),
    "engine-timer-threads": ("durable-rules startte zijn timer-threads; de vastgezette versie is nodig", "durable-rules started its timer threads; the pinned version is required"),
    "engine-ruleset-refused": ("durable-rules weigerde regelset {name} ({failed}); controleer de expressies", "durable-rules refused ruleset {name} ({failed}); check its expressions"),
    "engine-closed": ("de signaleringsmachine is gesloten", "the signals engine is closed"),
    "engine-broken": ("de signaleringsmachine werkt niet meer na een fout in de C-code; maak een nieuwe, liefst in een nieuw proces",
                      "the signals engine is unusable after a native failure; create a new one, preferably in a new process"),
    "engine-unknown-ruleset": ("onbekende regelset {name}", "unknown ruleset {name}"),
    "engine-run-failed": ("regelset {name}: {failure}", "ruleset {name}: {failure}"),
    "engine-not-handled": ("een bericht is niet verwerkt (de regel die alles vangt paste niet)", "a message was not handled (the catch-all rule did not match)"),
    "engine-duplicate": ("durable-rules meldde een dubbel bericht", "durable-rules reported a duplicate message"),
    "engine-durable-failed": ("durable-rules faalde ({kind})", "durable-rules failed ({kind})"),
    "engine-no-state": ("durable-rules gaf geen toestand van de sessie terug", "durable-rules returned no session state"),
    "engine-action-raised": ("een actie gaf een fout (exception)", "an action raised an exception"),
    "engine-unknown-action": ("onbekende naam van een actie", "unknown action name"),
    "engine-python-too-new": ("signalen hebben durable-rules {version} nodig, en dat werkt niet op Python {python}; "
                              "gebruik Python 3.11 of 3.12 voor signalen (alle andere commando's werken hier)",
                              "signals need durable-rules {version}, which does not run on Python {python}; "
                              "run signals with Python 3.11 or 3.12 (every other command works here)"),
    "engine-missing": ("signalen hebben durable-rules {version} nodig, maar dat ontbreekt of laadt niet; "
                       "installeer regelruimte opnieuw (pip install --force-reinstall regelruimte)",
                       "signals need durable-rules {version}, which is missing or does not import; "
                       "reinstall regelruimte (pip install --force-reinstall regelruimte) to get it"),
    "engine-wrong-version": ("signalen hebben durable-rules {version} nodig, maar {found} is geïnstalleerd; pip install durable-rules=={version}",
                             "signals need durable-rules {version}, but {found} is installed; pip install durable-rules=={version}"),
    # -- its worker processes ------------------------------------------------------------------------------
    "engine-worker-failed": ("het werkproces voor signalen faalde ({kind})", "the signals worker failed ({kind})"),
    "engine-worker-died": ("het werkproces voor signalen is gestopt (een crash in de C-kern van durable-rules)",
                           "the signals worker process died (a crash in durable-rules' C core)"),
    "engine-worker-timeout": ("het werkproces voor signalen duurde te lang en is gestopt", "the signals worker process timed out and was stopped"),
    "engine-policy-changed-during-run": ("het bestand van regeling {path} is veranderd tijdens het werk", "policy file {path} changed during the run"),
    "engine-policy-no-longer-loads": ("een bestand van een regeling laadt niet meer", "a policy file no longer loads"),
    "engine-worker-cannot-start": ("het werkproces voor signalen kon niet starten ({kind})", "the signals worker could not start ({kind})"),
    "engine-worker-not-started": ("het werkproces voor signalen is niet gestart", "the signals worker did not start"),
    "engine-pool-died": ("een werkproces voor signalen is gestopt (een crash in de C-kern van durable-rules); er is geen gedeeltelijke uitkomst",
                         "a signals worker process died (a crash in durable-rules' C core); no partial result"),
}
