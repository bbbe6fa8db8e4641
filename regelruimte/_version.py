# SPDX-License-Identifier: EUPL-1.2
"""The library's version, written once: the build (hatch), ``regelruimte.__version__`` and the
provenance of every assessment read it from here."""

__version__ = "0.1.0"
