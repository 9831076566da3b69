"""``hemicycle power`` and ``hemicycle coalitions`` through the CLI."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from typer.testing import CliRunner

from hemicycle.cli.app import app

runner = CliRunner()

COUNCIL = (
    "name,weight\n"
    + "".join(f"P{i},7\n" for i in range(5))
    + "".join(f"E{i},1\n" for i in range(10))
)


def test_power_json_shape_un_security_council() -> None:
    result = runner.invoke(
        app,
        ["power", "-", "--quota", "39", "--index", "shapley_shubik", "--format", "json"],
        input=COUNCIL,
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"index", "quota", "values", "collectivity"}
    assert payload["index"] == "shapley_shubik"
    assert payload["quota"] == 39
    assert payload["values"]["P0"] == "421/2145"
    assert payload["values"]["E9"] == "4/2145"


def test_power_table_csv_and_dual(tmp_path: Path) -> None:
    path = tmp_path / "seats.csv"
    path.write_text("name,seats\nبلوك,110\nB,219\n", encoding="utf-8")
    table = runner.invoke(app, ["power", str(path), "--quota", "2/3"])
    assert table.exit_code == 0
    assert "بلوك" in table.stdout
    csv_out = runner.invoke(app, ["power", str(path), "--quota", "2/3", "--format", "csv"])
    assert csv_out.stdout.splitlines()[0] == "name,weight,value,decimal"
    dual = runner.invoke(app, ["power", str(path), "--quota", "2/3", "--dual", "-f", "json"])
    # in the blocking game the 110-seat bloc blocks alone, as does the other
    assert json.loads(dual.stdout)["quota"] == 110


def test_power_bad_input() -> None:
    bad = runner.invoke(app, ["power", "-", "--quota", "39"], input="name,weight\nA,-3\n")
    assert bad.exit_code == 1
    assert "row 2" in bad.stderr
    assert "weight" in bad.stderr
    unknown = runner.invoke(
        app, ["power", "-", "-q", "1", "-i", "banzaf"], input="name,weight\nA,1\n"
    )
    assert unknown.exit_code == 1
    assert "banzhaf" in unknown.stderr
    too_high = runner.invoke(app, ["power", "-", "-q", "5"], input="name,weight\nA,1\n")
    assert too_high.exit_code == 1
    assert "quota" in too_high.stderr


def test_coalitions_kinds() -> None:
    seats = "name,seats\nL,30\nC,25\nR,45\n"
    winning = runner.invoke(app, ["coalitions", "-", "-q", "majority", "-f", "json"], input=seats)
    assert winning.exit_code == 0, winning.output
    members = [c["members"] for c in json.loads(winning.stdout)["coalitions"]]
    assert members == [["L", "R"], ["C", "R"], ["L", "C"]]  # heaviest first
    connected = runner.invoke(
        app,
        [
            "coalitions",
            "-",
            "-q",
            "majority",
            "-k",
            "minimal_connected",
            "--axis",
            "L,C,R",
            "-f",
            "json",
        ],
        input=seats,
    )
    assert [c["members"] for c in json.loads(connected.stdout)["coalitions"]] == [
        ["C", "R"],
        ["L", "C"],
    ]
    missing_axis = runner.invoke(
        app, ["coalitions", "-", "-q", "51", "-k", "connected"], input=seats
    )
    assert missing_axis.exit_code == 1
    assert "--axis" in missing_axis.stderr


def test_help_has_examples() -> None:
    for command in ("power", "coalitions", "offices"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.stdout


ELECTORS = (
    "name,weight\nAL,9\nAK,3\nAZ,11\nAR,6\nCA,54\nCO,10\nCT,7\nDE,3\nDC,3\nFL,30\nGA,16\nHI,4\n"
    "ID,4\nIL,19\nIN,11\nIA,6\nKS,6\nKY,8\nLA,8\nME,4\nMD,10\nMA,11\nMI,15\nMN,10\nMS,6\nMO,10\n"
    "MT,4\nNE,5\nNV,6\nNH,4\nNJ,14\nNM,5\nNY,28\nNC,16\nND,3\nOH,17\nOK,7\nOR,8\nPA,19\nRI,4\n"
    "SC,9\nSD,3\nTN,11\nTX,40\nUT,6\nVT,3\nVA,13\nWA,12\nWV,4\nWI,10\nWY,3\n"
)


def test_power_minimal_coalition_indices_on_the_electoral_college() -> None:
    # 51 units: Holler, Deegan-Packel and Johnston are counted over the weights, not enumerated
    for index in ("holler", "deegan_packel", "johnston"):
        result = runner.invoke(
            app, ["power", "-", "--quota", "270", "--index", index, "-f", "json"], input=ELECTORS
        )
        assert result.exit_code == 0, result.output
        values = {k: Fraction(v) for k, v in json.loads(result.stdout)["values"].items()}
        assert sum(values.values()) == 1
        assert values["CA"] > values["TX"] > values["WY"] > 0
