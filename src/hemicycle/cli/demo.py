"""``hemicycle demo``: the bundled Iraq 2025 election through the whole pipeline.

Import into the embedded database (checked, all or nothing), tabulate under the law that
applied (Law 4/2023, preset ``iraq-2023``), store the outcome with its provenance, compare
with the 2014 law, and check the seats against the official ones.
"""

from __future__ import annotations

from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hemicycle.cli.common import Format, FormatOption, handle_errors, print_json, print_table
from hemicycle.io.store import Store
from hemicycle.io.tables import parse_count, read_csv_rows
from hemicycle.law.engine import tabulate
from hemicycle.law.load import load

ELECTION = "iraq-2025-example"
LAW = "iraq-2023"
WHAT_IF = "iraq-2014"


def example_file(name: str) -> Path:
    """Path of a bundled example file."""
    return Path(str(resources.files("hemicycle.examples").joinpath(name)))


def official_seats() -> dict[str, dict[str, int]]:
    """The official seats of the example's lists, by governorate (press reports of IHEC)."""
    file, rows = read_csv_rows(
        example_file("iraq_2025_official_seats.csv"), ["district", "list", "seats"]
    )
    official: dict[str, dict[str, int]] = defaultdict(dict)
    for number, row in rows:
        official[row["district"]][row["list"]] = parse_count(
            row["seats"], file=file, row=number, column="seats"
        )
    return official


@handle_errors
def demo(
    db: Annotated[Path, typer.Option(help="The DuckDB database file to use.")] = Path(
        "hemicycle.duckdb"
    ),
    output: FormatOption = Format.table,
) -> None:
    """Run the bundled Iraq 2025 example end to end: import, tabulate, store, compare, check.

    Example: hemicycle demo --db demo.duckdb
    """
    store = Store(db)
    imported = store.import_results(
        str(example_file("iraq_2025_results.csv")), election=ELECTION, replace=True
    )
    results = store.results(ELECTION)
    law = load(LAW)
    outcome = tabulate(law.law, results, partial=True)
    stored = store.save_outcome(
        outcome.as_json(), law_id=law.law.id, law_text=law.text, election=ELECTION
    )
    what_if = tabulate(load(WHAT_IF).law, results, partial=True)
    official = official_seats()
    agrees = {
        district: all(outcome.districts[district].get(name, 0) == n for name, n in seats.items())
        for district, seats in official.items()
    }
    from hemicycle.cli.report import outcome_report_of, write_report

    report, _ = write_report(
        outcome_report_of(db, stored.id), db.with_name("hemicycle-report.html")
    )
    if output is Format.json:
        print_json(
            {
                "report": str(report.resolve()),
                "election": ELECTION,
                "db": str(db),
                "import": imported.import_id,
                "outcome_id": stored.id,
                "law": outcome.law,
                "seats": dict(outcome.seats),
                "districts": {d: dict(s) for d, s in outcome.districts.items()},
                "official": official,
                "agrees": agrees,
                "what_if": {"law": what_if.law, "seats": dict(what_if.seats)},
            }
        )
        return
    typer.echo(f"imported {imported.rows} rows as election {ELECTION!r} into {db}")
    grid = Table(title=f"Iraq 2025 under {law.law.id}: general seats of five governorates")
    for column in ("governorate", "list", "seats", "official", f"under {WHAT_IF}"):
        grid.add_column(column, justify="left" if column in {"governorate", "list"} else "right")
    for district, seats in outcome.districts.items():
        known = official.get(district, {})
        for name, count in seats.items():
            other = what_if.districts.get(district, {}).get(name, 0)
            grid.add_row(district, name, str(count), str(known.get(name, "?")), str(other))
        grid.add_section()
    print_table(grid)
    agreeing = sum(agrees.values())
    typer.echo(f"{agreeing} of {len(agrees)} governorates agree with the official seats.")
    typer.echo(f"outcome stored as {stored.id} in {db} with its provenance (law SHA-256, inputs).")
    typer.echo(f"report of the outcome: {report.resolve()}")
    typer.echo(
        f"the web app on the same data: hemicycle users add admin --role admin --db {db}, then "
        f"hemicycle serve --db {db} and open http://127.0.0.1:8000/outcomes/{stored.id}"
    )
