"""``hemicycle analyze``, ``paradoxes``, ``cabinet`` and the analysis columns of ``compare``."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from typer.testing import CliRunner

from hemicycle.analysis.disproportionality import disproportionality, list_votes
from hemicycle.cli.app import app
from hemicycle.examples import __file__ as examples_init
from hemicycle.io.results import load_results

runner = CliRunner()
RESULTS = Path(examples_init).parent / "iraq_2025_results.csv"

NZ_2011 = (
    "name,votes,seats\n"
    "National,1058636,59\nLabour,614937,34\nGreen,247372,14\nNZ First,147544,8\n"
    "Conservative,59237,0\nMāori,31982,3\nMana,24168,1\nACT,23889,1\nUnited Future,13443,1\n"
    "Legalise Cannabis,11738,0\nDemocrats,1714,0\nLibertarianz,1595,0\nAlliance,1209,0\n"
)


def test_analyze_csv_json_table_and_csv() -> None:
    result = runner.invoke(app, ["analyze", "-", "--format", "json"], input=NZ_2011)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"parties", "indices", "effective_parties"}
    assert round(payload["indices"]["gallagher"], 6) == 2.377975
    assert payload["parties"][5]["name"] == "Māori"
    table = runner.invoke(app, ["analyze", "-"], input=NZ_2011)
    assert table.exit_code == 0
    assert "Gallagher" in table.stdout
    assert "2.3780" in table.stdout
    csv_out = runner.invoke(app, ["analyze", "-", "-f", "csv"], input=NZ_2011)
    assert csv_out.stdout.splitlines()[0] == "name,votes,seats,vote_share,seat_share,advantage"
    assert csv_out.stdout.splitlines()[5].startswith("Conservative,59237,0,")


def test_analyze_outcome_json_with_votes(tmp_path: Path) -> None:
    tabulated = runner.invoke(
        app,
        ["tabulate", "--law", "iraq-2023", "--results", str(RESULTS), "--partial", "-f", "json"],
    )
    assert tabulated.exit_code == 0, tabulated.output
    outcome = tmp_path / "outcome.json"
    outcome.write_text(tabulated.stdout, encoding="utf-8")
    result = runner.invoke(
        app, ["analyze", str(outcome), "--votes", str(RESULTS), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    seats = json.loads(tabulated.stdout)["seats"]
    votes = list_votes(load_results(str(RESULTS)).results)
    assert payload == disproportionality(votes, seats).as_json()
    missing = runner.invoke(app, ["analyze", str(outcome)])
    assert missing.exit_code == 1
    assert "--votes" in missing.stderr


def test_analyze_bad_input(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["analyze", "-"], input="name,votes,seats\nA,10,x\n")
    assert bad.exit_code == 1
    assert "row 2" in bad.stderr
    assert "'seats'" in bad.stderr
    broken = tmp_path / "o.json"
    broken.write_text('{"law": "x"}', encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(broken), "--votes", "-"], input="name,votes\n")
    assert result.exit_code == 1
    assert "'seats' object" in result.stderr


CENSUS = "name,population\nA,6\nB,6\nC,2\n"


def test_paradoxes_alabama_population_new_state(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["paradoxes", "-", "--method", "hare", "--seats", "10..12", "-f", "json"], input=CENSUS
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["kind"] == "alabama"
    assert payload["occurrences"] == [
        {"house_size": 10, "state": "C", "seats": 2, "seats_after": 1}
    ]
    none = runner.invoke(
        app,
        ["paradoxes", "-", "-m", "webster", "-n", "10..30", "-f", "json"],
        input="name,population\nA,61\nB,59\nC,21\n",
    )
    assert json.loads(none.stdout)["occurrences"] == []
    before = tmp_path / "before.csv"
    after = tmp_path / "after.csv"
    before.write_text("name,population\nA,23527\nB,5548\nC,70925\n", encoding="utf-8")
    after.write_text("name,population\nA,23926\nB,5648\nC,71110\n", encoding="utf-8")
    population = runner.invoke(
        app,
        ["paradoxes", str(before), "-m", "hare", "-n", "100", "--after", str(after), "-f", "csv"],
    )
    assert population.exit_code == 0, population.output
    lines = population.stdout.splitlines()
    assert lines[0].startswith("house_size,loser,winner")
    assert lines[1].startswith("100,B,A,")
    newcomer = tmp_path / "new.csv"
    newcomer.write_text("name,population\nC,10400\n", encoding="utf-8")
    two = tmp_path / "two.csv"
    two.write_text("name,population\nA,9450\nB,90550\n", encoding="utf-8")
    table = runner.invoke(
        app, ["paradoxes", str(two), "-m", "hare", "-n", "100", "--new", str(newcomer)]
    )
    assert table.exit_code == 0, table.output
    assert "new-state paradoxes" in table.stdout
    assert "1 occurrence" in table.stdout


def test_paradoxes_bad_usage() -> None:
    bad = runner.invoke(app, ["paradoxes", "-", "-m", "hare", "-n", "12..10"], input=CENSUS)
    assert bad.exit_code == 1
    assert "A..B" in bad.stderr
    unknown = runner.invoke(app, ["paradoxes", "-", "-m", "hamiltn", "-n", "10"], input=CENSUS)
    assert unknown.exit_code == 1
    assert "hare" in unknown.stderr
    tie = runner.invoke(
        app, ["paradoxes", "-", "-m", "hare", "-n", "1"], input="name,population\nA,1\nB,1\n"
    )
    assert tie.exit_code == 1
    assert "tie for seat 1 between A, B" in tie.stderr
    assert "--tie-break lot:SEED" in tie.stderr
    assert "tie_break=" not in tie.stderr
    drawn = runner.invoke(
        app,
        ["paradoxes", "-", "-m", "hare", "-n", "1", "--tie-break", "lot:7"],
        input="name,population\nA,1\nB,1\n",
    )
    assert drawn.exit_code == 0, drawn.output


def _cabinet_files(tmp_path: Path, ministers: int) -> list[str]:
    blocs = tmp_path / "blocs.csv"
    blocs.write_text(
        "name,seats,community\nFuture,20,Sunni\nAmal,16,Shia\nFPM,24,Maronite\nLF,15,Maronite\n",
        encoding="utf-8",
    )
    offices = tmp_path / "offices.csv"
    offices.write_text(
        "office,class,points\nPrime Minister,premiership,1\n"
        + "".join(f"Minister {i},minister,1\n" for i in range(1, ministers)),
        encoding="utf-8",
    )
    reserved = tmp_path / "reserved.csv"
    reserved.write_text("office,community\nPrime Minister,Sunni\n", encoding="utf-8")
    parity = tmp_path / "parity.csv"
    parity.write_text(
        "group,community\nChristian,Maronite\nMuslim,Sunni\nMuslim,Shia\n", encoding="utf-8"
    )
    return [
        str(blocs),
        "--points",
        str(offices),
        "--reserved",
        str(reserved),
        "--parity",
        str(parity),
    ]


def test_cabinet_allocate_check_and_infeasible(tmp_path: Path) -> None:
    args = _cabinet_files(tmp_path, 24)
    result = runner.invoke(app, ["cabinet", *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["assignment"]["Prime Minister"] == "Future"
    christian = sum(1 for b in payload["assignment"].values() if b in {"FPM", "LF"})
    assert christian == 12
    assert payload["valid"] is True
    proposal = tmp_path / "proposal.csv"
    proposal.write_text(
        "office,name\nPrime Minister,FPM\n" + "".join(f"Minister {i},Amal\n" for i in range(1, 24)),
        encoding="utf-8",
    )
    checked = runner.invoke(app, ["cabinet", *args, "--check", str(proposal)])
    # a cabinet that breaks a rule: the ledger and every violation, then exit code 1
    assert checked.exit_code == 1, checked.output
    assert "violation: reserved: 'Prime Minister' is reserved for Sunni" in checked.stdout
    checked_json = runner.invoke(app, ["cabinet", *args, "--check", str(proposal), "-f", "json"])
    assert checked_json.exit_code == 1
    assert json.loads(checked_json.stdout)["valid"] is False
    fair = tmp_path / "fair.csv"
    fair.write_text(
        "office,name\n"
        + "".join(f"{o},{b}\n" for o, b in json.loads(result.stdout)["assignment"].items()),
        encoding="utf-8",
    )
    clean = runner.invoke(app, ["cabinet", *args, "--check", str(fair), "-f", "json"])
    assert clean.exit_code == 0, clean.output
    assert json.loads(clean.stdout)["violations"] == []
    csv_out = runner.invoke(app, ["cabinet", *args, "-f", "csv"])
    assert csv_out.stdout.splitlines()[:2] == [
        "office,class,points,name",
        "Prime Minister,premiership,1,Future",
    ]
    odd = runner.invoke(app, ["cabinet", *_cabinet_files(tmp_path, 23)])
    assert odd.exit_code == 1
    assert "parity Christian/Muslim: 23 offices cannot be split equally" in odd.stderr


IRAQ_2010_OFFICES = (
    "office,class,points\nPresident,presidency,10\nPrime Minister,presidency,10\n"
    "Speaker,presidency,10\nForeign Affairs,sovereign,4\nDefence,sovereign,4\n"
    "Oil,sovereign,4\nFinance,sovereign,4\nInterior,sovereign,4\nHealth,service,3\n"
    "Education,service,3\nElectricity,service,3\nTrade,minor,2\nYouth,minor,2\n"
)


def test_cabinet_points_per_seat_shares_in_proportion(tmp_path: Path) -> None:
    # 2010: a point per 2.44 seats entitles the blocs to 118 points for 63 points of offices;
    # the offices are shared in the ratio of the entitlements, no bloc taking them all
    blocs = tmp_path / "blocs.csv"
    blocs.write_text(
        "name,seats\nIraqiya,91\nState of Law,89\nNational Alliance,70\nKurdistan,43\n",
        encoding="utf-8",
    )
    points = tmp_path / "points.csv"
    points.write_text(IRAQ_2010_OFFICES, encoding="utf-8")
    result = runner.invoke(
        app,
        ["cabinet", str(blocs), "--points", str(points), "--points-per-seat", "100/244",
         "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    for bloc in payload["blocs"]:
        due = Fraction(bloc["due"])
        assert due == Fraction(63 * bloc["seats"], 293)
        assert abs(due - Fraction(bloc["used"])) < 10
        assert 1 <= len(bloc["offices"]) <= 5
    table = runner.invoke(
        app, ["cabinet", str(blocs), "--points", str(points), "--points-per-seat", "100/244"]
    )
    assert table.exit_code == 0
    assert "due" in table.stdout


def test_cabinet_bad_points(tmp_path: Path) -> None:
    args = _cabinet_files(tmp_path, 4)
    points = tmp_path / "bad.csv"
    points.write_text("office,class,points\nPM,top,ten\n", encoding="utf-8")
    result = runner.invoke(app, ["cabinet", args[0], "--points", str(points)])
    assert result.exit_code == 1
    assert "row 2, column 'points'" in result.stderr


def test_compare_has_analysis_columns() -> None:
    result = runner.invoke(
        app,
        ["compare", "-l", "iraq-2023", "-l", "iraq-2014", "-r", str(RESULTS), "--partial",
         "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    votes = list_votes(load_results(str(RESULTS)).results)
    for law in ("iraq-2023", "iraq-2014"):
        seats = {p: n[law] for p, n in payload["seats"].items()}
        expected = disproportionality({**dict.fromkeys(seats, 0), **votes}, seats)
        assert payload["analysis"][law]["gallagher"] == expected.gallagher
        assert payload["analysis"][law]["effective_parties_seats"] == str(expected.effective_seats)
    table = runner.invoke(
        app, ["compare", "-l", "iraq-2023", "-l", "iraq-2014", "-r", str(RESULTS), "--partial"]
    )
    assert "Gallagher (LSq)" in table.stdout
    assert "effective parties" in table.stdout


def test_every_command_has_an_example() -> None:
    for command in ("analyze", "paradoxes", "cabinet"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Example: hemicycle " + command in result.stdout
