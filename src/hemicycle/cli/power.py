"""``hemicycle power`` and ``hemicycle coalitions``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hemicycle.analysis.coalitions import (
    Coalition,
    connected_winning,
    minimal_blocking,
    minimal_winning,
)
from hemicycle.analysis.games import WeightedGame
from hemicycle.analysis.power import INDICES
from hemicycle.analysis.power import power as compute_power
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
from hemicycle.io import read_unit_counts

WeightsArgument = Annotated[
    Path,
    typer.Argument(
        help="CSV name,weight (or name,seats), or an outcome JSON of `hemicycle tabulate "
        "--format json` (its seats); - for stdin."
    ),
]
QuotaOption = Annotated[
    str,
    typer.Option(
        "--quota",
        "-q",
        help="Weight needed to win (270), a share (2/3, 65%: at least that share), or majority.",
    ),
]


def _game(file: Path, quota: str) -> WeightedGame:
    seats = outcome_seats(file)
    if seats is None:
        seats = read_unit_counts(str(file), columns=("weight", "seats", "votes")).counts
    return WeightedGame.of(seats, quota)


@handle_errors
def power(
    file: WeightsArgument,
    quota: QuotaOption,
    index: Annotated[
        str,
        typer.Option(
            "--index", "-i", help="One of: " + ", ".join(entry.id for entry in INDICES) + "."
        ),
    ] = "banzhaf",
    dual: Annotated[
        bool, typer.Option(help="Use the blocking (dual) game: S wins when N∖S loses.")
    ] = False,
    output: FormatOption = Format.table,
) -> None:
    """Exact voting power of each party or member, as fractions.

    Example: hemicycle power electoral_college.csv --quota 270 --index shapley_shubik
    """
    game = _game(file, quota)
    if dual:
        game = game.dual()
    result = compute_power(game, index)
    if output is Format.json:
        print_json(result.as_json())
        return
    weights = dict(zip(game.players, game.weights, strict=True))
    if output is Format.csv:
        print_csv(
            ["name", "weight", "value", "decimal"],
            [
                [name, weights[name], fraction_text(v), f"{float(v):.6f}"]
                for name, v in result.values.items()
            ],
        )
        return
    grid = Table(title=f"{result.index}, quota {game.quota} of {game.total}")
    for column in ("name", "weight", "value", "≈"):
        grid.add_column(column, justify="left" if column == "name" else "right")
    for name, value in sorted(result.values.items(), key=lambda item: -item[1]):
        grid.add_row(name, str(weights[name]), fraction_text(value), f"{float(value):.4f}")
    print_table(grid)


def _rows(coalitions: list[Coalition]) -> list[dict[str, object]]:
    return [{"members": list(c.members), "weight": c.weight} for c in coalitions]


@handle_errors
def coalitions(
    file: WeightsArgument,
    quota: QuotaOption,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            "-k",
            help="minimal_winning, minimal_blocking, connected or minimal_connected.",
        ),
    ] = "minimal_winning",
    axis: Annotated[
        str | None,
        typer.Option(help="Left-to-right order for connected coalitions: names, comma-separated."),
    ] = None,
    output: FormatOption = Format.table,
) -> None:
    """List minimal winning, minimal blocking or connected coalitions.

    Example: hemicycle coalitions seats.csv --quota majority --kind minimal_connected --axis "L,C,R"
    """
    game = _game(file, quota)
    if kind == "minimal_winning":
        found = minimal_winning(game)
    elif kind == "minimal_blocking":
        found = minimal_blocking(game)
    elif kind in ("connected", "minimal_connected"):
        if axis is None:
            raise DataError(f"--kind {kind} needs --axis with every name, left to right")
        order = [name.strip() for name in axis.split(",")]
        found = connected_winning(game, order, minimal=kind == "minimal_connected")
    else:
        raise DataError(
            "kind must be minimal_winning, minimal_blocking, connected or minimal_connected "
            f"(got {kind!r})"
        )
    if output is Format.json:
        print_json({"kind": kind, "quota": game.quota, "coalitions": _rows(found)})
        return
    if output is Format.csv:
        print_csv(
            ["members", "size", "weight"],
            [[" + ".join(c.members), len(c.members), c.weight] for c in found],
        )
        return
    grid = Table(title=f"{kind.replace('_', ' ')} coalitions, quota {game.quota} of {game.total}")
    for column in ("members", "size", "weight"):
        grid.add_column(column, justify="left" if column == "members" else "right")
    for c in found:
        grid.add_row(" + ".join(c.members), str(len(c.members)), str(c.weight))
    print_table(grid)
