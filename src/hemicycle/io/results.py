"""Reading tidy election results, candidates, ballot totals and seat tables, checked as a whole.

The files (CSV with a header row, Parquet, or the first sheet of an XLSX workbook; ``-`` for
standard input) are:

- **results** ``district,list,candidate,votes`` with an optional ``station`` column; the
  candidate is left empty for votes cast for the list alone. Station-level rows are summed per
  district, list and candidate.
- **candidates** ``district,list,candidate`` and optionally
  ``gender,community,minor_district,rank,birth_date``.
- **totals** ``district`` (optionally ``station``) with any of
  ``registered,ballots,valid,invalid,blank``; station rows are summed per district.
- **seats** ``district,seats`` and optionally ``minor_district,community``: the seats of each
  district, or of each community in each (minor) district, as in Annex 1 of Lebanon's Law
  44/2017.

Every rule of :mod:`hemicycle.io.validate` is checked before anything is returned; a broken
rule raises :class:`~hemicycle.io.problems.ValidationError` listing each problem with its file,
row, column and rule. Names are kept byte for byte, in any script.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> text = ("district,list,candidate,votes\\n"
...         "Beirut I,Strong Beirut,,970\\n"
...         "Beirut I,Strong Beirut,Nadim Gemayel,4096\\n")
>>> _ = (folder / "r.csv").write_text(text, encoding="utf-8")
>>> read_results(folder / "r.csv").rows[1]
ResultRow(district='Beirut I', list='Strong Beirut', candidate='Nadim Gemayel', votes=4096)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from hemicycle.io import validate
from hemicycle.io.problems import ValidationError
from hemicycle.io.staging import (
    CANDIDATES,
    RESULTS,
    SEATS,
    TOTALS,
    Progress,
    StagedFile,
    scratch_dir,
    stage,
)
from hemicycle.types import CandidateRow, DistrictTotals, ResultRow, Results

Source = str | Path
"""A file path, or ``-`` for standard input."""

MAX_PROBLEMS = 100
"""Problems reported at most for one set of inputs (the first ones, in file and row order)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SeatRow:
    """Seats of a district, or of one community in a district or minor district.

    ``community`` None stands for seats open to every candidate; ``minor_district`` None for
    the whole district.
    """

    district: str
    seats: int
    community: str | None = None
    minor_district: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile:
    """One input file as read: its role, name, format, SHA-256 digest and number of rows."""

    role: str
    file: str
    format: str
    sha256: str
    size: int
    rows: int
    station_level: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "file": self.file,
            "format": self.format,
            "sha256": self.sha256,
            "bytes": self.size,
            "rows": self.rows,
            "station_level": self.station_level,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadedResults:
    """Checked inputs: the results the law engine reads, the seat table and the sources."""

    results: Results
    seats: tuple[SeatRow, ...]
    sources: tuple[SourceFile, ...]

    @property
    def input_hashes(self) -> dict[str, str]:
        """SHA-256 digest of each input by role, as an outcome's provenance records them."""
        return {source.role: source.sha256 for source in self.sources}


def source_of(staged: StagedFile) -> SourceFile:
    return SourceFile(
        role=staged.role,
        file=staged.name,
        format=staged.format,
        sha256=staged.sha256,
        size=staged.size,
        rows=staged.records,
        station_level=staged.station_level,
    )


def _stage_seat_rows(con: duckdb.DuckDBPyConnection, rows: Sequence[SeatRow]) -> StagedFile:
    """Stage a seat table given as values (as a law gives it) like a file."""
    con.execute(
        "CREATE TEMP TABLE stage_seats (_record BIGINT, district VARCHAR, seats BIGINT, "
        "community VARCHAR, minor_district VARCHAR)"
    )
    con.executemany(
        "INSERT INTO stage_seats VALUES (?, ?, ?, ?, ?)",
        [
            (number, row.district, row.seats, row.community, row.minor_district)
            for number, row in enumerate(rows, start=1)
        ],
    )
    return StagedFile(
        layout=SEATS,
        name="<seat table>",
        path=Path("<seat table>"),
        format="values",
        sha256="",
        size=0,
        table="stage_seats",
        columns={
            "district": "VARCHAR",
            "seats": "BIGINT",
            "community": "VARCHAR",
            "minor_district": "VARCHAR",
        },
        records=len(rows),
    )


def check_inputs(
    con: duckdb.DuckDBPyConnection,
    results: Source,
    *,
    candidates: Source | None = None,
    totals: Source | None = None,
    seats: Source | Sequence[SeatRow] | None = None,
    scratch: Path,
    max_problems: int = MAX_PROBLEMS,
    progress: Progress | None = None,
) -> dict[str, StagedFile]:
    """Stage every input in ``con`` and check every rule; views ``clean_<role>`` hold the values.

    Raises:
        ValidationError: naming every problem found (at most ``max_problems``).
    """
    files: dict[str, StagedFile] = {"results": stage(con, results, RESULTS, scratch, progress)}
    if candidates is not None:
        files["candidates"] = stage(con, candidates, CANDIDATES, scratch, progress)
    if totals is not None:
        files["totals"] = stage(con, totals, TOTALS, scratch, progress)
    if isinstance(seats, str | Path):
        files["seats"] = stage(con, seats, SEATS, scratch, progress)
    elif seats is not None:
        files["seats"] = _stage_seat_rows(con, seats)
    if progress is not None:
        progress("checking", 0, 3)
    findings: list[validate.Finding] = []
    for staged in files.values():
        findings += validate.check_values(con, staged, max_problems - len(findings))
        if len(findings) >= max_problems:
            break
    if not findings:
        for staged in files.values():
            validate.create_clean(con, staged)
            findings += validate.check_keys(con, staged, max_problems)
        validate.summarise_results(con)
        if progress is not None:
            progress("checking", 1, 3)
        findings += validate.check_references(con, files, max_problems)
        if progress is not None:
            progress("checking", 2, 3)
        findings += validate.check_identities(con, files, max_problems)
    if findings:
        raise ValidationError(validate.place(findings, files)[:max_problems])
    if progress is not None:
        progress("checking", 3, 3)
    return files


def _result_rows(con: duckdb.DuckDBPyConnection) -> tuple[ResultRow, ...]:
    rows = con.execute(
        "SELECT district, list, candidate, votes FROM result_keys ORDER BY _record"
    ).fetchall()
    return tuple(ResultRow(district=d, list=p, candidate=c, votes=int(v)) for d, p, c, v in rows)


def _candidate_rows(con: duckdb.DuckDBPyConnection) -> tuple[CandidateRow, ...]:
    rows = con.execute(
        "SELECT district, list, candidate, gender, community, minor_district, rank, birth_date "
        "FROM clean_candidates ORDER BY _record"
    ).fetchall()
    return tuple(
        CandidateRow(
            district=d,
            list=p,
            candidate=c,
            gender=g,
            community=k,
            minor_district=m,
            rank=None if r is None else int(r),
            birth_date=b,
        )
        for d, p, c, g, k, m, r, b in rows
    )


TOTAL_COLUMNS = ("registered", "ballots", "valid", "invalid", "blank")


def _totals_rows(con: duckdb.DuckDBPyConnection) -> tuple[DistrictTotals, ...]:
    # A count missing from any station of a district leaves the district's count unknown.
    sums = ", ".join(f"CASE WHEN count({c}) = count(*) THEN sum({c}) END" for c in TOTAL_COLUMNS)
    rows = con.execute(
        f"SELECT district, {sums} FROM clean_totals GROUP BY district ORDER BY min(_record)"
    ).fetchall()
    return tuple(
        DistrictTotals(
            district=row[0],
            **{
                column: None if value is None else int(value)
                for column, value in zip(TOTAL_COLUMNS, row[1:], strict=True)
            },
        )
        for row in rows
    )


def _seat_rows(con: duckdb.DuckDBPyConnection) -> tuple[SeatRow, ...]:
    rows = con.execute(
        "SELECT district, seats, community, minor_district FROM clean_seats ORDER BY _record"
    ).fetchall()
    return tuple(
        SeatRow(district=d, seats=int(s), community=c, minor_district=m) for d, s, c, m in rows
    )


def load_results(
    results: Source,
    *,
    candidates: Source | None = None,
    totals: Source | None = None,
    seats: Source | Sequence[SeatRow] | None = None,
    max_problems: int = MAX_PROBLEMS,
) -> LoadedResults:
    """Read and check results with their candidates, totals and seat table.

    Args:
        results: the results file (``-`` for standard input).
        candidates: the candidates file.
        totals: ballot totals per district or per station.
        seats: a seat table file, or the seat rows a law gives.
        max_problems: how many problems to report at most.

    Raises:
        ValidationError: a :class:`~hemicycle.errors.DataError` listing every problem.
    """
    with scratch_dir() as folder, duckdb.connect(":memory:") as con:
        files = check_inputs(
            con,
            results,
            candidates=candidates,
            totals=totals,
            seats=seats,
            scratch=Path(folder),
            max_problems=max_problems,
        )
        loaded = Results(
            rows=_result_rows(con),
            candidates=_candidate_rows(con) if "candidates" in files else (),
            totals=_totals_rows(con) if "totals" in files else (),
        )
        return LoadedResults(
            results=loaded,
            seats=_seat_rows(con) if "seats" in files else (),
            sources=tuple(source_of(f) for f in files.values() if f.sha256),
        )


def read_results(
    results: Source,
    *,
    candidates: Source | None = None,
    totals: Source | None = None,
    seats: Source | Sequence[SeatRow] | None = None,
) -> Results:
    """The checked :class:`~hemicycle.types.Results` of :func:`load_results`."""
    return load_results(results, candidates=candidates, totals=totals, seats=seats).results


def read_seat_table(path: Source) -> tuple[SeatRow, ...]:
    """A seat table file ``district,seats[,minor_district,community]``, checked.

    Raises:
        ValidationError: naming every problem found.
    """
    with scratch_dir() as folder, duckdb.connect(":memory:") as con:
        staged = stage(con, path, SEATS, Path(folder))
        findings = validate.check_values(con, staged, MAX_PROBLEMS)
        if not findings:
            validate.create_clean(con, staged)
            findings = validate.check_keys(con, staged, MAX_PROBLEMS)
        if findings:
            raise ValidationError(validate.place(findings, {"seats": staged}))
        return _seat_rows(con)


__all__ = [
    "MAX_PROBLEMS",
    "LoadedResults",
    "SeatRow",
    "Source",
    "SourceFile",
    "check_inputs",
    "load_results",
    "read_results",
    "read_seat_table",
    "source_of",
]
