"""What is wrong with an input: a :class:`Problem` per bad value, and the error that carries them.

Each problem names the file, the row (as a spreadsheet counts it), the column and the rule
broken, so a person can find and fix the cell; the rule is a stable id (``negative``,
``unknown_list``…) listed in ``docs/storage.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hemicycle.errors import DataError


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One broken rule at one place of one file.

    >>> print(Problem(file="r.csv", row=7, column="votes", rule="negative",
    ...               message="votes must not be negative (got '-3')"))
    r.csv: row 7, column 'votes': votes must not be negative (got '-3') [negative]
    """

    file: str
    row: int | None
    column: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        return str(
            DataError(
                f"{self.message} [{self.rule}]", file=self.file, row=self.row, column=self.column
            )
        )

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "rule": self.rule,
            "message": self.message,
        }


class ValidationError(DataError):
    """Input that breaks one or more rules; ``problems`` lists them in file and row order.

    The error's own file, row and column are those of the first problem.

    >>> error = ValidationError([Problem(file="c.csv", row=3, column="list", rule="unknown_list",
    ...                                  message="list 'X' does not stand in district 'D'")])
    >>> error.rule, error.row
    ('unknown_list', 3)
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("a ValidationError needs at least one problem")
        self.problems = tuple(problems)
        first = self.problems[0]
        self.rule = first.rule
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        super().__init__(
            f"{first.message} [{first.rule}]{suffix}",
            file=first.file,
            row=first.row,
            column=first.column,
        )


__all__ = ["Problem", "ValidationError"]
