# SPDX-License-Identifier: EUPL-1.2
"""Policy files: reading them and what is wrong in them."""

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Dutch, English)
    # -- policy files
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
}
