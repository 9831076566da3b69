"""The ``hemicycle`` command: one typer app, a command per module."""

from __future__ import annotations

import typer

from hemicycle.cli import analyze as analyze_commands
from hemicycle.cli import apportion, demo
from hemicycle.cli import audit as audit_commands
from hemicycle.cli import biproportional as biproportional_command
from hemicycle.cli import cabinet as cabinet_command
from hemicycle.cli import count as count_command
from hemicycle.cli import forensics as forensics_command
from hemicycle.cli import importing as import_commands
from hemicycle.cli import offices as offices_command
from hemicycle.cli import power as power_commands
from hemicycle.cli import report as report_command
from hemicycle.cli import serve as serve_command
from hemicycle.cli import simulate as simulate_command
from hemicycle.cli import tabulate as tabulate_commands
from hemicycle.cli import users as users_commands
from hemicycle.cli import verify as verify_command

app = typer.Typer(
    name="hemicycle",
    help="Seats from votes, seats from populations, offices from seats — exactly, under real "
    "laws — and audits of published results.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command()(apportion.apportion)
app.command()(apportion.methods)
app.command()(biproportional_command.biproportional)
app.command()(demo.demo)
app.command()(count_command.count)
app.command()(tabulate_commands.tabulate)
app.command()(tabulate_commands.compare)
app.command()(tabulate_commands.laws)
app.command()(verify_command.verify)
app.command("import")(import_commands.import_results)
app.command()(import_commands.elections)

app.command()(offices_command.offices)
app.command()(power_commands.power)
app.command()(power_commands.coalitions)
app.command()(cabinet_command.cabinet)
app.command()(analyze_commands.analyze)
app.command()(analyze_commands.paradoxes)
app.command()(simulate_command.simulate)

app.add_typer(audit_commands.app, name="audit")
app.command()(report_command.report)
app.command()(forensics_command.forensics)
app.command()(serve_command.serve)
app.add_typer(users_commands.app, name="users")


def main() -> None:
    """Entry point of the console script."""
    app()
