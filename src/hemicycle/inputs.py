"""Turning what callers pass (mappings, pandas objects, Arrow tables) into plain counts.

pandas and pyarrow are not imported: their objects are recognised by their interfaces.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

from hemicycle.errors import DataError
from hemicycle.types import UnitId

_COUNT_COLUMNS = ("votes", "population", "seats", "weight")


def _whole(value: Any, name: object) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise DataError(f"count of {name!r} must be a whole number (got {value!r})")
    if isinstance(value, numbers.Integral):
        return int(value)
    number = float(value)
    if number.is_integer():
        return int(number)
    raise DataError(f"count of {name!r} must be a whole number (got {value!r})")


def _from_columns(columns: Mapping[str, list[Any]]) -> dict[UnitId, int]:
    if "name" not in columns:
        raise DataError(f"table needs a 'name' column (has {', '.join(columns)})")
    column = next((c for c in _COUNT_COLUMNS if c in columns), None)
    if column is None:
        raise DataError(f"table needs one of the columns {', '.join(_COUNT_COLUMNS)}")
    counts: dict[UnitId, int] = {}
    for name, value in zip(columns["name"], columns[column], strict=True):
        if name in counts:
            raise DataError(f"duplicate name {name!r}")
        counts[str(name)] = _whole(value, name)
    return counts


def as_counts(data: Any) -> dict[UnitId, int]:
    """Counts per unit from a mapping, a pandas Series or DataFrame, or an Arrow table.

    A DataFrame or table has a ``name`` column and a ``votes`` (or ``population``, ``seats``,
    ``weight``) column; a Series is indexed by name.

    >>> as_counts({"A": 3, "B": 5.0})
    {'A': 3, 'B': 5}
    """
    if isinstance(data, Mapping):
        return {str(name): _whole(value, name) for name, value in data.items()}
    if hasattr(data, "column_names") and hasattr(data, "to_pydict"):  # pyarrow.Table
        return _from_columns(data.to_pydict())
    if hasattr(data, "columns") and hasattr(data, "to_dict"):  # pandas.DataFrame
        return _from_columns({str(c): list(data[c]) for c in data.columns})
    if hasattr(data, "index") and hasattr(data, "items"):  # pandas.Series
        return {str(name): _whole(value, name) for name, value in data.items()}
    raise DataError(
        f"counts must be a mapping, a pandas Series or DataFrame, or an Arrow table "
        f"(got {type(data).__name__})"
    )


__all__ = ["as_counts"]
