"""``hemicycle serve``: the web app on the same DuckDB file as the CLI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from hemicycle.cli.common import Format, FormatOption, handle_errors, print_csv, print_json
from hemicycle.io.accounts import WebExtraMissingError


@handle_errors
def serve(
    db: Annotated[Path, typer.Option("--db", help="The DuckDB database file.")] = Path(
        "hemicycle.duckdb"
    ),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(help="Proxies trusted to say the request came over TLS (cookies Secure)."),
    ] = None,
    output: FormatOption = Format.table,
) -> None:
    """Start the web app (pages, JSON API at /docs) with uvicorn.

    Create the first account with `hemicycle users add`, then log in. The startup message
    (the address served) goes to standard error, or with --format json|csv to standard output
    as one object or row, before the server starts.

    Example: hemicycle serve --db hemicycle.duckdb --port 8000
    """
    try:
        import uvicorn

        from hemicycle.web.app import create_app
        from hemicycle.web.settings import Settings
    except ModuleNotFoundError as missing:
        raise WebExtraMissingError(missing.name or "a module of the web extra") from None

    app = create_app(Settings(db=db))
    url = f"http://{host}:{port}/"
    if output is Format.json:
        print_json({"url": url, "db": str(db), "api": f"{url}docs"})
    elif output is Format.csv:
        print_csv(["url", "db", "api"], [(url, str(db), f"{url}docs")])
    else:
        typer.echo(f"hemicycle: serving {db} on {url}", err=True)
    sys.stdout.flush()
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="warning",
        # Longer than a proxy's keep-alive (nginx: 60 s), so that the server never closes a
        # connection a client is about to reuse.
        timeout_keep_alive=75,
    )
