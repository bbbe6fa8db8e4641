# SPDX-License-Identifier: EUPL-1.2
"""The Dutch and English texts of ``regelruimte demo``: the story it tells and the columns of its
two tables (the catalogue of :mod:`regelruimte._texts`, kept in a module of its own for its size).

This module imports nothing: the demo reads from it.
"""

from __future__ import annotations

DEMO: dict[str, dict[str, str]] = {  # the story of ``regelruimte demo`` (regelruimte.demo)
    "nl": {"rule": "[bold]regelruimte[/]: de letter, het doel en de ruimte daartussen",
           "intro": "Elke regel heeft een doel. Wij toetsen een zaak aan allebei, en laten zien waar ze uit elkaar lopen.\n",
           "policies": "1. De meegeleverde regelingen",
           "parted": "In [bold]{parted}[/] van de {total} voorbeeldzaken wijst de letter af wat het doel van de regeling vraagt.\n",
           "controls": "2. Controles die je een burger niet kunt uitleggen",
           "control-once-only": "de overheid heeft deze gegevens al", "control-unused-facts": "geen regel gebruikt het",
           "control-no-purpose": "dient geen doel", "control-no-legal-basis": "geen wettelijke grondslag", "control-verifies-nothing": "controleert niets",
           "removable": "{n} controles kunnen weg; dat scheelt burgers samen ongeveer [bold]{hours}[/] uur per jaar (schatting).\n",
           "blocking": "3. Eén zaak: de letter blokkeert het doel, en de wet geeft ruimte",
           "no_room": "4. Eén zaak zonder ruimte: een signaal aan de wetgever, geen advies om af te wijken",
           "no_room_at": "  [magenta]geen ruimte[/] bij {rule}: {reason} [dim]({citation})[/]",
           "city_missing": "De synthetische stad ontbreekt in deze installatie; stap 5 valt weg.\n",
           "city": "5. Proactief: een synthetische stad van {households} huishoudens",
           "city_note": "Niemand in deze stad bestaat; de verdelingen zijn illustratief (zie regelruimte/synthetic/).\n",
           "signals": "[bold]Signalen[/bold] op {date}: {households} huishoudens, {events} gebeurtenissen uit registers.",
           "story": "  Huishouden {household}: het OCMW kent op 10 februari 2026 een leefloon toe. Niemand vraagt iets aan.",
           "all_rules": "alle regels van de letter zijn voldaan", "not_all_rules": "nog niet alle regels zijn voldaan", "source": "Bron",
           "refused": "  {n} records geweigerd (met recordnummer en veld, zonder de waarde); de rest is verwerkt."},
    "en": {"rule": "[bold]regelruimte[/]: the letter, the purpose and the room between them",
           "intro": "Every rule has a purpose. We test a case against both, and show where they part.\n",
           "policies": "1. The bundled regulations",
           "parted": "In [bold]{parted}[/] of the {total} example cases the letter refuses what the purpose of the regulation asks for.\n",
           "controls": "2. Controls you cannot explain to a citizen",
           "control-once-only": "the government already has this data", "control-unused-facts": "no rule uses it",
           "control-no-purpose": "serves no purpose", "control-no-legal-basis": "no legal basis", "control-verifies-nothing": "verifies nothing",
           "removable": "{n} controls can go; that saves citizens together about [bold]{hours}[/] hours a year (estimate).\n",
           "blocking": "3. One case: the letter blocks the purpose, and the law gives room",
           "no_room": "4. One case without room: a signal to the legislator, no advice to deviate",
           "no_room_at": "  [magenta]no room[/] at {rule}: {reason} [dim]({citation})[/]",
           "city_missing": "The synthetic city is missing from this installation; step 5 is left out.\n",
           "city": "5. Proactive: a synthetic city of {households} households",
           "city_note": "Nobody in this city exists; the distributions are illustrative (see regelruimte/synthetic/).\n",
           "signals": "[bold]Signals[/bold] on {date}: {households} households, {events} events from registers.",
           "story": "  Household {household}: on 10 February 2026 the OCMW grants a leefloon (living wage). Nobody applies for anything.",
           "all_rules": "every rule of the letter passes", "not_all_rules": "not every rule passes yet", "source": "Source",
           "refused": "  {n} records refused (with record number and field, without the value); the rest was processed."},
}

DEMO_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {  # the columns of the demo's two tables
    "nl": {"policies": ("regeling", "instantie", "regels", "doelen", "controles", "voorbeeldzaken"),
           "controls": ("regeling", "controle", "waarom niet uit te leggen")},
    "en": {"policies": ("regulation", "authority", "rules", "purposes", "controls", "example cases"),
           "controls": ("regulation", "control", "why it cannot be explained")},
}
