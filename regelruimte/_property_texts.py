# SPDX-License-Identifier: EUPL-1.2
"""The Dutch and English texts of the property report (regelruimte.render.property_views): its
labels and the names of the two sides of a counterexample. Beside :mod:`regelruimte._texts`, which
holds every other text; like it, this module imports nothing.
"""

from __future__ import annotations

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
