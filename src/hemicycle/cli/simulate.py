"""``hemicycle simulate``: Monte Carlo seat projections under a law."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from hemicycle.analysis.simulate import DEFAULT_SIMULATIONS, DEFAULT_TOTAL_VOTES, Simulation
from hemicycle.analysis.simulate_run import Progress as ProgressCallback
from hemicycle.analysis.simulate_summary import SeatDistribution, quantile_key
from hemicycle.api import simulate as run_simulate
from hemicycle.cli.common import (
    Format,
    FormatOption,
    handle_errors,
    print_csv,
    print_json,
    print_table,
)
from hemicycle.errors import DataError


@contextmanager
def _progress(total: int | None) -> Iterator[ProgressCallback | None]:
    """A bar on standard error while the simulations run (only on a terminal)."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("simulating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("simulating", total=total)

        def advance(done: int) -> None:
            bar.advance(task, done)

        yield advance


def _file(path: Path | None) -> str | None:
    return None if path is None else str(path)


@handle_errors
def simulate(
    law: Annotated[
        str,
        typer.Option("--law", "-l", help="A preset id (see `hemicycle laws`) or a TOML law file."),
    ],
    shares: Annotated[
        Path | None,
        typer.Option(
            help="Shares name,share (national) or district,name,share[,valid]; - for stdin."
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            help="Results district,list,candidate,votes of an earlier election to swing "
            "uniformly to the shares."
        ),
    ] = None,
    candidates: Annotated[
        Path | None,
        typer.Option(help="Candidates of the baseline (for tiers that elect candidates)."),
    ] = None,
    totals: Annotated[
        Path | None,
        typer.Option(
            help="Ballot totals of the baseline district,…,valid,blank (blank ballots for a "
            "quotient that counts them)."
        ),
    ] = None,
    sample_size: Annotated[
        float | None, typer.Option(help="Poll sample size: shares ~ Dirichlet(n · shares).")
    ] = None,
    covariance: Annotated[
        Path | None,
        typer.Option(help="Covariance of the log-shares, name,<list>,… (logit-normal)."),
    ] = None,
    draws: Annotated[
        Path | None, typer.Option(help="Draws of the shares: a column per list, a row per draw.")
    ] = None,
    blocs: Annotated[
        Path | None, typer.Option(help="Blocs bloc,name: the lists of each bloc.")
    ] = None,
    simulations: Annotated[
        int | None,
        typer.Option(
            "--simulations",
            "-n",
            help=f"Number of simulations (default {DEFAULT_SIMULATIONS:,}; with --draws, one "
            "per draw).",
            min=1,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(help="Seed: the same seed gives the same answer on any backend.", min=0),
    ] = None,
    workers: Annotated[
        int, typer.Option(help="Local processes (with --dask: workers of --dask local).", min=1)
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(help="A Dask scheduler address, or local for a cluster on this machine."),
    ] = None,
    total_votes: Annotated[
        int, typer.Option(help="Valid votes of a projection from national shares.", min=1)
    ] = DEFAULT_TOTAL_VOTES,
    quantiles: Annotated[
        str, typer.Option(help="Quantiles of the seats, comma-separated.")
    ] = "0.05,0.5,0.95",
    output: FormatOption = Format.table,
) -> None:
    """Project seats under a law from uncertain vote shares, by Monte Carlo simulation.

    Example: hemicycle simulate --law iraq-2023 --baseline results-2025.csv --shares poll.csv
    --sample-size 2000 --blocs blocs.csv -n 100000 --seed 7 --workers 2 --format json
    """
    points = [q.strip() for q in quantiles.split(",") if q.strip()]
    if not points:
        raise DataError(f"--quantiles must list at least one quantile (got {quantiles!r})")
    draws_file = _file(draws)
    expected = simulations or DEFAULT_SIMULATIONS
    with _progress(expected if draws_file is None else None) as progress:
        result = run_simulate(
            law,
            _file(shares),
            baseline=_file(baseline),
            candidates=_file(candidates),
            totals=_file(totals),
            sample_size=sample_size,
            covariance=_file(covariance),
            draws=draws_file,
            blocs=_file(blocs),
            simulations=simulations,
            seed=seed,
            workers=workers,
            dask=dask,
            total_votes=total_votes,
            quantiles=points,
            progress=progress,
        )
    render(result, output)


def _cells(item: SeatDistribution, result: Simulation) -> list[object]:
    return [
        f"{float(item.mean):.2f}",
        *(item.quantile(q) for q in result.quantiles),
        f"{float(item.majority):.4f}",
        f"{float(item.two_thirds):.4f}",
        f"{float(item.blocking_third):.4f}",
    ]


def render(result: Simulation, output: Format) -> None:
    """Print a projection as tables, one JSON object, or CSV."""
    if output is Format.json:
        print_json(result.as_json())
        return
    keys = [f"q{quantile_key(q)}" for q in result.quantiles]
    groups = (("party", result.parties), ("bloc", result.blocs))
    if output is Format.csv:
        print_csv(
            ["kind", "name", "mean", *keys, "majority", "two_thirds", "blocking_third"],
            [[kind, item.name, *_cells(item, result)] for kind, items in groups for item in items],
        )
        return
    for kind, items in groups:
        if not items:
            continue
        grid = Table(
            title=f"{result.law}: {kind} seats of {result.house_size}, "
            f"{result.simulations:,} simulations ({result.model}, seed {result.seed})"
        )
        for column in (kind, "mean", *keys, "P(>1/2)", "P(>=2/3)", "P(>1/3)"):
            grid.add_column(column, justify="left" if column == kind else "right")
        for item in items:
            grid.add_row(item.name, *(str(cell) for cell in _cells(item, result)))
        print_table(grid)
    if result.outside:
        typer.echo(
            f"{result.outside} seats of candidate tiers had no baseline results and are outside "
            "the projection"
        )


__all__ = ["render", "simulate"]
