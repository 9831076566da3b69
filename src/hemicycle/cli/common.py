"""What every command shares: the ``--format`` option, rendering, and error translation.

Errors are translated only here: a :class:`~hemicycle.errors.HemicycleError` becomes its
message on standard error and exit code 1; bad usage is exit code 2 (typer's own).
"""

from __future__ import annotations

import csv
import functools
import json
import math
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from hemicycle.errors import HemicycleError


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


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Print a HemicycleError's message to standard error and exit with code 1."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except HemicycleError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(code=1) from None

    return wrapper


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
    "Format",
    "FormatOption",
    "handle_errors",
    "json_safe",
    "print_csv",
    "print_json",
    "print_table",
]
