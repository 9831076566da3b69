"""``hemicycle users add|remove|list``: accounts of the web app."""

from __future__ import annotations

import getpass
import os
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
from hemicycle.io import accounts
from hemicycle.io.audit_log import Database

app = typer.Typer(
    help="Accounts of the web app: admin, editor, observer, public.", no_args_is_help=True
)

DbOption = Annotated[Path, typer.Option("--db", help="The DuckDB database file.")]
ACTOR = "cli:" + (os.environ.get("USER") or "unknown")


def _open(db: Path) -> Database:
    from hemicycle.web.services import open_database

    return open_database(db)


@app.command("add")
@handle_errors
def add(
    name: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option(help="admin, editor, observer or public.")],
    db: DbOption = Path("hemicycle.duckdb"),
    password_env: Annotated[
        str | None, typer.Option(help="Read the password from this environment variable.")
    ] = None,
    output: FormatOption = Format.table,
) -> None:
    """Add an account; the password is asked for (or read from --password-env).

    Example: hemicycle users add ada --role admin --db hemicycle.duckdb
    """
    if password_env:
        password = os.environ.get(password_env, "")
    else:
        password = getpass.getpass(f"password for {name}: ")
    database = _open(db)
    try:
        user = accounts.add_user(database, name, role, password, actor=ACTOR)
    finally:
        database.close()
    if output is Format.json:
        print_json({"added": user.name, "role": user.role.value})
    else:
        typer.echo(f"added {user.name} ({user.role.value})")


@app.command("remove")
@handle_errors
def remove(
    name: Annotated[str, typer.Argument(help="User name.")],
    db: DbOption = Path("hemicycle.duckdb"),
    output: FormatOption = Format.table,
) -> None:
    """Remove an account and end its sessions (the last admin stays).

    Example: hemicycle users remove ada --db hemicycle.duckdb
    """
    database = _open(db)
    try:
        accounts.remove_user(database, name, actor=ACTOR)
    finally:
        database.close()
    if output is Format.json:
        print_json({"removed": name})
    else:
        typer.echo(f"removed {name}")


@app.command("list")
@handle_errors
def list_users(
    db: DbOption = Path("hemicycle.duckdb"), output: FormatOption = Format.table
) -> None:
    """List the accounts and their roles.

    Example: hemicycle users list --format json
    """
    database = _open(db)
    try:
        users = accounts.list_users(database)
    finally:
        database.close()
    rows = [(u.name, u.role.value, u.created_at.isoformat(timespec="seconds")) for u in users]
    if output is Format.json:
        print_json({"users": [{"name": n, "role": r, "created_at": c} for n, r, c in rows]})
    elif output is Format.csv:
        print_csv(["name", "role", "created_at"], rows)
    else:
        grid = Table(title=f"accounts in {db}")
        for column in ("name", "role", "since (UTC)"):
            grid.add_column(column)
        for row in rows:
            grid.add_row(*row)
        print_table(grid)
