"""``hemicycle analyze`` (disproportionality of an outcome) and ``hemicycle paradoxes``
(census-apportionment paradoxes over house sizes)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hemicycle.analysis.disproportionality import Disproportionality, disproportionality, list_votes
from hemicycle.analysis.paradoxes import Rule, alabama, new_state_paradox, population_paradox
from hemicycle.cli.common import (
    Format,
    FormatOption,
    handle_errors,
    outcome_seats,
    print_csv,
    print_json,
    print_table,
)
from hemicycle.core.result import fraction_text
from hemicycle.errors import DataError
from hemicycle.io import read_csv_rows, read_unit_counts
from hemicycle.io.tables import parse_count
from hemicycle.law import Outcome
from hemicycle.types import Results


def _percent(value: Fraction) -> str:
    return f"{float(value) * 100:.2f}"


def _votes(path: Path) -> dict[str, int]:
    """Votes per list: ``name,votes``, or tidy results ``district,list,candidate,votes``."""
    if str(path) != "-" and path.is_file():
        with path.open(encoding="utf-8-sig") as handle:
            header = [cell.strip() for cell in handle.readline().split(",")]
        if "list" in header:
            from hemicycle.io.results import load_results

            return list_votes(load_results(str(path)).results)
    return read_unit_counts(str(path), columns=("votes",)).counts


def _votes_and_seats(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    file, rows = read_csv_rows(str(path), ["name", "votes", "seats"])
    votes: dict[str, int] = {}
    seats: dict[str, int] = {}
    for number, row in rows:
        name = row["name"]
        if not name.strip():
            raise DataError("name is empty", file=file, row=number, column="name")
        if name in votes:
            raise DataError(f"duplicate name {name!r}", file=file, row=number, column="name")
        votes[name] = parse_count(row["votes"], file=file, row=number, column="votes")
        seats[name] = parse_count(row["seats"], file=file, row=number, column="seats")
    return votes, seats


def render_indices(report: Disproportionality, output: Format) -> None:
    """Print a disproportionality report as JSON, CSV (one row per party) or tables."""
    if output is Format.json:
        print_json(report.as_json())
        return
    if output is Format.csv:
        print_csv(
            ["name", "votes", "seats", "vote_share", "seat_share", "advantage"],
            [
                (
                    p.name,
                    p.votes,
                    p.seats,
                    fraction_text(p.vote_share),
                    fraction_text(p.seat_share),
                    "" if p.advantage is None else fraction_text(p.advantage),
                )
                for p in report.parties
            ],
        )
        return
    parties = Table(title="votes and seats")
    for column in ("party", "votes", "seats", "% votes", "% seats", "advantage"):
        parties.add_column(column, justify="left" if column == "party" else "right")
    for p in report.parties:
        parties.add_row(
            p.name,
            str(p.votes),
            str(p.seats),
            _percent(p.vote_share),
            _percent(p.seat_share),
            "" if p.advantage is None else f"{float(p.advantage):.3f}",
        )
    print_table(parties)
    indices = Table(title="indices")
    indices.add_column("index")
    indices.add_column("exact", justify="right")
    indices.add_column("decimal", justify="right")
    rows: list[tuple[str, Fraction | None]] = [
        ("Gallagher (LSq), squared", report.gallagher_squared),
        ("Loosemore-Hanby", report.loosemore_hanby),
        ("Rae", report.rae),
        ("Sainte-Laguë", report.sainte_lague),
        ("D'Hondt (max advantage)", report.dhondt),
        ("effective parties, votes (Laakso-Taagepera)", report.effective_votes),
        ("effective parties, seats (Laakso-Taagepera)", report.effective_seats),
        ("effective parties, votes (Golosov)", report.golosov_votes),
        ("effective parties, seats (Golosov)", report.golosov_seats),
    ]
    indices.add_row("Gallagher (LSq)", "", f"{report.gallagher:.4f}")
    for name, value in rows:
        if value is None:
            indices.add_row(name, "undefined", "")
        else:
            indices.add_row(name, fraction_text(value), f"{float(value):.4f}")
    print_table(indices)


@handle_errors
def analyze(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV name,votes,seats, or an outcome JSON from `hemicycle tabulate --format "
            "json` (recognised by its content); - for stdin."
        ),
    ],
    votes: Annotated[
        Path | None,
        typer.Option(
            help="Votes for an outcome JSON: CSV name,votes, or results "
            "district,list,candidate,votes."
        ),
    ] = None,
    rae_min_share: Annotated[
        str, typer.Option(help="Rae's index leaves out parties below this vote share (1/200).")
    ] = "0",
    output: FormatOption = Format.table,
) -> None:
    """Disproportionality (Gallagher, Loosemore-Hanby, Rae, Sainte-Laguë, D'Hondt), effective
    number of parties (Laakso-Taagepera, Golosov) and each party's advantage ratio.

    Example: hemicycle analyze outcome.json --votes results.csv --format json; hemicycle
    tabulate --law iraq-2023 --results results.csv -f json | hemicycle analyze - --votes
    results.csv
    """
    outcome = outcome_seats(file)
    if outcome is not None:
        if votes is None:
            raise DataError("an outcome JSON has no votes: give them with --votes FILE")
        if str(file) == "-" and str(votes) == "-":
            raise DataError("the outcome and --votes cannot both be read from standard input")
        seats = outcome
        counted = _votes(votes)
    else:
        if votes is not None:
            raise DataError("--votes applies to an outcome JSON; the CSV already has votes")
        counted, seats = _votes_and_seats(file)
    try:
        share = Fraction(rae_min_share.strip().removesuffix("%"))
    except (ValueError, ZeroDivisionError):
        raise DataError(
            f"--rae-min-share must be a share such as 1/200 (got {rae_min_share!r})"
        ) from None
    if rae_min_share.strip().endswith("%"):
        share /= 100
    render_indices(disproportionality(counted, seats, rae_min_share=share), output)


def outcome_indices(results: Results, outcomes: Sequence[Outcome]) -> dict[str, Disproportionality]:
    """The indices of each outcome against the votes of every list in the results (the
    analysis columns of ``hemicycle compare``)."""
    votes = list_votes(results)
    return {
        o.law: disproportionality({**dict.fromkeys(o.seats, 0), **votes}, o.seats) for o in outcomes
    }


def _house_sizes(text: str) -> tuple[int, int]:
    low, _, high = text.partition("..")
    try:
        first = int(low)
        last = int(high) if high else first
    except ValueError:
        raise DataError(f"--seats must be N or A..B (got {text!r})") from None
    if first < 0 or last < first:
        raise DataError(f"--seats must be N or A..B with 0 <= A <= B (got {text!r})")
    return first, last


@handle_errors
def paradoxes(
    file: Annotated[Path, typer.Argument(help="CSV name,population (or votes); - for stdin.")],
    method: Annotated[str, typer.Option("--method", "-m", help="A registered method id.")],
    seats: Annotated[
        str,
        typer.Option("--seats", "-n", help="House size N, or a range A..B scanned size by size."),
    ],
    after: Annotated[
        Path | None,
        typer.Option(help="A second census (same states): look for the population paradox."),
    ] = None,
    new: Annotated[
        Path | None,
        typer.Option(help="New states (name,population): look for the new-state paradox."),
    ] = None,
    added_seats: Annotated[
        int | None,
        typer.Option(help="Seats added with the new states (default: their quota, rounded down)."),
    ] = None,
    min_seats: Annotated[int | None, typer.Option(help="Seats every state gets at least.")] = None,
    first_divisor: Annotated[
        str | None, typer.Option(help="First divisor of modified_sainte_lague.")
    ] = None,
    tie_break: Annotated[str, typer.Option(help="refuse, votes or lot:SEED.")] = "refuse",
    output: FormatOption = Format.table,
) -> None:
    """List every Alabama paradox (a state loses a seat when the house grows by one), or with
    --after every population paradox, or with --new every new-state paradox.

    Example: hemicycle paradoxes census_1880.csv --method hare --seats 275..350
    """
    if after is not None and new is not None:
        raise DataError("give at most one of --after and --new")
    census = read_unit_counts(str(file)).counts
    first, last = _house_sizes(seats)
    rule = Rule(
        method=method, first_divisor=first_divisor, min_seats=min_seats, tie_break=tie_break
    )
    found: list[dict[str, object]]
    if after is not None:
        kind = "population"
        later = read_unit_counts(str(after)).counts
        found = [
            p.as_json() for p in population_paradox(census, later, range(first, last + 1), rule)
        ]
    elif new is not None:
        kind = "new_state"
        entering = read_unit_counts(str(new)).counts
        found = [
            p.as_json()
            for p in new_state_paradox(
                census, entering, range(first, last + 1), rule, added_seats=added_seats
            )
        ]
    else:
        kind = "alabama"
        # a single size N compares N with N + 1; a range A..B compares every h with h + 1 up to B
        sizes = range(first, last) if last > first else range(first, first + 1)
        found = [p.as_json() for p in alabama(census, sizes, rule)]
    payload = {
        "method": method,
        "kind": kind,
        "house_sizes": [first, last],
        "occurrences": found,
    }
    if output is Format.json:
        print_json(payload)
        return
    header = list(found[0]) if found else ["house_size"]
    cells = [[_cell(row[c]) for c in header] for row in found]
    if output is Format.csv:
        print_csv(header, cells)
        return
    grid = Table(title=f"{kind.replace('_', '-')} paradoxes, {method}, seats {first}..{last}")
    for column in header:
        grid.add_column(column)
    for line in cells:
        grid.add_row(*line)
    print_table(grid)
    typer.echo(f"{len(found)} occurrence{'s' if len(found) != 1 else ''}")


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "->".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} {_cell(v)}" for k, v in value.items())
    return str(value)
