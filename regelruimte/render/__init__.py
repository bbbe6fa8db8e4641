# SPDX-License-Identifier: EUPL-1.2
"""The views: how every result is drawn in the terminal (rich), as HTML, as Markdown and in Jupyter.

Importing this package registers every view module with :mod:`regelruimte._display` (the lazy
bootstrap the results call on their first display). A view module imports the result type it
draws; a result never imports a view.
"""

from . import assessment_views, difference_views, policy_views, property_views, review_views, screening_views, signals_views

__all__ = ["assessment_views", "difference_views", "policy_views", "property_views", "review_views", "screening_views", "signals_views"]
