"""`hemicycle apportion` and `hemicycle methods` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hemicycle.cli.app import app

runner = CliRunner()


def _csv(tmp_path: Path, text: str, name: str = "votes.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_json_shape(tmp_path: Path) -> None:
    file = _csv(tmp_path, "name,votes\nA,100000\nB,80000\nC,30000\nD,20000\n")
    result = runner.invoke(app, ["apportion", file, "--method", "dhondt", "--seats", "8",
                                 "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"method", "house_size", "seats", "excluded", "ties", "priority"}
    assert payload["seats"] == {"A": 4, "B": 3, "C": 1, "D": 0}
    assert payload["priority"][0] == {"rank": 1, "name": "A", "seat": 1, "value": "100000"}
    assert [p["rank"] for p in payload["priority"]] == list(range(1, 9))


def test_stdin_and_names_in_any_script() -> None:
    text = "name,votes\nتقدم,277416\nДобро,128249\n"
    result = runner.invoke(
        app,
        ["apportion", "-", "--method", "modified_sainte_lague", "--first-divisor", "1.7",
         "--seats", "3", "--format", "json"],
        input=text,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["seats"] == {"تقدم": 2, "Добро": 1}


def test_threshold_and_prior_seats(tmp_path: Path) -> None:
    file = _csv(tmp_path, "name,votes,prior_seats\nA,600,3\nB,300,0\nC,20,0\n")
    result = runner.invoke(app, ["apportion", file, "--seats", "3", "--threshold", "5%",
                                 "--format", "json"])  # fmt: skip
    payload = json.loads(result.stdout)
    assert payload["seats"] == {"A": 1, "B": 2, "C": 0}
    assert payload["excluded"] == ["C"]


def test_census_priority_values(tmp_path: Path) -> None:
    file = _csv(tmp_path, "name,population\nX,5314879\nY,9565781\n")
    args = ["--method", "huntington_hill", "--seats", "3", "--min-seats", "1", "--format", "json"]
    result = runner.invoke(app, ["apportion", file, *args])
    payload = json.loads(result.stdout)
    assert payload["priority"] == [{"rank": 1, "name": "Y", "seat": 2, "value": "9565781/sqrt(2)"}]


def test_tie_is_reported_with_lot(tmp_path: Path) -> None:
    file = _csv(tmp_path, "name,votes\nA,100\nB,600\n")
    args = ["apportion", file, "--method", "huntington_hill", "--seats", "10"]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1
    assert "tie for seat 10 between A, B" in refused.stderr
    drawn = runner.invoke(app, [*args, "--tie-break", "lot:2025", "--format", "json"])
    tie = json.loads(drawn.stdout)["ties"][0]
    assert tie["tied"] == ["A", "B"]
    assert tie["rule"] == "lot:2025"


def test_table_and_csv(tmp_path: Path) -> None:
    file = _csv(tmp_path, "name,votes\nA,5\nB,3\n")
    table = runner.invoke(app, ["apportion", file, "--seats", "2"])
    assert table.exit_code == 0
    assert "A" in table.stdout
    assert "next in line" in table.stdout
    csv_out = runner.invoke(app, ["apportion", file, "--seats", "2", "--format", "csv"])
    assert csv_out.stdout.splitlines() == ["name,votes,seats,excluded", "A,5,1,False",
                                           "B,3,1,False"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("", [], "file is empty"),
        ("name,votes\n", [], "no data rows"),
        ("name,vote\nA,1\n", [], "row 1, column 'vote': unknown column"),
        ("name,votes\nA,1\nA,2\n", [], "row 3, column 'name': duplicate name 'A'"),
        ("name,votes,population\nA,1,5\n", [], "row 1, column 'population': both a votes"),
        ("name,votes\nA,-4\n", [], "row 2, column 'votes'"),
        ("name,votes\nA,1.5\n", [], "row 2, column 'votes'"),
        ("name,votes\nA,many\n", [], "not a whole number"),
        ("name,votes\nA,1\nB\n", [], "row 3: has 1 cells"),
        ("name,votes\nA,1\n", ["--min-seats", "9"], "minimum seats add up to 9"),
        ("name,votes\nA,1\n", ["--method", "dhont"], "valid ids: adams"),
        ("name,votes\nA,1\n", ["--threshold", "150%"], "between 0% and 100%"),
        (
            "name,votes\nA,1\n",
            ["--method", "modified_sainte_lague", "--first-divisor", "abc"],
            "first divisor must be a number",
        ),
        (
            "name,votes\nA,1\n",
            ["--method", "modified_sainte_lague", "--first-divisor", "1/0"],
            "first divisor must be a number",
        ),
        (
            "name,votes\nA,1\n",
            ["--method", "modified_sainte_lague", "--first-divisor", "1,7"],
            "with a decimal point (got '1,7')",
        ),
    ],
)
def test_bad_input(tmp_path: Path, text: str, args: list[str], message: str) -> None:
    file = _csv(tmp_path, text, name="bad.csv")
    result = runner.invoke(app, ["apportion", file, "--seats", "5", *args])
    assert result.exit_code == 1
    assert message in result.stderr
    if not args:  # errors in the file name the file; errors in an option name the option
        assert "bad.csv" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("method", ["dhondt", "huntington_hill", "adams", "hare"])
def test_counts_beyond_int64(tmp_path: Path, method: str) -> None:
    """No count is too large: 10**20 votes are allocated exactly, as 10 votes are."""
    huge = _csv(tmp_path, "name,votes\nA,100000000000000000000\nB,30000000000000000000\n"
                "C,70000000000000000000\n")  # fmt: skip
    small = _csv(tmp_path, "name,votes\nA,10\nB,3\nC,7\n", name="small.csv")
    args = ["--seats", "7", "--method", method, "--format", "json"]
    big = runner.invoke(app, ["apportion", huge, *args])
    assert big.exit_code == 0, big.output
    assert (
        json.loads(big.stdout)["seats"]
        == json.loads(runner.invoke(app, ["apportion", small, *args]).stdout)["seats"]
    )


def test_max_seats_and_tie_break_by_votes(tmp_path: Path) -> None:
    file = _csv(tmp_path, "name,votes\nA,100000\nB,80000\nC,30000\nD,20000\n")
    capped = runner.invoke(app, ["apportion", file, "--seats", "8", "--max-seats", "3",
                                 "--format", "json"])  # fmt: skip
    assert capped.exit_code == 0, capped.output
    assert json.loads(capped.stdout)["seats"] == {"A": 3, "B": 3, "C": 1, "D": 1}
    # Huntington-Hill, 100 and 600 votes, 10 seats: 600²·1·2 = 100²·8·9, a tie for seat 10
    tied = _csv(tmp_path, "name,votes\nA,100\nB,600\n", name="tied.csv")
    by_votes = runner.invoke(app, ["apportion", tied, "--method", "huntington_hill", "--seats",
                                   "10", "--tie-break", "votes", "--format", "json"])  # fmt: skip
    assert by_votes.exit_code == 0, by_votes.output
    payload = json.loads(by_votes.stdout)
    assert payload["seats"] == {"A": 1, "B": 9}
    assert payload["ties"][0]["rule"] == "votes"
    assert payload["ties"][0]["tied"] == ["A", "B"]


def test_missing_file_and_usage_errors(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["apportion", str(tmp_path / "none.csv"), "--seats", "3"])
    assert missing.exit_code == 1
    assert "file not found" in missing.stderr
    usage = runner.invoke(app, ["apportion", "x.csv"])
    assert usage.exit_code == 2


def test_methods_lists_every_method() -> None:
    result = runner.invoke(app, ["methods", "--format", "json"])
    methods = json.loads(result.stdout)["methods"]
    ids = {m["id"] for m in methods}
    assert {"dhondt", "sainte_lague", "modified_sainte_lague", "huntington_hill", "adams", "dean",
            "danish", "imperiali", "hare", "droop", "hagenbach_bischoff",
            "imperiali_quota"} <= ids  # fmt: skip
    assert all(m["reference"] for m in methods)


def test_methods_table_keeps_every_id_whole_in_80_columns() -> None:
    from hemicycle.core.methods import LISTED

    result = runner.invoke(app, ["methods"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    cells = {cell.strip() for line in result.stdout.splitlines() for cell in line.split("│")}
    for method in LISTED:
        assert method.id in cells
        assert set(method.aliases) <= cells
    assert "1.4 unless given" in runner.invoke(app, ["methods", "--format", "json"]).stdout
    assert "1.4 (Norway) unless given" in " ".join(
        runner.invoke(app, ["apportion", "--help"], env={"COLUMNS": "200"}).stdout.split()
    )


def test_user_divisor_sequence(tmp_path: Path) -> None:
    file = _csv(tmp_path, "name,votes\nA,100000\nB,80000\nC,30000\nD,20000\n")
    args = ["apportion", file, "--seats", "8", "--format", "json"]
    given = runner.invoke(app, [*args, "--method", "divisors", "--divisors", "1,2,3"])
    assert given.exit_code == 0, given.output
    assert json.loads(given.stdout)["seats"] == json.loads(runner.invoke(app, args).stdout)["seats"]
    other = runner.invoke(app, [*args, "--method", "dhondt", "--divisors", "1,2,3"])
    assert other.exit_code == 1
    assert "--divisors applies to --method divisors" in other.stderr
    missing = runner.invoke(app, [*args, "--method", "divisors"])
    assert missing.exit_code == 1
    assert "needs the divisor sequence" in missing.stderr
    bad = runner.invoke(app, [*args, "--method", "divisors", "--divisors", "1,x"])
    assert bad.exit_code == 1
    assert "divisor 2 must be a number" in bad.stderr
    assert "divisors" in {m["id"] for m in json.loads(
        runner.invoke(app, ["methods", "--format", "json"]).stdout)["methods"]}  # fmt: skip


def test_demo_runs_the_pipeline(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    first = runner.invoke(app, ["demo", "--db", str(db), "--format", "json"])
    assert first.exit_code == 0, first.output
    payload = json.loads(first.stdout)
    assert payload["agrees"] == dict.fromkeys(payload["official"], True)
    assert payload["districts"]["Duhok"] == {"KDP": 9, "KIU": 2}
    assert payload["what_if"]["law"] == "iraq-2014"
    # running it again replaces the example election and stores a second outcome
    again = json.loads(runner.invoke(app, ["demo", "--db", str(db), "--format", "json"]).stdout)
    assert again["outcome_id"] == payload["outcome_id"] + 1
