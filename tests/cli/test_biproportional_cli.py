"""``hemicycle biproportional`` through the CLI: Zug 2018 (Kanton Zug, Gesamtergebnis der
Sitzverteilung, Kantonsratswahl 2018) and bad input."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hemicycle.cli.app import app
from reference import load_reference

runner = CliRunner()


def _zug(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    """The Zug 2018 reference data written as the two CSV files the command reads."""
    data = load_reference("biproportional_uri2020_zug2018.json")
    given = data["inputs"]["zug_2018"]
    votes = tmp_path / "votes.csv"
    lines = ["district,party,votes"] + [
        f"{district},{party},{count}"
        for party, row in given["votes"].items()
        for district, count in row.items()
    ]
    votes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seats = tmp_path / "districts.csv"
    seats.write_text(
        "district,seats\n" + "".join(f"{d},{s}\n" for d, s in given["district_seats"].items()),
        encoding="utf-8",
    )
    return votes, seats, data["expected"]["zug_2018"]


ZUG_OPTIONS = ["--weighted", "--quorum-district", "5%", "--quorum-total", "3%"]


def test_zug_2018_json(tmp_path: Path) -> None:
    votes, seats, expected = _zug(tmp_path)
    result = runner.invoke(
        app,
        ["biproportional", str(votes), "--seats-file", str(seats), *ZUG_OPTIONS, "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) >= {
        "seats",
        "party_seats",
        "district_divisors",
        "party_divisors",
        "excluded",
        "ties",
    }
    assert payload["excluded"] == ["AuBü"]
    assert {p: s for p, s in payload["party_seats"].items() if s} == expected["party_seats"]
    for party, row in expected["seat_matrix"].items():
        for district, count in row.items():
            assert payload["seats"][district][party] == count
    assert payload["ties"] == []
    assert "AuBü" not in payload["party_divisors"]
    # the divisors are exact fraction strings that certify every cell by standard rounding
    for district, row in payload["seats"].items():
        for party, count in row.items():
            if party in payload["party_divisors"]:
                quotient = Fraction(
                    next(
                        int(line.split(",")[2])
                        for line in votes.read_text(encoding="utf-8").splitlines()[1:]
                        if line.startswith(f"{district},{party},")
                    )
                ) / (
                    Fraction(payload["district_divisors"][district])
                    * Fraction(payload["party_divisors"][party])
                )
                assert round(quotient) == count


def test_csv_and_table(tmp_path: Path) -> None:
    votes, seats, expected = _zug(tmp_path)
    result = runner.invoke(
        app, ["biproportional", str(votes), "-s", str(seats), *ZUG_OPTIONS, "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 7 * 11
    cham_cvp = next(r for r in rows if (r["district"], r["party"]) == ("Cham", "CVP"))
    assert int(cham_cvp["seats"]) == expected["seat_matrix"]["CVP"]["Cham"]
    assert next(r for r in rows if r["party"] == "AuBü")["party_divisor"] == ""
    table = runner.invoke(app, ["biproportional", str(votes), "-s", str(seats), *ZUG_OPTIONS])
    assert table.exit_code == 0, table.output
    assert "AuBü*" in table.stdout
    assert "excluded: AuBü" in table.stdout
    assert "Hünenberg" in table.stdout


def test_stdin_and_list_column(tmp_path: Path) -> None:
    seats = tmp_path / "districts.csv"
    seats.write_text("district,seats\nX,1\nY,1\n", encoding="utf-8")
    votes = "district,list,votes\nX,A,1\nX,B,1\nY,A,1\nY,B,1\n"
    result = runner.invoke(
        app,
        ["biproportional", "-", "-s", str(seats), "--tie-break", "lot:9", "-f", "json"],
        input=votes,
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert len(payload["ties"]) == 1
    tie = payload["ties"][0]
    assert (tie["stage"], tie["district"], tie["tied"], tie["rule"]) == (
        "lower",
        "X",
        ["A", "B"],
        "lot:9",
    )
    refused = runner.invoke(app, ["biproportional", "-", "-s", str(seats)], input=votes)
    assert refused.exit_code == 1
    assert "tie in district 'X' for its seat 1 between A, B" in refused.stderr


@pytest.mark.parametrize(
    ("votes", "seats", "message"),
    [
        ("district,party\nX,A\n", "district,seats\nX,1\n", "missing column 'votes'"),
        ("district,party,votes\nX,A,-4\n", "district,seats\nX,1\n", "row 2, column 'votes'"),
        ("district,party,votes\nX,A,4\nX,A,5\n", "district,seats\nX,1\n", "appears twice"),
        ("district,party,votes\nX,A,4\nY,A,5\n", "district,seats\nX,1\n", "has no seats"),
        ("district,party,votes\nX,A,4\n", "district,seats\nX,0\n", "at least 1 seat"),
        ("district,party,votes\nX,A,4\n", "district,seats\nX,1\nX,2\n", "listed twice"),
        ("district,party,votes\nX,A,4\n", "district,seats\nX,1\nZ,2\n", "'Z' has 2 seats"),
        ("district,party,votes\n", "district,seats\nX,1\n", "no data rows"),
        ("district,party,votes\nX,A,4\n", "", "file is empty"),
    ],
)
def test_bad_input(tmp_path: Path, votes: str, seats: str, message: str) -> None:
    votes_file = tmp_path / "bad.csv"
    votes_file.write_text(votes, encoding="utf-8")
    seats_file = tmp_path / "seats.csv"
    seats_file.write_text(seats, encoding="utf-8")
    result = runner.invoke(app, ["biproportional", str(votes_file), "-s", str(seats_file)])
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_bad_options(tmp_path: Path) -> None:
    votes, seats, _ = _zug(tmp_path)
    hare = runner.invoke(app, ["biproportional", str(votes), "-s", str(seats), "-m", "hare"])
    assert hare.exit_code == 1
    assert "needs a divisor method" in hare.stderr
    both = runner.invoke(app, ["biproportional", "-", "-s", "-"], input="")
    assert both.exit_code == 1
    assert "standard input" in both.stderr
    usage = runner.invoke(app, ["biproportional", str(votes)])
    assert usage.exit_code == 2


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["biproportional", "--help"])
    assert result.exit_code == 0
    assert "Example: hemicycle biproportional" in result.stdout
