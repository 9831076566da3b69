"""`hemicycle import` and `hemicycle elections` through the CLI."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hemicycle.cli.app import app
from tidy_files import BEIRUT, RESULTS, election

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_import_json_then_elections(tmp_path: Path) -> None:
    files = election(tmp_path / "in")
    db = str(tmp_path / "h.duckdb")
    code, out, err = run(
        "import", str(files["results"]), "--candidates", str(files["candidates"]),
        "--totals", str(files["totals"]), "--seats", str(files["seats"]),
        "--election", "بيروت ٢٠١٨", "--db", db, "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    payload = json.loads(out)
    assert payload["election"] == "بيروت ٢٠١٨"
    assert payload["import"] == 1
    assert payload["rows"] == 6 + 3 + 2 + 3
    assert [f["role"] for f in payload["files"]] == ["results", "candidates", "totals", "seats"]
    assert (
        payload["files"][0]["sha256"] == hashlib.sha256(files["results"].read_bytes()).hexdigest()
    )
    code, out, err = run("elections", "--db", db, "--format", "json")
    assert code == 0, err
    (held,) = json.loads(out)["elections"]
    assert (held["name"], held["result_rows"], held["candidates"]) == ("بيروت ٢٠١٨", 6, 3)
    code, out, _ = run("elections", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["name"] == "بيروت ٢٠١٨"
    assert rows[0]["districts"] == "2"
    code, out, _ = run("elections", "--db", db)
    assert code == 0
    assert out.rstrip().endswith(f"1 election in {db}")


@pytest.mark.parametrize("output", ["table", "csv"])
def test_import_table_and_csv(tmp_path: Path, output: str) -> None:
    files = election(tmp_path / "in")
    code, out, err = run(
        "import", str(files["results"]), "--db", str(tmp_path / "h.duckdb"), "--format", output
    )
    assert code == 0, err
    if output == "csv":
        (row,) = csv.DictReader(io.StringIO(out))
        assert (row["election"], row["role"], row["rows"]) == ("results", "results", "6")
    else:
        assert "results: import 1" in out
        assert "6 rows checked and stored" in out


def test_bad_input_is_reported_on_stderr_and_changes_nothing(tmp_path: Path) -> None:
    files = election(tmp_path / "in")
    db = tmp_path / "h.duckdb"
    assert run("import", str(files["results"]), "--db", str(db))[0] == 0
    before = db.read_bytes()
    bad = election(
        tmp_path / "bad", results=[RESULTS[0], [BEIRUT, "L", "", "-2"], [BEIRUT, "M", "", "x"]]
    )
    code, out, err = run("import", str(bad["results"]), "--db", str(db), "--election", "bad")
    assert code == 1
    assert out == ""
    assert "2 problems in the input; nothing was imported" in err
    assert (
        f"{bad['results']}: row 2, column 'votes': votes must not be negative (got '-2') [negative]"
        in err
    )
    assert "row 3, column 'votes'" in err
    code, out, err = run(
        "import", str(bad["results"]), "--db", str(db), "--election", "bad", "--format", "json"
    )
    assert (code, out) == (1, "")
    report = json.loads(err)
    assert [(p["row"], p["column"], p["rule"]) for p in report["problems"]] == [
        (2, "votes", "negative"),
        (3, "votes", "not_whole_number"),
    ]
    code, out, err = run("import", str(files["results"]), "--db", str(db))
    assert code == 1
    assert "election_exists" in err
    assert db.read_bytes() == before


def test_standard_input_and_replace(tmp_path: Path) -> None:
    db = str(tmp_path / "h.duckdb")
    text = "district,list,votes\nНижний Новгород,Единая Россия,12\n"
    code, out, err = run(
        "import", "-", "--election", "x", "--db", db, "--replace", "-f", "json", stdin=text
    )
    assert code == 0, err
    assert json.loads(out)["files"][0]["file"] == "<stdin>"
    assert json.loads(out)["replaced"] is False  # nothing to replace yet
    code, _, err = run("import", "-", "--db", db, stdin=text)
    assert code == 1
    assert "name the election" in err
    code, out, err = run(
        "import", "-", "--election", "x", "--db", db, "--replace", "-f", "json", stdin=text
    )
    assert code == 0, err
    assert json.loads(out)["replaced"] is True


def test_elections_of_an_empty_database(tmp_path: Path) -> None:
    code, out, _ = run("elections", "--db", str(tmp_path / "none.duckdb"), "--format", "json")
    assert code == 0
    assert json.loads(out) == {"db": str(tmp_path / "none.duckdb"), "elections": []}
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.parametrize("command", ["import", "elections"])
def test_help_has_an_example(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Example: hemicycle " + command in " ".join(out.split())
