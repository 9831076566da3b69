"""``hemicycle tabulate`` and ``compare`` on an election already imported into the store: the
outcome is stored with the digests of that import, and bad combinations of sources are refused
before anything is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hemicycle.cli.app import app
from hemicycle.examples import __file__ as examples_init
from hemicycle.io.store import Store, law_hash
from hemicycle.law import load

RESULTS = Path(examples_init).parent / "iraq_2025_results.csv"
runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "h.duckdb"
    Store(db).import_results(RESULTS, election="iraq-2025")
    return db


def test_tabulate_an_imported_election_with_its_provenance(store: Path) -> None:
    from_files = runner.invoke(
        app, ["tabulate", "-l", "iraq-2023", "-r", str(RESULTS), "--partial", "-f", "json"]
    )
    result = runner.invoke(
        app,
        ["tabulate", "-l", "iraq-2023", "--db", str(store), "--election", "iraq-2025",
         "--partial", "--seed", "11", "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # the same seats as from the files the election was imported from
    assert json.loads(result.stdout) == json.loads(from_files.stdout)
    (stored,) = Store(store).outcomes("iraq-2025")
    imported = {s.role: s.sha256 for s in Store(store).election("iraq-2025").sources}
    assert stored.election == "iraq-2025"
    assert stored.outcome == json.loads(result.stdout)
    assert dict(stored.provenance.input_hashes) == imported
    assert stored.provenance.law_hash == law_hash(load("iraq-2023").text)
    assert stored.provenance.tie_break_seeds == ("11",)


def test_compare_an_imported_election_stores_each_law(store: Path) -> None:
    result = runner.invoke(
        app,
        ["compare", "-l", "iraq-2023", "-l", "iraq-2014", "--db", str(store),
         "--election", "iraq-2025", "--partial", "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["total_seats"] == {"iraq-2023": 68, "iraq-2014": 68}
    stored = Store(store).outcomes("iraq-2025")
    assert [o.provenance.law_id for o in stored] == ["iraq-2023", "iraq-2014"]
    assert payload["stored"] == {o.provenance.law_id: o.id for o in stored}
    table = runner.invoke(
        app,
        ["compare", "-l", "iraq-2023", "-l", "iraq-2018", "--db", str(store),
         "--election", "iraq-2025", "--partial"],
    )  # fmt: skip
    assert "stored as outcomes 3, 4" in table.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--election", "iraq-2025"], "--election reads from a store: give --db"),
        (["--db", "{db}", "--election", "iraq-2025", "-r", str(RESULTS)], "not both"),
        (["--candidates", str(RESULTS)], "--candidates and --totals go with --results"),
        ([], "give --results FILE, --election NAME (with --db) or --ballots FILE"),
    ],
)
def test_sources_that_do_not_go_together(store: Path, extra: list[str], message: str) -> None:
    args = [a.replace("{db}", str(store)) for a in extra]
    result = runner.invoke(app, ["tabulate", "-l", "iraq-2023", "--partial", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())
    assert len(Store(store).outcomes()) == 0


def test_an_unknown_election_is_an_error(store: Path) -> None:
    result = runner.invoke(
        app, ["tabulate", "-l", "iraq-2023", "--db", str(store), "--election", "iraq-2099"]
    )
    assert result.exit_code == 1
    assert "no election named 'iraq-2099'" in result.stderr
    assert Store(store).outcomes() == ()
