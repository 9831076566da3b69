"""``hemicycle simulate`` through the CLI: formats, files, reproducibility and bad input."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hemicycle.cli.app import app
from hemicycle.core import apportion

runner = CliRunner()

LAW = """id = "nation-90"
name = "A 90-seat national list"
country = "Nowhere"
statute = "Toy Act s.1"
date = "2025"

[[tiers]]
id = "nation"
kind = "district"
formula = "sainte_lague"
districts = [{ id = "Nation", seats = 90 }]

[tiers.threshold]
national = "5%"
"""

SHARES = "name,share\nدولة القانون,34%\nB,28%\nC,22%\nD,10%\nE,6%\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "law": ("law.toml", LAW),
        "shares": ("shares.csv", SHARES),
        "blocs": ("blocs.csv", "bloc,name\nAlliance,دولة القانون\nAlliance,D\nOpposition,B\n"),
        "covariance": (
            "cov.csv",
            "name,دولة القانون,B,C,D,E\n"
            "دولة القانون,0.01,0,0,0,0\nB,0,0.01,0,0,0\nC,0,0,0.01,0,0\n"
            "D,0,0,0,0.01,0\nE,0,0,0,0,0.04\n",
        ),
        "draws": (
            "draws.csv",
            "دولة القانون,B,C,D,E\n34,28,22,10,6\n0.312,0.287,0.201,0.149,0.051\n",
        ),
    }
    result = {}
    for key, (name, text) in paths.items():
        result[key] = tmp_path / name
        result[key].write_text(text, encoding="utf-8")
    return result


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["simulate", *args], input=input)
    return result.exit_code, result.stdout, result.stderr


def test_json_is_one_object_and_reproducible(files: dict[str, Path]) -> None:
    args = [
        "--law",
        str(files["law"]),
        "--shares",
        str(files["shares"]),
        "--sample-size",
        "1000",
        "--blocs",
        str(files["blocs"]),
        "-n",
        "3000",
        "--seed",
        "11",
        "--format",
        "json",
    ]
    code, out, err = run(*args)
    assert code == 0, err
    payload = json.loads(out)
    assert payload["law"] == "nation-90"
    assert payload["house_size"] == 90
    assert payload["simulations"] == 3000
    assert payload["seed"] == "11"
    assert payload["model"] == "dirichlet"
    assert (payload["majority_seats"], payload["two_thirds_seats"]) == (46, 60)
    assert payload["blocking_seats"] == 31
    assert list(payload["parties"]) == ["دولة القانون", "B", "C", "D", "E"]
    party = payload["parties"]["دولة القانون"]
    assert set(party) == {
        "mean",
        "quantiles",
        "majority",
        "two_thirds",
        "blocking_third",
        "histogram",
    }
    assert party["quantiles"]["0.05"] <= party["quantiles"]["0.5"] <= party["quantiles"]["0.95"]
    assert sum(party["histogram"].values()) == 3000
    alliance = payload["blocs"]["Alliance"]
    assert alliance["members"] == ["دولة القانون", "D"]
    assert 0 < alliance["majority"] < 1
    assert run(*args)[1] == out  # the same seed, the same answer


def test_table_and_csv(files: dict[str, Path]) -> None:
    base = [
        "--law",
        str(files["law"]),
        "--shares",
        str(files["shares"]),
        "--covariance",
        str(files["covariance"]),
        "-n",
        "500",
        "--seed",
        "3",
    ]
    code, out, err = run(*base)
    assert code == 0, err
    assert "دولة القانون" in out
    assert "logit_normal" in out
    code, out, err = run(*base, "--format", "csv", "--quantiles", "0.1,0.9")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "kind",
        "name",
        "mean",
        "q0.1",
        "q0.9",
        "majority",
        "two_thirds",
        "blocking_third",
    ]
    assert [row[1] for row in rows[1:]] == ["دولة القانون", "B", "C", "D", "E"]


def test_draws_from_a_file_are_each_simulated_once(files: dict[str, Path]) -> None:
    code, out, err = run(
        "--law", str(files["law"]), "--draws", str(files["draws"]), "--format", "json"
    )
    assert code == 0, err
    payload = json.loads(out)
    assert payload["simulations"] == 2
    expected: dict[str, dict[str, int]] = {}
    for votes in (
        [3_400_000, 2_800_000, 2_200_000, 1_000_000, 600_000],
        [3_120_000, 2_870_000, 2_010_000, 1_490_000, 510_000],
    ):
        exact = apportion(
            dict(zip("ABCDE", votes, strict=True)), 90, method="sainte_lague", threshold="5%"
        )
        for name, party in zip(payload["parties"], "ABCDE", strict=True):
            table = expected.setdefault(name, {})
            key = str(exact.seats[party])
            table[key] = table.get(key, 0) + 1
    assert {name: p["histogram"] for name, p in payload["parties"].items()} == expected


def test_shares_from_standard_input(files: dict[str, Path]) -> None:
    code, out, err = run(
        "--law",
        str(files["law"]),
        "--shares",
        "-",
        "--sample-size",
        "1e12",
        "-n",
        "10",
        "--seed",
        "1",
        "--format",
        "json",
        input=SHARES,
    )
    assert code == 0, err
    seats = {name: p["quantiles"]["0.5"] for name, p in json.loads(out)["parties"].items()}
    exact = apportion(
        {"A": 3_400_000, "B": 2_800_000, "C": 2_200_000, "D": 1_000_000, "E": 600_000},
        90,
        method="sainte_lague",
        threshold="5%",
    )
    assert list(seats.values()) == [exact.seats[p] for p in "ABCDE"]


@pytest.mark.parametrize(
    ("shares", "extra", "message"),
    [
        ("name,share\nA,-3\n", ["--sample-size", "10"], "row 2, column 'share'"),
        ("name,share\nA,abc\n", ["--sample-size", "10"], "must be a number"),
        ("name,share\nA,1\nA,2\n", ["--sample-size", "10"], "duplicate name 'A'"),
        ("name,votes\nA,1\n", ["--sample-size", "10"], "unknown column 'votes'"),
        ("name,share\nA,1\n", [], "exactly one of"),
        ("name,share\nA,1\n", ["--sample-size", "10", "--quantiles", "2"], "between 0 and 1"),
    ],
)
def test_bad_input_exits_1_with_a_message(
    files: dict[str, Path], shares: str, extra: list[str], message: str
) -> None:
    code, out, err = run(
        "--law", str(files["law"]), "--shares", "-", "-n", "10", *extra, input=shares
    )
    assert code == 1
    assert out == ""
    assert message in err


def test_bad_side_files(files: dict[str, Path], tmp_path: Path) -> None:
    bad_blocs = tmp_path / "blocs.csv"
    bad_blocs.write_text("bloc,name\nX,Nobody\n", encoding="utf-8")
    code, _, err = run(
        "--law",
        str(files["law"]),
        "--shares",
        str(files["shares"]),
        "--sample-size",
        "10",
        "-n",
        "10",
        "--blocs",
        str(bad_blocs),
    )
    assert code == 1
    assert "'Nobody'" in err
    bad_cov = tmp_path / "cov.csv"
    bad_cov.write_text("name,A,B\nA,1,x\nB,0,1\n", encoding="utf-8")
    code, _, err = run(
        "--law",
        str(files["law"]),
        "--shares",
        str(files["shares"]),
        "--covariance",
        str(bad_cov),
        "-n",
        "10",
    )
    assert code == 1
    assert "row 2, column 'B'" in err
    code, _, err = run(
        "--law", "no-such-law", "--shares", str(files["shares"]), "--sample-size", "10"
    )
    assert code == 1
    assert "no-such-law" in err


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["simulate", "--help"])
    assert result.exit_code == 0
    assert "Example: hemicycle simulate" in result.stdout


def test_baseline_file_swung_to_a_poll(files: dict[str, Path], tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.csv"
    baseline.write_text(
        "district,list,candidate,votes\nNation,A,,600000\nNation,B,,350000\nNation,C,,50000\n",
        encoding="utf-8",
    )
    args = [
        "--law",
        str(files["law"]),
        "--baseline",
        str(baseline),
        "--sample-size",
        "1e13",
        "-n",
        "20",
        "--seed",
        "2",
        "--format",
        "json",
    ]
    code, out, err = run(*args)
    assert code == 0, err
    parties = json.loads(out)["parties"]
    assert parties["C"]["histogram"] == {"5": 20}  # exactly 5% of the votes: it passes
    poll = tmp_path / "poll.csv"
    poll.write_text("name,share\nA,55\nB,41\nC,4\n", encoding="utf-8")
    code, out, err = run(*args, "--shares", str(poll))
    assert code == 0, err
    parties = json.loads(out)["parties"]
    assert parties["C"]["histogram"] == {"0": 20}
    exact = apportion(
        {"A": 550_000, "B": 410_000, "C": 40_000}, 90, method="sainte_lague", threshold="5%"
    )
    assert parties["A"]["histogram"] == {str(exact.seats["A"]): 20}


def test_dask_scheduler_address_gives_the_same_answer(files: dict[str, Path]) -> None:
    distributed = pytest.importorskip("distributed")
    with warnings.catch_warnings():
        # without a network route distributed may warn that it names addresses 127.0.0.1;
        # the HTTP server takes a free port (":0") so that a running cluster cannot collide
        warnings.filterwarnings("ignore", "Couldn't detect a suitable IP", RuntimeWarning)
        cluster = distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
        )
    args = [
        "--law",
        str(files["law"]),
        "--shares",
        str(files["shares"]),
        "--sample-size",
        "500",
        "-n",
        "5000",
        "--seed",
        "4",
        "--format",
        "json",
    ]
    with cluster:
        code, there, err = run(*args, "--dask", cluster.scheduler_address)
        assert code == 0, err
        assert cluster.scheduler_address.startswith("inproc://")
    code, here, err = run(*args)
    assert code == 0, err
    assert there == here
