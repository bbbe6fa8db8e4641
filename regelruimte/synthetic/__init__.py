# SPDX-License-Identifier: EUPL-1.2
"""Synthetic data for examples, tests and benchmarks: nobody in it exists.

* :mod:`~regelruimte.synthetic.population`: a population of households with a column per fact
  (``generate``; needs numpy, the ``synthetic`` extra);
* :mod:`~regelruimte.synthetic.events`: an event log of a city for signals (the standard library only).

The library itself never imports this package.
"""
