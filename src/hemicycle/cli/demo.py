"""``hemicycle demo``: the bundled Iraq 2025 example, end to end."""

from __future__ import annotations

from collections import defaultdict
from importlib import resources
from pathlib import Path

import typer
from rich.table import Table

from hemicycle.cli.common import Format, FormatOption, handle_errors, print_json, print_table
from hemicycle.core import apportion
from hemicycle.io.tables import parse_count, read_csv_rows


def example_file(name: str) -> Path:
    """Path of a bundled example file."""
    return Path(str(resources.files("hemicycle.examples").joinpath(name)))


@handle_errors
def demo(output: FormatOption = Format.table) -> None:
    """Reproduce the Iraq 2025 seats of five governorates (Law 4/2023, Sainte-Laguë 1.7).

    Example: hemicycle demo --format json
    """
    votes: dict[str, dict[str, int]] = defaultdict(dict)
    file, rows = read_csv_rows(
        example_file("iraq_2025_results.csv"), ["district", "list", "votes"], ["candidate"]
    )
    for number, row in rows:
        votes[row["district"]][row["list"]] = parse_count(
            row["votes"], file=file, row=number, column="votes"
        )
    file, rows = read_csv_rows(
        example_file("iraq_2025_districts.csv"),
        ["district", "seats"],
        ["minority_seats", "women_seats"],
    )
    seats = {
        row["district"]: parse_count(row["seats"], file=file, row=n, column="seats")
        for n, row in rows
    }
    file, rows = read_csv_rows(
        example_file("iraq_2025_official_seats.csv"), ["district", "list", "seats"]
    )
    official: dict[str, dict[str, int]] = defaultdict(dict)
    for number, row in rows:
        official[row["district"]][row["list"]] = parse_count(
            row["seats"], file=file, row=number, column="seats"
        )
    computed = {
        district: dict(
            apportion(
                lists, seats[district], method="modified_sainte_lague", first_divisor="1.7"
            ).seats
        )
        for district, lists in votes.items()
    }
    agrees = {
        district: all(computed[district][name] == n for name, n in official[district].items())
        for district in computed
    }
    if output is Format.json:
        print_json(
            {
                "law": "iraq-2023",
                "districts": {
                    district: {
                        "seats": computed[district],
                        "official": official[district],
                        "agrees": agrees[district],
                    }
                    for district in computed
                },
            }
        )
        return
    grid = Table(title="Iraq 2025, general seats by modified Sainte-Laguë (first divisor 1.7)")
    for column in ("governorate", "list", "seats", "official"):
        grid.add_column(column, justify="right" if column in {"seats", "official"} else "left")
    for district, result in computed.items():
        known = official[district]
        for name, count in result.items():
            if count or name in known:
                grid.add_row(district, name, str(count), str(known.get(name, "?")))
        grid.add_section()
    print_table(grid)
    agreeing = sum(agrees.values())
    typer.echo(f"{agreeing} of {len(agrees)} governorates agree with the official seats.")
