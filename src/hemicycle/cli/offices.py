"""``hemicycle offices``: sequential allocation of offices (Northern Ireland Act 1998 s.18)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hemicycle.cli.common import (
    Format,
    FormatOption,
    handle_errors,
    outcome_seats,
    print_csv,
    print_json,
    print_table,
)
from hemicycle.core.offices import allocate_offices
from hemicycle.core.result import fraction_text
from hemicycle.errors import DataError
from hemicycle.io import read_csv_rows, read_unit_counts
from hemicycle.io.tables import parse_count


def _offices(path: Path) -> list[str]:
    file, rows = read_csv_rows(str(path), ["office"])
    names = []
    for number, row in rows:
        name = row["office"]
        if not name.strip():
            raise DataError("office is empty", file=file, row=number, column="office")
        if name in names:
            raise DataError(
                f"office {name!r} is listed twice", file=file, row=number, column="office"
            )
        names.append(name)
    return names


def _preferences(path: Path) -> dict[str, list[str]]:
    file, rows = read_csv_rows(str(path), ["name", "rank", "office"])
    ranked: dict[str, list[tuple[int, str]]] = {}
    for number, row in rows:
        rank = parse_count(row["rank"], file=file, row=number, column="rank")
        wanted = ranked.setdefault(row["name"], [])
        if any(r == rank for r, _ in wanted):
            raise DataError(
                f"{row['name']!r} has rank {rank} twice", file=file, row=number, column="rank"
            )
        if any(o == row["office"] for _, o in wanted):
            raise DataError(
                f"{row['name']!r} ranks {row['office']!r} twice",
                file=file,
                row=number,
                column="office",
            )
        wanted.append((rank, row["office"]))
    return {name: [office for _, office in sorted(wanted)] for name, wanted in ranked.items()}


@handle_errors(
    tie_noun="pick",
    tie_advice=(
        "give first-preference votes with --tie-votes FILE (the figures are recalculated with "
        "them, Northern Ireland Act 1998 s.18(6)) or a tie rule with --tie-break lot:SEED"
    ),
)
def offices(
    seats_file: Annotated[
        Path,
        typer.Argument(
            help="CSV name,seats, or an outcome JSON of `hemicycle tabulate --format json` "
            "(parties that won seats); - for stdin."
        ),
    ],
    method: Annotated[
        str, typer.Option("--method", "-m", help="dhondt (s.18) or sainte_lague.")
    ] = "dhondt",
    count: Annotated[
        int | None, typer.Option("--count", "-n", help="Number of offices.", min=0)
    ] = None,
    offices_file: Annotated[
        Path | None, typer.Option("--offices", help="CSV with a column office, one per row.")
    ] = None,
    preferences: Annotated[
        Path | None, typer.Option(help="CSV name,rank,office: each party's wishes, 1 first.")
    ] = None,
    tie_votes: Annotated[
        Path | None,
        typer.Option(help="CSV name,votes: first-preference votes for equal figures (s.18(6))."),
    ] = None,
    held: Annotated[
        Path | None, typer.Option(help="CSV name,offices: offices held beforehand.")
    ] = None,
    count_held: Annotated[
        bool, typer.Option(help="Whether offices held beforehand count in the figure.")
    ] = True,
    decline: Annotated[
        list[str] | None, typer.Option(help="A party that declines to nominate (repeatable).")
    ] = None,
    tie_break: Annotated[
        str, typer.Option(help="Ties that remain: refuse or lot:SEED.")
    ] = "refuse",
    output: FormatOption = Format.table,
) -> None:
    """Fill offices one by one: the party with the highest seats/(1 + offices held) picks.

    Example: hemicycle offices seats.csv --offices departments.csv --preferences wishes.csv
    --tie-votes first_preferences.csv
    """
    if (count is None) == (offices_file is None):
        raise DataError("give exactly one of --count N and --offices FILE")
    outcome = outcome_seats(seats_file)
    seats = (
        read_unit_counts(str(seats_file), columns=("seats",)).counts
        if outcome is None
        else {party: n for party, n in outcome.items() if n}
    )
    result = allocate_offices(
        seats,
        count=count,
        offices=_offices(offices_file) if offices_file is not None else None,
        method=method,
        preferences=_preferences(preferences) if preferences is not None else None,
        tie_votes=read_unit_counts(str(tie_votes)).counts if tie_votes is not None else None,
        held=read_unit_counts(str(held), columns=("offices",)).counts if held is not None else None,
        count_held=count_held,
        declined=decline or (),
        tie_break=tie_break,
    )
    if output is Format.json:
        print_json(result.as_json())
        return
    if output is Format.csv:
        print_csv(
            ["pick", "party", "office", "value"],
            [[p.pick, p.party, p.office or "", fraction_text(p.value)] for p in result.picks],
        )
        return
    grid = Table(title=f"{result.method}: {len(result.picks)} offices")
    for column in ("pick", "party", "office", "figure"):
        grid.add_column(column, justify="right" if column in ("pick", "figure") else "left")
    for p in result.picks:
        grid.add_row(str(p.pick), p.party, p.office or "", fraction_text(p.value))
    print_table(grid)
    for tie in result.ties:
        typer.echo(
            f"equal figures at pick {tie.seat} between {', '.join(sorted(tie.tied))}: "
            f"{tie.winners[0]} by {tie.rule}"
        )
    typer.echo(", ".join(f"{party} {n}" for party, n in result.allocation.items()))
