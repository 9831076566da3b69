"""What every command shares: the ``--format`` option, rendering, and error translation.

Errors are translated only here: a :class:`~hemicycle.errors.HemicycleError` becomes its
message on standard error and exit code 1; bad usage is exit code 2 (typer's own).
"""

from __future__ import annotations

import csv
import functools
import inspect
import io
import json
import math
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar, overload

import typer
from rich.console import Console
from rich.table import Table

from hemicycle.errors import TIE_ADVICE, DataError, HemicycleError, TieError


class Format(StrEnum):
    """Output formats of every command."""

    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output: a table for people, one JSON object, or CSV."),
]

P = ParamSpec("P")
R = TypeVar("R")


TIE_BREAK_ADVICE = "give a tie rule with --tie-break lot:SEED (a seeded, recorded lot)"


def tie_message(error: TieError, advice: str, noun: str = "seat") -> str:
    """A TieError worded for the command line: its own account of the tie (the district,
    the seat, who is tied), then the option that resolves it.

    >>> print(tie_message(TieError(frozenset({"B", "A"}), seat=3), TIE_BREAK_ADVICE))
    tie for seat 3 between A, B (1 place for 2 units); give a tie rule with --tie-break lot:SEED (a seeded, recorded lot)
    """  # noqa: E501
    account = str(error).removesuffix(TIE_ADVICE).removesuffix("; ")
    if noun != "seat":
        account = account.replace("tie for seat ", f"tie for {noun} ", 1)
    return f"{account}; {advice}"


@overload
def handle_errors(command: Callable[P, R]) -> Callable[P, R]: ...


@overload
def handle_errors(
    command: None = None, *, tie_advice: str | None = None, tie_noun: str = "seat"
) -> Callable[[Callable[P, R]], Callable[P, R]]: ...


def handle_errors(
    command: Callable[P, R] | None = None, *, tie_advice: str | None = None, tie_noun: str = "seat"
) -> Any:
    """Print a HemicycleError's message to standard error and exit with code 1.

    A TieError is worded for the command line: ``tie_advice`` names the options that resolve
    it; by default ``--tie-break`` when the command has it. Use bare (``@handle_errors``) or
    with options (``@handle_errors(tie_advice=..., tie_noun="pick")``).
    """

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        has_rule = "tie_break" in inspect.signature(function).parameters
        advice = tie_advice or (
            TIE_BREAK_ADVICE if has_rule else "the rule in force declares no way to break it"
        )

        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return function(*args, **kwargs)
            except TieError as error:
                typer.echo(f"error: {tie_message(error, advice, tie_noun)}", err=True)
                raise typer.Exit(code=1) from None
            except HemicycleError as error:
                typer.echo(f"error: {error}", err=True)
                raise typer.Exit(code=1) from None

        return wrapper

    return decorate if command is None else decorate(command)


def outcome_seats(path: Path) -> dict[str, int] | None:
    """The seats won in an outcome JSON (``hemicycle tabulate --format json``), when ``path``
    (``-``: standard input) holds one, recognised by its content.

    None for anything else (a CSV), which the caller reads as usual: standard input is put
    back to be read again.
    """
    name = str(path)
    if name == "-":
        text = sys.stdin.read()
        sys.stdin = io.StringIO(text)
        name = "<stdin>"
    else:
        try:
            text = path.read_bytes().decode("utf-8-sig", errors="replace")
        except OSError:
            return None  # the CSV reader reports a missing file
    if not text.lstrip().startswith("{"):
        if path.suffix.lower() == ".json":
            raise DataError("is not an outcome JSON (no JSON object)", file=name)
        return None
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(f"is not an outcome JSON ({error})", file=name) from None
    seats = payload.get("seats") if isinstance(payload, dict) else None
    if not isinstance(seats, dict) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in seats.values()
    ):
        raise DataError(
            "expected the JSON of `hemicycle tabulate --format json` with a 'seats' object",
            file=name,
        )
    return {str(party): n for party, n in seats.items()}


def json_safe(value: object) -> object:
    """``value`` with every non-finite float (a statistic that could not be computed) as None,
    since JSON has no NaN or infinity.

    >>> json_safe({"p": float("nan"), "n": [1.5, float("inf")]})
    {'p': None, 'n': [1.5, None]}
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


def print_json(payload: object) -> None:
    """Exactly one JSON object on standard output, names kept as given, strict JSON."""
    text = json.dumps(json_safe(payload), ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write(text + "\n")


def print_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


def print_table(table: Table) -> None:
    Console().print(table)


__all__ = [
    "TIE_BREAK_ADVICE",
    "Format",
    "FormatOption",
    "handle_errors",
    "json_safe",
    "outcome_seats",
    "print_csv",
    "print_json",
    "print_table",
    "tie_message",
]
