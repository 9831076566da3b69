"""``hemicycle report``: the HTML report (and PDF) of an allocation or of a stored run."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer

import hemicycle
from hemicycle.cli.common import Format, FormatOption, handle_errors, print_json
from hemicycle.core import apportion as run_apportion
from hemicycle.errors import DataError
from hemicycle.io import read_unit_counts, uploads
from hemicycle.report.html import write_html
from hemicycle.report.model import Report, Source, allocation_record, build_report
from hemicycle.report.pdf import print_pdf


def _from_votes(
    file: Path,
    seats: int,
    method: str,
    threshold: str | None,
    first_divisor: str | None,
    tie_break: str,
    title: str | None,
) -> Report:
    data = b"" if str(file) == "-" else file.read_bytes()
    table = read_unit_counts(str(file))
    result = run_apportion(
        table.counts,
        seats,
        method=method,
        threshold=threshold,
        first_divisor=first_divisor,
        prior_seats=table.prior_seats or None,
        tie_break=tie_break,
    )
    parameters = {
        "method": method,
        "seats": seats,
        "threshold": threshold,
        "first_divisor": first_divisor,
        "tie_break": tie_break,
    }
    return build_report(
        allocation_record(result),
        title=title or f"{table.file}: {seats} seats by {method}",
        inputs=[Source(name=table.file, sha256=hashlib.sha256(data).hexdigest())],
        parameters={k: v for k, v in parameters.items() if v is not None},
        version=hemicycle.__version__,
    )


def _from_run(db: Path, run_id: int) -> Report:
    from hemicycle.web.services import open_database, run_report

    database = open_database(db)
    try:
        run = uploads.get_run(database, run_id)
        if run is None:
            raise DataError(f"no run with id {run_id}", file=str(db))
        return run_report(database, run)
    finally:
        database.close()


@handle_errors
def report(
    output_html: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    votes: Annotated[
        Path | None, typer.Argument(help="CSV name,votes (or name,population); - for stdin.")
    ] = None,
    seats: Annotated[int | None, typer.Option("--seats", "-n", help="Seats to allocate.")] = None,
    method: Annotated[str, typer.Option("--method", "-m", help="Method id.")] = "dhondt",
    threshold: Annotated[str | None, typer.Option(help="5% or a number of votes.")] = None,
    first_divisor: Annotated[str | None, typer.Option(help="For modified_sainte_lague.")] = None,
    tie_break: Annotated[str, typer.Option(help="refuse, votes, or lot:SEED.")] = "refuse",
    run: Annotated[int | None, typer.Option(help="A run stored by the web app.")] = None,
    db: Annotated[Path, typer.Option("--db", help="Database of --run.")] = Path("hemicycle.duckdb"),
    pdf: Annotated[Path | None, typer.Option(help="Also print a PDF (needs Chromium).")] = None,
    title: Annotated[str | None, typer.Option(help="Title of the report.")] = None,
    output: FormatOption = Format.table,
) -> None:
    """Write the report of an allocation (diagram, tables, trace, provenance) as HTML, and PDF.

    Example: hemicycle report votes.csv -m sainte_lague -n 120 -o report.html --pdf report.pdf
    """
    if (votes is None) == (run is None):
        raise typer.BadParameter("give a votes FILE with --seats, or --run ID")
    if run is not None:
        built = _from_run(db, run)
    else:
        if seats is None:
            raise typer.BadParameter("--seats is needed with a votes FILE")
        assert votes is not None  # checked above; narrows the type
        built = _from_votes(votes, seats, method, threshold, first_divisor, tie_break, title)
    html_path = write_html(built, output_html)
    pdf_path = None
    if pdf is not None:
        from hemicycle.report.html import render_html

        pdf_path = print_pdf(render_html(built), pdf)
    if output is Format.json:
        print_json(
            {
                "html": str(html_path),
                "pdf": None if pdf_path is None else str(pdf_path),
                "seats": {line.name: line.seats for line in built.lists},
                "result_sha256": built.provenance.result_sha256,
            }
        )
    else:
        typer.echo(f"wrote {html_path}" + (f" and {pdf_path}" if pdf_path else ""))
