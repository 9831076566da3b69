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
from hemicycle.analysis.games import DualGame, Game, MultiLayerGame, WeightedGame, eu_council
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
from hemicycle.io import read_csv_rows, read_unit_counts
from hemicycle.io.tables import parse_count

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


def _layered_game(file: Path, layers: list[str], blocking_minimum: int) -> MultiLayerGame:
    """The game of ``--layer COLUMN:QUOTA`` options over a CSV with one column per layer."""
    quotas: dict[str, str] = {}
    for option in layers:
        column, sep, quota = option.partition(":")
        column = column.strip()
        if not sep or not column or not quota.strip():
            raise typer.BadParameter(
                f"expected COLUMN:QUOTA, e.g. population:65% (got {option!r})",
                param_hint="--layer",
            )
        if column in quotas:
            raise typer.BadParameter(f"layer {column!r} given twice", param_hint="--layer")
        quotas[column] = quota
    columns = [c for c in quotas if c != "members"]
    optional = ["members"] if "members" in quotas else []
    name, rows = read_csv_rows(str(file), ["name", *columns], optional=optional)
    weights: dict[str, dict[str, int]] = {}
    for number, row in rows:
        player = row["name"]
        if not player.strip():
            raise DataError("name is empty", file=name, row=number, column="name")
        if player in weights:
            raise DataError(f"duplicate name {player!r}", file=name, row=number, column="name")
        weights[player] = {
            c: parse_count(row[c], file=name, row=number, column=c) for c in quotas if c in row
        }
    return MultiLayerGame.of(weights, quotas, blocking_minimum)


def _power_game(
    file: Path,
    quota: str | None,
    layers: list[str],
    blocking_minimum: int,
    eu: bool,
) -> Game:
    if sum((quota is not None, bool(layers), eu)) != 1:
        raise typer.BadParameter("give exactly one of --quota, --layer (repeated) or --eu-council")
    if blocking_minimum and not layers:
        raise typer.BadParameter("goes with --layer", param_hint="--blocking-minimum")
    if quota is not None:
        return _game(file, quota)
    if eu:
        return eu_council(read_unit_counts(str(file), columns=("population",)).counts)
    return _layered_game(file, layers, blocking_minimum)


def _weight_columns(game: Game) -> tuple[list[str], dict[str, list[int]]]:
    """Column titles and each player's weights: one column per layer of a multi-layer game."""
    inner = game.game if isinstance(game, DualGame) else game
    if isinstance(inner, WeightedGame):
        return ["weight"], {p: [w] for p, w in zip(inner.players, inner.weights, strict=True)}
    titles = [layer.name for layer in inner.layers]
    return titles, {
        p: [layer.weights[i] for layer in inner.layers] for i, p in enumerate(inner.players)
    }


def _title(game: Game, index: str) -> str:
    inner = game.game if isinstance(game, DualGame) else game
    if isinstance(inner, WeightedGame):
        return f"{index}, quota {inner.quota} of {inner.total}"
    quotas = ", ".join(
        f"{layer.name} {layer.quota} of {sum(layer.weights)}" for layer in inner.layers
    )
    blocking = (
        f"; fewer than {inner.blocking_minimum} members cannot block"
        if inner.blocking_minimum
        else ""
    )
    prefix = "blocking game of " if isinstance(game, DualGame) else ""
    return f"{index}, {prefix}quotas {quotas}{blocking}"


@handle_errors
def power(
    file: WeightsArgument,
    quota: Annotated[
        str | None,
        typer.Option(
            "--quota",
            "-q",
            help="Weight needed to win (270), a share (2/3, 65%: at least that share), or "
            "majority.",
        ),
    ] = None,
    index: Annotated[
        str,
        typer.Option(
            "--index", "-i", help="One of: " + ", ".join(entry.id for entry in INDICES) + "."
        ),
    ] = "banzhaf",
    layer: Annotated[
        list[str] | None,
        typer.Option(
            "--layer",
            "-l",
            help="A multi-layer game, one option per layer: COLUMN:QUOTA, the quota a weight, "
            "a share or majority of that column's total (population:65%); the layer "
            "'members' counts each row once unless FILE has a members column.",
        ),
    ] = None,
    blocking_minimum: Annotated[
        int,
        typer.Option(
            "--blocking-minimum",
            min=0,
            help="With --layer: a coalition leaving out fewer than this many members wins.",
        ),
    ] = 0,
    eu_council_rule: Annotated[
        bool,
        typer.Option(
            "--eu-council",
            help="The EU Council's qualified majority (TEU art. 16(4)) over FILE "
            "name,population: 55% of members and 15, 65% of the population, blocking "
            "minority of at least four.",
        ),
    ] = False,
    dual: Annotated[
        bool, typer.Option(help="Use the blocking (dual) game: S wins when N∖S loses.")
    ] = False,
    output: FormatOption = Format.table,
) -> None:
    """Exact voting power of each party or member, as fractions, and Coleman's power of the
    collectivity to act (the share of coalitions that win).

    Example: hemicycle power electoral_college.csv --quota 270 --index shapley_shubik

    Example: hemicycle power council.csv --layer members:55% --layer population:65%
    --blocking-minimum 4 (for 27 members, the same game as --eu-council)
    """
    game = _power_game(file, quota, layer or [], blocking_minimum, eu_council_rule)
    if dual:
        game = game.dual()
    result = compute_power(game, index)
    if output is Format.json:
        print_json(result.as_json())
        return
    titles, weights = _weight_columns(game)
    if output is Format.csv:
        print_csv(
            ["name", *titles, "value", "decimal"],
            [
                [name, *weights[name], fraction_text(v), f"{float(v):.6f}"]
                for name, v in result.values.items()
            ],
        )
        return
    grid = Table(
        title=_title(game, result.index),
        caption="power of the collectivity to act (Coleman, |W|/2^n): "
        f"{fraction_text(result.collectivity)} ≈ {float(result.collectivity):.4f}",
    )
    for column in ("name", *titles, "value", "≈"):
        grid.add_column(column, justify="left" if column == "name" else "right")
    for name, value in sorted(result.values.items(), key=lambda item: -item[1]):
        grid.add_row(
            name, *(str(w) for w in weights[name]), fraction_text(value), f"{float(value):.4f}"
        )
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
