# SPDX-License-Identifier: EUPL-1.2
"""How an example test of a policy differs from its expectation (``regelruimte test``). The
English texts are the differences in the JSON and in pytest; the values are the codes the policy
file's ``expect`` uses (``granted``, ``served``), so they stay as written there."""

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Dutch, English)
    "test-part": ("deel {part}: ", "part {part}: "),
    "test-none": ("geen", "none"),
    "test-true": ("ja", "True"),
    "test-false": ("nee", "False"),
    "test-letter": ("{part}letter: verwacht {expected}, uitkomst {got}", "{part}letter: expected {expected}, got {got}"),
    "test-amount": ("{part}bedrag: verwacht {expected}, uitkomst {got}", "{part}amount: expected {expected}, got {got}"),
    "test-intent": ("{part}doel: verwacht {expected}, uitkomst {got}", "{part}intent: expected {expected}, got {got}"),
    "test-tension": ("{part}spanning: verwacht {expected}, uitkomst {got}", "{part}tension: expected {expected}, got {got}"),
    "test-room": ("{part}ruimte: verwacht dat {provision} kan, uitkomst {offered}", "{part}room: expected {provision} to be offered, got {offered}"),
    "test-no-room": ("{part}geen ruimte: verwacht {expected}, uitkomst {got}", "{part}no room: expected {expected}, got {got}"),
    "test-proportionality": ("{part}evenredigheid: verwacht {expected}, uitkomst {got}", "{part}proportionality: expected {expected}, got {got}"),
    "test-rule": ("regel {rule}: verwacht {expected}, uitkomst {got}", "rule {rule}: expected {expected}, got {got}"),
    "test-granted-for": ("toegekend voor: verwacht {expected}, uitkomst {got}", "granted for: expected {expected}, got {got}"),
    "test-marked-passes": ("verwacht mislukt, maar slaagt: haal expected_failure weg", "expected to fail, but passes: remove expected_failure"),
}
