"""``hemicycle audit plan|sample|record|risk`` end to end on a temporary database."""

from __future__ import annotations

import json
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
        csv_out.stdout.splitlines()[0] == "assertion,winner_votes,loser_votes,share,margin,asn,p90"
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
