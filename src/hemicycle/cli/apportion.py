"""``hemicycle apportion`` and ``hemicycle methods``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hemicycle.cli.common import (
    Format,
    FormatOption,
    handle_errors,
    print_csv,
    print_json,
    print_table,
)
from hemicycle.core import apportion as run_apportion
from hemicycle.core.methods import LISTED
from hemicycle.core.result import Allocation
from hemicycle.errors import DataError
from hemicycle.io import read_unit_counts


@handle_errors
def apportion(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV with columns name,votes (or name,population) "
            "and an optional prior_seats column; - for stdin."
        ),
    ],
    seats: Annotated[int, typer.Option("--seats", "-n", help="Seats to allocate.", min=0)],
    method: Annotated[
        str, typer.Option("--method", "-m", help="Method id; see `hemicycle methods`.")
    ] = "dhondt",
    threshold: Annotated[
        str | None, typer.Option(help="Share of the valid total (5%) or a number of votes.")
    ] = None,
    min_seats: Annotated[int | None, typer.Option(help="Minimum seats of every unit.")] = None,
    max_seats: Annotated[int | None, typer.Option(help="Maximum seats of every unit.")] = None,
    first_divisor: Annotated[
        str | None,
        typer.Option(
            help="First divisor of modified_sainte_lague: 1.4 (Norway) unless given; "
            "1.2 for Sweden, 1.7 for Iraq."
        ),
    ] = None,
    divisors: Annotated[
        str | None,
        typer.Option(
            "--divisors",
            help="The divisor sequence of --method divisors, comma-separated: 1,2.5,4 "
            "(continued by its last step).",
        ),
    ] = None,
    tie_break: Annotated[
        str, typer.Option(help="refuse, votes (more votes wins), or lot:SEED.")
    ] = "refuse",
    certificate: Annotated[
        bool,
        typer.Option(help="Add the certificate (divisor interval or quota cut) to the output."),
    ] = False,
    output: FormatOption = Format.table,
) -> None:
    """Allocate seats among parties or states by a divisor or quota method.

    Example: hemicycle apportion states.csv --method huntington_hill --seats 435 --min-seats 1
    --certificate --format json

    Example: hemicycle apportion parties.csv --method divisors --divisors 1.4,3,5 --seats 10
    """
    if divisors is not None and method != "divisors":
        raise DataError(f"--divisors applies to --method divisors (got --method {method})")
    table = read_unit_counts(str(file))
    result = run_apportion(
        table.counts,
        seats,
        method=method,
        first_divisor=first_divisor,
        divisors_given=None if divisors is None else divisors.split(","),
        threshold=threshold,
        min_seats=min_seats,
        max_seats=max_seats,
        prior_seats=table.prior_seats or None,
        tie_break=tie_break,
    )
    render(result, output, certificate=certificate)


def render(result: Allocation, output: Format, *, certificate: bool = False) -> None:
    if output is Format.json:
        print_json(result.as_json(certificate=certificate))
        return
    if output is Format.csv:
        print_csv(
            ["name", "votes", "seats", "excluded"],
            [
                [name, result.votes[name], seats, name in result.excluded]
                for name, seats in result.seats.items()
            ],
        )
        return
    grid = Table(title=f"{result.method}: {result.house_size} seats")
    grid.add_column("name")
    grid.add_column("votes", justify="right")
    grid.add_column("seats", justify="right")
    for name, seats in sorted(result.seats.items(), key=lambda item: -item[1]):
        note = " (excluded)" if name in result.excluded else ""
        grid.add_row(name + note, f"{result.votes[name]:,}", str(seats))
    print_table(grid)
    for tie in result.ties:
        typer.echo(
            f"tie for seat {tie.seat} between {', '.join(sorted(tie.tied))}: "
            f"{', '.join(tie.winners)} chosen by {tie.rule}"
        )
    following = result.next_in_line
    if following is not None:
        typer.echo(f"next in line: {following.unit}'s seat {following.seat} ({following.text})")
    if certificate and result.certificate is not None:
        typer.echo(f"certificate: {describe(result.certificate.as_json())}")


def describe(proof: dict[str, object]) -> str:
    """A certificate in one line for people."""
    span = proof.get("divisor") or proof.get("remainder")
    if not isinstance(span, dict):
        return str(proof.get("kind"))
    high = "∞" if span["high"] is None else span["high"]
    if "divisor" in proof:
        what = "squared divisor" if proof.get("power") == 2 else "divisor"
        return f"any {what} in ({span['low']}, {high}], such as {span['example']}"
    return f"quota {proof['quota']}, remainders cut anywhere in ({span['low']}, {high}]"


@handle_errors
def methods(output: FormatOption = Format.table) -> None:
    """List every allocation method with its id, aliases and source.

    Example: hemicycle methods --format json
    """
    rows = [(m.id, m.aliases, m.family, m.name, m.reference) for m in LISTED]
    if output is Format.json:
        print_json(
            {
                "methods": [
                    {"id": i, "aliases": list(a), "family": f, "name": n, "reference": r}
                    for i, a, f, n, r in rows
                ]
            }
        )
    elif output is Format.csv:
        print_csv(
            ["id", "aliases", "family", "name", "reference"],
            [(i, " ".join(a), f, n, r) for i, a, f, n, r in rows],
        )
    else:
        grid = Table(title="allocation methods")
        # ids and aliases are what users type: never cut, even in 80 columns (the reference
        # wraps instead)
        grid.add_column("id", no_wrap=True, min_width=max(len(row[0]) for row in rows))
        aliases = [alias for row in rows for alias in row[1]]
        grid.add_column("aliases", no_wrap=True, min_width=max(map(len, aliases)))
        grid.add_column("reference", ratio=1)
        for i, a, f, _, r in rows:
            grid.add_row(i, "\n".join(a), f"{f}: {r}")
        print_table(grid)
