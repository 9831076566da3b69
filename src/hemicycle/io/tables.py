"""Reading small CSV tables (``name,votes``; ``name,seats``; ``name,weight``…) strictly.

Every problem is reported as a :class:`~hemicycle.errors.DataError` naming the file, the row
(counting the header as row 1, as a spreadsheet does) and the column. Names are kept byte for
byte, in any script.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hemicycle.errors import DataError
from hemicycle.types import UnitId


def _open_text(path: str | Path) -> tuple[str, str]:
    """The text of ``path`` (``-`` for standard input) and the name to report it by."""
    if str(path) == "-":
        return sys.stdin.read(), "<stdin>"
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise DataError("is a directory, not a file", file=str(path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(
            f"is not UTF-8 text (bad byte at offset {error.start})", file=str(path)
        ) from None
    return text, str(path)


def read_csv_rows(
    path: str | Path, required: Sequence[str], optional: Sequence[str] = ()
) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """Rows of a CSV file as ``(row number, {column: text})``, checking the header.

    ``required`` lists alternatives with ``|`` (``"votes|population"``): the first present is
    used. Returns the file's display name and the rows.
    """
    text, name = _open_text(path)
    reader = csv.reader(io.StringIO(text))
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise DataError("file is empty; expected a header row", file=name) from None
    known = {column for option in required for column in option.split("|")} | set(optional)
    for column in header:
        if column not in known:
            allowed = ", ".join(sorted(known))
            raise DataError(
                f"unknown column {column!r}; expected {allowed}", file=name, row=1, column=column
            )
    if len(set(header)) != len(header):
        duplicate = next(c for c in header if header.count(c) > 1)
        raise DataError("column appears twice", file=name, row=1, column=duplicate)
    for option in required:
        if not any(column in header for column in option.split("|")):
            wanted = " or ".join(repr(c) for c in option.split("|"))
            raise DataError(f"missing column {wanted}", file=name, row=1)
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                f"has {len(cells)} cells, the header has {len(header)}", file=name, row=number
            )
        rows.append((number, dict(zip(header, cells, strict=True))))
    if not rows:
        raise DataError("file has a header but no data rows", file=name)
    return name, rows


def parse_count(text: str, *, file: str, row: int, column: str) -> int:
    """A non-negative whole number written in decimal digits (``1234``; no signs or fractions)."""
    cleaned = text.strip()
    if not cleaned.isdecimal() or not cleaned.isascii():
        kind = "negative" if cleaned.startswith("-") else "not a whole number"
        raise DataError(
            f"must be a non-negative whole number ({kind}: {text!r})",
            file=file,
            row=row,
            column=column,
        )
    return int(cleaned)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnitCounts:
    """A ``name,<count>`` table: counts per unit and optional seats already held."""

    file: str
    column: str
    counts: dict[UnitId, int]
    prior_seats: dict[UnitId, int]


def read_unit_counts(
    path: str | Path, columns: Sequence[str] = ("votes", "population")
) -> UnitCounts:
    """Read ``name,votes`` (or another count column) with an optional ``prior_seats`` column.

    Duplicate or empty names are errors, and so is a table with both a ``votes`` and a
    ``population`` column (which one to count would be a guess).
    """
    file, rows = read_csv_rows(path, ["name", "|".join(columns)], optional=["prior_seats"])
    present = [c for c in columns if c in rows[0][1]]
    if {"votes", "population"} <= set(present):
        raise DataError(
            "both a votes and a population column: keep the one to count",
            file=file,
            row=1,
            column="population",
        )
    column = present[0]
    counts: dict[UnitId, int] = {}
    prior: dict[UnitId, int] = {}
    for number, row in rows:
        name = row["name"]
        if not name.strip():
            raise DataError("name is empty", file=file, row=number, column="name")
        if name in counts:
            raise DataError(f"duplicate name {name!r}", file=file, row=number, column="name")
        counts[name] = parse_count(row[column], file=file, row=number, column=column)
        if "prior_seats" in row and row["prior_seats"].strip():
            prior[name] = parse_count(
                row["prior_seats"], file=file, row=number, column="prior_seats"
            )
    return UnitCounts(file=file, column=column, counts=counts, prior_seats=prior)


__all__ = ["UnitCounts", "parse_count", "read_csv_rows", "read_unit_counts"]
