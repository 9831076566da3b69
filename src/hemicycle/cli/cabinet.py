"""``hemicycle cabinet``: share a cabinet by a points system, with reserved offices and parity,
or check a proposed cabinet against the same rules."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hemicycle.analysis.cabinet import (
    Cabinet,
    Parity,
    PointsSystem,
    allocate_cabinet,
    check_cabinet,
)
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
from hemicycle.io import read_csv_rows
from hemicycle.io.tables import parse_count


def _seats(path: Path) -> tuple[dict[str, int], dict[str, str]]:
    outcome = outcome_seats(path)
    if outcome is not None:
        return {party: n for party, n in outcome.items() if n}, {}
    file, rows = read_csv_rows(str(path), ["name", "seats"], optional=["community"])
    seats: dict[str, int] = {}
    communities: dict[str, str] = {}
    for number, row in rows:
        name = row["name"]
        if not name.strip():
            raise DataError("name is empty", file=file, row=number, column="name")
        if name in seats:
            raise DataError(f"duplicate name {name!r}", file=file, row=number, column="name")
        seats[name] = parse_count(row["seats"], file=file, row=number, column="seats")
        if row.get("community", "").strip():
            communities[name] = row["community"]
    return seats, communities


def _points(path: Path, rate: str | None) -> PointsSystem:
    file, rows = read_csv_rows(str(path), ["office", "class", "points"])
    offices: dict[str, tuple[str, Fraction]] = {}
    for number, row in rows:
        office = row["office"]
        if not office.strip():
            raise DataError("office is empty", file=file, row=number, column="office")
        if office in offices:
            raise DataError(
                f"office {office!r} is listed twice", file=file, row=number, column="office"
            )
        try:
            cost = Fraction(row["points"].strip())
        except (ValueError, ZeroDivisionError):
            raise DataError(
                f"must be a number such as 4 or 5/2 (got {row['points']!r})",
                file=file,
                row=number,
                column="points",
            ) from None
        if cost < 0:
            raise DataError(
                f"must be >= 0 (got {row['points']!r})", file=file, row=number, column="points"
            )
        if offices and any(c == row["class"] and v != cost for c, v in offices.values()):
            raise DataError(
                f"class {row['class']!r} is given two costs", file=file, row=number, column="points"
            )
        offices[office] = (row["class"], cost)
    return PointsSystem.of(offices, points_per_seat=rate)


def _pairs(path: Path, key: str, value: str) -> dict[str, list[str]]:
    _, rows = read_csv_rows(str(path), [key, value])
    found: dict[str, list[str]] = {}
    for _, row in rows:
        found.setdefault(row[key], []).append(row[value])
    return found


def _assignment(path: Path) -> dict[str, str]:
    file, rows = read_csv_rows(str(path), ["office", "name"])
    assignment: dict[str, str] = {}
    for number, row in rows:
        if row["office"] in assignment:
            raise DataError(
                f"office {row['office']!r} is given twice", file=file, row=number, column="office"
            )
        assignment[row["office"]] = row["name"]
    return assignment


def _preferences(path: Path) -> dict[str, list[str]]:
    file, rows = read_csv_rows(str(path), ["name", "rank", "office"])
    ranked: dict[str, list[tuple[int, str]]] = {}
    for number, row in rows:
        rank = parse_count(row["rank"], file=file, row=number, column="rank")
        ranked.setdefault(row["name"], []).append((rank, row["office"]))
    return {name: [office for _, office in sorted(wanted)] for name, wanted in ranked.items()}


@handle_errors
def cabinet(
    seats_file: Annotated[
        Path,
        typer.Argument(
            help="CSV name,seats[,community] of the blocs in government, or an outcome JSON of "
            "`hemicycle tabulate --format json` (parties that won seats, no communities)."
        ),
    ],
    points: Annotated[
        Path, typer.Option(help="CSV office,class,points: every office and what it costs.")
    ],
    points_per_seat: Annotated[
        str | None,
        typer.Option(help="Points a seat is worth (50/122); default: share all points by seats."),
    ] = None,
    reserved: Annotated[
        Path | None,
        typer.Option(help="CSV office,community: offices reserved (several rows: any of them)."),
    ] = None,
    parity: Annotated[
        Path | None,
        typer.Option(help="CSV group,community: offices shared equally between the groups."),
    ] = None,
    parity_classes: Annotated[
        str | None, typer.Option(help="Classes parity applies to, comma-separated (default all).")
    ] = None,
    within_entitlement: Annotated[
        bool, typer.Option(help="No bloc may spend more points than its seats are worth.")
    ] = False,
    check: Annotated[
        Path | None,
        typer.Option(help="CSV office,name: check this cabinet instead of allocating one."),
    ] = None,
    preferences: Annotated[
        Path | None, typer.Option(help="CSV name,rank,office: which offices each bloc wants.")
    ] = None,
    output: FormatOption = Format.table,
) -> None:
    """Share a cabinet by a points system (Iraq's nizam al-niqat) with offices reserved by
    community and parity (Lebanon's Constitution art. 95), exactly; or check one (--check:
    the ledger is printed, and the exit code is 1 when the cabinet breaks a rule).

    Example: hemicycle cabinet blocs.csv --points offices.csv --reserved reserved.csv
    --parity parity.csv --format json
    """
    seats, communities = _seats(seats_file)
    system = _points(points, points_per_seat)
    groups = None
    if parity is not None:
        groups = Parity(
            groups={g: frozenset(c) for g, c in _pairs(parity, "group", "community").items()},
            classes=None
            if parity_classes is None
            else frozenset(c.strip() for c in parity_classes.split(",") if c.strip()),
        )
    kept = _pairs(reserved, "office", "community") if reserved is not None else None
    if check is not None:
        if preferences is not None:
            raise DataError("--preferences applies to an allocation, not to --check")
        result = check_cabinet(
            _assignment(check),
            seats,
            system,
            communities=communities,
            reserved=kept,
            parity=groups,
            within_entitlement=within_entitlement,
        )
    else:
        result = allocate_cabinet(
            seats,
            system,
            communities=communities,
            reserved=kept,
            parity=groups,
            within_entitlement=within_entitlement,
            preferences=_preferences(preferences) if preferences is not None else None,
        )
    if output is Format.json:
        print_json(result.as_json())
    elif output is Format.csv:
        print_csv(
            ["office", "class", "points", "name"],
            [
                (
                    o,
                    system.class_of(o).id,
                    fraction_text(system.cost(o)),
                    result.assignment.get(o, ""),
                )
                for o in system.offices
            ],
        )
    else:
        _print_ledger(result)
    if result.violations:
        raise typer.Exit(code=1)


def _print_ledger(result: Cabinet) -> None:
    ledger = Table(title="points by bloc")
    numbers = ("seats", "entitled", "due", "used", "balance")
    for column in ("bloc", "seats", "community", "entitled", "due", "used", "balance", "offices"):
        ledger.add_column(column, justify="right" if column in numbers else "left")
    for b in result.ledger:
        ledger.add_row(
            b.bloc,
            str(b.seats),
            b.community or "",
            fraction_text(b.entitled),
            f"{float(b.due):.2f}",
            fraction_text(b.used),
            fraction_text(b.balance),
            ", ".join(b.offices),
        )
    print_table(ledger)
    typer.echo(f"total deviation from the due shares: {fraction_text(result.deviation)} points")
    if result.gamson_offices is not None:
        typer.echo(
            f"Gamson deviation (offices vs seats): {float(result.gamson_offices.deviation):.4f}"
        )
    if result.alternatives is not None and result.alternatives > 1:
        typer.echo(
            f"{result.alternatives} allocations are equally close; larger blocs took the larger "
            "share"
        )
    for violation in result.violations:
        typer.echo(f"violation: {violation}")
