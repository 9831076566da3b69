"""Counts per unit as every method takes them: votes, populations, seats, offices.

>>> whole_counts({"A": 3, "B": 0}, "seats")
{'A': 3, 'B': 0}
"""

from __future__ import annotations

from collections.abc import Mapping

from hemicycle.errors import DataError
from hemicycle.types import UnitId


def whole_counts(counts: Mapping[UnitId, int], what: str) -> dict[UnitId, int]:
    """``counts`` as a dict, after checking that each is a non-negative whole number.

    ``what`` names the counts in the error (``"votes"``, ``"seats"``); a bool is not a count.

    >>> whole_counts({"A": True}, "votes")
    Traceback (most recent call last):
    ...
    hemicycle.errors.DataError: votes of 'A' must be a non-negative whole number (got True)
    """
    checked: dict[UnitId, int] = {}
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DataError(
                f"{what} of {name!r} must be a non-negative whole number (got {value!r})"
            )
        checked[name] = value
    return checked


__all__ = ["whole_counts"]
