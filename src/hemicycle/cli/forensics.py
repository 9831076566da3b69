"""``hemicycle forensics``: every forensic test on polling-station results."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from hemicycle.cli.common import (
    Format,
    FormatOption,
    handle_errors,
    print_csv,
    print_json,
    print_table,
)
from hemicycle.errors import DataError
from hemicycle.forensics.report import ForensicReport, Stations, analyse
from hemicycle.forensics.round_numbers import KINDS
from hemicycle.io.stations import (
    StationTable,
    parse_mapping,
    read_stations,
    read_store_stations,
)


def _stations(table: StationTable, region: str | None, leader: str | None) -> Stations:
    if leader is not None and leader not in table.lists:
        raise DataError(
            f"--leader {leader!r} is not a list column; the lists are {', '.join(table.lists)}",
            file=table.file,
        )
    if region is not None and region not in table.regions:
        available = ", ".join(table.regions) or "none"
        raise DataError(
            f"--region {region!r} is not a region column (region columns: {available}); "
            f"map one with --map {region}=COLUMN",
            file=table.file,
        )
    from hemicycle.web.forensics import stations_of

    return stations_of(table, region=region, leader=leader)


def _read(
    results: Path | None,
    db: Path | None,
    election: str | None,
    mapping: list[str] | None,
    lists: list[str] | None,
) -> StationTable:
    """The stations of RESULTS, or of --election in --db."""
    if election is None and db is None:
        if results is None:
            raise typer.BadParameter("give RESULTS or --db with --election", param_hint="RESULTS")
        return read_stations(results, mapping=parse_mapping(mapping or []), lists=lists or None)
    if results is not None:
        raise typer.BadParameter("give RESULTS or --db with --election, not both")
    if db is None or election is None:
        raise typer.BadParameter("--db and --election go together", param_hint="--election")
    if mapping:
        raise typer.BadParameter(
            "--map is for files; the store names its fields", param_hint="--map"
        )
    return read_store_stations(db, election, lists=lists or None)


def _adjusted(report: ForensicReport, scope: str, test: str) -> float:
    """The country-wide family's adjusted p-value of a test (NaN when it was not run)."""
    entry = report.country_test(scope, test)
    return float("nan") if entry is None else entry.adjusted


def _render_table(report: ForensicReport, evidence: Path | None) -> None:
    grid = Table(title=f"Election forensics: {report.stations:,} stations, leader {report.leader}")
    grid.add_column("test", no_wrap=True)
    for column in ("scope", "n", "stat", "p", "adj. p", "effect"):
        grid.add_column(column)
    if report.integer is not None:
        r = report.integer
        for i, kind in enumerate(KINDS):
            grid.add_row(
                f"integer % ({kind})",
                "all",
                f"{r.kept:,}",
                f"{r.observed[i]:,}/{r.expected[i]:,.0f}",
                f"{r.normal_p_values[i]:.2g}",
                f"{_adjusted(report, 'all', f'integer_percentages_{kind}'):.2g}",
                f"{r.excess[i]:+,.1f}",
            )
    for name, tests in report.digit_tests.items():
        for t in tests:
            if t.applicable:
                grid.add_row(
                    t.test,
                    name,
                    f"{t.n:,}",
                    f"{t.statistic:.3g}",
                    f"{t.p_value:.2g}",
                    f"{_adjusted(report, name, t.test):.2g}",
                    f"{t.effect:+.2g}",
                )
    print_table(grid)
    if report.integer is not None:
        monte_carlo = ", ".join(f"{p:.3g}" for p in report.integer.p_values)
        typer.echo(
            "integer %: observed/expected stations, normal-approximation p-values "
            f"(Monte Carlo, {report.integer.repetitions:,} repetitions: {monte_carlo})"
        )
    rejected = sum(entry.rejected for entry in report.country)
    typer.echo(
        f"country-wide: {rejected} of {len(report.country)} tests rejected at FDR {report.fdr:g} "
        "(Benjamini-Hochberg, adj. p)"
    )
    where = f" (all listed in {evidence})" if evidence is not None else " (--evidence FILE.csv)"
    typer.echo(f"accounting: {len(report.violations):,} broken identities{where}")
    typer.echo(f"outliers: {len(report.outliers):,} flags{where} (flags, not tests)")
    if report.clean_peak is not None:
        c = report.clean_peak
        typer.echo(
            f"clean peak at turnout {c.peak_turnout:.0%}: {c.excess_votes:,.0f} excess votes; "
            f"leader {c.official_share:.2%} official, {c.corrected_share:.2%} corrected "
            "(an estimate, no p-value)"
        )
    if report.klimek is not None:
        k = report.klimek.parameters
        typer.echo(
            f"Klimek model: incremental fraud {k.incremental:.3f}, extreme {k.extreme:.3f} "
            "(fitted fractions of stations, not a test)"
        )
    flagged = [r for r in report.regions if r.rejected]
    if report.regions:
        typer.echo(
            f"regions: {len(flagged)} of {len(report.regions)} tests rejected at FDR {report.fdr:g}"
        )
        for flag in flagged:
            typer.echo(f"  {flag.region}: {flag.test} (adjusted p = {flag.adjusted:.3g})")
    for note in report.warnings:
        typer.echo(f"note: {note}", err=True)


CSV_HEADER = ("test", "scope", "n", "statistic", "p_value", "adjusted_p_value", "effect")
"""Columns of ``--format csv``: the adjusted p-value is across the country-wide family for the
country-wide rows, across regions × tests for the region rows (which have no statistic); the
integer-percentage rows give the normal-approximation p-value, the one that is adjusted (the
Monte Carlo ones are in the JSON)."""


def _render_csv(report: ForensicReport) -> None:
    rows: list[list[object]] = []
    if report.integer is not None:
        r = report.integer
        for i, kind in enumerate(KINDS):
            test = f"integer_percentages_{kind}"
            rows.append(
                [test, "all", r.kept, r.observed[i], r.normal_p_values[i],
                 _adjusted(report, "all", test), r.excess[i]]
            )  # fmt: skip
    for name, tests in report.digit_tests.items():
        rows.extend(
            [t.test, name, t.n, t.statistic, t.p_value, _adjusted(report, name, t.test), t.effect]
            for t in tests
            if t.applicable
        )
    rows.extend(
        [r.test, r.region, r.stations, "", r.p_value, r.adjusted, r.effect] for r in report.regions
    )
    print_csv(CSV_HEADER, rows)


EVIDENCE_HEADER = ("kind", "station", "region", "rule", "left", "right", "value", "z")
"""Columns of ``--evidence``: ``accounting`` rows fill rule/left/right (the identity broken and
its two sides), ``outlier`` rows rule/value/z (the reason, the station's value, its robust z)."""


def _write_evidence(path: Path, report: ForensicReport, stations: Stations) -> None:
    """Every broken identity and every outlier flag, one CSV row each, written in one go."""

    def region(i: int) -> str:
        return "" if stations.regions is None else str(stations.regions[i])

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(EVIDENCE_HEADER)
    for v in report.violations:
        unit = str(stations.units[v.station])
        writer.writerow(["accounting", unit, region(v.station), v.rule, v.left, v.right, "", ""])
    for o in report.outliers:
        z = "" if math.isnan(o.z) else round(o.z, 3)
        writer.writerow(
            ["outlier", str(stations.units[o.station]), o.region, o.reason, "", "",
             round(o.value, 6), z]
        )  # fmt: skip
    try:
        path.write_text(text.getvalue(), encoding="utf-8")
    except OSError as error:
        raise DataError(f"cannot write the evidence: {error.strerror}", file=str(path)) from None


@handle_errors
def forensics(
    results: Annotated[
        Path | None,
        typer.Argument(
            help="Station results: CSV, Parquet, XLSX or a zipped CSV; - for stdin. Or give "
            "--db and --election."
        ),
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="Region field for per-region tests.")
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="FIELD=COLUMN (fields: unit, region, registered, issued, cast, valid, invalid, "
            "blank); 'a + b' adds columns. Repeat as needed.",
        ),
    ] = None,
    lists: Annotated[
        list[str] | None,
        typer.Option("--lists", help="Pattern of list columns (e.g. '*party*'); repeatable."),
    ] = None,
    leader: Annotated[
        str | None, typer.Option("--leader", help="The leader's list column (default: most votes).")
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write an HTML report with the plots.")
    ] = None,
    plots: Annotated[
        Path | None, typer.Option("--plots", help="Write PNG plots into this folder.")
    ] = None,
    repetitions: Annotated[
        int, typer.Option(min=19, help="Monte Carlo repetitions of the integer test.")
    ] = 1000,
    digit_redraws: Annotated[
        int,
        typer.Option(
            min=2,
            help="Null redraws of every count for the digit tests (fewer: faster, less power).",
        ),
    ] = 20,
    seed: Annotated[int, typer.Option(help="Seed of every random draw.")] = 0,
    fdr: Annotated[float, typer.Option(help="False discovery rate across regions.")] = 0.05,
    model: Annotated[bool, typer.Option(help="Fit the Klimek fraud model.")] = True,
    evidence: Annotated[
        Path | None,
        typer.Option(
            "--evidence",
            help="Write every broken accounting identity and outlier flag to this CSV file.",
        ),
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Read --election from this results database.")
    ] = None,
    election: Annotated[
        str | None,
        typer.Option(help="An election imported with per-station results into --db."),
    ] = None,
    output: FormatOption = Format.table,
) -> None:
    """Test polling-station results for signs of fraud: accounting, digits, integer
    percentages, fingerprints, fraud models and outliers, per region with FDR control.

    Example: hemicycle forensics 2011.csv.zip --map registered="Число избирателей, внесенных в
    список избирателей" --map issued="A + B + C" --lists "*партия*" --leader "6. …" --region
    region --format json; hemicycle forensics --db hemicycle.duckdb --election duma-2021
    --region district; add --evidence flags.csv to list every broken identity and outlier
    """
    table = _read(results, db, election, mapping, lists)
    stations = _stations(table, region, leader)
    if output is Format.table:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            transient=True,
        ) as bar:
            tasks: dict[str, object] = {}

            def progress(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(phase, total=total)
                bar.update(tasks[phase], completed=done)  # type: ignore[arg-type]

            found = analyse(
                stations, repetitions=repetitions, seed=seed, fdr=fdr, fit_model=model,
                digit_repetitions=digit_redraws, progress=progress,
            )  # fmt: skip
    else:
        found = analyse(
            stations, repetitions=repetitions, seed=seed, fdr=fdr, fit_model=model,
            digit_repetitions=digit_redraws,
        )  # fmt: skip
    if plots is not None or report is not None:
        _write_figures(found, stations, plots, report)
    if evidence is not None:
        _write_evidence(evidence, found, stations)
    if output is Format.json:
        print_json(found.as_json(units=stations.units))
    elif output is Format.csv:
        _render_csv(found)
    else:
        _render_table(found, evidence)


def _write_figures(
    found: ForensicReport, stations: Stations, folder: Path | None, page: Path | None
) -> None:
    from hemicycle.report.forensic_plots import forensic_figures, write_html_report

    figures = forensic_figures(found, stations)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        for name, figure in figures:
            figure.savefig(folder / f"{name}.png", dpi=120, bbox_inches="tight")
    if page is not None:
        write_html_report(found, page, figures=[figure for _, figure in figures])
    else:
        import matplotlib.pyplot as plt

        for _, figure in figures:
            plt.close(figure)
