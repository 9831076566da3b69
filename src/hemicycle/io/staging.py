"""Reading one tidy table (CSV, Parquet or XLSX) into a DuckDB staging table, hashed on the way.

A staged table keeps the values as the file holds them (text for CSV and XLSX, the stored types
for Parquet) beside ``_record``, the 1-based position of the data record in the file. Nothing is
cleaned here: :mod:`hemicycle.io.validate` checks every value, and only then are the values cast.

Rows in messages are counted as a spreadsheet counts them: in CSV the header is row 1 (so a
record's row is the line it starts on), in XLSX the sheet's own row numbers, in Parquet (which
has no header row) the record number.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from hemicycle.io.problems import Problem, ValidationError

Progress = Callable[[str, int, int], None]
"""Called as ``progress(phase, done, total)`` while a long step runs."""

FORMATS = ("csv", "parquet", "xlsx")
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    """The columns of one kind of tidy file and the key that must be unique.

    ``text`` columns must hold a non-blank name; ``optional_text`` may be left empty (None);
    ``counts`` hold non-negative whole numbers on every row; ``optional_counts`` may be empty;
    ``dates`` hold ISO dates (``1961-04-12``) or nothing.
    """

    role: str
    text: tuple[str, ...]
    optional_text: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()
    optional_counts: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    positive: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    one_of: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return self.text + self.counts

    @property
    def columns(self) -> tuple[str, ...]:
        return self.text + self.optional_text + self.counts + self.optional_counts + self.dates


RESULTS = Layout(
    role="results",
    text=("district", "list"),
    optional_text=("station", "candidate"),
    counts=("votes",),
    key=("district", "station", "list", "candidate"),
)
CANDIDATES = Layout(
    role="candidates",
    text=("district", "list", "candidate"),
    optional_text=("gender", "community", "minor_district"),
    optional_counts=("rank",),
    dates=("birth_date",),
    positive=("rank",),
    key=("district", "list", "candidate"),
)
TOTALS = Layout(
    role="totals",
    text=("district",),
    optional_text=("station",),
    optional_counts=("registered", "ballots", "valid", "invalid", "blank"),
    key=("district", "station"),
    one_of=("registered", "ballots", "valid", "invalid", "blank"),
)
SEATS = Layout(
    role="seats",
    text=("district",),
    optional_text=("minor_district", "community"),
    counts=("seats",),
    key=("district", "minor_district", "community"),
)
LAYOUTS = {layout.role: layout for layout in (RESULTS, CANDIDATES, TOTALS, SEATS)}


@dataclass(slots=True, kw_only=True)
class StagedFile:
    """One file read into the staging table ``table`` of a DuckDB connection."""

    layout: Layout
    name: str
    path: Path
    format: str
    sha256: str
    size: int
    table: str
    columns: dict[str, str]
    """Columns present in the file and their DuckDB types."""
    records: int = 0
    sheet_rows: list[int] = field(default_factory=list)
    """For XLSX: the sheet row of each record (record ``r`` is ``sheet_rows[r - 1]``)."""

    @property
    def role(self) -> str:
        return self.layout.role

    @property
    def station_level(self) -> bool:
        return "station" in self.columns

    def rows_of(self, records: Iterable[int]) -> dict[int, int]:
        """The spreadsheet row of each given 1-based record number."""
        wanted = sorted(set(records))
        if self.format in ("parquet", "values"):
            return {record: record for record in wanted}
        if self.format == "xlsx":
            return {record: self.sheet_rows[record - 1] for record in wanted}
        return _csv_lines(self.path, wanted)


def _csv_lines(path: Path, records: list[int]) -> dict[int, int]:
    """The line on which each record of a CSV file starts (blank lines are not records)."""
    found: dict[int, int] = {}
    if not records:
        return found
    position = 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        line = 1
        next(reader, None)
        for cells in reader:
            start = line + 1
            line = reader.line_num
            if not cells:
                continue
            position += 1
            if position == records[len(found)]:
                found[position] = start
                if len(found) == len(records):
                    break
    return found


def sha256_of(path: Path, progress: Progress | None = None, label: str = "") -> tuple[str, int]:
    """The SHA-256 hex digest and size in bytes of a file."""
    digest = hashlib.sha256()
    size = path.stat().st_size
    done = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(f"hashing {label}", done, size)
    return digest.hexdigest(), size


def _sniff(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(4)
    if head == b"PAR1":
        return "parquet"
    if head == b"PK\x03\x04":
        return "xlsx"
    return "csv"


def _fail(
    name: str, rule: str, message: str, *, row: int | None = None, column: str | None = None
) -> ValidationError:
    return ValidationError([Problem(file=name, row=row, column=column, rule=rule, message=message)])


def _check_header(header: list[str], layout: Layout, name: str) -> None:
    known = set(layout.columns)
    for column in header:
        if column not in known:
            separator = next((c for c in ";\t|" if c in column), None)
            hint = (
                f" (the columns seem separated by {separator!r}; CSV files are read with commas)"
                if separator
                else ""
            )
            raise _fail(
                name,
                "unknown_column",
                f"unknown column {column!r}; the {layout.role} file takes "
                f"{', '.join(layout.columns)}{hint}",
                row=1,
                column=column,
            )
    for column in header:
        if header.count(column) > 1:
            raise _fail(name, "duplicate_column", "column appears twice", row=1, column=column)
    for column in layout.required:
        if column not in header:
            raise _fail(
                name,
                "missing_column",
                f"missing column {column!r}; the {layout.role} file needs "
                f"{', '.join(layout.required)}",
                row=1,
            )
    if layout.one_of and not any(column in header for column in layout.one_of):
        raise _fail(
            name,
            "missing_column",
            f"the {layout.role} file needs at least one of {', '.join(layout.one_of)}",
            row=1,
        )


_LINE = re.compile(r"CSV Error on Line: (\d+)")


def _duckdb_error(error: duckdb.Error, name: str) -> ValidationError:
    """A DuckDB reading error naming the file and, when known, the line."""
    text = str(error)
    match = _LINE.search(text)
    detail = next(
        (
            line.strip()
            for line in text.splitlines()
            if line.startswith(("Expected Number", "Invalid unicode"))
        ),
        text.splitlines()[0],
    )
    if "unicode" in detail.lower():
        detail = "is not UTF-8 text"
    return _fail(
        name,
        "malformed_file",
        f"cannot be read: {detail}",
        row=int(match.group(1)) if match else None,
    )


def _csv_header(path: Path, name: str) -> list[str]:
    with path.open("rb") as handle:
        first = handle.readline()
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(name, "malformed_file", "is not UTF-8 text", row=1) from None
    cells = next(csv.reader(io.StringIO(text)), None)
    if not cells or not any(cell.strip() for cell in cells):
        raise _fail(name, "no_rows", "file is empty; expected a header row", row=1)
    return [cell.strip() for cell in cells]


def _stage_csv(con: duckdb.DuckDBPyConnection, path: Path, table: str, header: list[str]) -> int:
    """Stage the body of a CSV file as text; return the number of records."""
    # Read the header ourselves (strictly, above) and let DuckDB's parallel reader parse the
    # body as text; every value is then checked in SQL by hemicycle.io.validate.
    columns = dict.fromkeys(header, "VARCHAR")
    created = con.execute(
        f"CREATE TEMP TABLE {table}_raw AS SELECT * FROM read_csv($path, header = true, "
        "delim = ',', quote = '\"', escape = '\"', columns = $columns, auto_detect = false, "
        "strict_mode = true, null_padding = false)",
        {"path": str(path), "columns": columns},
    ).fetchone()
    con.execute(f"CREATE TEMP VIEW {table} AS SELECT rowid + 1 AS _record, * FROM {table}_raw")
    return int(created[0]) if created else 0


def _cell(value: object) -> str:
    """An XLSX cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _xlsx_rows(path: Path, name: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # imported here: only XLSX input needs it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise _fail(name, "malformed_file", f"cannot be read as XLSX: {error}") from None
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell(value) for value in values]
    finally:
        book.close()


def _stage_xlsx(con: duckdb.DuckDBPyConnection, staged: StagedFile, scratch: Path) -> list[str]:
    """Copy the first sheet into a CSV file in ``scratch`` and stage that; return the header."""
    rows = _xlsx_rows(staged.path, staged.name)
    header: list[str] | None = None
    text_path = scratch / f"{staged.table}.csv"
    with text_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for number, cells in rows:
            while cells and cells[-1] == "":
                cells.pop()
            if header is None:
                if not cells:
                    continue
                header = [cell.strip() for cell in cells]
                _check_header(header, staged.layout, staged.name)
                writer.writerow(header)
                continue
            if not cells:
                continue
            if len(cells) > len(header):
                raise _fail(
                    staged.name,
                    "malformed_file",
                    f"has {len(cells)} cells, the header has {len(header)}",
                    row=number,
                )
            writer.writerow(cells + [""] * (len(header) - len(cells)))
            staged.sheet_rows.append(number)
    if header is None:
        raise _fail(staged.name, "no_rows", "sheet is empty; expected a header row")
    staged.records = _stage_csv(con, text_path, staged.table, header)
    return header


def stage(
    con: duckdb.DuckDBPyConnection,
    source: str | Path,
    layout: Layout,
    scratch: Path,
    progress: Progress | None = None,
) -> StagedFile:
    """Hash ``source`` and read it into the staging view ``stage_<role>`` of ``con``.

    ``source`` is a path or ``-`` for standard input (copied to ``scratch`` first). The format
    is recognised from the file's first bytes (Parquet ``PAR1``, XLSX a zip archive, else CSV).
    """
    name = str(source)
    if name == "-":
        name = "<stdin>"
        path = scratch / f"stdin-{layout.role}"
        with path.open("wb") as handle:
            while chunk := sys.stdin.buffer.read(_CHUNK):
                handle.write(chunk)
    else:
        path = Path(source)
        if not path.exists():
            raise _fail(name, "missing_file", "file not found")
        if not path.is_file():
            raise _fail(name, "missing_file", "is not a file")
        if not os.access(path, os.R_OK):
            raise _fail(name, "missing_file", "cannot be read (permission denied)")
    digest, size = sha256_of(path, progress, name)
    staged = StagedFile(
        layout=layout,
        name=name,
        path=path,
        format=_sniff(path),
        sha256=digest,
        size=size,
        table=f"stage_{layout.role}",
        columns={},
    )
    if progress is not None:
        progress(f"reading {name}", 0, 1)
    try:
        if staged.format == "parquet":
            _stage_parquet(con, staged)
        elif staged.format == "xlsx":
            header = _stage_xlsx(con, staged, scratch)
            staged.columns = dict.fromkeys(header, "VARCHAR")
        else:
            header = _csv_header(path, name)
            _check_header(header, layout, name)
            staged.records = _stage_csv(con, path, staged.table, header)
            staged.columns = dict.fromkeys(header, "VARCHAR")
    except duckdb.Error as error:
        raise _duckdb_error(error, name) from None
    if staged.records == 0:
        raise _fail(name, "no_rows", "file has a header but no data rows")
    if progress is not None:
        progress(f"reading {name}", 1, 1)
    return staged


def _stage_parquet(con: duckdb.DuckDBPyConnection, staged: StagedFile) -> None:
    try:
        described = con.execute(
            "DESCRIBE SELECT * FROM read_parquet($path)", {"path": str(staged.path)}
        ).fetchall()
    except duckdb.Error as error:
        raise _fail(
            staged.name,
            "malformed_file",
            f"cannot be read as Parquet: {str(error).splitlines()[0]}",
        ) from None
    header = [str(row[0]) for row in described]
    _check_header(header, staged.layout, staged.name)
    staged.columns = {str(row[0]): str(row[1]) for row in described}
    selected = ", ".join(_quote(column) for column in header)
    # Parquet is read where it lies: the checks scan only the columns they need.
    path = str(staged.path).replace("'", "''")
    con.execute(
        f"CREATE TEMP VIEW {staged.table} AS SELECT file_row_number + 1 AS _record, "
        f"{selected} FROM read_parquet('{path}', file_row_number = true)"
    )
    count = con.execute(f"SELECT count(*) FROM {staged.table}").fetchone()
    staged.records = int(count[0]) if count else 0


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def scratch_dir() -> tempfile.TemporaryDirectory[str]:
    """A private temporary folder for standard input and XLSX copies, removed on exit."""
    return tempfile.TemporaryDirectory(prefix="hemicycle-")


__all__ = [
    "CANDIDATES",
    "FORMATS",
    "LAYOUTS",
    "RESULTS",
    "SEATS",
    "TOTALS",
    "Layout",
    "Progress",
    "StagedFile",
    "scratch_dir",
    "sha256_of",
    "stage",
]
