"""``hemicycle report``: the HTML report (and PDF) of a law's outcome, of an allocation by one
method, or of a stored outcome or run."""

from __future__ import annotations

import hashlib
import io
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer

import hemicycle
from hemicycle.analysis.disproportionality import list_votes
from hemicycle.cli.common import Format, FormatOption, handle_errors, print_json
from hemicycle.core import apportion as run_apportion
from hemicycle.errors import DataError
from hemicycle.forensics.report import Stations
from hemicycle.io import read_unit_counts, uploads
from hemicycle.io.results import load_results
from hemicycle.io.stations import read_store_stations
from hemicycle.io.store import Store
from hemicycle.io.tables import read_csv_rows
from hemicycle.law import load
from hemicycle.law import tabulate as run_law
from hemicycle.report.html import write_html
from hemicycle.report.model import Report, Section, Source, allocation_record, build_report
from hemicycle.report.outcome import (
    OutcomeInputs,
    build_outcome_report,
    community_districts,
    outcome_record,
    stored_law_communities,
)
from hemicycle.report.pdf import print_pdf


@contextmanager
def _stdin_holding(data: bytes) -> Iterator[None]:
    """Standard input replaced by ``data``, already read, so that the bytes hashed in the
    provenance are the bytes counted."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(
            f"is not UTF-8 text (bad byte at offset {error.start})", file="<stdin>"
        ) from None
    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


class Order(StrEnum):
    """How the diagram orders the lists from left to right."""

    size = "size"
    axis = "axis"


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagram:
    """How to draw the diagram: the lists' order (None: by size) and whether to ring the
    reserved seats."""

    order: Sequence[str] | Mapping[str, Fraction] | None = None
    mark_reserved: bool = True


def read_axis_file(path: Path) -> dict[str, Fraction]:
    """Positions on a left-right axis from a CSV ``name,position`` (smaller is further left;
    a position is an integer, a decimal or a fraction such as ``-1/2``)."""
    file, rows = read_csv_rows(path, ["name", "position"])
    positions: dict[str, Fraction] = {}
    for number, row in rows:
        name, text = row["name"].strip(), row["position"].strip()
        if name in positions:
            raise DataError(f"duplicate name {name!r}", file=file, row=number, column="name")
        try:
            positions[name] = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise DataError(
                f"position must be a number such as -2, 0.5 or 1/3 (got {text!r})",
                file=file,
                row=number,
                column="position",
            ) from None
    return positions


def diagram_options(
    order: Order, axis: str | None, axis_file: Path | None, *, reserved: bool
) -> Diagram:
    """The diagram asked for on the command line."""
    if order is Order.size:
        if axis is not None or axis_file is not None:
            raise DataError("--axis and --axis-file go with --order axis")
        return Diagram(mark_reserved=reserved)
    if (axis is None) == (axis_file is None):
        raise DataError("--order axis needs one of --axis 'L,C,R' or --axis-file FILE")
    if axis_file is not None:
        return Diagram(order=read_axis_file(axis_file), mark_reserved=reserved)
    assert axis is not None  # one of the two, checked above
    names = [name.strip() for name in axis.split(",") if name.strip()]
    return Diagram(order=names, mark_reserved=reserved)


def _from_votes(
    file: Path,
    seats: int,
    method: str,
    threshold: str | None,
    first_divisor: str | None,
    tie_break: str,
    title: str | None,
    diagram: Diagram,
) -> Report:
    if str(file) == "-":
        data = sys.stdin.buffer.read()
        with _stdin_holding(data):
            table = read_unit_counts("-")
    else:
        table = read_unit_counts(file)
        data = file.read_bytes()
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
        order=diagram.order,
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


def _forensics(read: Callable[[], Stations | None], seed: int) -> tuple[Section, ...]:
    """The forensic sections of a report: none without station data, a note when the
    stations cannot be analysed."""
    from hemicycle.web.forensics import Parameters, analyse_stations, not_run

    try:
        stations = read()
        if stations is None:
            return ()
        return analyse_stations("", stations, Parameters(seed=seed)).sections
    except DataError as error:
        return not_run(error)


def outcome_report_of(
    db: Path,
    outcome_id: int,
    *,
    offices: tuple[int, str] | None = None,
    forensics: bool = True,
    forensic_seed: int = 0,
    diagram: Diagram | None = None,
) -> Report:
    """The report of an outcome stored in the results database (``hemicycle tabulate --db``,
    the web app, ``hemicycle demo``), from its stored JSON and provenance; with the forensic
    sections when its election was imported per polling station."""
    from hemicycle.web.forensics import stations_of

    diagram = diagram or Diagram()
    store = Store(db)
    stored = store.outcome(outcome_id)
    communities: tuple[str, ...] = ()
    if diagram.mark_reserved:
        try:
            law_text = store.law_text(stored.provenance.law_id, stored.provenance.law_hash)
            communities = stored_law_communities(law_text)
        except DataError:
            communities = ()  # the law's text is not in the store: members only
    votes = None
    extra: tuple[Section, ...] = ()
    if stored.election is not None:
        election = stored.election
        try:
            votes = list_votes(store.results(election))
            polled = store.election(election).stations > 0
        except DataError:
            votes, polled = None, False  # the election is no longer in the database
        if forensics and polled:
            extra = _forensics(
                lambda: stations_of(read_store_stations(db, election)), forensic_seed
            )
    inputs = OutcomeInputs(
        law_id=stored.provenance.law_id,
        law_sha256=stored.provenance.law_hash,
        input_hashes=stored.provenance.input_hashes,
        version=stored.provenance.hemicycle_version,
        seeds=stored.provenance.tie_break_seeds,
        election=stored.election,
        outcome_id=stored.id,
    )
    return build_outcome_report(
        stored.outcome,
        inputs,
        votes=votes,
        offices=offices,
        extra_sections=extra,
        order=diagram.order,
        mark_reserved=diagram.mark_reserved,
        communities=communities,
    )


def _from_law(
    law: str,
    results: Path,
    candidates: Path | None,
    totals: Path | None,
    *,
    partial: bool,
    seed: str | None,
    offices: tuple[int, str] | None,
    title: str | None,
    forensics: bool,
    forensic_seed: int,
    diagram: Diagram,
) -> Report:
    from hemicycle.web.forensics import file_stations

    loaded = load(law)
    inputs = load_results(
        str(results),
        candidates=None if candidates is None else str(candidates),
        totals=None if totals is None else str(totals),
    )
    paths = {"results": results, "candidates": candidates, "totals": totals}
    files = {role: path for role, path in paths.items() if path is not None}
    extra = _forensics(lambda: file_stations(inputs, files), forensic_seed) if forensics else ()
    outcome = run_law(loaded.law, inputs.results, partial=partial, seed=seed)
    provenance = OutcomeInputs(
        law_id=loaded.law.id,
        law_sha256=loaded.sha256,
        input_hashes=inputs.input_hashes,
        version=hemicycle.__version__,
        seeds=() if seed is None else (seed,),
    )
    return build_outcome_report(
        outcome_record(outcome),
        provenance,
        votes=list_votes(inputs.results),
        offices=offices,
        title=title,
        extra_sections=extra,
        order=diagram.order,
        mark_reserved=diagram.mark_reserved,
        communities=community_districts(loaded.law),
    )


def write_report(report: Report, html: Path, pdf: Path | None = None) -> tuple[Path, Path | None]:
    """Write the HTML report, and print it to PDF when asked."""
    try:
        html_path = write_html(report, html)
    except OSError as error:
        raise DataError(f"cannot write the report: {error.strerror}", file=str(html)) from None
    pdf_path = None
    if pdf is not None:
        from hemicycle.report.html import render_html

        pdf_path = print_pdf(render_html(report), pdf)
    return html_path, pdf_path


def _check_writable(*targets: Path | None) -> None:
    """Refuse, before any counting, an output whose folder does not exist."""
    for target in targets:
        if target is not None and not target.parent.is_dir():
            raise DataError(
                f"cannot write there: folder {str(target.parent)!r} does not exist",
                file=str(target),
            )


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
    outcome: Annotated[
        int | None, typer.Option(help="An outcome stored in --db (hemicycle tabulate --db).")
    ] = None,
    law: Annotated[
        str | None, typer.Option("--law", "-l", help="A preset id or a TOML law file.")
    ] = None,
    results: Annotated[
        Path | None,
        typer.Option("--results", "-r", help="Results district,list,candidate,votes for --law."),
    ] = None,
    candidates: Annotated[Path | None, typer.Option(help="Candidates file for --law.")] = None,
    totals: Annotated[Path | None, typer.Option(help="Ballot totals file for --law.")] = None,
    partial: Annotated[
        bool, typer.Option(help="With --law: count only the districts that have results.")
    ] = False,
    seed: Annotated[str | None, typer.Option(help="With --law: seed of any lot.")] = None,
    offices: Annotated[
        int | None, typer.Option(help="Also fill this many offices from the seats.")
    ] = None,
    offices_method: Annotated[
        str, typer.Option(help="dhondt or sainte_lague, for --offices.")
    ] = "dhondt",
    run: Annotated[int | None, typer.Option(help="A run stored by the web app.")] = None,
    db: Annotated[Path, typer.Option("--db", help="Database of --outcome or --run.")] = Path(
        "hemicycle.duckdb"
    ),
    forensics: Annotated[
        bool,
        typer.Option(
            help="With --outcome or --law: the forensic tests and plots when the results are "
            "per polling station."
        ),
    ] = True,
    forensic_seed: Annotated[
        int, typer.Option(help="Seed of the forensic tests' random draws.", min=0)
    ] = 0,
    pdf: Annotated[Path | None, typer.Option(help="Also print a PDF (needs Chromium).")] = None,
    title: Annotated[str | None, typer.Option(help="Title of the report.")] = None,
    order: Annotated[
        Order, typer.Option(help="Diagram: lists by size, or along a left-right axis.")
    ] = Order.size,
    axis: Annotated[
        str | None, typer.Option(help="With --order axis: list names, left to right, by commas.")
    ] = None,
    axis_file: Annotated[
        Path | None,
        typer.Option(help="With --order axis: CSV name,position (smaller is further left)."),
    ] = None,
    reserved: Annotated[
        bool,
        typer.Option(
            help="Diagram: ring the reserved seats (community seats, women's-quota "
            "replacements) of a law's outcome."
        ),
    ] = True,
    output: FormatOption = Format.table,
) -> None:
    """Write a report (diagram, tables, trace, disproportionality, power, forensics,
    provenance) as HTML, and PDF.

    Of a stored outcome (--outcome ID), of a law applied to results (--law … --results …), of
    an allocation by one method (a votes FILE with --seats), or of a web app run (--run ID).
    Results per polling station (a station column) add the forensic tests and plots. The
    diagram rings the seats the outcome shows as reserved (--no-reserved: none) and orders the
    lists by size or, with --order axis, along a left-right axis.

    Example: hemicycle report --law iraq-2023 --results iraq.csv --partial -o report.html
    --pdf report.pdf
    """
    chosen = [votes is not None, run is not None, outcome is not None, law is not None]
    if sum(chosen) != 1:
        raise typer.BadParameter(
            "give one of: --outcome ID, --law LAW with --results FILE, a votes FILE with "
            "--seats, or --run ID"
        )
    _check_writable(output_html, pdf)
    diagram = diagram_options(order, axis, axis_file, reserved=reserved)
    office_option = None if offices is None else (offices, offices_method)
    if outcome is not None:
        built = outcome_report_of(
            db,
            outcome,
            offices=office_option,
            forensics=forensics,
            forensic_seed=forensic_seed,
            diagram=diagram,
        )
    elif law is not None:
        if results is None:
            raise typer.BadParameter("--law needs --results FILE")
        built = _from_law(
            law,
            results,
            candidates,
            totals,
            partial=partial,
            seed=seed,
            offices=office_option,
            title=title,
            forensics=forensics,
            forensic_seed=forensic_seed,
            diagram=diagram,
        )
    elif run is not None:
        built = _from_run(db, run)
    else:
        if seats is None:
            raise typer.BadParameter("--seats is needed with a votes FILE")
        assert votes is not None  # checked above; narrows the type
        built = _from_votes(
            votes, seats, method, threshold, first_divisor, tie_break, title, diagram
        )
    html_path, pdf_path = write_report(built, output_html, pdf)
    if output is Format.json:
        print_json(
            {
                "html": str(html_path),
                "pdf": None if pdf_path is None else str(pdf_path),
                "seats": {line.name: line.seats for line in built.lists if line.seats},
                "result_sha256": built.provenance.result_sha256,
            }
        )
    else:
        typer.echo(f"wrote {html_path}" + (f" and {pdf_path}" if pdf_path else ""))
