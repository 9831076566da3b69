"""``hemicycle tabulate``, ``compare`` and ``laws`` through typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hemicycle.cli.app import app
from hemicycle.examples import __file__ as examples_init
from hemicycle.io.store import Store

EXAMPLES = Path(examples_init).parent
RESULTS = EXAMPLES / "iraq_2025_results.csv"
runner = CliRunner()


def test_tabulate_json_is_the_designed_object() -> None:
    result = runner.invoke(
        app,
        ["tabulate", "--law", "iraq-2023", "--results", str(RESULTS), "--partial", "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"law", "total_seats", "seats", "districts", "elected", "steps"}
    assert payload["law"] == "iraq-2023"
    # Shafaq News, final results: Erbil KDP 9, PUK 3, National Stance 2, New Generation 1
    assert payload["districts"]["Erbil"] == {
        "KDP": 9,
        "PUK": 3,
        "National Stance": 2,
        "New Generation": 1,
    }
    assert payload["total_seats"] == sum(payload["seats"].values()) == 12 + 12 + 11 + 18 + 15


def test_tabulate_without_partial_names_the_missing_districts() -> None:
    result = runner.invoke(app, ["tabulate", "--law", "iraq-2023", "--results", str(RESULTS)])
    assert result.exit_code == 1
    assert "no votes for 22 districts of law 'iraq-2023': Baghdad, Nineveh" in result.stderr


def test_tabulate_table_and_csv() -> None:
    table = runner.invoke(app, ["tabulate", "-l", "iraq-2023", "-r", str(RESULTS), "--partial"])
    assert table.exit_code == 0
    assert "KDP" in table.stdout
    assert "not counted (no results): Baghdad" in table.stdout
    csv = runner.invoke(
        app, ["tabulate", "-l", "iraq-2023", "-r", str(RESULTS), "--partial", "-f", "csv"]
    )
    assert csv.stdout.splitlines()[0] == "district,list,seats"
    assert "Duhok,KDP,9" in csv.stdout.splitlines()


def test_tabulate_stores_the_outcome_with_provenance(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    result = runner.invoke(
        app,
        ["tabulate", "-l", "iraq-2023", "-r", str(RESULTS), "--partial", "--db", str(db),
         "--seed", "2025", "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (stored,) = Store(db).outcomes()
    assert stored.outcome == json.loads(result.stdout)
    assert stored.provenance.law_id == "iraq-2023"
    assert stored.provenance.tie_break_seeds == ("2025",)
    assert len(stored.provenance.input_hashes["results"]) == 64


def test_bad_results_file_is_refused_and_stores_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("district,list,candidate,votes\nErbil,KDP,,-5\n", encoding="utf-8")
    db = tmp_path / "h.duckdb"
    result = runner.invoke(
        app, ["tabulate", "-l", "iraq-2023", "-r", str(bad), "--partial", "--db", str(db)]
    )
    assert result.exit_code == 1
    assert "bad.csv" in result.stderr
    assert "votes" in result.stderr
    assert not db.exists() or Store(db).outcomes() == ()


def test_unknown_district_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "r.csv"
    bad.write_text("district,list,candidate,votes\nAtlantis,KDP,,5\n", encoding="utf-8")
    result = runner.invoke(app, ["tabulate", "-l", "iraq-2023", "-r", str(bad), "--partial"])
    assert result.exit_code == 1
    assert "district 'Atlantis' is not in law 'iraq-2023'" in result.stderr


def test_compare_side_by_side() -> None:
    result = runner.invoke(
        app,
        ["compare", "-l", "iraq-2023", "-l", "iraq-2014", "-r", str(RESULTS), "--partial",
         "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["laws"] == ["iraq-2023", "iraq-2014"]
    assert set(payload["seats"]["KDP"]) == {"iraq-2023", "iraq-2014"}
    assert payload["total_seats"]["iraq-2023"] == payload["total_seats"]["iraq-2014"] == 68


def test_laws_lists_every_preset() -> None:
    result = runner.invoke(app, ["laws", "-f", "json"])
    assert result.exit_code == 0
    ids = {law["id"]: law for law in json.loads(result.stdout)["laws"]}
    assert ids["lebanon-2017"]["seats"] == 128
    assert ids["iraq-2023"]["seats"] == 329
    assert all(law["statute"] for law in ids.values())


def test_every_command_has_an_example() -> None:
    for command in ("tabulate", "compare", "laws"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Example: hemicycle " + command in result.stdout
