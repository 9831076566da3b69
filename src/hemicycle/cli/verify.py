"""``hemicycle verify``: check the certificates in an outcome or allocation, independently."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hemicycle.cli.common import (
    Format,
    FormatOption,
    handle_errors,
    print_csv,
    print_json,
    print_table,
)
from hemicycle.errors import DataError
from hemicycle.verify import verify_document


def _read(path: Path) -> object:
    name = str(path)
    try:
        text = sys.stdin.read() if name == "-" else path.read_text(encoding="utf-8")
    except OSError as error:
        raise DataError(f"cannot read the document: {error.strerror}", file=name) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(
            f"not JSON: {error.msg} (line {error.lineno}, column {error.colno})", file=name
        ) from None


@handle_errors
def verify(
    document: Annotated[
        Path,
        typer.Argument(
            help="JSON of hemicycle tabulate, apportion, biproportional or count with "
            "--certificate, or a certificate; - for stdin."
        ),
    ],
    output: FormatOption = Format.table,
) -> None:
    """Check every certificate in a document without the code that produced it.

    Exit 0 and "verified" when every check holds; exit 1 naming the first check that fails.

    Example: hemicycle tabulate --law iraq-2023 --results iraq.csv --certificate --format json
    > outcome.json && hemicycle verify outcome.json
    """
    report = verify_document(_read(document))
    failure = report.first_failure
    if output is Format.json:
        print_json(report.as_json())
    elif output is Format.csv:
        print_csv(
            ["check", "passed", "detail"],
            [(c.name, c.passed, c.detail) for c in report.checks if not c.passed]
            or [("all", True, f"{len(report.checks)} checks")],
        )
    elif failure is None:
        typer.echo(f"verified: {len(report.checks)} checks hold")
    else:
        grid = Table(title="checks that failed")
        grid.add_column("check")
        grid.add_column("found")
        for check in report.checks:
            if not check.passed:
                grid.add_row(check.name, check.detail)
        print_table(grid)
    if failure is not None:
        typer.echo(f"not verified: {failure.name}: {failure.detail}", err=True)
        raise typer.Exit(code=1)


__all__ = ["verify"]
