# SPDX-License-Identifier: EUPL-1.2
"""Where the files that ship with the library are: the bundled regulations, their JSON Schemas
and the demo's data.

In the repository they live at the top (``policies/``, ``schema/``, ``examples/``); the build maps
them into the wheel under ``regelruimte/_data/`` (``[tool.hatch.build.targets.wheel.force-include]``
in ``pyproject.toml``), where :mod:`importlib.resources` finds them in an installed package. An
editable install from a checkout has no ``_data``: then the checkout's own folders are used.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

Kind = Literal["policies", "schema", "examples"]

_CHECKOUT = Path(__file__).resolve().parents[2]


def bundled_path(kind: Kind = "policies") -> Path:
    """The directory of the files of ``kind`` that ship with the library.

    Args:
        kind: ``"policies"`` (the bundled regulations and their norm files), ``"schema"`` (the
            JSON Schemas of policy and norm files) or ``"examples"`` (the demo's event log and
            synthetic city).

    Raises:
        FileNotFoundError: when the installation is incomplete (a wheel built without its data).

    Example:
        >>> import regelruimte as rr
        >>> (rr.bundled_path() / "nl" / "zuidplas" / "kwijtschelding.yaml").is_file()
        True
    """
    if kind not in ("policies", "schema", "examples"):
        raise ValueError("kind must be 'policies', 'schema' or 'examples'")
    installed = resources.files("regelruimte") / "_data" / kind
    if installed.is_dir():
        # a wheel is always unpacked on disk (never imported from a zip), so this is a real path
        return Path(str(installed))
    checkout = _CHECKOUT / kind
    if (_CHECKOUT / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the bundled {kind} are missing from this installation of regelruimte; reinstall it from a complete wheel")
