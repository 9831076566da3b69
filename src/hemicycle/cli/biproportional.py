"""``hemicycle biproportional``: double proportional apportionment (Zurich, Zug, Uri, Aargau)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from hemicycle.cli.common import (
    Format,
    FormatOption,
    handle_errors,
    print_csv,
    print_json,
    print_table,
)
from hemicycle.core.biproportional import Biproportional
from hemicycle.core.biproportional import biproportional as run_biproportional
from hemicycle.core.certificates import BiproportionalCertificate
from hemicycle.core.result import fraction_text
from hemicycle.errors import DataError
from hemicycle.io import read_csv_rows
from hemicycle.io.tables import parse_count


class Rounding(StrEnum):
    """How voter numbers are rounded."""

    none = "none"
    half_up = "half_up"
    half_even = "half_even"
    floor = "floor"


class TotalOf(StrEnum):
    """What the overall quorum share is taken of."""

    votes = "votes"
    voter_numbers = "voter_numbers"


def _read_votes(path: Path) -> tuple[str, dict[str, dict[str, int]], dict[str, int]]:
    """``district,party,votes`` rows as district → party → votes, with each district's first
    row (to point errors at)."""
    file, rows = read_csv_rows(str(path), ["district", "party|list", "votes"])
    party_column = "party" if "party" in rows[0][1] else "list"
    votes: dict[str, dict[str, int]] = {}
    first_row: dict[str, int] = {}
    for number, row in rows:
        district, party = row["district"], row[party_column]
        for column, name in (("district", district), (party_column, party)):
            if not name.strip():
                raise DataError(f"{column} is empty", file=file, row=number, column=column)
        cell = votes.setdefault(district, {})
        first_row.setdefault(district, number)
        if party in cell:
            raise DataError(
                f"{party!r} appears twice in district {district!r}",
                file=file,
                row=number,
                column=party_column,
            )
        cell[party] = parse_count(row["votes"], file=file, row=number, column="votes")
    return file, votes, first_row


def _read_seats(path: Path) -> dict[str, int]:
    file, rows = read_csv_rows(str(path), ["district", "seats"])
    seats: dict[str, int] = {}
    for number, row in rows:
        district = row["district"]
        if not district.strip():
            raise DataError("district is empty", file=file, row=number, column="district")
        if district in seats:
            raise DataError(
                f"district {district!r} is listed twice", file=file, row=number, column="district"
            )
        count = parse_count(row["seats"], file=file, row=number, column="seats")
        if count < 1:
            raise DataError(
                f"a district needs at least 1 seat (got {count})",
                file=file,
                row=number,
                column="seats",
            )
        seats[district] = count
    return seats


@handle_errors
def biproportional(
    votes_file: Annotated[
        Path,
        typer.Argument(help="CSV district,party,votes (party may be named list); - for stdin."),
    ],
    seats_file: Annotated[
        Path, typer.Option("--seats-file", "-s", help="CSV district,seats: the fixed magnitudes.")
    ],
    method: Annotated[
        str, typer.Option("--method", "-m", help="A divisor method id; see `hemicycle methods`.")
    ] = "sainte_lague",
    first_divisor: Annotated[
        str | None, typer.Option(help="First divisor of modified_sainte_lague.")
    ] = None,
    weighted: Annotated[
        bool,
        typer.Option(
            "--weighted",
            help="Share the house by voter numbers: each district's votes divided by its seats.",
        ),
    ] = False,
    voter_number_rounding: Annotated[
        Rounding, typer.Option(help="Rounding of voter numbers: half_up in Zurich.")
    ] = Rounding.none,
    quorum_district: Annotated[
        str | None, typer.Option(help="Share needed in at least one district (5%).")
    ] = None,
    quorum_total: Annotated[
        str | None, typer.Option(help="Share needed overall (3%); either quorum suffices.")
    ] = None,
    quorum_total_of: Annotated[
        TotalOf, typer.Option(help="What the overall share is taken of.")
    ] = TotalOf.votes,
    tie_break: Annotated[
        str, typer.Option(help="refuse, votes (more votes wins), or lot:SEED.")
    ] = "refuse",
    certificate: Annotated[
        bool,
        typer.Option(
            help="Add the certificate (district and party divisors; check: hemicycle verify)."
        ),
    ] = False,
    output: FormatOption = Format.table,
) -> None:
    """Seats of every party in every district: proportional to the votes both ways.

    Example: hemicycle biproportional votes.csv --seats-file districts.csv --weighted
    --quorum-district 5% --quorum-total 3% --format json --certificate > zug.json &&
    hemicycle verify zug.json
    """
    if str(votes_file) == "-" and str(seats_file) == "-":
        raise DataError("only one of the two files can be read from standard input")
    seats = _read_seats(seats_file)
    file, votes, first_row = _read_votes(votes_file)
    for district, number in first_row.items():
        if district not in seats:
            raise DataError(
                f"district {district!r} has no seats in {seats_file}",
                file=file,
                row=number,
                column="district",
            )
    result = run_biproportional(
        votes,
        seats,
        method=method,
        first_divisor=first_divisor,
        weighted=weighted,
        voter_number_rounding=voter_number_rounding.value,
        quorum_district=quorum_district,
        quorum_total=quorum_total,
        quorum_total_of=quorum_total_of.value,
        tie_break=tie_break,
    )
    render(result, output, certificate=certificate)


def render(result: Biproportional, output: Format, *, certificate: bool = False) -> None:
    if output is Format.json:
        body = result.as_json()
        if certificate:
            body["certificate"] = BiproportionalCertificate(result=result).as_json()
        print_json(body)
        return
    if output is Format.csv:
        print_csv(
            ["district", "party", "votes", "seats", "district_divisor", "party_divisor"],
            [
                [
                    district,
                    party,
                    result.votes[district][party],
                    seats,
                    fraction_text(result.district_divisors[district]),
                    fraction_text(result.party_divisors[party])
                    if party in result.party_divisors
                    else "",
                ]
                for district, row in result.seats.items()
                for party, seats in row.items()
            ],
        )
        return
    grid = Table(
        title=f"{result.method}: {result.house_size} seats, biproportional",
        caption=f"* excluded: {', '.join(result.excluded)}" if result.excluded else None,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    grid.add_column("district", no_wrap=True)
    for party in result.parties:
        mark = "*" if party in result.excluded else ""
        grid.add_column(party + mark, justify="right", overflow="fold")
    grid.add_column("seats", justify="right")
    grid.add_column("divisor", justify="right", no_wrap=True)
    for district in result.districts:
        grid.add_row(
            district,
            *(str(result.seats[district][party]) for party in result.parties),
            str(result.district_seats[district]),
            fraction_text(result.district_divisors[district]),
        )
    grid.add_row(
        "seats", *(str(result.party_seats[p]) for p in result.parties), str(result.house_size), ""
    )
    grid.add_row(
        "divisor",
        *(
            fraction_text(result.party_divisors[p]) if p in result.party_divisors else "–"
            for p in result.parties
        ),
        "",
        "",
    )
    print_table(grid)
    if certificate:
        typer.echo(
            "certificate: every cell is its votes divided by its district's and its party's "
            "divisors, rounded (check the JSON with hemicycle verify)"
        )
    for tie in result.upper.ties:
        typer.echo(
            f"tie for seat {tie.seat} of the house between {', '.join(sorted(tie.tied))}: "
            f"{', '.join(tie.winners)} chosen by {tie.rule}"
        )
    for lower in result.ties:
        typer.echo(
            f"tie in {lower.district} for its seat {lower.seat} between "
            f"{', '.join(sorted(lower.tied))}: {', '.join(lower.winners)} chosen by {lower.rule}"
        )
