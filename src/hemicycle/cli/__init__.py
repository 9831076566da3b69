"""The command-line interface: typer commands that parse, call the library and render."""
