# SPDX-License-Identifier: EUPL-1.2
"""Every Dutch and English text that regelruimte shows, in one catalogue.

Labels of the views, the citizen letter's sentences, the reasons of review findings, the texts of
the room and the proportionality test, and the signals report. Dutch is the first language (B1,
"u"); English follows the same keys. A text that is not here is either a policy's own text (read
from its file) or an English error message for a developer.

This module imports nothing: the assessment, the checks and the views all read from it.
"""

from __future__ import annotations

# -- the citizen letter (regelruimte.assessment.explain) --------------------------------------
CITIZEN = {
    "nl": {
        "outcome": "Uitkomst: {label}.",
        "outcome_amount": "Uitkomst: {label}. Het bedrag is {amount}.",
        "undetermined": "We kunnen nog niet beslissen. We hebben eerst meer informatie nodig.",
        "because": "De regel zegt: \"{text}\" Uw situatie voldoet daar niet aan.",
        "cite": "Dit staat in {citation}.",
        "why": "Waarom is deze regel er? {purpose}",
        "gap": "U zit {gap} boven de grens ({percent}).",
        "gap_under": "U zit {gap} onder de grens ({percent}).",
        "gap_only": "U zit boven de grens.",
        "gap_under_only": "U zit onder de grens.",
        "blocks": "Bij u werkt de regel anders uit dan hij bedoeld is.",
        "room": "{authority} mag in uw situatie afwijken van de regel. Dat staat in {citation}. U kunt daar zelf om vragen. Hierover beslist {decider}.",
        "room_weigh": "{authority} kan in bijzondere situaties afwijken van de regel. Dat staat in {citation}. U kunt daarom vragen. Hierover beslist {decider}.",
        "no_room": "De regel laat geen ruimte om af te wijken. Wij melden uw situatie bij wie de regel maakt.",
        "need": "Wij hebben nog deze informatie van u nodig:",
        "lookup": "Sommige gegevens zoeken wij zelf op. Die hoeft u niet te sturen.",
        "objection_nl": "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken. Dat staat in de Algemene wet bestuursrecht, artikel 6:7.",
        "objection_be": "Bent u het niet eens met deze beslissing? Neem dan contact op met de stad of gemeente. U kunt vragen om de beslissing opnieuw te bekijken.",
        "ask": "Vindt u dat uw situatie bijzonder is? Vertel het ons. Dan kijken wij of wij mogen afwijken.",
        "applies": "Deze regel geldt voor u: {text}",
        "proportionate": "Wij hebben gekeken of dit besluit in verhouding is. Dat is zo, omdat:",
        "disproportionate": "Wij hebben gekeken of dit besluit in verhouding is. Het volledige besluit is dat niet:",
        "to_weigh": "Of dit besluit in verhouding is, weegt {decider} nog af.",
        "someone": "een medewerker",
    },
    "en": {
        "outcome": "Outcome: {label}.",
        "outcome_amount": "Outcome: {label}. The amount is {amount}.",
        "undetermined": "We cannot decide yet. We first need more information.",
        "because": "The rule says: \"{text}\" Your situation does not meet it.",
        "cite": "This is set out in {citation}.",
        "why": "Why does this rule exist? {purpose}",
        "gap": "You are {gap} above the limit ({percent}).",
        "gap_under": "You are {gap} below the limit ({percent}).",
        "gap_only": "You are above the limit.",
        "gap_under_only": "You are below the limit.",
        "blocks": "In your case the rule works out differently from what it is meant for.",
        "room": "{authority} may deviate from the rule in your situation. This is set out in {citation}. You can ask for this yourself. {decider} decides on it.",
        "room_weigh": "{authority} can deviate from the rule in special situations. This is set out in {citation}. You can ask for this. {decider} decides on it.",
        "no_room": "The rule leaves no room to deviate. We report your situation to those who make the rule.",
        "need": "We still need this information from you:",
        "lookup": "We look up some information ourselves. You do not need to send it.",
        "objection_nl": "Do you disagree with this decision? You can object within six weeks. This is set out in the General Administrative Law Act (Awb), article 6:7.",
        "objection_be": "Do you disagree with this decision? Contact the city or municipality. You can ask for the decision to be reviewed.",
        "ask": "Do you think your situation is special? Tell us. We will then check whether we may deviate.",
        "applies": "This rule applies to you: {text}",
        "proportionate": "We checked whether this decision is in proportion. It is, because:",
        "disproportionate": "We checked whether this decision is in proportion. The full decision is not:",
        "to_weigh": "Whether this decision is in proportion is still to be weighed by {decider}.",
        "someone": "a case worker",
    },
}

DECIDERS = {
    "nl": {"consulent": "uw consulent", "teamleider": "de teamleider", "college": "het college van burgemeester en wethouders",
           "uitvoeringsorganisatie": "de uitvoeringsorganisatie", "minister": "de minister"},
    "en": {"consulent": "your case worker", "teamleider": "the team leader", "college": "the municipal executive",
           "uitvoeringsorganisatie": "the implementing organisation", "minister": "the minister"},
}

# -- the room and the proportionality test (regelruimte.assessment.room, .proportionality) ------
# key: (nl, en); placeholders are filled per language
ROOM: dict[str, tuple[str, str]] = {
    "no_provision_rule": ("Geen afwijkingsbevoegdheid in deze regeling dekt deze regel. De letter geldt; dit is een signaal voor wie de regel maakt.",
                          "No discretion provision in this regulation covers this rule. The letter applies; this is a signal to whoever makes the rule."),
    "no_provision_amount": ("Geen afwijkingsbevoegdheid in deze regeling dekt het bedrag.", "No discretion provision in this regulation covers the amount."),
    "purpose": ("het doel", "the purpose"),
    "suitable_yes": ("De maatregel dient het doel: {titles}.", "The measure serves the purpose: {titles}."),
    "suitable_no": ("De maatregel dient het doel niet: {titles}.", "The measure does not serve the purpose: {titles}."),
    "suitable_unknown": ("Of de maatregel het doel dient, hangt af van feiten die nog ontbreken.", "Whether the measure serves the purpose depends on facts still missing."),
    "necessary_no": ("Voor het doel is een lager bedrag genoeg: {purpose} in plaats van {letter}.", "A lower amount is enough for the purpose: {purpose} instead of {letter}."),
    "necessary_yes": ("Het bedrag ({amount}) is niet hoger dan het doel vraagt.", "The amount ({amount}) is no more than the purpose calls for."),
    "balanced_nothing_against": ("Er is geen omstandigheid die tegen het besluit weegt.", "No circumstance weighs against the decision."),
    "lighter": ("Minder zware mogelijkheid: {title}.", "A lighter option: {title}."),
    "necessary_weigh": ("Is er een minder belastende manier om het doel te bereiken, zoals gedeeltelijk afzien of een betalingsregeling?",
                        "Is there a less burdensome way to reach the purpose, such as waiving part or a payment plan?"),
    "balanced_weigh": ("Staan de gevolgen voor deze persoon in verhouding tot het doel? Dit weegt een medewerker af.",
                       "Are the consequences for this person in proportion to the purpose? A case worker weighs this."),
    "still_unknown": ("Nog onbekend: {text}", "Still unknown: {text}"),
}

# -- review findings (regelruimte.checks.findings): code -> (nl, en) ------------------------------
FINDINGS: dict[str, tuple[str, str]] = {
    "control-no-purpose": ("Deze controle dient geen genoemd doel van de regeling.",
                          "This control serves no stated purpose of the regulation."),
    "control-no-legal-basis": ("Deze controle heeft geen wettelijke grondslag.",
                              "This control has no legal basis."),
    "control-verifies-nothing": ("Deze controle controleert geen enkel gegeven.",
                                "This control verifies no fact."),
    "control-unused-facts": ("Geen regel, berekening of doel gebruikt wat deze controle vraagt: {facts}.",
                            "No rule, calculation or purpose uses what this control asks for: {facts}."),
    "control-no-explanation": ("De burger krijgt geen uitleg waarom dit wordt gevraagd.",
                              "The citizen is not told why this is asked."),
    "control-not-b1": ("De uitleg is waarschijnlijk niet op B1-niveau ({reasons}; een vuistregel, geen bewijs).",
                      "The explanation is probably not at B1 level ({reasons}; a heuristic, not proof)."),
    "control-no-why": ("De uitleg zegt niet waarom het nodig is (vuistregel).",
                      "The explanation does not say why it is needed (heuristic)."),
    "control-once-only": ("De overheid heeft deze gegevens al ({registers}). Vraag ze niet opnieuw aan de burger.",
                         "The government already holds this data ({registers}). Do not ask the citizen again."),
    "control-partly-held": ("De overheid heeft een deel van deze gegevens al: {held} ({registers}).",
                           "The government already holds part of this data: {held} ({registers})."),
    "control-excess-period": ("De controle vraagt {months} maanden gegevens, terwijl de regel naar {period} kijkt.",
                             "The control asks for {months} months of data while the rule looks at {period}."),
    "control-too-frequent": ("De controle komt {per_year} keer per jaar terug, maar de gegevens veranderen {changes}.",
                            "The control recurs {per_year} times a year, but the data change {changes}."),
    "control-extra-data": ("De controle laat ook gegevens zien die geen regel nodig heeft: {data}.",
                          "The control also shows data that no rule needs: {data}."),
    "control-disproportionate-burden": ("De last ({cost} per {unit}: {minutes} minuten, {per_year} keer) is groot naast het bedrag waar het om gaat ({amount}) (vuistregel).",
                                       "The burden ({cost} per {unit}: {minutes} minutes, {per_year} times) is large next to the amount at stake ({amount}) (heuristic)."),
    "control-not-doable": ("Moeilijk te doen voor iemand met stress, weinig taal of weinig digitale vaardigheden: {reasons}.",
                          "Hard to do for a person under stress, with low literacy or few digital skills: {reasons}."),
    "control-generic-request": ("De vraag noemt niet welk stuk precies nodig is: '{phrase}'.",
                               "The request does not name the item that is needed: '{phrase}'."),
    "control-distrust": ("Iedereen krijgt deze controle, terwijl het doel haar alleen bij een signaal nodig heeft.",
                        "Every applicant undergoes this control, while its purpose needs it only on a risk signal."),
    "control-no-escalation": ("Lukt dit niet, dan volgt {outcome}, en er is geen route om dat opzij te zetten.",
                             "If this fails, the result is {outcome}, and there is no route to set that aside."),
    "rule-no-purpose": ("Deze regel dient geen genoemd doel.",
                       "This rule serves no stated purpose."),
    "purpose-no-rule": ("Geen regel dient dit doel.",
                       "No rule serves this purpose."),
    "purpose-no-test": ("Dit doel heeft geen toets; de beoordeling kan niet zeggen of het gediend wordt.",
                       "This purpose has no test; the assessment cannot tell whether it is served."),
    "cliff-edge": ("Een harde grens zonder afwijkingsbevoegdheid: één euro of dag verschil geeft een andere uitkomst.",
                  "A hard threshold without a discretion provision: one euro or day decides the outcome."),
    "beleidsregel-no-deviation": ("Deze regel komt uit een beleidsregel, maar de regeling noemt de afwijkingsbevoegdheid van Awb 4:84 niet.",
                                 "This rule comes from a beleidsregel, but the policy does not name the Awb 4:84 power to deviate."),
    "test-failing": ("Voorbeeldzaak faalt: {name} ({differences}).",
                    "Example case fails: {name} ({differences})."),
    "test-expected-failure": ("Deze zaak uit de rechtspraak volgt de bibliotheek nog niet: {name} ({reason}).",
                             "The library does not follow this case from the rulings yet: {name} ({reason})."),
    "source-unverified": ("Deze bron is niet gecontroleerd in de tekst zelf.",
                         "This source was not checked in the text itself."),
}

# -- what to do about each finding, in plain Dutch (B1) and English: code -> (nl, en) -----------
FIXES: dict[str, tuple[str, str]] = {
    "control-no-purpose": ("Zeg welk doel van de regeling deze controle dient. Is er geen? Schrap de controle.",
                          "Say which purpose of the regulation this control serves. If none, drop the control."),
    "control-no-legal-basis": ("Noem de regel in de wet of verordening die deze controle toestaat. Is er geen? Schrap de controle.",
                              "Name the rule in the law or bye-law that allows this control. If none, drop the control."),
    "control-verifies-nothing": ("Schrap de controle, of zeg welk gegeven zij laat zien.",
                                "Drop the control, or say which fact it shows."),
    "control-unused-facts": ("Vraag niet naar {facts}.",
                            "Do not ask for {facts}."),
    "control-no-explanation": ("Schrijf in één of twee korte zinnen waarom u dit vraagt en wat het verandert.",
                              "Write in one or two short sentences why you ask this and what it changes."),
    "control-not-b1": ("Schrijf korte zinnen (hooguit 15 woorden) met 'u' en 'wij' en gewone woorden{plain}.",
                      "Write short sentences (at most 15 words) with 'u' and 'wij' and everyday words{plain}."),
    "control-no-why": ("Zeg wat het stuk laat zien en wat dat verandert, bijvoorbeeld: 'Daarop zien we hoeveel geld u nu heeft.'",
                      "Say what the item shows and what that changes, for example: 'Daarop zien we hoeveel geld u nu heeft.'"),
    "control-once-only": ("Vraag dit niet. Haal {facts} uit {names}.",
                         "Do not ask this. Get {facts} from {names}."),
    "control-partly-held": ("Vraag alleen {ask}. Haal {held} uit {names}.",
                           "Ask only for {ask}. Get {held} from {names}."),
    "control-excess-period": ("Vraag alleen gegevens over {period}.",
                             "Ask only for data over {period}."),
    "control-too-frequent": ("Vraag dit één keer. Vraag het alleen opnieuw als er een teken is dat het veranderd is.",
                            "Ask this once. Ask again only when there is a sign that it changed."),
    "control-extra-data": ("Vraag {data} niet, of laat de burger dat onleesbaar maken.",
                          "Do not ask for {data}, or let the citizen black it out."),
    "control-disproportionate-burden": ("Maak de controle lichter: minder stukken, een eigen verklaring, of een steekproef.",
                                       "Make the control lighter: fewer documents, a declaration, or a sample."),
    "control-not-doable": ("{fixes}", "{fixes}"),
    "control-generic-request": ("Noem precies wat ontbreekt: welk stuk, van welke rekening of welk onderwerp, over welke periode.",
                               "Name exactly what is missing: which document, for which account or subject, over which period."),
    "control-distrust": ("Vraag dit alleen als er een signaal is. Schrijf dat signaal als voorwaarde in 'applies_to'.",
                        "Ask this only on a risk signal. Write that signal as a condition in 'applies_to'."),
    "control-no-escalation": ("Geef een route: ander bewijs is ook goed, de medewerker haalt het zelf op, de burger krijgt meer tijd, of een teamleider mag het opzij zetten.",
                             "Give a route: other proof is accepted, the worker fetches it, the citizen gets more time, or a team leader may set it aside."),
    "rule-no-purpose": ("Zeg welk doel deze regel dient.", "Say which purpose this rule serves."),
    "purpose-no-rule": ("Zeg welke regel dit doel dient, of schrap het doel.", "Say which rule serves this purpose, or drop the purpose."),
    "purpose-no-test": ("Schrijf een toets: een voorwaarde die zegt wanneer het doel gediend is.",
                       "Write a test: a condition that says when the purpose is served."),
    "cliff-edge": ("Noem een bepaling om af te wijken (een hardheidsclausule of Awb 4:84). Of schrijf op dat er geen ruimte is ('no_room').",
                  "Name a provision to deviate (a hardship clause or Awb 4:84). Or record that there is no room ('no_room')."),
    "beleidsregel-no-deviation": ("Neem de bevoegdheid om af te wijken van Awb 4:84 op in de regeling.",
                                 "Add the Awb 4:84 power to deviate to the policy."),
    "test-failing": ("Verbeter de regeling of de verwachte uitkomst van deze voorbeeldzaak.",
                    "Correct the policy or the expected outcome of this example case."),
    "test-expected-failure": ("Leg het feit of de bepaling vast die de rechter gebruikte. Volgt de bibliotheek de uitspraak dan, haal 'expected_failure' weg.",
                             "Encode the fact or provision the court used. Once the library follows the ruling, remove 'expected_failure'."),
    "source-unverified": ("Lees de bron zelf en zet 'verified' op 'text'.",
                         "Read the source itself and set 'verified' to 'text'."),
}

# parts of the texts above: (nl, en)
REVIEW_PARTS: dict[str, tuple[str, str]] = {
    "one_month": ("één maand", "one month"), "one_year": ("één jaar", "one year"), "months": ("{n} maanden", "{n} months"),
    "never": ("nooit", "never"), "rarely": ("zelden", "rarely"), "yearly": ("hooguit één keer per jaar", "at most once a year"),
    "monthly": ("hooguit elke maand", "at most every month"),
    "year": ("jaar", "year"), "occurrence": ("keer", "occurrence"), "per_month": ("{amount} per maand", "{amount} a month"),
    "per_year": ("{amount} per jaar", "{amount} a year"), "once": ("{amount} eenmalig", "{amount} once"),
    "digital_only": ("alleen digitaal", "digital only"), "deadline": ("{days} dagen de tijd", "{days} days to deliver"),
    "documents": ("{n} stukken", "{n} documents"), "third_party": ("{n} stukken van anderen", "{n} documents from third parties"),
    "cost": ("kosten voor de burger ({amount})", "a cost to the citizen ({amount})"), "unannounced": ("huisbezoek zonder aankondiging", "an unannounced home visit"),
    "fix_digital_only": ("Bied ook papier, de balie of hulp aan.", "Also offer paper, the counter or help."),
    "fix_deadline": ("Geef minstens 14 dagen.", "Give at least 14 days."),
    "fix_documents": ("Vraag minder stukken.", "Ask for fewer documents."),
    "fix_third_party": ("Haal stukken van anderen zelf op, met toestemming.", "Fetch third-party documents yourself, with consent."),
    "fix_cost": ("Betaal de kosten of vraag het stuk zelf op.", "Pay the cost or request the document yourself."),
    "fix_unannounced": ("Kondig het huisbezoek aan en noem de reden.", "Announce the home visit and give the reason."),
    "refusal": ("een afwijzing", "a refusal"), "not_processed": ("het buiten behandeling stellen van de aanvraag", "the application not being processed"),
    "full_recovery": ("een volledige terugvordering", "a full recovery"), "suspension": ("het stopzetten van de betaling", "the payment being suspended"),
    "no_start": ("geen start van de hulp", "the help not starting"),
    "plain": (": {pairs}", ": {pairs}"), "instead": ("'{alternative}' in plaats van '{term}'", "'{alternative}' instead of '{term}'"),
}

# -- views (regelruimte.render) ----------------------------------------------------------------
ASSESSMENT = {
    "nl": {
        "granted": "toegekend", "denied": "afgewezen", "undetermined": "nog niet te bepalen",
        "served": "gediend", "not_served": "niet gediend", "untested": "geen toets", "not_applicable": "n.v.t.",
        "aligned": "letter en doel sporen", "letter_blocks_intent": "de letter blokkeert het doel",
        "letter_exceeds_intent": "de letter geeft meer dan het doel vraagt",
        "passed": "voldaan", "failed": "niet voldaan", "unknown": "onbekend",
        "letter": "Letter", "intent": "Doel", "tension": "Spanning", "room": "Ruimte", "rules": "Regels", "purposes": "Doelen",
        "controls": "Controles", "questions": "Vragen", "explanation": "Uitleg voor de burger", "source": "Bron",
        "rule": "Regel", "result": "Uitkomst", "needed": "Nodig voor deze zaak", "explainable": "Uitlegbaar", "yes": "ja", "no": "nee",
        "deviate_possible": "afwijken is mogelijk", "signal_only": "geen ruimte: signaal aan de regelmaker", "reviewer_signal": "signaal voor de beleidsmaker",
        "divergence_possible": "letter en doel kunnen uiteengaan: hangt af van ontbrekende gegevens",
        "regardless": "geldt wat {facts} ook zijn", "depends_on": "hangt af van: {facts}",
        "none": "—", "to_weigh": "af te wegen", "legislator": "wetgever", "policy_maker": "regelmaker (gemeente)",
        "distance": "Afstand tot de letter", "flip": "Kleinste wijziging", "proportionality": "Evenredigheid",
        "suitable": "geschikt", "necessary": "noodzakelijk", "balanced": "evenwichtig", "intensity": "intensiteit",
        "low": "laag", "medium": "midden", "high": "hoog", "case": "zaak", "peildatum": "peildatum",
        "register": "gegevens staan al in een register", "cannot_change_outcome": "kan de uitkomst niet veranderen",
        "can_change_outcome": "kan de uitkomst veranderen", "fact_missing": "gegeven ontbreekt nog", "verifies_nothing": "controleert niets",
        "no_signal": "geen signaal: niet nodig", "signal_unknown": "signaal niet bekend: niet nodig",
        "lookup": "opzoeken in register", "ask": "vragen", "decided_by": "beslist", "amount": "bedrag", "no_room": "Geen ruimte",
        "reason": "reden", "step": "stap", "known": "bekend", "weigh": "af te wegen",
        "conclusion": "conclusie", "proportionate": "evenredig", "disproportionate": "onevenredig",
    },
    "en": {
        "granted": "granted", "denied": "denied", "undetermined": "undetermined",
        "served": "served", "not_served": "not served", "untested": "no test", "not_applicable": "n/a",
        "aligned": "letter and purpose agree", "letter_blocks_intent": "the letter blocks the purpose",
        "letter_exceeds_intent": "the letter gives more than the purpose asks",
        "passed": "passed", "failed": "failed", "unknown": "unknown",
        "letter": "Letter", "intent": "Purpose", "tension": "Tension", "room": "Room", "rules": "Rules", "purposes": "Purposes",
        "controls": "Controls", "questions": "Questions", "explanation": "Explanation for the citizen", "source": "Source",
        "rule": "Rule", "result": "Result", "needed": "Needed for this case", "explainable": "Explainable", "yes": "yes", "no": "no",
        "deviate_possible": "deviation is possible", "signal_only": "no room: signal to the rule maker", "reviewer_signal": "signal for the policy reviewer",
        "divergence_possible": "letter and purpose may part: depends on missing facts",
        "regardless": "holds whatever {facts} are", "depends_on": "depends on: {facts}",
        "none": "—", "to_weigh": "to be weighed", "legislator": "legislator", "policy_maker": "rule maker (municipality)",
        "distance": "Distance to the letter", "flip": "Smallest change", "proportionality": "Proportionality",
        "suitable": "suitable", "necessary": "necessary", "balanced": "balanced", "intensity": "intensity",
        "low": "low", "medium": "medium", "high": "high", "case": "case", "peildatum": "reference date",
        "register": "data already held in a register", "cannot_change_outcome": "cannot change the outcome",
        "can_change_outcome": "can change the outcome", "fact_missing": "fact still missing", "verifies_nothing": "verifies nothing",
        "no_signal": "no risk signal: not needed", "signal_unknown": "risk signal not known: not needed",
        "lookup": "look up in register", "ask": "ask", "decided_by": "decides", "amount": "amount", "no_room": "No room",
        "reason": "reason", "step": "step", "known": "known", "weigh": "to weigh",
        "conclusion": "conclusion", "proportionate": "proportionate", "disproportionate": "disproportionate",
    },
}

CHANGES = {
    "nl": {"flip": "omdraaien (ja/nee)", "days": "dagen", "up": "hoger", "down": "lager", "later": "later", "earlier": "eerder",
           "above": "boven de grens", "below": "onder de grens"},
    "en": {"flip": "reverse (yes/no)", "days": "days", "up": "higher", "down": "lower", "later": "later", "earlier": "earlier",
           "above": "above the limit", "below": "below the limit"},
}

POLICY = {
    "nl": {
        "valid": "geldig", "from": "vanaf", "until": "tot", "open": "onbepaald", "purposes": "Doelen", "purpose": "Doel",
        "rules": "Regels (de letter)", "rule": "Regel", "serves": "Dient", "source": "Bron", "room": "Ruimte om af te wijken",
        "provision": "Bepaling", "kind": "Soort", "decided_by": "Beslist", "sets_aside": "Mag opzij zetten", "controls": "Controles",
        "control": "Controle", "burden": "Last (minuten × per jaar)", "explanation": "Uitleg aan de burger", "none": "—",
        "counts": "{facts} gegevens, {parameters} parameters, {sources} bronnen, {tests} voorbeeldzaken",
        "whole_outcome": "de uitkomst als geheel", "no_room": "geen ruimte: signaal aan de wetgever", "test": "toets",
        "has_test": "ja", "no_test": "geen toets", "missing": "ontbreekt",
    },
    "en": {
        "valid": "valid", "from": "from", "until": "until", "open": "open", "purposes": "Purposes", "purpose": "Purpose",
        "rules": "Rules (the letter)", "rule": "Rule", "serves": "Serves", "source": "Source", "room": "Room to deviate",
        "provision": "Provision", "kind": "Kind", "decided_by": "Decides", "sets_aside": "May set aside", "controls": "Controls",
        "control": "Control", "burden": "Burden (minutes × per year)", "explanation": "Explanation to the citizen", "none": "—",
        "counts": "{facts} facts, {parameters} parameters, {sources} sources, {tests} example cases",
        "whole_outcome": "the outcome as a whole", "no_room": "no room: signal to the legislator", "test": "test",
        "has_test": "yes", "no_test": "no test", "missing": "missing",
    },
}

REVIEW = {
    "nl": {
        "title": "Toets van de controles", "summary": "Samenvatting", "policy": "Regeling", "errors": "fouten", "warnings": "waarschuwingen",
        "info": "info", "controls": "Controles", "control": "Controle", "verdict": "Oordeel", "reasons": "Redenen", "findings": "Bevindingen over de regeling",
        "remove": "schrappen: niet uit te leggen", "reduce": "beperken: vraagt te veel", "rewrite": "uitleg herschrijven", "sound": "in orde",
        "error": "fout", "warning": "waarschuwing", "hours_app": "uur per aanvraag", "hours_year": "uur per jaar (alle aanvragers)",
        "saved": "uur per jaar te besparen", "applicants": "aanvragers per jaar", "criterion": "Criterium", "element": "Onderdeel",
        "justified": "verantwoord", "heuristic": "Leesbaarheid en lastendruk zijn vuistregels, geen bewijs.", "burden": "Last voor burgers",
        "none": "geen", "fixes": "Wat te doen", "what": "Onderdeel", "fix": "Wat te doen",
        "before_after": "Last voor burgers, nu en na de verbeteringen", "now_applicant": "uur per aanvrager per jaar, nu",
        "after_applicant": "na de verbeteringen", "now_all": "uur per jaar (alle aanvragers), nu", "after_all": "na de verbeteringen",
        "after_note": "'Na de verbeteringen': als elk advies 'schrappen' en 'beperken' is uitgevoerd (een schatting).",
    },
    "en": {
        "title": "Review of the controls", "summary": "Summary", "policy": "Regulation", "errors": "errors", "warnings": "warnings",
        "info": "info", "controls": "Controls", "control": "Control", "verdict": "Verdict", "reasons": "Reasons", "findings": "Findings on the regulation",
        "remove": "remove: cannot be explained", "reduce": "reduce: asks too much", "rewrite": "rewrite the explanation", "sound": "sound",
        "error": "error", "warning": "warning", "hours_app": "hours per application", "hours_year": "hours per year (all applicants)",
        "saved": "hours per year to save", "applicants": "applicants per year", "criterion": "Criterion", "element": "Element",
        "justified": "justified", "heuristic": "Readability and burden are heuristics, not proof.", "burden": "Burden on citizens",
        "none": "none", "fixes": "What to do", "what": "Element", "fix": "What to do",
        "before_after": "Burden on citizens, now and after the fixes", "now_applicant": "hours per applicant per year, now",
        "after_applicant": "after the fixes", "now_all": "hours per year (all applicants), now", "after_all": "after the fixes",
        "after_note": "'After the fixes': if every 'remove' and 'reduce' is applied (an estimate).",
    },
}

SCREENING = {
    "nl": {"head": ['regeling', 'recht', 'geen', 'open', 'letter≠doel', 'laat liggen', '€ laat liggen'], "households": "huishoudens", "persons": "personen"},
    "en": {"head": ['regulation', 'entitled', 'not', 'open', 'letter≠purpose', 'not taken up', '€ not taken up'], "households": "households", "persons": "persons"},
}

SIGNALS = {
    "nl": {"title": "Signalen", "policy": "regeling", "signal": "signaal", "action": "actie", "households": "huishoudens",
           "household": "huishouden", "events": "gebeurtenissen", "why": "waarom", "source": "bron", "assessment": "beoordeling",
           "refused": "geweigerde records", "record": "record", "field": "veld", "expected": "verwacht", "problem": "probleem",
           "summary": "{households} huishoudens, {events} gebeurtenissen; bij {with_signals} huishoudens een signaal; "
                      "{refused} records geweigerd, {ignored} genegeerd (onbekend type), {after} na de peildatum.",
           "all_rules": "alle regels voldaan", "not_all_rules": "nog niet alle regels voldaan", "todo": "wat nu", "ask": "nog nodig",
           "more": "En nog {n} huishoudens; de JSON-uitvoer bevat ze allemaal."},
    "en": {"title": "Signals", "policy": "regulation", "signal": "signal", "action": "action", "households": "households",
           "household": "household", "events": "events", "why": "why", "source": "source", "assessment": "assessment",
           "refused": "refused records", "record": "record", "field": "field", "expected": "expected", "problem": "problem",
           "summary": "{households} households, {events} events; signals for {with_signals} households; "
                      "{refused} records refused, {ignored} ignored (unknown type), {after} after the reference date.",
           "all_rules": "every rule passes", "not_all_rules": "not every rule passes yet", "todo": "what now", "ask": "still needed",
           "more": "And {n} more households; the JSON output has them all."},
}

ACTIONS = {
    "nl": {"offer": "aanbieden", "grant": "toekennen zonder aanvraag", "reassess": "opnieuw beoordelen",
           "flag_deadline": "termijn verstreken", "flag_own_error": "eigen fout of vertraging"},
    "en": {"offer": "offer", "grant": "grant without application", "reassess": "assess again",
           "flag_deadline": "deadline passed", "flag_own_error": "own error or delay"},
}

PROPERTIES = {
    "nl": {"title": "Eigenschappen van de regeling", "property": "Eigenschap", "result": "Uitkomst", "holds": "houdt stand", "broken": "geschonden",
           "tried": "gevallen geprobeerd", "source": "Bron", "counterexample": "Tegenvoorbeeld (verzonnen, zo klein mogelijk)", "case": "Het geval",
           "fact": "Feit", "value": "Waarde", "change": "Verandering", "side": "Kant", "verdict": "Besluit", "amount": "Bedrag",
           "rules": "Betrokken regels", "cliffs": "Kliffen: wat één euro (of één eenheid) meer kost", "rule": "Regel", "jump": "Verlies",
           "households": "Huishoudens", "none": "Geen eigenschappen beschreven.", "seed": "Zaad van de zoektocht",
           "search_note": "Een zoektocht, geen bewijs: geen geval gevonden dat de eigenschap schendt."},
    "en": {"title": "Properties of the regulation", "property": "Property", "result": "Result", "holds": "holds", "broken": "broken",
           "tried": "cases tried", "source": "Source", "counterexample": "Counterexample (invented, as small as found)", "case": "The case",
           "fact": "Fact", "value": "Value", "change": "Change", "side": "Side", "verdict": "Verdict", "amount": "Amount",
           "rules": "Rules involved", "cliffs": "Cliffs: what one euro (or one unit) more costs", "rule": "Rule", "jump": "Loss",
           "households": "Households", "none": "No properties declared.", "seed": "Seed of the search",
           "search_note": "A search, not a proof: no case was found that breaks the property."},
}
"""The labels of the property report (regelruimte properties)."""

PROPERTY_SIDES = {
    "nl": {"before": "ervoor", "after": "erna", "this version": "deze versie", "other version": "andere versie", "letter": "letter", "purpose": "doel"},
    "en": {"before": "before", "after": "after", "this version": "this version", "other version": "other version", "letter": "letter", "purpose": "purpose"},
}
"""The two sides of a counterexample, as the property report names them."""
