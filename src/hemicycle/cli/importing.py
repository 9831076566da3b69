"""``hemicycle import`` (results into the embedded database) and ``hemicycle elections``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from hemicycle.cli.common import (
    Format,
    FormatOption,
    handle_errors,
    print_csv,
    print_json,
    print_table,
)
from hemicycle.io.problems import ValidationError
from hemicycle.io.staging import Progress as ProgressCallback
from hemicycle.io.store import DEFAULT_DB, ImportReport, Store

LARGE = 16 << 20
"""Inputs of more bytes than this get a progress display (on a terminal)."""

DbOption = Annotated[Path, typer.Option("--db", help="The database file; created on first import.")]


def _size(*paths: Path | None) -> int:
    total = 0
    for path in paths:
        if path is not None and str(path) != "-" and path.is_file():
            total += path.stat().st_size
    return total


@contextmanager
def _progress(show_it: bool) -> Iterator[ProgressCallback | None]:
    """A callback drawing each phase of the import as a bar on standard error."""
    if not show_it:
        yield None
        return
    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    tasks: dict[str, TaskID] = {}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield update


def _report_problems(error: ValidationError, output: Format) -> None:
    count = len(error.problems)
    if output is Format.json:
        payload = {
            "error": f"{count} problem{'s' if count > 1 else ''} in the input; nothing was "
            "imported",
            "problems": [problem.as_json() for problem in error.problems],
        }
        sys.stderr.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    typer.echo(
        f"error: {count} problem{'s' if count > 1 else ''} in the input; nothing was imported",
        err=True,
    )
    for problem in error.problems:
        typer.echo(f"  {problem}", err=True)


@handle_errors
def import_results(
    results: Annotated[
        Path,
        typer.Argument(
            help="Results: CSV, Parquet or XLSX with columns district,list,candidate,votes "
            "(candidate empty for list votes; an optional station column); - for stdin."
        ),
    ],
    candidates: Annotated[
        Path | None,
        typer.Option(
            help="Candidates: district,list,candidate and optionally gender,community,"
            "minor_district,rank,birth_date."
        ),
    ] = None,
    totals: Annotated[
        Path | None,
        typer.Option(
            help="Ballot totals per district (or per station): district[,station] with "
            "registered,ballots,valid,invalid,blank."
        ),
    ] = None,
    seats: Annotated[
        Path | None,
        typer.Option(help="Seat table: district,seats and optionally minor_district,community."),
    ] = None,
    election: Annotated[
        str | None,
        typer.Option(help="Name of the election in the database; default: the results file name."),
    ] = None,
    db: DbOption = Path(DEFAULT_DB),
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace an election already in the database.")
    ] = False,
    output: FormatOption = Format.table,
) -> None:
    """Check results files and store them in the database, all or nothing.

    Every row is checked first (counts are non-negative whole numbers; districts, lists and
    candidates are known; sums add up); any problem is reported with its file, row, column and
    rule, and the database is left unchanged.

    Example: hemicycle import results.parquet --candidates candidates.csv --totals stations.csv
    --election iraq-2025 --db iraq.duckdb --format json
    """
    store = Store(db)
    with _progress(_size(results, candidates, totals, seats) > LARGE) as progress:
        try:
            report = store.import_results(
                str(results),
                candidates=None if candidates is None else str(candidates),
                totals=None if totals is None else str(totals),
                seats=None if seats is None else str(seats),
                election=election,
                replace=replace,
                progress=progress,
            )
        except ValidationError as error:
            _report_problems(error, output)
            raise typer.Exit(code=1) from None
    _render_import(report, output)


def _render_import(report: ImportReport, output: Format) -> None:
    if output is Format.json:
        print_json(report.as_json())
        return
    if output is Format.csv:
        print_csv(
            ["election", "role", "file", "format", "rows", "bytes", "sha256", "station_level"],
            [
                [
                    report.election,
                    s.role,
                    s.file,
                    s.format,
                    s.rows,
                    s.size,
                    s.sha256,
                    s.station_level,
                ]
                for s in report.sources
            ],
        )
        return
    grid = Table(
        title=f"{report.election}: import {report.import_id} into {report.db}"
        + (" (replaced)" if report.replaced else "")
    )
    for column in ("role", "file", "format"):
        grid.add_column(column)
    grid.add_column("rows", justify="right")
    grid.add_column("sha256")
    for source in report.sources:
        grid.add_row(source.role, source.file, source.format, f"{source.rows:,}", source.sha256)
    print_table(grid)
    speed = report.rows / report.seconds if report.seconds else 0.0
    typer.echo(
        f"{report.rows:,} rows checked and stored in {report.seconds:.2f} s ({speed:,.0f} rows/s)"
    )


@handle_errors
def elections(db: DbOption = Path(DEFAULT_DB), output: FormatOption = Format.table) -> None:
    """List the elections the database holds, with what their latest import brought.

    Example: hemicycle elections --db iraq.duckdb --format json
    """
    held = Store(db).elections()
    if output is Format.json:
        print_json({"db": str(db), "elections": [e.as_json() for e in held]})
        return
    header = ["name", "imported_at", "import", "result_rows", "districts", "lists"]
    header += ["candidates", "stations", "outcomes"]
    rows = [
        [
            e.name,
            e.imported_at.isoformat(timespec="seconds"),
            e.import_id,
            e.result_rows,
            e.districts,
            e.lists,
            e.candidates,
            e.stations,
            e.outcomes,
        ]
        for e in held
    ]
    if output is Format.csv:
        print_csv(header, rows)
        return
    grid = Table(title=f"elections in {db}")
    grid.add_column("name", no_wrap=True)
    for column in ("rows", "districts", "lists", "candidates", "stations", "outcomes"):
        grid.add_column(column, justify="right")
    for row in rows:
        grid.add_row(str(row[0]), *[f"{v:,}" for v in row[3:]])
    print_table(grid)
    if held:
        typer.echo(f"{len(held)} election{'s' if len(held) > 1 else ''} in {db}")
    else:
        typer.echo("no elections yet; add one with `hemicycle import`")


__all__ = ["elections", "import_results"]
