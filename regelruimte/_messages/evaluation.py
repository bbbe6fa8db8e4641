# SPDX-License-Identifier: EUPL-1.2
"""Evaluating a policy: what stops an evaluation (elements named, never case values)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Dutch, English)
    # -- evaluating a policy
    "parameter-no-value": ("parameter {parameter} van regeling {policy} heeft geen waarde op {date}", "parameter {parameter} of policy {policy} has no value on {date}"),
    "policy-not-compiled": ("regeling {policy} heeft geen gecompileerde vorm: laad haar met regelruimte.load_policy, of wijzig een geladen regeling met regelruimte.change_policy",
                            "policy {policy} has no compiled form: load it with regelruimte.load_policy, or change a loaded policy with regelruimte.change_policy"),
    "property-other-not-file": ("eigenschap {property} van regeling {policy}: de andere versie {other} is geen bestand",
                                "property {property} of policy {policy}: the other version {other} is not a file"),
}
