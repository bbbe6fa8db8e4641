# SPDX-License-Identifier: EUPL-1.2
"""``python -m regelruimte``: the same command line as the ``regelruimte`` script."""

from .cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
