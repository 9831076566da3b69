"""``hemicycle forensics`` through typer's CliRunner, on simulated station files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from hemicycle.cli.app import app
from hemicycle.forensics import simulate
from hemicycle.io.store import Store

runner = CliRunner()


def _write(path: Path, stations: simulate.SimulatedStations, *, own_names: bool = False) -> Path:
    names = ("uik", "oblast", "voters", "ballots_out", "in_box", "good", "spoilt")
    header = names if own_names else ("unit", "region", "registered", "issued", "cast", "valid",
                                      "invalid")  # fmt: skip
    lists = ["Party A", "Party B", "Party C", "Party D"]
    rows = [",".join((*header, *lists))]
    for i in range(len(stations)):
        values = [
            f"S{i}",
            str(stations.regions[i]),
            stations.registered[i],
            stations.issued[i],
            stations.cast[i],
            stations.valid[i],
            stations.invalid[i],
            *stations.votes[i],
        ]
        rows.append(",".join(str(v) for v in values))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def clean_file(tmp_path: Path) -> Path:
    return _write(tmp_path / "stations.csv", simulate.clean_stations(1500, seed=1, regions=4))


def test_json_is_one_object(clean_file: Path) -> None:
    result = runner.invoke(
        app,
        ["forensics", str(clean_file), "--region", "region", "--repetitions", "99",
         "--no-model", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["stations"] == 1500
    assert payload["leader"] == "Party A"
    assert payload["accounting"]["violations"] == 0
    assert payload["integer_percentages"]["kinds"] == ["either", "leader", "turnout"]
    assert {r["region"] for r in payload["regions"]} == {"R00", "R01", "R02", "R03"}
    assert all(0 <= r["adjusted_p_value"] <= 1 for r in payload["regions"])
    assert payload["klimek"] is None


def test_column_map_and_outputs(tmp_path: Path) -> None:
    stations = simulate.plant_integer_percentages(
        simulate.clean_stations(2000, seed=2), 0.08, seed=3
    )
    path = _write(tmp_path / "own.csv", stations, own_names=True)
    arguments = [
        "forensics", str(path), "--map", "unit=uik", "--map", "region=oblast",
        "--map", "registered=voters", "--map", "issued=ballots_out", "--map", "cast=in_box",
        "--map", "valid=good", "--map", "invalid=spoilt", "--leader", "Party A",
        "--repetitions", "99", "--plots", str(tmp_path / "plots"),
        "--report", str(tmp_path / "report.html"),
    ]  # fmt: skip
    result = runner.invoke(app, [*arguments, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["integer_percentages"]["p_values"][0] <= 0.01
    assert payload["klimek"]["parameters"]["incremental"] >= 0
    assert (tmp_path / "plots" / "fingerprint.png").stat().st_size > 1000
    assert (tmp_path / "plots" / "integer_percentages.png").exists()
    assert (tmp_path / "plots" / "second_digit.png").exists()
    assert "<svg" in (tmp_path / "report.html").read_text(encoding="utf-8")
    table = runner.invoke(app, [*arguments[:-4], "--no-model"])
    assert table.exit_code == 0, table.output
    assert "integer % (either)" in table.stdout
    csv = runner.invoke(app, [*arguments[:-4], "--no-model", "--format", "csv"])
    assert csv.stdout.splitlines()[0] == "test,scope,n,statistic,p_value,adjusted_p_value,effect"


def test_bad_count_names_file_row_column(tmp_path: Path, clean_file: Path) -> None:
    lines = clean_file.read_text(encoding="utf-8").splitlines()
    cells = lines[3].split(",")
    cells[2] = "12x"
    lines[3] = ",".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["forensics", str(bad), "--format", "json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "bad.csv: row 4, column 'registered'" in result.stderr
    assert "12x" in result.stderr


def test_unknown_leader_and_region(clean_file: Path) -> None:
    result = runner.invoke(app, ["forensics", str(clean_file), "--leader", "Nobody"])
    assert result.exit_code == 1
    assert "--leader 'Nobody'" in result.stderr
    result = runner.invoke(app, ["forensics", str(clean_file), "--region", "district"])
    assert result.exit_code == 1
    assert "--region 'district'" in result.stderr


def test_missing_mapped_column(clean_file: Path) -> None:
    result = runner.invoke(app, ["forensics", str(clean_file), "--map", "registered=voters"])
    assert result.exit_code == 1
    assert "missing column 'voters'" in result.stderr


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["forensics", "--help"])
    assert result.exit_code == 0
    assert "Example: hemicycle forensics" in result.stdout


def test_stdin_and_parquet(tmp_path: Path, clean_file: Path) -> None:
    pyarrow = pytest.importorskip("pyarrow.csv")
    import pyarrow.parquet as pq

    pq.write_table(pyarrow.read_csv(clean_file), tmp_path / "s.parquet")
    result = runner.invoke(
        app,
        ["forensics", str(tmp_path / "s.parquet"), "--repetitions", "49", "--no-model",
         "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stations"] == 1500
    piped = runner.invoke(
        app,
        ["forensics", "-", "--repetitions", "49", "--no-model", "--format", "json"],
        input=clean_file.read_text(encoding="utf-8"),
    )
    assert piped.exit_code == 0, piped.output
    assert np.isclose(
        json.loads(piped.stdout)["integer_percentages"]["expected"][0],
        json.loads(result.stdout)["integer_percentages"]["expected"][0],
    )


def test_store_election_matches_the_same_stations_from_a_file(tmp_path: Path) -> None:
    """--db/--election reads what a file with the same stations gives (turnout from cast)."""
    stations = simulate.plant_integer_percentages(
        simulate.clean_stations(600, seed=7, regions=3), 0.1, seed=8
    )
    lists = ["Party A", "Party B", "Party C", "Party D"]
    flat = ["unit,region,registered,cast,valid,invalid," + ",".join(lists)]
    results = ["district,station,list,candidate,votes"]
    totals = ["district,station,registered,ballots,valid,invalid"]
    for i in range(len(stations)):
        region, counts = stations.regions[i], stations.votes[i]
        row = (stations.registered[i], stations.cast[i], stations.valid[i], stations.invalid[i])
        flat.append(",".join(str(v) for v in (f"S{i}", region, *row, *counts)))
        results.extend(f"{region},S{i},{p},,{v}" for p, v in zip(lists, counts, strict=True))
        totals.append(",".join(str(v) for v in (region, f"S{i}", *row)))
    for name, lines in (("flat.csv", flat), ("r.csv", results), ("t.csv", totals)):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "h.duckdb"
    Store(db).import_results(tmp_path / "r.csv", totals=tmp_path / "t.csv", election="sim")
    common = ["--repetitions", "99", "--no-model", "--format", "json"]
    from_file = runner.invoke(app, ["forensics", str(tmp_path / "flat.csv"), "--region",
                                    "region", *common])  # fmt: skip
    from_store = runner.invoke(app, ["forensics", "--db", str(db), "--election", "sim",
                                     "--region", "district", *common])  # fmt: skip
    assert from_file.exit_code == 0, from_file.output
    assert from_store.exit_code == 0, from_store.output
    payload = json.loads(from_store.stdout)
    assert payload == json.loads(from_file.stdout)
    assert payload["stations"] == 600
    assert max(payload["integer_percentages"]["normal_p_values"]) <= 0.001  # planted integers
    assert "turnout is ballots cast / registered" in " ".join(payload["warnings"])


def test_store_arguments(tmp_path: Path, clean_file: Path) -> None:
    db = tmp_path / "h.duckdb"
    (tmp_path / "r.csv").write_text(
        "district,station,list,candidate,votes\nNorth,1,Blue,,10\n", encoding="utf-8"
    )
    Store(db).import_results(tmp_path / "r.csv", election="e")
    result = runner.invoke(app, ["forensics", "--db", str(db), "--election", "other"])
    assert result.exit_code == 1
    assert "other" in result.stderr
    for arguments, hint in (
        (["forensics"], "RESULTS"),
        (["forensics", "--db", str(db)], "--election"),
        (["forensics", str(clean_file), "--db", str(db), "--election", "e"], "not both"),
        (["forensics", "--db", str(db), "--election", "e", "--map", "unit=uik"], "--map"),
    ):
        result = runner.invoke(app, arguments)
        assert result.exit_code == 2, arguments
        assert result.stdout == ""
        assert hint in result.stderr, result.stderr


def test_every_flag_is_listed_and_written_as_evidence(tmp_path: Path) -> None:
    """1,200 stations with 100% turnout and a broken sum: JSON and --evidence list all of them."""
    stations = simulate.clean_stations(1500, seed=11, regions=3)
    full = np.arange(1200)
    stations.issued[full] = stations.registered[full]
    stations.valid[full] += 1  # lists no longer add up to valid; valid + invalid ≠ cast
    path = _write(tmp_path / "flags.csv", stations)
    evidence = tmp_path / "evidence.csv"
    arguments = ["forensics", str(path), "--repetitions", "49", "--no-model",
                 "--evidence", str(evidence)]  # fmt: skip
    result = runner.invoke(app, [*arguments, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    broken = payload["accounting"]["violations"]
    assert broken == len(payload["accounting"]["stations"]) == 2400
    assert payload["accounting"]["by_rule"] == {
        "lists = valid": 1200,
        "valid + invalid = cast": 1200,
    }
    flags = payload["outliers"]
    assert len(flags) == payload["outlier_count"] >= 1200  # beyond the former cut at 1,000
    assert sum(f["reason"] == "turnout 100%" for f in flags) == 1200
    import csv

    with evidence.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == broken + len(flags)
    assert sum(r["kind"] == "accounting" for r in rows) == 2400
    assert {r["station"] for r in rows if r["rule"] == "turnout 100%"} == {
        f"S{i}" for i in range(1200)
    }
    first = next(r for r in rows if r["kind"] == "accounting")
    assert first["station"] == "S0"
    assert int(first["left"]) != int(first["right"])
    table = runner.invoke(app, arguments)
    assert table.exit_code == 0, table.output
    assert f"2,400 broken identities (all listed in {evidence})" in table.stdout
    assert "flags (all listed in" in table.stdout
    assert "(flags, not tests)" in table.stdout
    assert "(an estimate, no p-value)" in table.stdout


def test_country_wide_tests_are_fdr_adjusted(tmp_path: Path) -> None:
    """Every list's digit tests and the integer counts form one Benjamini–Hochberg family."""
    from hemicycle.forensics.multiple import benjamini_hochberg

    stations = simulate.plant_integer_percentages(
        simulate.clean_stations(1500, seed=4, regions=3), 0.08, seed=5
    )
    path = _write(tmp_path / "s.csv", stations)
    common = ["forensics", str(path), "--region", "region", "--repetitions", "99", "--no-model"]
    payload = json.loads(runner.invoke(app, [*common, "--format", "json"]).stdout)
    family = [
        (name, t["test"], t["p_value"], t["adjusted_p_value"], t["rejected"])
        for name, tests in payload["digit_tests"].items()
        for t in tests
        if t["applicable"]
    ]
    integer = payload["integer_percentages"]
    family += [
        ("all", kind, p, a, r)
        for kind, p, a, r in zip(integer["kinds"], integer["normal_p_values"],
                                 integer["adjusted_p_values"], integer["rejected"], strict=True)
    ]  # fmt: skip
    assert len(family) >= 4 * 6 + 3
    expected = benjamini_hochberg([p for _, _, p, _, _ in family])
    assert [a for _, _, _, a, _ in family] == pytest.approx(expected)
    assert all(a >= p for _, _, p, a, _ in family)
    assert integer["rejected"][0]  # planted integer percentages
    assert integer["adjusted_p_values"][0] <= 0.05
    assert [r for *_, a, r in family] == [a <= 0.05 for *_, a, _ in family]
    refused = [t for tests in payload["digit_tests"].values() for t in tests if not t["applicable"]]
    assert all(t["adjusted_p_value"] is None and not t["rejected"] for t in refused)

    table = runner.invoke(app, common)
    assert "adj. p" in table.stdout
    assert f"of {len(family)} tests rejected at FDR 0.05" in table.stdout

    import csv

    lines = runner.invoke(app, [*common, "--format", "csv"]).stdout.splitlines()
    assert lines[0] == "test,scope,n,statistic,p_value,adjusted_p_value,effect"
    rows = list(csv.DictReader(lines))
    by_key = {(r["scope"], r["test"]): r for r in rows}
    leader = by_key[("Party A", "last_digit")]
    digit = next(t for t in payload["digit_tests"]["Party A"] if t["test"] == "last_digit")
    assert float(leader["p_value"]) == pytest.approx(digit["p_value"])
    assert float(leader["adjusted_p_value"]) == pytest.approx(digit["adjusted_p_value"])
    regions = [r for r in rows if r["scope"].startswith("R0")]
    assert len(regions) == len(payload["regions"]) == 3 * 4
    for row, region in zip(regions, payload["regions"], strict=True):
        assert row["statistic"] == ""
        assert float(row["p_value"]) == pytest.approx(region["p_value"])
        assert float(row["adjusted_p_value"]) == pytest.approx(region["adjusted_p_value"])


def test_digit_redraws_set_the_null_of_the_digit_tests(clean_file: Path) -> None:
    args = ["forensics", str(clean_file), "--repetitions", "99", "--no-model", "-f", "json"]
    few = runner.invoke(app, [*args, "--digit-redraws", "3"])
    usual = runner.invoke(app, args)
    assert few.exit_code == 0, few.output
    assert usual.exit_code == 0, usual.output
    nulls = [
        {
            test["null"]
            for tests in json.loads(result.stdout)["digit_tests"].values()
            for test in tests
            if test["null"]
        }
        for result in (few, usual)
    ]
    assert nulls[0]
    assert all(re.search(r"\(3( redraws)?\)", null) for null in nulls[0])
    assert nulls[1]
    assert all(re.search(r"\(20( redraws)?\)", null) for null in nulls[1])
    refused = runner.invoke(app, [*args, "--digit-redraws", "1"])
    assert refused.exit_code == 2  # a null needs two redraws: one for the variance
