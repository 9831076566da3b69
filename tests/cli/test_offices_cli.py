"""``hemicycle offices`` through the CLI: Northern Ireland 2011 (Official Report, 16 May 2011)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hemicycle.cli.app import app

runner = CliRunner()

SEATS = "name,seats\nDUP,38\nSF,29\nUUP,16\nSDLP,14\nAlliance,8\n"
VOTES = "name,votes\nDUP,198436\nSF,178224\nUUP,87531\nSDLP,94286\nAlliance,50875\n"


def test_json_shape_and_s18_6_tie(tmp_path: Path) -> None:
    votes = tmp_path / "votes.csv"
    votes.write_text(VOTES, encoding="utf-8")
    result = runner.invoke(
        app,
        ["offices", "-", "--count", "10", "--tie-votes", str(votes), "--format", "json"],
        input=SEATS,
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["allocation"] == {"DUP": 4, "SF": 3, "UUP": 1, "SDLP": 1, "Alliance": 1}
    assert payload["picks"][0] == {"pick": 1, "party": "DUP", "office": None, "value": "38"}
    assert payload["picks"][9] == {"pick": 10, "party": "Alliance", "office": None, "value": "8"}
    assert payload["picks"][6]["value"] == "38/3"


def test_offices_preferences_held_and_table(tmp_path: Path) -> None:
    offices = tmp_path / "offices.csv"
    offices.write_text("office\nFinance\nHealth\nEconomy\n", encoding="utf-8")
    wishes = tmp_path / "wishes.csv"
    wishes.write_text("name,rank,office\nA,1,Finance\nA,2,Health\nB,1,Finance\nB,2,Economy\n")
    held = tmp_path / "held.csv"
    held.write_text("name,offices\nA,1\n")
    result = runner.invoke(
        app,
        [
            "offices",
            "-",
            "--offices",
            str(offices),
            "--preferences",
            str(wishes),
            "--held",
            str(held),
            "-f",
            "json",
        ],
        input="name,seats\nA,10\nB,7\n",
    )
    assert result.exit_code == 0, result.output
    picks = json.loads(result.stdout)["picks"]
    # A holds one office already: 10/2 = 5 < 7, so B picks first and takes Finance;
    # then A (5 > 7/2), then B (7/2 > 10/3)
    assert [(p["party"], p["office"]) for p in picks] == [
        ("B", "Finance"),
        ("A", "Health"),
        ("B", "Economy"),
    ]
    table = runner.invoke(
        app, ["offices", "-", "--count", "2", "--decline", "A"], input="name,seats\nA,10\nB,6\n"
    )
    assert table.exit_code == 0
    assert "B 2" in table.stdout


def test_offices_errors(tmp_path: Path) -> None:
    both = runner.invoke(app, ["offices", "-"], input=SEATS)
    assert both.exit_code == 1
    assert "--count" in both.stderr
    tie = runner.invoke(app, ["offices", "-", "--count", "1"], input="name,seats\nA,3\nB,3\n")
    assert tie.exit_code == 1
    # worded for the command line: the options that resolve it, s.18(6) first
    assert "tie for pick 1 between A, B" in tie.stderr
    assert "--tie-votes" in tie.stderr
    assert "s.18(6)" in tie.stderr
    assert "--tie-break lot:SEED" in tie.stderr
    assert "tie_break=" not in tie.stderr
    wishes = tmp_path / "wishes.csv"
    wishes.write_text("name,rank,office\nA,1,x\nA,1,y\n")
    offices = tmp_path / "offices.csv"
    offices.write_text("office\nx\ny\n")
    dup = runner.invoke(
        app,
        ["offices", "-", "--offices", str(offices), "--preferences", str(wishes)],
        input="name,seats\nA,3\n",
    )
    assert dup.exit_code == 1
    assert "row 3" in dup.stderr
    bad_seats = runner.invoke(app, ["offices", "-", "--count", "1"], input="name,seats\nA,x\n")
    assert bad_seats.exit_code == 1
    assert "column 'seats'" in bad_seats.stderr
