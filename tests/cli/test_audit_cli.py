"""``hemicycle audit plan|sample|record|risk`` end to end on a temporary database."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hemicycle.cli.app import app

runner = CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    results = tmp_path / "results.csv"
    results.write_text("name,votes\nAlba,6000\nBoreas,3500\n", encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "batch,ballots\n" + "".join(f"box {i},1000\n" for i in range(1, 11)), encoding="utf-8"
    )
    return {"results": results, "manifest": manifest, "db": tmp_path / "audit.duckdb"}


def _json(args: list[str]) -> dict[str, object]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


def _plan(files: dict[str, Path], name: str, seed: str, *options: str) -> list[str]:
    """``hemicycle audit plan`` of the results and manifest in ``files``, stored as ``name``."""
    return [
        "audit",
        "plan",
        str(files["results"]),
        "--audit",
        name,
        "--manifest",
        str(files["manifest"]),
        "--seed",
        seed,
        *options,
        "--db",
        str(files["db"]),
    ]


def test_polling_audit_round_trip(files: dict[str, Path], tmp_path: Path) -> None:
    db = str(files["db"])
    plan = _json(_plan(files, "county", "31415926535", "--risk-limit", "5%"))
    assert plan["ballots"] == 10000
    (row,) = plan["assertions"]  # type: ignore[misc]
    assert row["assertion"] == "Alba beats Boreas"
    assert row["margin"] == "1/4"
    drawn = _json(["audit", "sample", "--audit", "county", "--size", "60", "--db", db])
    assert drawn["round"] == 1
    draws = drawn["draws"]
    assert len(draws) == 60  # type: ignore[arg-type]
    # Read every sampled ballot as the reported shares would have it: 2 for Alba, 1 for Boreas.
    lines = ["batch,position,choice"]
    for index, draw in enumerate(draws):  # type: ignore[arg-type]
        choice = "Boreas" if index % 3 == 2 else "Alba"
        lines.append(f"{draw['batch']},{draw['position']},{choice}")
    observed = tmp_path / "round1.csv"
    observed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recorded = _json(["audit", "record", "--audit", "county", str(observed), "--db", db])
    assert recorded["missing"] == 0
    risk = _json(["audit", "risk", "--audit", "county", "--db", db])
    assert risk["round"] == 1
    assert risk["sample_size"] == 60
    assert 0 < risk["max_risk"] < 1  # type: ignore[operator]
    # A second round continues the first.
    second = _json(["audit", "sample", "--audit", "county", "--size", "5", "--db", db])
    assert second["round"] == 2
    assert [d["draw"] for d in second["draws"]] == [61, 62, 63, 64, 65]  # type: ignore[union-attr]
    result = runner.invoke(app, ["audit", "risk", "--audit", "county", "--db", db])
    assert result.exit_code == 1
    assert "not recorded yet" in result.stderr


def test_plan_seats_table_and_csv(files: dict[str, Path], tmp_path: Path) -> None:
    results = tmp_path / "parties.csv"
    results.write_text("name,votes\nA,6100\nB,3000\nC,1000\n", encoding="utf-8")
    table = runner.invoke(app, ["audit", "plan", str(results), "--outcome", "seats:dhondt:5"])
    assert table.exit_code == 0, table.output
    assert "A's seat" in table.stdout
    csv_out = runner.invoke(
        app, ["audit", "plan", str(results), "--outcome", "seats:dhondt:5", "--format", "csv"]
    )
    assert (
        csv_out.stdout.splitlines()[0]
        == "assertion,winner_votes,loser_votes,share,margin,overturn_ballots,asn,p90"
    )
    comparison = _json(
        [
            "audit",
            "plan",
            str(results),
            "--outcome",
            "majority",
            "--kind",
            "comparison",
            "--test",
            "kaplan_markov",
        ]
    )
    assert comparison["assertions"][0]["sizes"]["no_errors"] > 0  # type: ignore[index]


def test_comparison_audit(files: dict[str, Path], tmp_path: Path) -> None:
    db = str(files["db"])
    _json(_plan(files, "cvr", "2718", "--kind", "comparison", "--test", "kaplan_markov"))
    draws = _json(["audit", "sample", "--audit", "cvr", "--size", "40", "--db", db])["draws"]
    lines = ["batch,position,reported,audited"]
    lines += [f"{d['batch']},{d['position']},Alba,Alba" for d in draws]  # type: ignore[union-attr]
    observed = tmp_path / "cvr.csv"
    observed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _json(["audit", "record", "--audit", "cvr", str(observed), "--db", db])
    risk = _json(["audit", "risk", "--audit", "cvr", "--db", db])
    assert risk["confirmed"] is True


def test_errors_go_to_stderr(files: dict[str, Path], tmp_path: Path) -> None:
    db = str(files["db"])
    bad = runner.invoke(app, ["audit", "plan", str(files["results"]), "--risk-limit", "150%"])
    assert bad.exit_code == 1
    assert "risk limit" in bad.stderr
    missing = runner.invoke(app, ["audit", "sample", "--audit", "nope", "--size", "3", "--db", db])
    assert missing.exit_code == 1
    assert "no audit named 'nope'" in missing.stderr
    _json(_plan(files, "x", "1"))
    _json(["audit", "sample", "--audit", "x", "--size", "2", "--db", db])
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("batch,position,choice\nbox 1,999999,Alba\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", "record", "--audit", "x", str(wrong), "--db", db])
    assert result.exit_code == 1
    assert "row 2" in result.stderr
    assert "not in the sample" in result.stderr
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("batch,position,choice\nbox 1,1,Zed\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", "record", "--audit", "x", str(unknown), "--db", db])
    assert result.exit_code == 1
    assert "column 'choice'" in result.stderr
    again = runner.invoke(app, _plan(files, "x", "1"))
    assert again.exit_code == 1
    assert "exists already" in again.stderr


def test_help_has_examples() -> None:
    for command in ("plan", "sample", "record", "risk"):
        result = runner.invoke(app, ["audit", command, "--help"])
        assert result.exit_code == 0
        assert "Example: hemicycle audit" in result.stdout


def test_plan_table_labels_the_assorter_margin(tmp_path: Path) -> None:
    """A threshold assertion's assorter margin exceeds 1: shown as a number, not as 1100%, beside
    the ballots that would overturn it (A: 6,000 of 10,000 at a 5% threshold: 5,500, 55%)."""
    results = tmp_path / "parties.csv"
    results.write_text("name,votes\nA,6000\nB,3000\nC,1000\n", encoding="utf-8")
    arguments = ["audit", "plan", str(results), "--outcome", "seats:dhondt:10:5%"]
    table = runner.invoke(app, arguments, env={"COLUMNS": "160"})
    assert table.exit_code == 0, table.output
    assert "assorter margin" in table.stdout
    assert "ballots to overturn" in table.stdout
    line = next(row for row in table.stdout.splitlines() if "A reaches 5%" in row)
    assert "11.0000" in line
    assert "5,500 (55.00%)" in line
    assert "1100" not in table.stdout
    plan = _json(arguments)
    rows = {r["assertion"]: r for r in plan["assertions"]}  # type: ignore[union-attr]
    assert rows["A reaches 5% of the valid votes"]["margin"] == "11"
    assert rows["A reaches 5% of the valid votes"]["overturn_ballots"] == 5500
    # C's only seat (1,000 votes) against A's 7th (6,000 / 7): 125 ballots moved from C to A.
    assert rows["C's seat 1 beats A's seat 7"]["overturn_ballots"] == 125
    assert plan["tie"] is None
    assert plan["full_count_required"] is False


def test_tied_seat_plans_a_full_hand_count(tmp_path: Path) -> None:
    """A 100, B 100, three D'Hondt seats: the third is tied, a zero margin, so only a full hand
    count can confirm it; the plan says so (exit 0), and no sampling audit is stored."""
    results = tmp_path / "tie.csv"
    results.write_text("name,votes\nA,100\nB,100\n", encoding="utf-8")
    arguments = ["audit", "plan", str(results), "--outcome", "seats:dhondt:3"]
    plan = _json(arguments)
    assert plan["tie"] == {"seat": 3, "tied": ["A", "B"], "places": 1}
    assert plan["full_count_required"] is True
    rows = {r["assertion"]: r for r in plan["assertions"]}  # type: ignore[union-attr]
    tied = rows["A's seat 2 ties B's seat 2"]
    assert tied["margin"] == "0"
    assert tied["sizes"] == {"asn": None, "p90": None}
    assert rows["B's seat 1 beats A's seat 3"]["sizes"]["asn"] > 0
    table = runner.invoke(app, arguments, env={"COLUMNS": "160"})
    assert table.exit_code == 0, table.output
    assert "full count" in table.stdout
    assert "seat 3 is tied between A and B" in table.stdout
    assert "only a full hand count can" in table.stdout
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("batch,ballots\nbox,200\n", encoding="utf-8")
    db = tmp_path / "tie.duckdb"
    stored = runner.invoke(
        app,
        [*arguments, "--audit", "tie", "--manifest", str(manifest), "--seed", "1", "--db", str(db)],
    )
    assert stored.exit_code == 1
    assert "no sampling audit is stored" in stored.stderr
    assert stored.stdout == ""
    comparison = _json([*arguments, "--kind", "comparison"])
    assert comparison["full_count_required"] is True


def _round(files: dict[str, Path], tmp_path: Path, name: str, size: int, read: object) -> dict:
    """Draw ``size`` more ballots, record ``read(index, draw)`` for each, return the risk."""
    db = str(files["db"])
    drawn = _json(["audit", "sample", "--audit", name, "--size", str(size), "--db", db])
    draws = drawn["draws"]
    comparison = isinstance(read(0, draws[0]), tuple)  # type: ignore[operator,index]
    lines = ["batch,position,reported,audited" if comparison else "batch,position,choice"]
    for index, draw in enumerate(draws):  # type: ignore[arg-type]
        value = read(index, draw)  # type: ignore[operator]
        cells = ",".join(value) if isinstance(value, tuple) else value
        lines.append(f"{draw['batch']},{draw['position']},{cells}")
    path = tmp_path / f"{name}-{drawn['round']}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _json(["audit", "record", "--audit", name, str(path), "--db", db])["missing"] == 0
    return _json(["audit", "risk", "--audit", name, "--db", db])


def test_minerva_audit_round_trip(files: dict[str, Path], tmp_path: Path) -> None:
    """Two stored Minerva rounds give minerva_rounds' risk of the cumulative counts."""
    from hemicycle.audit import minerva_rounds

    _json(_plan(files, "mnv", "8675309", "--test", "minerva"))

    def read(index: int, draw: object) -> str:
        return "Boreas" if index % 5 in (1, 3) else "Alba"  # 3 of 5 for Alba

    first = _round(files, tmp_path, "mnv", 50, read)
    second = _round(files, tmp_path, "mnv", 100, read)
    assert (first["round"], second["sample_size"]) == (1, 150)
    wins = [30, 30 + 60]  # 3 of every 5 draws in each round
    results = minerva_rounds(Fraction(6000, 9500), [50, 150], wins, alpha="0.1")
    for risk, result in zip((first, second), results, strict=True):
        expected = 0.0 if result.stopped and result.risk is None else float(result.risk or 0.0)
        assert risk["risks"]["Alba beats Boreas"] == pytest.approx(expected)  # type: ignore[index]
    assert second["confirmed"] is results[-1].stopped


@pytest.mark.parametrize("kind", ["polling", "comparison"])
def test_alpha_audit_round_trip(files: dict[str, Path], tmp_path: Path, kind: str) -> None:
    """Two stored ALPHA rounds give the ALPHA risk of all the draws in draw order."""
    from hemicycle.audit import alpha_comparison_risk, alpha_polling_risk, plurality_assertions

    _json(_plan(files, "alp", "1618033", "--test", "alpha", "--kind", kind))
    reported = {"Alba": 6000, "Boreas": 3500}
    pair = plurality_assertions(reported)[0]
    read_in_draw_order: dict[int, tuple[str, str]] = {}
    overstated: list[tuple[str, int]] = []

    def read(index: int, draw: dict[str, object]) -> str | tuple[str, str]:
        ballot = (str(draw["batch"]), int(draw["position"]))  # type: ignore[call-overload]
        audited = "Boreas" if ballot[1] % 3 == 0 else "Alba"
        if audited == "Boreas" and not overstated:
            overstated.append(ballot)  # recorded for Alba, read for Boreas: an overstatement
        recorded = "Alba" if overstated and ballot == overstated[0] else audited
        read_in_draw_order[int(draw["draw"])] = (recorded, audited)  # type: ignore[call-overload]
        return (recorded, audited) if kind == "comparison" else audited

    risks = [_round(files, tmp_path, "alp", n, read) for n in (30, 40)]
    for risk, upto in zip(risks, (30, 70), strict=True):
        seen = [read_in_draw_order[d] for d in sorted(read_in_draw_order) if d <= upto]
        if kind == "polling":
            expected = alpha_polling_risk(pair, [a for _, a in seen], reported, 10000)
        else:
            expected = alpha_comparison_risk(pair, seen, reported, 10000)
        assert risk["risks"]["Alba beats Boreas"] == pytest.approx(expected)  # type: ignore[index]
        assert risk["sample_size"] == upto
        assert 0 < expected < 1
