"""``hemicycle audit plan|sample|record|risk --kind batch`` (MACRO) end to end."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from hemicycle.cli.app import app

runner = CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    results = tmp_path / "results.csv"
    results.write_text("name,votes\nAlba,1200\nBoreas,800\n", encoding="utf-8")
    manifest = tmp_path / "batches.csv"
    manifest.write_text(
        "jurisdiction,batch,ballots,Alba,Boreas\n"
        + "".join(f"Tsolo,pct {i},100,60,40\n" for i in range(1, 21)),
        encoding="utf-8",
    )
    return {"results": results, "manifest": manifest, "db": tmp_path / "audit.duckdb"}


def _run(args: list[str]) -> dict[str, object]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


def _plan(files: dict[str, Path], name: str = "county") -> dict[str, object]:
    return _run(
        [
            "audit",
            "plan",
            str(files["results"]),
            "--kind",
            "batch",
            "--manifest",
            str(files["manifest"]),
            "--audit",
            name,
            "--seed",
            "31415926535",
            "--db",
            str(files["db"]),
        ]
    )


def _counts(path: Path, draws: list[dict[str, object]], alba: int = 60) -> Path:
    lines = ["jurisdiction,batch,Alba,Boreas"]
    lines += sorted({f"{d['jurisdiction']},{d['batch']},{alba},{100 - alba}" for d in draws})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_batch_audit_round_trip(files: dict[str, Path], tmp_path: Path) -> None:
    db = str(files["db"])
    plan = _plan(files)
    assert (plan["kind"], plan["test"], plan["batches"], plan["ballots"]) == (
        "batch",
        "macro",
        20,
        2000,
    )
    # U = 20 · (20 + 100) / 400 = 6, so ⌈ln 0.1 / ln(5/6)⌉ = 13 draws without errors.
    assert plan["sample_size"] == 13
    drawn = _run(["audit", "sample", "--audit", "county", "--size", "8", "--db", db])
    draws = drawn["draws"]
    assert isinstance(draws, list)
    assert [d["draw"] for d in draws] == list(range(1, 9))
    assert all(d["jurisdiction"] == "Tsolo" for d in draws)
    recorded = _run(
        [
            "audit",
            "record",
            "--audit",
            "county",
            str(_counts(tmp_path / "r1.csv", draws)),
            "--db",
            db,
        ]
    )
    assert recorded["missing"] == 0
    first = _run(["audit", "risk", "--audit", "county", "--db", db])
    assert first["risk_limit"] == "1/10"
    assert first["max_risk"] == pytest.approx((5 / 6) ** 8)
    assert first["confirmed"] is False
    more = _run(["audit", "sample", "--audit", "county", "--size", "5", "--db", db])["draws"]
    assert isinstance(more, list)
    assert [d["draw"] for d in more] == list(range(9, 14))
    _run(
        [
            "audit",
            "record",
            "--audit",
            "county",
            str(_counts(tmp_path / "r2.csv", more)),
            "--db",
            db,
        ]
    )
    second = _run(["audit", "risk", "--audit", "county", "--db", db])
    assert second["round"] == 2
    assert second["max_risk"] == pytest.approx((5 / 6) ** 13)
    assert second["confirmed"] is True
    with duckdb.connect(db) as con:
        rounds = con.execute(
            "SELECT round, size, confirmed FROM audit_rounds ORDER BY 1"
        ).fetchall()
        counted = con.execute(
            "SELECT count(DISTINCT batch) FROM audit_batch_votes WHERE source = 'audited'"
        ).fetchone()
    assert rounds == [(1, 8, False), (2, 13, True)]
    assert counted is not None
    assert counted[0] == len({d["batch"] for d in [*draws, *more]})


def test_full_count_that_overturns(files: dict[str, Path], tmp_path: Path) -> None:
    db = str(files["db"])
    _plan(files)
    drawn = _run(["audit", "sample", "--audit", "county", "--size", "20", "--db", db])
    draws = drawn["draws"]
    assert isinstance(draws, list)
    assert drawn["full_count"] is True
    assert sorted(d["batch"] for d in draws) == sorted(f"pct {i}" for i in range(1, 21))
    _run(
        [
            "audit",
            "record",
            "--audit",
            "county",
            str(_counts(tmp_path / "all.csv", draws, 40)),
            "--db",
            db,
        ]
    )
    risk = _run(["audit", "risk", "--audit", "county", "--db", db])
    assert (risk["full_count"], risk["overturned"], risk["confirmed"]) == (True, True, False)
    table = runner.invoke(app, ["audit", "risk", "--audit", "county", "--db", db])
    assert "contradicts the reported outcome" in table.stdout


def test_plan_table_and_csv(files: dict[str, Path]) -> None:
    base = ["audit", "plan", str(files["results"]), "--kind", "batch"]
    table = runner.invoke(app, [*base, "--manifest", str(files["manifest"])])
    assert table.exit_code == 0, table.output
    assert "draw 13 of 20 batches" in table.stdout
    csv_out = runner.invoke(app, [*base, "--manifest", str(files["manifest"]), "--format", "csv"])
    assert csv_out.stdout.splitlines() == [
        "assertion,winner_votes,loser_votes,share,margin,overturn_ballots,batches",
        "Alba beats Boreas,1200,800,1/2,1/5,200,13",
    ]


def _tables(db: Path) -> list[tuple[str, int]]:
    if not db.exists():
        return []
    with duckdb.connect(str(db)) as con:
        names = [r[0] for r in con.execute("SHOW TABLES").fetchall()]
        return [(n, con.execute(f"SELECT count(*) FROM {n}").fetchone()[0]) for n in names]  # type: ignore[index]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("batch,ballots,Alba\npct 1,100,60\n", "missing column 'Boreas'"),
        ("batch,ballots,Alba,Boreas,Zed\npct 1,100,60,40,0\n", "column 'Zed'"),
        ("batch,ballots,Alba,Boreas\npct 1,100,60,-4\n", "row 2, column 'Boreas'"),
        ("batch,ballots,Alba,Boreas\npct 1,50,60,40\n", "row 2, column 'ballots'"),
        ("batch,ballots,Alba,Boreas\npct 1,100,60,40\npct 1,100,60,40\n", "row 3, column 'batch'"),
        ("batch,ballots,Alba,Boreas\npct 1,1000,600,400\n", "the batches give Alba 600 votes"),
    ],
)
def test_bad_manifest_writes_nothing(
    files: dict[str, Path], tmp_path: Path, content: str, expected: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    args = ["audit", "plan", str(files["results"]), "--kind", "batch", "--manifest", str(bad)]
    result = runner.invoke(app, [*args, "--audit", "x", "--seed", "1", "--db", str(files["db"])])
    assert result.exit_code == 1
    assert expected in result.stderr
    assert all(count == 0 for _, count in _tables(files["db"]))


def test_bad_counts_write_nothing(files: dict[str, Path], tmp_path: Path) -> None:
    db = str(files["db"])
    _plan(files)
    draws = _run(["audit", "sample", "--audit", "county", "--size", "3", "--db", db])["draws"]
    assert isinstance(draws, list)
    drawn = sorted({str(d["batch"]) for d in draws})
    undrawn = next(f"pct {i}" for i in range(1, 21) if f"pct {i}" not in drawn)
    cases = [
        (
            f"jurisdiction,batch,Alba,Boreas\nTsolo,{drawn[0]},60,40\nTsolo,{undrawn},60,40\n",
            "row 3, column 'batch': batch",
        ),
        (f"jurisdiction,batch,Alba,Boreas\nTsolo,{drawn[0]},6x,40\n", "row 2, column 'Alba'"),
        ("jurisdiction,batch,Alba,Boreas\nTsolo,pct 99,60,40\n", "not in the manifest"),
        ("jurisdiction,batch,Alba\nTsolo,pct 1,60\n", "missing column 'Boreas'"),
        (
            f"jurisdiction,batch,Alba,Boreas\nTsolo,{drawn[0]},60,40\nTsolo,{drawn[0]},60,40\n",
            "appears twice",
        ),
    ]
    for content, expected in cases:
        bad = tmp_path / "counts.csv"
        bad.write_text(content, encoding="utf-8")
        result = runner.invoke(app, ["audit", "record", "--audit", "county", str(bad), "--db", db])
        assert result.exit_code == 1, content
        assert expected in result.stderr, result.stderr
    with duckdb.connect(db) as con:
        audited = con.execute(
            "SELECT count(*) FROM audit_batch_votes WHERE source = 'audited'"
        ).fetchone()
    assert audited == (0,)
    result = runner.invoke(app, ["audit", "risk", "--audit", "county", "--db", db])
    assert result.exit_code == 1
    assert "not counted yet" in result.stderr


def test_batch_usage_errors(files: dict[str, Path]) -> None:
    base = ["audit", "plan", str(files["results"]), "--kind", "batch"]
    no_manifest = runner.invoke(app, base)
    assert no_manifest.exit_code == 1
    assert "needs --manifest" in no_manifest.stderr
    wrong_test = runner.invoke(
        app, [*base, "--manifest", str(files["manifest"]), "--test", "bravo"]
    )
    assert wrong_test.exit_code == 1
    assert "uses macro" in wrong_test.stderr
    no_seed = runner.invoke(app, [*base, "--manifest", str(files["manifest"]), "--audit", "x"])
    assert no_seed.exit_code == 1
    assert "needs --seed" in no_seed.stderr


def test_existing_name_adds_no_batches(files: dict[str, Path]) -> None:
    _plan(files)
    again = runner.invoke(
        app,
        [
            "audit",
            "plan",
            str(files["results"]),
            "--kind",
            "batch",
            "--manifest",
            str(files["manifest"]),
            "--audit",
            "county",
            "--seed",
            "2",
            "--db",
            str(files["db"]),
        ],
    )
    assert again.exit_code == 1
    assert "exists already" in again.stderr
    assert ("audit_batches", 20) in _tables(files["db"])
    assert ("audit_batch_votes", 40) in _tables(files["db"])
