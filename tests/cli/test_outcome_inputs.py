"""The law engine's outcomes as input: `hemicycle tabulate --format json` read, by content,
from a file or standard input by `analyze`, `power`, `coalitions`, `offices` and `cabinet`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hemicycle.cli.app import app
from hemicycle.examples import __file__ as examples_init

runner = CliRunner()
RESULTS = Path(examples_init).parent / "iraq_2025_results.csv"


@pytest.fixture(scope="module")
def outcome() -> str:
    tabulated = runner.invoke(
        app,
        ["tabulate", "--law", "iraq-2023", "--results", str(RESULTS), "--partial", "-f", "json"],
    )
    assert tabulated.exit_code == 0, tabulated.output
    return tabulated.stdout


def _seats_csv(outcome: str, tmp_path: Path) -> Path:
    seats = {p: n for p, n in json.loads(outcome)["seats"].items() if n}
    path = tmp_path / "seats.csv"
    path.write_text(
        "name,seats\n" + "".join(f'"{p}",{n}\n' for p, n in seats.items()), encoding="utf-8"
    )
    return path


def test_analyze_reads_an_outcome_piped_on_stdin(outcome: str, tmp_path: Path) -> None:
    # hemicycle tabulate ... -f json | hemicycle analyze - --votes results.csv
    piped = runner.invoke(
        app, ["analyze", "-", "--votes", str(RESULTS), "-f", "json"], input=outcome
    )
    assert piped.exit_code == 0, piped.output
    saved = tmp_path / "outcome.txt"  # no .json suffix: recognised by content
    saved.write_text(outcome, encoding="utf-8")
    from_file = runner.invoke(app, ["analyze", str(saved), "--votes", str(RESULTS), "-f", "json"])
    assert from_file.exit_code == 0, from_file.output
    assert json.loads(piped.stdout) == json.loads(from_file.stdout)
    both = runner.invoke(app, ["analyze", "-", "--votes", "-"], input=outcome)
    assert both.exit_code == 1
    assert "standard input" in both.stderr


def test_power_and_coalitions_of_an_outcome(outcome: str, tmp_path: Path) -> None:
    seats = json.loads(outcome)["seats"]
    piped = runner.invoke(app, ["power", "-", "-q", "majority", "-f", "json"], input=outcome)
    assert piped.exit_code == 0, piped.output
    payload = json.loads(piped.stdout)
    assert payload["quota"] == sum(seats.values()) // 2 + 1
    assert set(payload["values"]) == set(seats)
    from_csv = runner.invoke(
        app, ["power", str(_seats_csv(outcome, tmp_path)), "-q", "majority", "-f", "json"]
    )
    assert from_csv.exit_code == 0, from_csv.output
    # parties without a seat are null players: the same values for the others
    nonzero = {p: v for p, v in payload["values"].items() if seats[p]}
    assert json.loads(from_csv.stdout)["values"] == nonzero
    saved = tmp_path / "outcome.json"
    saved.write_text(outcome, encoding="utf-8")
    coalitions = runner.invoke(
        app, ["coalitions", str(saved), "-q", "2/3", "-k", "minimal_blocking", "-f", "json"]
    )
    assert coalitions.exit_code == 0, coalitions.output
    found = json.loads(coalitions.stdout)["coalitions"]
    assert found
    assert all(c["weight"] > sum(seats.values()) // 3 for c in found)


def test_offices_and_cabinet_of_an_outcome(outcome: str, tmp_path: Path) -> None:
    csv_path = _seats_csv(outcome, tmp_path)
    piped = runner.invoke(
        app, ["offices", "-", "--count", "6", "--tie-break", "lot:1", "-f", "json"], input=outcome
    )
    assert piped.exit_code == 0, piped.output
    from_csv = runner.invoke(
        app, ["offices", str(csv_path), "--count", "6", "--tie-break", "lot:1", "-f", "json"]
    )
    assert json.loads(piped.stdout) == json.loads(from_csv.stdout)
    points = tmp_path / "points.csv"
    points.write_text(
        "office,class,points\nPresident,presidency,10\nSpeaker,presidency,10\nOil,sovereign,4\n",
        encoding="utf-8",
    )
    saved = tmp_path / "outcome.json"
    saved.write_text(outcome, encoding="utf-8")
    cabinet = runner.invoke(app, ["cabinet", str(saved), "--points", str(points), "-f", "json"])
    assert cabinet.exit_code == 0, cabinet.output
    blocs = json.loads(cabinet.stdout)["blocs"]
    assert {b["name"] for b in blocs} == {p for p, n in json.loads(outcome)["seats"].items() if n}


def test_broken_outcome_json(tmp_path: Path) -> None:
    broken = runner.invoke(app, ["power", "-", "-q", "majority"], input='{"seats": {"A": -1}}')
    assert broken.exit_code == 1
    assert "'seats' object" in broken.stderr
    truncated = runner.invoke(app, ["offices", "-", "--count", "1"], input='{"seats": {')
    assert truncated.exit_code == 1
    assert "not an outcome JSON" in truncated.stderr
    named = tmp_path / "o.json"
    named.write_text("name,seats\nA,1\n", encoding="utf-8")
    wrong = runner.invoke(app, ["power", str(named), "-q", "1"])
    assert wrong.exit_code == 1
    assert "not an outcome JSON" in wrong.stderr
