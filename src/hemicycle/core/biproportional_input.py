"""Vote tables for biproportional apportionment from what callers pass.

Votes come as a nested mapping ``{district: {party: votes}}`` or as a long table with the columns
``district``, ``party`` (or ``list``) and ``votes``: a pandas DataFrame or an Arrow table.
District magnitudes come as a mapping, a pandas Series indexed by district, or a table with the
columns ``district`` and ``seats``. pandas and pyarrow are not imported: their objects are
recognised by their interfaces.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

from hemicycle.errors import DataError
from hemicycle.types import DistrictId, PartyId


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise DataError(f"{what} must be a whole number (got {value!r})")
    if isinstance(value, numbers.Integral):
        return int(value)
    number = float(value)
    if not number.is_integer():
        raise DataError(f"{what} must be a whole number (got {value!r})")
    return int(number)


def _columns(data: Any) -> dict[str, list[Any]] | None:
    if hasattr(data, "column_names") and hasattr(data, "to_pydict"):  # pyarrow.Table
        return {str(k): list(v) for k, v in data.to_pydict().items()}
    if hasattr(data, "columns") and hasattr(data, "to_dict"):  # pandas.DataFrame
        return {str(c): list(data[c]) for c in data.columns}
    return None


def _pick(columns: Mapping[str, list[Any]], *names: str) -> list[Any]:
    for name in names:
        if name in columns:
            return columns[name]
    wanted = " or ".join(repr(n) for n in names)
    raise DataError(f"table needs a column {wanted} (has {', '.join(columns)})")


def vote_table(data: Any) -> dict[DistrictId, dict[PartyId, int]]:
    """Votes district → party from a nested mapping or a long table.

    >>> vote_table({"Zug": {"CVP": 21343, "SP": 21794.0}})
    {'Zug': {'CVP': 21343, 'SP': 21794}}
    """
    if isinstance(data, Mapping):
        table: dict[DistrictId, dict[PartyId, int]] = {}
        for district, row in data.items():
            if not isinstance(row, Mapping):
                raise DataError(
                    f"votes of district {district!r} must map parties to votes (got {row!r})"
                )
            table[str(district)] = {
                str(party): _whole(count, f"votes of {party!r} in {district!r}")
                for party, count in row.items()
            }
        return table
    columns = _columns(data)
    if columns is None:
        raise DataError(
            "votes must be a mapping {district: {party: votes}}, a pandas DataFrame or an Arrow "
            f"table with columns district, party, votes (got {type(data).__name__})"
        )
    districts = _pick(columns, "district")
    parties = _pick(columns, "party", "list")
    counts = _pick(columns, "votes")
    long: dict[DistrictId, dict[PartyId, int]] = {}
    for row, (district, party, count) in enumerate(
        zip(districts, parties, counts, strict=True), start=1
    ):
        cell = long.setdefault(str(district), {})
        if str(party) in cell:
            raise DataError(f"row {row}: {party!r} appears twice in district {district!r}")
        cell[str(party)] = _whole(count, f"votes of {party!r} in {district!r}")
    return long


def seat_table(data: Any) -> dict[DistrictId, int]:
    """Seats per district from a mapping, a pandas Series, or a table ``district, seats``.

    >>> seat_table({"Zug": 19, "Baar": 15})
    {'Zug': 19, 'Baar': 15}
    """
    if isinstance(data, Mapping):
        return {str(d): _whole(s, f"seats of district {d!r}") for d, s in data.items()}
    columns = _columns(data)
    if columns is not None:
        seats: dict[DistrictId, int] = {}
        for district, count in zip(
            _pick(columns, "district"), _pick(columns, "seats"), strict=True
        ):
            if str(district) in seats:
                raise DataError(f"district {district!r} appears twice in the seats table")
            seats[str(district)] = _whole(count, f"seats of district {district!r}")
        return seats
    if hasattr(data, "index") and hasattr(data, "items"):  # pandas.Series
        return {str(d): _whole(s, f"seats of district {d!r}") for d, s in data.items()}
    raise DataError(
        "district seats must be a mapping, a pandas Series or a table with columns district, "
        f"seats (got {type(data).__name__})"
    )


__all__ = ["seat_table", "vote_table"]
