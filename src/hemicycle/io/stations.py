"""Polling-station results in one tidy schema, read from CSV, Parquet or XLSX with a column map.

One row per polling station: a station id, zero or more region levels, the ballot totals
``registered, issued, cast, valid, invalid, blank`` (each optional except where a test needs
it) and one count per list or candidate. Files with other column names are read through a
*column map* ``{field: source}``; a source may add columns with ``+`` (the Russian protocols
count ballots issued early, in the station and outside it on three lines)::

    {"unit": "uik", "region": "region", "registered": "Число избирателей, внесенных …",
     "issued": "…досрочно + …в помещении… + …вне помещения…"}

List columns are every column left over, or those whose names match ``lists`` (shell-style
patterns such as ``"*ЕДИНАЯ РОССИЯ*"``). CSV and Parquet are read by DuckDB; ``.zip`` files
holding one CSV (as the Russian archives do) and ``-`` (standard input) are accepted. Counts must
be non-negative whole numbers on every row: the first bad cell is reported by file, row (the
header is row 1, as in a spreadsheet) and column.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "s.csv").write_text(
...     "station,province,voters,A,B\\n1,North,200,90,60\\n2,South,150,40,70\\n", encoding="utf-8")
>>> table = read_stations(folder / "s.csv", mapping={"unit": "station", "region": "province",
...                                                  "registered": "voters"})
>>> table.lists, table.votes.tolist(), table.registered.tolist()
(('A', 'B'), [[90, 60], [40, 70]], [200, 150])
"""

from __future__ import annotations

import fnmatch
import sys
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt

from hemicycle.errors import DataError

Counts = npt.NDArray[np.int64]
"""A column of whole numbers, one per station."""

Texts = npt.NDArray[Any]
"""A column of names, one per station (``str``; whole-number ids may stay ``int``)."""

TOTALS = ("registered", "issued", "cast", "valid", "invalid", "blank")
"""Ballot totals of a station: voters on the register, ballots issued, ballots found in the
boxes (cast), valid, invalid and blank ballots."""

FIELDS = ("unit", "region", *TOTALS)
"""Fields a column map may name; extra region levels are ``region2``, ``region3`` …"""


@dataclass(frozen=True, slots=True, kw_only=True)
class StationTable:
    """Polling-station results as numpy columns (row ``i`` is station ``i`` in file order).

    Totals missing from the file are None. ``votes`` has one column per list, in ``lists``
    order. ``rows`` holds each station's row in the file, for messages.
    """

    file: str
    units: Texts
    regions: Mapping[str, Texts]
    lists: tuple[str, ...]
    votes: npt.NDArray[np.int64]
    rows: Counts
    registered: Counts | None = None
    issued: Counts | None = None
    cast: Counts | None = None
    valid: Counts | None = None
    invalid: Counts | None = None
    blank: Counts | None = None
    sources: Mapping[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.units)

    def total(self, name: str) -> Counts | None:
        """The total named ``name`` (one of :data:`TOTALS`), or None when absent."""
        if name not in TOTALS:
            raise DataError(f"unknown total {name!r}; expected one of {', '.join(TOTALS)}")
        value: Counts | None = getattr(self, name)
        return value

    def list_votes(self, name: str) -> Counts:
        """The votes of one list, named exactly as in ``lists``."""
        if name not in self.lists:
            raise DataError(
                f"no list {name!r}; the lists are {', '.join(self.lists)}", file=self.file
            )
        return np.ascontiguousarray(self.votes[:, self.lists.index(name)])

    def subset(self, mask: npt.NDArray[np.bool_]) -> StationTable:
        """The stations where ``mask`` is true, in the same order."""

        def take(column: Counts | None) -> Counts | None:
            return None if column is None else column[mask]

        index = np.flatnonzero(mask)
        return StationTable(
            file=self.file,
            units=self.units[index],
            regions={k: v[index] for k, v in self.regions.items()},
            lists=self.lists,
            votes=self.votes[mask],
            rows=self.rows[mask],
            registered=take(self.registered),
            issued=take(self.issued),
            cast=take(self.cast),
            valid=take(self.valid),
            invalid=take(self.invalid),
            blank=take(self.blank),
            sources=self.sources,
        )


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _materialise(path: Path | str, scratch: Path) -> tuple[Path, str]:
    """A readable file for ``path`` (stdin and zip archives are copied to ``scratch``)."""
    if str(path) == "-":
        target = scratch / "stdin.csv"
        target.write_bytes(sys.stdin.buffer.read())
        return target, "<stdin>"
    file = Path(path)
    name = str(path)
    if not file.exists():
        raise DataError("file not found", file=name)
    if file.is_dir():
        raise DataError("is a directory, not a file", file=name)
    if file.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(file) as archive:
                members = [m for m in archive.namelist() if not m.endswith("/")]
                if len(members) != 1:
                    raise DataError(
                        f"a zip archive must hold exactly one table (holds {len(members)})",
                        file=name,
                    )
                target = scratch / Path(members[0]).name
                target.write_bytes(archive.read(members[0]))
        except zipfile.BadZipFile:
            raise DataError("is not a readable zip archive", file=name) from None
        return target, f"{name}:{members[0]}"
    return file, name


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    return "csv"


def _read_xlsx(path: Path, name: str) -> tuple[list[str], dict[str, list[object]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise DataError(f"is not a readable XLSX workbook ({error})", file=name) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = ["" if cell is None else str(cell).strip() for cell in next(rows)]
    except StopIteration:
        raise DataError("the first sheet is empty; expected a header row", file=name) from None
    columns: dict[str, list[object]] = {column: [] for column in header}
    for cells in rows:
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        padded = list(cells) + [None] * (len(header) - len(cells))
        for column, cell in zip(header, padded, strict=False):
            columns[column].append(cell)
    book.close()
    return header, columns


def _read_table(
    path: Path, name: str, wanted: Callable[[list[str]], set[str]]
) -> tuple[list[str], dict[str, Any]]:
    """Header and the ``wanted(header)`` columns of a CSV, Parquet or XLSX file."""
    kind = _kind(path)
    if kind == "xlsx":
        return _read_xlsx(path, name)
    con = duckdb.connect()
    try:
        if kind == "parquet":
            relation = con.read_parquet(str(path))
        else:
            relation = con.read_csv(str(path), header=True, encoding="utf-8")
        header = list(relation.columns)
        keep = wanted(header)
        relation = relation.select(*(duckdb.ColumnExpression(c) for c in header if c in keep))
        data = relation.fetchnumpy()
    except duckdb.Error as error:
        message = str(error).splitlines()[0]
        raise DataError(f"cannot be read as {kind.upper()} ({message})", file=name) from None
    finally:
        con.close()
    return header, dict(data)


def _bad_cell(values: Any, start: int) -> tuple[int, object] | None:
    """The first cell that is not a non-negative whole number, as (index, value)."""
    for index, value in enumerate(values[start:] if start else values, start=start):
        if value is None or isinstance(value, bool):
            return index, value
        if isinstance(value, (int, np.integer)):
            if value < 0:
                return index, value
            continue
        if isinstance(value, (float, np.floating)):
            if not np.isfinite(value) or value < 0 or value != int(value):
                return index, value
            continue
        text = str(value).strip()
        if not (text.isdecimal() and text.isascii()):
            return index, value
    return None


def _counts(values: Any, *, name: str, column: str, first_row: int) -> Counts:
    """A column as int64, or a DataError naming the first bad cell's row."""
    array = None
    if not isinstance(values, list):
        raw, mask = _masked(values)
        if mask is not None and mask.any():
            index = int(np.flatnonzero(mask)[0])
            raise DataError(
                "is empty; expected a non-negative whole number",
                file=name,
                row=index + first_row,
                column=column,
            )
        array = np.asarray(raw)
    if array is not None and array.dtype.kind in "iu":
        negative = np.flatnonzero(array < 0)
        if negative.size:
            index = int(negative[0])
            raise DataError(
                f"must be a non-negative whole number (got {array[index]})",
                file=name,
                row=index + first_row,
                column=column,
            )
        return array.astype(np.int64)
    bad = _bad_cell(list(values) if array is None else array.tolist(), 0)
    if bad is not None:
        index, value = bad
        shown = "empty" if value is None or str(value).strip() == "" else repr(value)
        raise DataError(
            f"must be a non-negative whole number (got {shown})",
            file=name,
            row=index + first_row,
            column=column,
        )
    cleaned = [int(str(v).strip()) if not isinstance(v, (int, float)) else int(v) for v in values]
    return np.asarray(cleaned, dtype=np.int64)


def _masked(values: Any) -> tuple[Any, npt.NDArray[np.bool_] | None]:
    """The data and the mask of a column DuckDB returned (a masked array where NULLs exist)."""
    if isinstance(values, np.ma.MaskedArray):
        return np.asarray(values.data), np.asarray(np.ma.getmaskarray(values))  # type: ignore[no-untyped-call]
    return values, None


def _texts(values: Any) -> Texts:
    """A column as names: numbers without a trailing ``.0``, empty cells as ``""``."""
    raw, mask = _masked(values)
    data = np.asarray(raw)
    if data.dtype.kind in "iu" and mask is None:
        return data  # whole-number ids stay numbers: they print the same, and 10⁶ of them are free
    out = np.empty(len(data), dtype=object)
    for i, value in enumerate(data.tolist()):
        if value is None:
            out[i] = ""
        elif isinstance(value, float) and value.is_integer():
            out[i] = str(int(value))
        else:
            out[i] = str(value)
    if mask is not None:
        out[mask] = ""
    return out


def _joined(columns: list[Texts]) -> Texts:
    if len(columns) == 1:
        return columns[0]
    out = columns[0]
    for column in columns[1:]:
        out = np.char.add(np.char.add(out.astype(str), " "), column.astype(str)).astype(object)
    return out


def _plan(
    header: list[str],
    mapping: Mapping[str, str],
    lists: Sequence[str] | None,
    ignore: Sequence[str],
    name: str,
) -> dict[str, Any]:
    """Which columns feed each field, and which are lists, checked against the header."""
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise DataError("column appears twice", file=name, row=1, column=column)
        seen.add(column)

    def sources_of(spec: str) -> list[str]:
        parts = [part.strip() for part in spec.split(" + ")] if " + " in spec else [spec]
        for part in parts:
            if part not in seen:
                raise DataError(
                    f"missing column {part!r} (named in the column map)", file=name, row=1
                )
        return parts

    used: set[str] = set()
    resolved: dict[str, list[str]] = {}
    region_keys = sorted(
        {k for k in mapping if k.startswith("region")}
        | {c for c in header if c == "region" or (c.startswith("region") and c[6:].isdigit())}
    )
    for key in ("unit", *region_keys, *TOTALS):
        if key in mapping:
            resolved[key] = sources_of(mapping[key])
        elif key in seen:
            resolved[key] = [key]
        used.update(resolved.get(key, []))
    if lists:
        chosen = [c for c in header if any(fnmatch.fnmatchcase(c, p) for p in lists)]
        missing = [p for p in lists if not any(fnmatch.fnmatchcase(c, p) for c in header)]
        if missing:
            raise DataError(f"no column matches the list pattern {missing[0]!r}", file=name, row=1)
    else:
        chosen = [c for c in header if c not in used and c not in ignore and c not in FIELDS]
    if not chosen:
        raise DataError("no list columns: give the lists' columns or patterns", file=name, row=1)
    return {"resolved": resolved, "chosen": chosen, "region_keys": region_keys}


def read_stations(
    path: str | Path,
    *,
    mapping: Mapping[str, str] | None = None,
    lists: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
) -> StationTable:
    """Read polling-station results into a :class:`StationTable`.

    Args:
        path: a ``.csv``, ``.parquet``, ``.xlsx`` or single-CSV ``.zip`` file; ``-`` for stdin.
        mapping: ``{field: source column}`` for the fields in :data:`FIELDS` (and ``region2``
            …); a source may be ``"a + b"`` to add columns. Unmapped fields are looked up
            under their own name.
        lists: shell-style patterns selecting the list columns; by default every column that
            is not a mapped field, not named like one, and not in ``ignore``.
        ignore: columns to leave out of the lists.

    Raises:
        DataError: naming the file, the row and the column of the first problem.
    """
    mapping = dict(mapping or {})
    for key in mapping:
        if key not in FIELDS and not (key.startswith("region") and key[6:].isdigit()):
            raise DataError(
                f"unknown field {key!r} in the column map; expected {', '.join(FIELDS)} "
                "or region2, region3 …"
            )
    plan: dict[str, Any] = {}

    def wanted(header: list[str]) -> set[str]:
        plan.update(_plan(header, mapping, lists, ignore, plan["name"]))
        return {c for sources in plan["resolved"].values() for c in sources} | set(plan["chosen"])

    with tempfile.TemporaryDirectory(prefix="hemicycle-stations-") as scratch:
        file, name = _materialise(path, Path(scratch))
        plan["name"] = name
        header, data = _read_table(file, name, wanted)
    if "resolved" not in plan:  # XLSX: every column was read
        plan.update(_plan(header, mapping, lists, ignore, name))
    resolved: dict[str, list[str]] = plan["resolved"]
    chosen: list[str] = plan["chosen"]
    region_keys: list[str] = plan["region_keys"]
    first_row = 1 if _kind(file) == "parquet" else 2

    def summed(key: str) -> Counts | None:
        if key not in resolved:
            return None
        total: Counts | None = None
        for column in resolved[key]:
            values = _counts(data[column], name=name, column=column, first_row=first_row)
            total = values if total is None else total + values
        return total

    totals = {key: summed(key) for key in TOTALS}
    count = len(next(iter(data.values()))) if data else 0
    if count == 0:
        raise DataError("file has a header but no data rows", file=name)
    votes = np.empty((count, len(chosen)), dtype=np.int64)
    for j, column in enumerate(chosen):
        votes[:, j] = _counts(data[column], name=name, column=column, first_row=first_row)
    if "unit" in resolved:
        units = _joined([_texts(data[c]) for c in resolved["unit"]])
    else:
        units = np.arange(first_row, first_row + count)
    regions = {key: _joined([_texts(data[c]) for c in resolved[key]]) for key in region_keys}
    return StationTable(
        file=name,
        units=units,
        regions=regions,
        lists=tuple(chosen),
        votes=votes,
        rows=np.arange(first_row, first_row + count, dtype=np.int64),
        sources={key: " + ".join(value) for key, value in resolved.items()},
        **totals,
    )


STORE_TOTALS = {"registered": "registered", "cast": "ballots", "valid": "valid",
                "invalid": "invalid", "blank": "blank"}  # fmt: skip
"""Station totals as the store names them: its ``ballots`` are the ballots cast (no count of
ballots issued is stored)."""


def read_store_stations(
    db: str | Path, election: str, *, lists: Sequence[str] | None = None
) -> StationTable:
    """The polling stations of an election in the results database (:mod:`hemicycle.io.store`).

    The election must have been imported from a results file with a ``station`` column; its
    totals, when they were given per station, fill ``registered``, ``cast`` (the store's
    ``ballots``), ``valid``, ``invalid`` and ``blank``. A station is a ``(district, station)``
    pair: its unit is the station's name (``district/station`` where names repeat across
    districts) and its region ``district``; a list's count is the sum of its rows at the station
    (its list-only votes and its candidates'), 0 where it had none. ``lists`` keeps the lists
    whose names match one of the shell-style patterns. Stations come in the order of the
    results file. ``rows`` holds each station's first record in that file.

    Raises:
        DataError: no such election, results not per station, a total stored for some
            stations but not others, or a pattern that matches no list.
    """
    from hemicycle.io.store import Store

    store = Store(db)
    name = str(db)
    store.election(election)  # raises DataError for an unknown election
    with store._reading() as con:  # the store's shared lock and schema check
        if con is None:
            raise DataError(f"no election named {election!r}", file=name)
        found = con.execute("SELECT id FROM elections WHERE name = ?", [election]).fetchone()
        if found is None:
            raise DataError(f"no election named {election!r}", file=name)
        key = int(found[0])
        if con.execute(
            "SELECT count(*) FROM results WHERE election_id = ? AND station IS NULL", [key]
        ).fetchone() != (0,):
            raise DataError(
                f"election {election!r} holds results per district, not per polling station: "
                "import a results file with a station column",
                file=name,
            )
        votes_rows = con.execute(
            "SELECT district, station, list, sum(votes), min(record) FROM results "
            "WHERE election_id = ? GROUP BY district, station, list ORDER BY min(record)",
            [key],
        ).fetchall()
        columns = ", ".join(STORE_TOTALS.values())
        total_rows = con.execute(
            f"SELECT district, station, {columns} FROM stations WHERE election_id = ? "
            "ORDER BY record",
            [key],
        ).fetchall()
    return _store_table(name, election, votes_rows, total_rows, lists)


def _store_table(
    name: str,
    election: str,
    votes_rows: list[tuple[Any, ...]],
    total_rows: list[tuple[Any, ...]],
    patterns: Sequence[str] | None,
) -> StationTable:
    """Pivot the store's station rows into a :class:`StationTable`."""
    index: dict[tuple[str, str], int] = {}
    first: list[int] = []
    list_names: list[str] = []
    for district, station, party, _, record in votes_rows:
        if (district, station) not in index:
            index[(district, station)] = len(index)
            first.append(int(record))
        if party not in list_names:
            list_names.append(party)
    for district, station, *_ in total_rows:
        if (district, station) not in index:
            index[(district, station)] = len(index)
            first.append(0)
    if patterns:
        missing = [p for p in patterns if not any(fnmatch.fnmatchcase(n, p) for n in list_names)]
        if missing:
            raise DataError(
                f"no list of election {election!r} matches the pattern {missing[0]!r}", file=name
            )
        list_names = [n for n in list_names if any(fnmatch.fnmatchcase(n, p) for p in patterns)]
    column = {party: j for j, party in enumerate(list_names)}
    votes = np.zeros((len(index), len(list_names)), dtype=np.int64)
    for district, station, party, count, _ in votes_rows:
        if party in column:
            votes[index[(district, station)], column[party]] = int(count)
    keys = list(index)
    totals: dict[str, Counts | None] = {}
    for j, (field_name, stored) in enumerate(STORE_TOTALS.items()):
        values: list[int | None] = [None] * len(keys)
        for row in total_rows:
            values[index[(row[0], row[1])]] = row[2 + j]
        given = [v for v in values if v is not None]
        if not given:
            totals[field_name] = None
            continue
        if len(given) < len(values):
            at = values.index(None)
            district, station = keys[at]
            raise DataError(
                f"election {election!r}: station {station!r} of district {district!r} has no "
                f"{stored!r} total while other stations have one",
                file=name,
                column=stored,
            )
        totals[field_name] = np.asarray(values, dtype=np.int64)
    districts = np.array([d for d, _ in keys], dtype=object)
    stations = [s for _, s in keys]
    repeated = len(set(stations)) < len(stations)
    units = np.array([f"{d}/{s}" if repeated else s for d, s in keys], dtype=object)
    return StationTable(
        file=name,
        units=units,
        regions={"district": districts},
        lists=tuple(list_names),
        votes=votes,
        rows=np.asarray(first, dtype=np.int64),
        sources={
            **{f: s for f, s in STORE_TOTALS.items() if totals[f] is not None},
            "unit": "station",
            "region": "district",
        },
        **totals,
    )


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """``["registered=voters", …]`` as a column map (the CLI's ``--map FIELD=COLUMN``).

    >>> parse_mapping(["registered=Число избирателей", "unit=uik"])
    {'registered': 'Число избирателей', 'unit': 'uik'}
    """
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise DataError(f"a column map entry must read FIELD=COLUMN (got {item!r})")
        out[key.strip()] = value.strip()
    return out


__all__ = [
    "FIELDS",
    "STORE_TOTALS",
    "TOTALS",
    "StationTable",
    "parse_mapping",
    "read_stations",
    "read_store_stations",
]
