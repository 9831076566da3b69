"""``hemicycle count``: every format, the rules, and errors on standard error."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from hemicycle.cli.app import app

FOOD = (
    "weight,rank1,rank2\n4,Orange,\n2,Pear,Orange\n8,Chocolate,Strawberry\n"
    "4,Chocolate,Bonbon\n1,Strawberry,\n1,Bonbon,\n"
)


def _file(tmp_path: Path, text: str, name: str = "ballots.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_stv_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["count", _file(tmp_path, FOOD), "--seats", "3", "--rules", "scottish", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["elected"] == ["Chocolate", "Orange", "Strawberry"]
    assert payload["quota"] == 6
    assert payload["stages"][1]["transfer_values"] == ["1/2"]
    assert payload["rules"]["rules"] == "scottish"


def test_stv_table_and_csv(tmp_path: Path) -> None:
    path = _file(tmp_path, FOOD)
    table = CliRunner().invoke(app, ["count", path, "-n", "3", "--transfer", "gregory"])
    assert table.exit_code == 0, table.output
    assert "elected: Chocolate, Orange, Strawberry" in table.stdout
    assert "surplus 6 of Chocolate transferred at 0.5" in table.stdout
    out = CliRunner().invoke(app, ["count", path, "-n", "3", "--transfer", "meek", "-f", "csv"])
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0][0] == "candidate"
    assert rows[-1][0] == "non-transferable"
    assert {row[0] for row in rows if row[-1].startswith("elected")} == {
        "Chocolate",
        "Orange",
        "Strawberry",
    }


def test_irv_from_stdin_and_plurality_tally(tmp_path: Path) -> None:
    irv = CliRunner().invoke(app, ["count", "-", "--method", "irv", "-f", "json"], input=FOOD)
    assert irv.exit_code == 0, irv.output
    assert json.loads(irv.stdout)["elected"] == ["Chocolate"]
    tally = _file(tmp_path, "name,votes\nالعبيدي,5200\nBashir,4100\nKarim,900\n", "t.csv")
    sntv = CliRunner().invoke(app, ["count", tally, "-m", "sntv", "-n", "2", "-f", "json"])
    assert json.loads(sntv.stdout)["elected"] == ["العبيدي", "Bashir"]
    fptp = CliRunner().invoke(app, ["count", tally, "-m", "fptp", "-f", "csv"])
    assert "elected (1)" in fptp.stdout


def test_blt_seats_from_the_file(tmp_path: Path) -> None:
    blt = '3 1\n5 1 0\n4 2 3 0\n2 3 2 0\n0\n"A"\n"B"\n"C"\n"By-election"\n'
    result = CliRunner().invoke(app, ["count", _file(tmp_path, blt, "w.blt"), "-f", "json"])
    payload = json.loads(result.stdout)
    assert payload["seats"] == 1
    assert payload["title"] == "By-election"
    assert payload["elected"] == ["B"]


def test_errors_go_to_stderr(tmp_path: Path) -> None:
    bad = _file(tmp_path, "weight,rank1,rank2\n1,A,A\n")
    result = CliRunner().invoke(app, ["count", bad, "-n", "1"])
    assert result.exit_code == 1
    assert "row 2, column 'rank2'" in result.stderr
    tie = _file(tmp_path, "weight,rank1\n1,A\n1,B\n")
    refused = CliRunner().invoke(app, ["count", tie, "-n", "1", "-m", "stv", "-f", "json"])
    assert refused.exit_code == 1
    assert "tie for seat 1 between A, B" in refused.stderr
    assert refused.stdout == ""
    mixed = CliRunner().invoke(app, ["count", tie, "-n", "1", "--rules", "scottish",
                                     "--transfer", "meek"])  # fmt: skip
    assert mixed.exit_code == 1
    assert "wigm transfer" in mixed.stderr


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["count", "--help"])
    assert result.exit_code == 0
    assert "Example: hemicycle count" in result.stdout
