"""``--certificate`` on ``hemicycle biproportional`` and ``hemicycle count``: the JSON output
carries the certificate, ``hemicycle verify`` accepts it, and rejects a tampered result."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hemicycle.cli.app import app
from reference import load_reference

runner = CliRunner()

# the food election of the Wikipedia article "Single transferable vote" (20 ballots, 3 seats)
FOOD = (
    "weight,rank1,rank2\n4,Orange,\n2,Pear,Orange\n8,Chocolate,Strawberry\n"
    "4,Chocolate,Bonbon\n1,Strawberry,\n1,Bonbon,\n"
)


def _verify(tmp_path: Path, document: object) -> tuple[int, str]:
    path = tmp_path / "document.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(app, ["verify", str(path)])
    return result.exit_code, result.output


def _uri(tmp_path: Path) -> tuple[Path, Path]:
    """Uri 2020 (proporz data-raw/uri2020.R) written as the two CSV files the command reads."""
    given = load_reference("biproportional_uri2020_zug2018.json")["inputs"]["uri_2020"]
    votes = tmp_path / "votes.csv"
    rows = [f"{d},{p},{n}" for p, row in given["votes"].items() for d, n in row.items()]
    votes.write_text("district,party,votes\n" + "\n".join(rows) + "\n", encoding="utf-8")
    seats = tmp_path / "districts.csv"
    seats.write_text(
        "district,seats\n" + "".join(f"{d},{s}\n" for d, s in given["district_seats"].items()),
        encoding="utf-8",
    )
    return votes, seats


def test_biproportional_certificate_round_trip(tmp_path: Path) -> None:
    votes, seats = _uri(tmp_path)
    command = ["biproportional", str(votes), "--seats-file", str(seats), "--weighted"]
    plain = runner.invoke(app, [*command, "--format", "json"])
    assert plain.exit_code == 0, plain.output
    assert "certificate" not in json.loads(plain.stdout)
    result = runner.invoke(app, [*command, "--format", "json", "--certificate"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["certificate"]["kind"] == "biproportional"
    code, output = _verify(tmp_path, document)
    assert code == 0, output
    assert "verified" in output
    # a seat moved between two parties of Altdorf, in the output only
    document["seats"]["Altdorf"]["CVP"] -= 1
    document["seats"]["Altdorf"]["SVP"] += 1
    code, output = _verify(tmp_path, document)
    assert code == 1
    assert "seats are the certified ones" in output
    table = runner.invoke(app, [*command, "--certificate"])
    assert table.exit_code == 0
    assert "certificate:" in table.stdout


def test_count_certificate_round_trip(tmp_path: Path) -> None:
    ballots = tmp_path / "ballots.csv"
    ballots.write_text(FOOD, encoding="utf-8")
    for method in (["-m", "stv", "-n", "3"], ["-m", "irv"], ["-m", "sntv", "-n", "2"]):
        result = runner.invoke(
            app, ["count", str(ballots), *method, "--format", "json", "--certificate"]
        )
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        assert document["certificate"]["kind"] == "candidates"
        assert document["certificate"]["elected"] == document["elected"]
        code, output = _verify(tmp_path, document)
        assert code == 0, (method, output)
        document["elected"][0] = "Bonbon" if document["elected"][0] != "Bonbon" else "Pear"
        code, output = _verify(tmp_path, document)
        assert code == 1, method
        assert "elected" in output
    table = runner.invoke(app, ["count", str(ballots), "-n", "3", "--certificate"])
    assert table.exit_code == 0
    assert "decisive comparisons" in table.stdout
