"""``hemicycle power`` for multi-layer games (``--layer``, ``--eu-council``) and Coleman's power
of the collectivity to act, through the CLI."""

from __future__ import annotations

import json
from fractions import Fraction

from typer.testing import CliRunner

from hemicycle.cli.app import app

runner = CliRunner()

# Populations on 1 January 2024 in thousands (Eurostat, rounded), as in benchmarks/power.py.
EU27 = {
    "DE": 83_445, "FR": 68_401, "IT": 58_990, "ES": 48_619, "PL": 36_620, "RO": 19_064,
    "NL": 17_943, "BE": 11_833, "CZ": 10_900, "SE": 10_551, "PT": 10_639, "EL": 10_398,
    "HU": 9_585, "AT": 9_159, "BG": 6_446, "DK": 5_961, "FI": 5_604, "SK": 5_425,
    "IE": 5_343, "HR": 3_862, "LT": 2_886, "SI": 2_124, "LV": 1_872, "EE": 1_374,
    "CY": 933, "LU": 672, "MT": 563,
}  # fmt: skip
EU_CSV = "name,population\n" + "".join(f"{name},{people}\n" for name, people in EU27.items())

# The figures below were checked by enumerating all 2^27 coalitions (members ≥ 15 and population
# ≥ 291,988 of 449,212 thousand, or fewer than four members left out): 17,762,874 win.
EU_BANZHAF = {
    "DE": "3539002/29247591",
    "FR": "2963515/29247591",
    "LU": "340931/19498394",
    "MT": "1015139/58495182",
}
EU_SHAPLEY_SHUBIK = {
    "DE": "944833573/5354228880",
    "FR": "516328339/3824449200",
    "LU": "237164203/26771144400",
    "MT": "46531081/5354228880",
}
EU_COLLECTIVITY = "8881437/67108864"  # 17,762,874 / 2^27


def test_eu_council_json_banzhaf() -> None:
    result = runner.invoke(app, ["power", "-", "--eu-council", "-f", "json"], input=EU_CSV)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["index"] == "banzhaf"
    assert payload["quota"] == {"members": 15, "population": 291_988}
    assert payload["blocking_minimum"] == 4
    assert list(payload["values"]) == list(EU27)
    assert {k: payload["values"][k] for k in EU_BANZHAF} == EU_BANZHAF
    assert sum(Fraction(v) for v in payload["values"].values()) == 1
    assert payload["collectivity"] == EU_COLLECTIVITY


def test_eu_council_as_layers_table_shapley_shubik() -> None:
    result = runner.invoke(
        app,
        [
            "power",
            "-",
            "--layer",
            "members:55%",
            "--layer",
            "population:65%",
            "--blocking-minimum",
            "4",
            "--index",
            "shapley_shubik",
        ],
        input=EU_CSV,
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for name, value in EU_SHAPLEY_SHUBIK.items():
        row = next(line for line in lines if f"│ {name} " in line)
        assert value in row
        assert str(EU27[name]) in row
    words = " ".join(result.stdout.split())  # the title and caption wrap
    assert "population 291988 of 449212; fewer than 4 members cannot block" in words
    assert f"collectivity to act (Coleman, |W|/2^n): {EU_COLLECTIVITY}" in words


LAYERED = "name,seats,votes\nA,3,10\nB,2,40\nC,1,50\n"


def test_layers_of_a_small_game_by_hand() -> None:
    # seats ≥ 4 of 6 and votes ≥ 50 of 100: {A,B} (5, 50), {A,C} (4, 60), {A,B,C} win,
    # {B,C} (3, 90) does not. A is in every winning coalition: swings A 3, B 1, C 1.
    arguments = ["power", "-", "-l", "seats:4", "-l", "votes:majority", "-f", "json"]
    result = runner.invoke(app, [*arguments[:4], "-l", "votes:50", "-f", "json"], input=LAYERED)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["quota"] == {"seats": 4, "votes": 50}
    assert payload["values"] == {"A": "3/5", "B": "1/5", "C": "1/5"}
    assert payload["collectivity"] == "3/8"
    assert payload["blocking_minimum"] == 0
    # a majority of votes is 51: {A,B} no longer wins
    majority = json.loads(runner.invoke(app, arguments, input=LAYERED).stdout)
    assert majority["values"] == {"A": "1/2", "B": "0", "C": "1/2"}
    assert majority["collectivity"] == "1/4"
    # the blocking game: S blocks when N∖S fails; {A} alone blocks, so does {B, C}
    dual = runner.invoke(app, [*arguments, "--dual"], input=LAYERED)
    body = json.loads(dual.stdout)
    assert body["dual"] is True
    assert body["quota"] == {"seats": 4, "votes": 51}
    assert body["collectivity"] == "3/4"
    csv_out = runner.invoke(app, [*arguments[:-2], "-f", "csv"], input=LAYERED)
    assert csv_out.stdout.splitlines()[:2] == [
        "name,seats,votes,value,decimal",
        "A,3,10,1/2,0.500000",
    ]


def test_members_layer_counts_rows() -> None:
    # members:2 with no members column: any two of three rows, and 60 of the weight
    text = "name,weight\nA,50\nB,30\nC,20\n"
    result = runner.invoke(
        app, ["power", "-", "-l", "members:2", "-l", "weight:60", "-f", "json"], input=text
    )
    assert result.exit_code == 0, result.output
    # winning: {A,B}, {A,C}, {A,B,C}
    assert json.loads(result.stdout)["values"] == {"A": "3/5", "B": "1/5", "C": "1/5"}


def test_collectivity_un_security_council() -> None:
    # five permanent members and at least four of ten elected: Σ_{k≥4} C(10,k) = 848
    # winning coalitions of 2^15, so |W|/2^n = 848/32768 = 53/2048.
    council = "name,weight\n" + "".join(f"P{i},7\n" for i in range(5))
    council += "".join(f"E{i},1\n" for i in range(10))
    payload = json.loads(
        runner.invoke(app, ["power", "-", "-q", "39", "-f", "json"], input=council).stdout
    )
    assert payload["collectivity"] == "53/2048"
    assert payload["quota"] == 39
    assert "blocking_minimum" not in payload
    table = runner.invoke(app, ["power", "-", "-q", "39"], input=council)
    assert "53/2048" in table.stdout
    assert "collectivity" in table.stdout


def test_bad_usage_and_bad_layers() -> None:
    text = "name,weight,population\nA,1,5\nB,2,7\n"
    for arguments, code in (
        (["-q", "2", "-l", "weight:2"], 2),
        ([], 2),
        (["-q", "2", "--eu-council"], 2),
        (["-l", "weight"], 2),
        (["-l", "weight:2", "-l", "weight:3"], 2),
        (["-q", "2", "--blocking-minimum", "1"], 2),
    ):
        result = runner.invoke(app, ["power", "-", *arguments], input=text)
        assert result.exit_code == code, (arguments, result.output)
    missing = runner.invoke(app, ["power", "-", "-l", "seats:2"], input=text)
    assert missing.exit_code == 1
    assert "seats" in missing.stderr
    negative = runner.invoke(
        app, ["power", "-", "-l", "weight:2", "-l", "population:6"], input=text + "C,-1,3\n"
    )
    assert negative.exit_code == 1
    assert "row 4" in negative.stderr
    assert "weight" in negative.stderr
    high = runner.invoke(app, ["power", "-", "-l", "weight:9", "-l", "population:1"], input=text)
    assert high.exit_code == 1
    assert "quota" in high.stderr
