"""Reading the inputs of a projection: shares, a covariance, draws and blocs, strictly.

- shares: ``name,share`` (national) or ``district,name,share`` with an optional ``valid``
  column (the district's valid votes, the same on each of its rows); a share is a number or a
  percentage (``31.5%``) and the shares of a district are taken relative to their sum;
- covariance: ``name,<list>,<list>,…``: a square table with a row and a column per list;
- draws: one column per list, one row per simulation;
- blocs: ``bloc,name``, one row per member.

Every problem is a :class:`~hemicycle.errors.DataError` naming file, row and column.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hemicycle.errors import DataError
from hemicycle.io.tables import _open_text, parse_count, read_csv_rows


def parse_share(text: str, *, file: str, row: int, column: str) -> float:
    """A non-negative finite number, or a percentage.

    >>> parse_share("31.5%", file="s.csv", row=2, column="share")
    0.315
    """
    cleaned = text.strip()
    percent = cleaned.endswith("%")
    try:
        value = float(cleaned.removesuffix("%"))
    except ValueError:
        raise DataError(
            f"must be a number such as 0.315 or 31.5% (got {text!r})",
            file=file,
            row=row,
            column=column,
        ) from None
    if not math.isfinite(value) or value < 0:
        raise DataError(
            f"must be a finite non-negative number (got {text!r})",
            file=file,
            row=row,
            column=column,
        )
    return value / 100 if percent else value


@dataclass(frozen=True, slots=True, kw_only=True)
class SharesTable:
    """Shares read from a file: national (``national``) or per district (``districts``)."""

    file: str
    national: dict[str, float] | None
    districts: dict[str, dict[str, float]] | None
    valid: dict[str, int] | None


def read_shares(path: str | Path) -> SharesTable:
    """Read ``name,share`` or ``district,name,share[,valid]``."""
    file, rows = read_csv_rows(path, ["name", "share"], optional=["district", "valid"])
    return _shares_rows(file, rows)


def _shares_rows(file: str, rows: list[tuple[int, dict[str, str]]]) -> SharesTable:
    by_district = "district" in rows[0][1]
    if "valid" in rows[0][1] and not by_district:
        raise DataError("a valid column needs a district column", file=file, row=1, column="valid")
    national: dict[str, float] = {}
    districts: dict[str, dict[str, float]] = {}
    valid: dict[str, int] = {}
    for number, row in rows:
        name = row["name"]
        if not name.strip():
            raise DataError("name is empty", file=file, row=number, column="name")
        value = parse_share(row["share"], file=file, row=number, column="share")
        if not by_district:
            if name in national:
                raise DataError(f"duplicate name {name!r}", file=file, row=number, column="name")
            national[name] = value
            continue
        district = row["district"]
        if not district.strip():
            raise DataError("district is empty", file=file, row=number, column="district")
        table = districts.setdefault(district, {})
        if name in table:
            raise DataError(
                f"{name!r} appears twice in {district!r}", file=file, row=number, column="name"
            )
        table[name] = value
        if "valid" in row:
            count = parse_count(row["valid"], file=file, row=number, column="valid")
            if valid.setdefault(district, count) != count:
                raise DataError(
                    f"valid votes of {district!r} differ between its rows "
                    f"({valid[district]} and {count})",
                    file=file,
                    row=number,
                    column="valid",
                )
    for district, table in (districts or {"": national}).items():
        if sum(table.values()) <= 0:
            where = f" in {district!r}" if district else ""
            raise DataError(f"the shares{where} add up to zero", file=file)
    return SharesTable(
        file=file,
        national=None if by_district else national,
        districts=districts if by_district else None,
        valid=valid if "valid" in rows[0][1] else None,
    )


def _wide(
    path: str | Path, first: str | None
) -> tuple[str, list[str], list[tuple[int, list[str]]]]:
    """A CSV whose columns are lists (after an optional first column): names and rows."""
    text, file = _open_text(path)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError("file is empty; expected a header row", file=file) from None
    if first is not None and (not header or header[0].strip() != first):
        raise DataError(f"the first column must be {first!r}", file=file, row=1)
    names = header[1:] if first is not None else header
    if not names:
        raise DataError("the header names no list", file=file, row=1)
    for name in names:
        if not name.strip():
            raise DataError("a column has no name", file=file, row=1)
        if names.count(name) > 1:
            raise DataError("column appears twice", file=file, row=1, column=name)
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                f"has {len(cells)} cells, the header has {len(header)}", file=file, row=number
            )
        rows.append((number, cells))
    if not rows:
        raise DataError("file has a header but no data rows", file=file)
    return file, names, rows


def _number(text: str, *, file: str, row: int, column: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise DataError(
            f"must be a number (got {text!r})", file=file, row=row, column=column
        ) from None
    if not math.isfinite(value):
        raise DataError(f"must be finite (got {text!r})", file=file, row=row, column=column)
    return value


def read_covariance(path: str | Path) -> dict[str, dict[str, float]]:
    """Read a square ``name,<list>,…`` table: the covariance of the lists' log-shares."""
    file, names, rows = _wide(path, "name")
    matrix: dict[str, dict[str, float]] = {}
    for number, cells in rows:
        name = cells[0]
        if name not in names:
            raise DataError(
                f"{name!r} is not a column of the table", file=file, row=number, column="name"
            )
        if name in matrix:
            raise DataError(f"duplicate name {name!r}", file=file, row=number, column="name")
        matrix[name] = {
            column: _number(cell, file=file, row=number, column=column)
            for column, cell in zip(names, cells[1:], strict=True)
        }
    missing = [name for name in names if name not in matrix]
    if missing:
        raise DataError(f"no row for {missing[0]!r}: the table must be square", file=file)
    return matrix


def read_draws(path: str | Path) -> list[dict[str, float]]:
    """Read draws of the shares: a column per list, a row per simulation."""
    file, names, rows = _wide(path, None)
    draws = []
    for number, cells in rows:
        draw = {
            name: parse_share(cell, file=file, row=number, column=name)
            for name, cell in zip(names, cells, strict=True)
        }
        if sum(draw.values()) <= 0:
            raise DataError("the shares of this draw add up to zero", file=file, row=number)
        draws.append(draw)
    return draws


def read_blocs(path: str | Path) -> dict[str, list[str]]:
    """Read ``bloc,name``: the lists of each bloc."""
    file, rows = read_csv_rows(path, ["bloc", "name"])
    blocs: dict[str, list[str]] = {}
    for number, row in rows:
        for column in ("bloc", "name"):
            if not row[column].strip():
                raise DataError(f"{column} is empty", file=file, row=number, column=column)
        members = blocs.setdefault(row["bloc"], [])
        if row["name"] in members:
            raise DataError(
                f"{row['name']!r} appears twice in bloc {row['bloc']!r}",
                file=file,
                row=number,
                column="name",
            )
        members.append(row["name"])
    return blocs


def _table_records(data: Any) -> list[Mapping[str, Any]] | None:
    """Rows of a pandas DataFrame or an Arrow table (recognised by their interfaces)."""
    if hasattr(data, "to_pylist"):  # pyarrow.Table
        return list(data.to_pylist())
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # pandas.DataFrame
        return list(data.to_dict(orient="records"))
    return None


def _is_file(data: Any) -> bool:
    return isinstance(data, str | Path)


def shares_of(data: Any) -> SharesTable:
    """Shares from a file, a mapping ``{list: share}`` or ``{district: {list: share}}``, or a
    table with columns ``name,share`` and optionally ``district``, ``valid``.

    >>> shares_of({"A": 60, "B": "40%"}).national
    {'A': 60.0, 'B': 0.4}
    """
    if data is None:
        return SharesTable(file="", national=None, districts=None, valid=None)
    if _is_file(data):
        return read_shares(data)
    records = _table_records(data)
    if records is not None:
        if not records:
            raise DataError("the shares table has no rows")
        columns = set(records[0])
        allowed = {"name", "share", "district", "valid"}
        if not {"name", "share"} <= columns or not columns <= allowed:
            raise DataError(
                f"a shares table has columns name, share and optionally district, valid "
                f"(got {', '.join(map(str, records[0]))})"
            )
        rows = [
            (number, {str(k): "" if v is None else str(v) for k, v in record.items()})
            for number, record in enumerate(records, start=2)
        ]
        return _shares_rows("<shares table>", rows)
    if not isinstance(data, Mapping):
        raise DataError(
            "shares must be a file, a mapping or a table (got " + type(data).__name__ + ")"
        )
    if all(isinstance(value, Mapping) for value in data.values()):
        districts = {
            str(district): {str(n): _share_value(v, str(n)) for n, v in table.items()}
            for district, table in data.items()
        }
        return SharesTable(file="", national=None, districts=districts, valid=None)
    national = {str(name): _share_value(value, str(name)) for name, value in data.items()}
    return SharesTable(file="", national=national, districts=None, valid=None)


def _share_value(value: Any, name: str) -> float:
    if isinstance(value, str):
        return parse_share(value, file="<shares>", row=0, column=name)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise DataError(f"the share of {name!r} must be a number (got {value!r})")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise DataError(f"the share of {name!r} must be finite and non-negative (got {value!r})")
    return number


def covariance_of(data: Any) -> dict[str, dict[str, float]] | None:
    """A covariance from a file or a mapping of mappings (``{list: {list: value}}``)."""
    if data is None:
        return None
    if _is_file(data):
        return read_covariance(data)
    if isinstance(data, Mapping):
        return {str(k): {str(c): float(v) for c, v in row.items()} for k, row in data.items()}
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # pandas.DataFrame by list
        table: dict[str, dict[str, float]] = data.to_dict(orient="index")
        return {str(k): {str(c): float(v) for c, v in row.items()} for k, row in table.items()}
    raise DataError(f"a covariance must be a file or a mapping (got {type(data).__name__})")


def draws_of(data: Any) -> list[dict[str, float]] | None:
    """Draws from a file, a table (a column per list) or a sequence of mappings."""
    if data is None:
        return None
    if _is_file(data):
        return read_draws(data)
    records = _table_records(data)
    rows = records if records is not None else list(data)
    if not all(isinstance(row, Mapping) for row in rows):
        raise DataError("draws must be a file, a table, or mappings of shares by list")
    return [{str(n): _share_value(v, str(n)) for n, v in row.items()} for row in rows]


def blocs_of(data: Any) -> dict[str, list[str]] | None:
    """Blocs from a file (``bloc,name``) or a mapping ``{bloc: [lists]}``."""
    if data is None:
        return None
    if _is_file(data):
        return read_blocs(data)
    if isinstance(data, Mapping):
        return {str(bloc): [str(name) for name in names] for bloc, names in data.items()}
    raise DataError(f"blocs must be a file or a mapping (got {type(data).__name__})")


__all__ = [
    "SharesTable",
    "blocs_of",
    "covariance_of",
    "draws_of",
    "parse_share",
    "read_blocs",
    "read_covariance",
    "read_draws",
    "read_shares",
    "shares_of",
]
