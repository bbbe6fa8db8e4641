# SPDX-License-Identifier: EUPL-1.2
"""Screening: a whole population against many regulations at once, vectorised on polars.

:func:`screen` (:mod:`~regelruimte.screening.pipeline`) reads the population
(:mod:`~regelruimte.screening.frames`), normalises its fact columns
(:mod:`~regelruimte.screening.columns`), runs every policy's conditions as polars expressions
(:mod:`regelruimte.compiler.vectorised`) and gives a :class:`Screening`
(:mod:`~regelruimte.screening.result`). :mod:`~regelruimte.screening.distributed` runs the same
screening on every partition of a Dask DataFrame.
"""

from ..errors import ScreeningError
from .pipeline import screen
from .result import ColumnProblem, Screening

__all__ = ["ColumnProblem", "Screening", "ScreeningError", "screen"]
