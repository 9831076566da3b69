"""The Python API: the library's entry points, accepting plain or tabular inputs."""

from __future__ import annotations

from typing import Any

from hemicycle.core import methods
from hemicycle.core.result import Allocation
from hemicycle.inputs import as_counts


def apportion(votes: Any, seats: int, method: str = "dhondt", **options: Any) -> Allocation:
    """Allocate ``seats`` by ``method`` (see :func:`hemicycle.core.methods.apportion`).

    ``votes`` is a mapping, a pandas Series or DataFrame, or an Arrow table; ``prior_seats``,
    ``min_seats`` and ``max_seats`` may be given the same ways.

    >>> dict(apportion({"A": 5, "B": 3, "C": 2}, 4, method="hare").seats)
    {'A': 2, 'B': 1, 'C': 1}
    """
    for option in ("prior_seats", "min_seats", "max_seats"):
        value = options.get(option)
        if value is not None and not isinstance(value, int):
            options[option] = as_counts(value)
    return methods.apportion(as_counts(votes), seats, method=method, **options)


__all__ = ["apportion"]
