# SPDX-License-Identifier: EUPL-1.2
"""The Dutch and English texts of the review as a document (regelruimte.render.review_views): the
line that says when and with what it was made, the introduction and the legend. Beside
:mod:`regelruimte._texts`, which holds every other text; like it, this module imports nothing.
"""

from __future__ import annotations

REVIEW_DOCUMENT = {
    "nl": {
        "made": "Gemaakt op {date} met regelruimte {version}.",
        "intro": "Deze toets kijkt naar elke controle die een regeling van burgers vraagt: een stuk, een gesprek, een huisbezoek. "
                 "Bij elke controle staat of de gemeente kan uitleggen waarom zij dit vraagt, of de controle niet meer vraagt dan de regel nodig heeft, "
                 "en hoeveel tijd het burgers kost. Daarna volgen de bevindingen over de regeling zelf en wat te doen. "
                 "De toets geeft signalen; een medewerker of raadslid weegt ze.",
        "versions": "Getoetste regelingen", "version": "versie", "fingerprint": "vingerafdruk (SHA-256)",
        "legend": "Uitleg bij de oordelen", "legend_remove": "de gemeente kan niet uitleggen waarom zij dit vraagt, of heeft de gegevens al",
        "legend_reduce": "de controle vraagt meer dan de regel nodig heeft", "legend_rewrite": "de uitleg aan de burger moet duidelijker",
        "legend_sound": "geen bevinding die telt", "legend_severity": "Een fout moet opgelost worden; een waarschuwing verdient aandacht; info is ter kennisname.",
        "months": "januari februari maart april mei juni juli augustus september oktober november december",
        "criterion_T": "Standard for Public Code: beleid en broncode samen (de voorbeelden voeren de regeling uit)",
    },
    "en": {
        "made": "Made on {date} with regelruimte {version}.",
        "intro": "This review looks at every control a regulation asks of citizens: a document, an interview, a home visit. "
                 "For each control it says whether the municipality can explain why it asks for it, whether it asks no more than the rule needs, "
                 "and how much time it costs citizens. Then follow the findings on the regulation itself and what to do. "
                 "The review gives signals; a case worker or council member weighs them.",
        "versions": "Regulations reviewed", "version": "version", "fingerprint": "fingerprint (SHA-256)",
        "legend": "What the verdicts mean", "legend_remove": "the municipality cannot explain why it asks for this, or already has the data",
        "legend_reduce": "the control asks more than the rule needs", "legend_rewrite": "the explanation to the citizen must be clearer",
        "legend_sound": "no finding that counts", "legend_severity": "An error must be solved; a warning deserves attention; info is for your information.",
        "months": "January February March April May June July August September October November December",
        "criterion_T": "Standard for Public Code: bundle policy and source code (the examples run the policy)",
    },
}
