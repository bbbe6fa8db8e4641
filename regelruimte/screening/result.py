# SPDX-License-Identifier: EUPL-1.2
"""What ``screen`` returns: per person and policy, plus a summary (no personal data in the summary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .._display import Displayable
from .._messages import Text, message

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl


@dataclass(frozen=True)
class ColumnProblem:
    column: str
    expected: str
    rows: int
    first_rows: list[int] = field(default_factory=list)
    expects: Text | None = field(default=None, compare=False, repr=False)
    """``expected`` from the catalogue (Dutch and English)."""

    def render(self, lang: str = "en") -> str:
        """The problem in ``lang``: the column, how many values, what they should be, the first rows."""
        expected = self.expects if self.expects is not None else self.expected
        if self.first_rows:
            return message("column-wrong-values-rows", lang, column=repr(self.column), n=self.rows, expected=expected, rows=", ".join(map(str, self.first_rows)))
        return message("column-wrong-values", lang, column=repr(self.column), n=self.rows, expected=expected)

    def __str__(self) -> str:
        return self.render("en")


@dataclass
class Screening(Displayable):
    """The result of a screening: per person and policy, plus a summary."""

    frame: Any
    """Per person and policy: letter, amount, intent, intent_amount, tension, receives, non_take_up."""
    summary: pl.DataFrame
    by_district: pl.DataFrame | None
    reference_date: date
    policies: dict[str, str]
    """Policy id to the SHA-256 of its file(s)."""
    persons: int
    missing_columns: list[str] = field(default_factory=list)
    """Facts of the regulations without a column: unknown for everyone."""
    unknown_columns: list[str] = field(default_factory=list)
    """Columns that are no fact, id, district or receives column (``?`` for a name not shown)."""
    unknown_values: int = 0
    """How many facts were unknown, over every person: missing columns and empty or invalid cells."""

    def __repr__(self) -> str:
        nt = int(self.summary["non_take_up"].sum()) if self.summary.height else 0
        return f"<Screening {self.reference_date.isoformat()} persons={self.persons} policies={len(self.policies)} non_take_up={nt}>"
