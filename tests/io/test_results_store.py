"""The embedded DuckDB store: imports, elections, outcomes with provenance, schema versions."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

import duckdb
import pytest

from hemicycle.errors import DataError
from hemicycle.io.problems import ValidationError
from hemicycle.io.results import load_results
from hemicycle.io.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError, law_hash
from tidy_files import BEIRUT, GEMAYEL, RESULTS, election, write_csv


def import_sample(
    store: Store, folder: Path, name: str = "beirut", **options: object
) -> dict[str, Path]:
    files = election(folder)
    store.import_results(
        files["results"],
        candidates=files["candidates"],
        totals=files["totals"],
        seats=files["seats"],
        election=name,
        **options,  # type: ignore[arg-type]
    )
    return files


def test_import_round_trips_and_is_listed(tmp_path: Path) -> None:
    store = Store(tmp_path / "h.duckdb")
    assert store.elections() == ()
    assert not (tmp_path / "h.duckdb").exists()  # reading creates nothing
    files = election(tmp_path / "in")
    report = store.import_results(
        files["results"],
        candidates=files["candidates"],
        totals=files["totals"],
        seats=files["seats"],
    )
    assert report.election == "results"  # the results file's name by default
    assert report.import_id == 1
    assert [s.sha256 for s in report.sources] == [
        hashlib.sha256(files[role].read_bytes()).hexdigest()
        for role in ("results", "candidates", "totals", "seats")
    ]
    expected = load_results(
        files["results"],
        candidates=files["candidates"],
        totals=files["totals"],
        seats=files["seats"],
    )
    assert store.results("results") == expected.results
    assert store.seat_table("results") == expected.seats
    (summary,) = store.elections()
    assert (summary.name, summary.result_rows, summary.districts, summary.lists) == (
        "results",
        len(RESULTS) - 1,
        2,
        3,
    )
    assert (summary.candidates, summary.stations, summary.outcomes) == (3, 0, 0)
    assert summary.sources == report.sources
    assert store.election("results") == summary
    assert store.schema_version() == SCHEMA_VERSION


def test_station_level_import(tmp_path: Path) -> None:
    results = [
        ["district", "station", "list", "candidate", "votes"],
        [BEIRUT, "1", "L", "", "5"],
        [BEIRUT, "2", "L", "", "6"],
        [BEIRUT, "2", "M", GEMAYEL, "1"],
    ]
    totals = [["district", "station", "ballots", "valid", "invalid"]]
    totals += [[BEIRUT, "1", "6", "5", "1"], [BEIRUT, "2", "9", "7", "2"]]
    files = election(tmp_path / "in", results=results, totals=totals)
    store = Store(tmp_path / "h.duckdb")
    store.import_results(files["results"], totals=files["totals"], election="stations")
    stored = store.results("stations")
    assert [(r.list, r.votes) for r in stored.rows] == [("L", 11), ("M", 1)]
    assert (stored.totals[0].ballots, stored.totals[0].valid, stored.totals[0].invalid) == (
        15,
        12,
        3,
    )
    assert store.election("stations").stations == 2


def test_an_existing_election_is_kept_unless_replaced(tmp_path: Path) -> None:
    store = Store(tmp_path / "h.duckdb")
    import_sample(store, tmp_path / "in")
    before = (tmp_path / "h.duckdb").read_bytes()
    files = election(tmp_path / "in")
    with pytest.raises(ValidationError) as caught:
        store.import_results(files["results"], election="beirut")
    assert caught.value.rule == "election_exists"
    assert (tmp_path / "h.duckdb").read_bytes() == before
    rows = [*RESULTS[:1], [BEIRUT, "L", "", "7"]]
    report = store.import_results(
        write_csv(tmp_path / "new.csv", rows), election="beirut", replace=True
    )
    assert (report.import_id, report.replaced) == (2, True)
    assert [r.votes for r in store.results("beirut").rows] == [7]
    assert store.results("beirut").candidates == ()
    assert store.election("beirut").import_id == 2


def test_bad_input_creates_no_database(tmp_path: Path) -> None:
    files = election(tmp_path / "in", results=[RESULTS[0], ["A", "L", "", "-1"]])
    with pytest.raises(ValidationError):
        Store(tmp_path / "db" / "h.duckdb").import_results(files["results"])
    assert not (tmp_path / "db").exists() or list((tmp_path / "db").iterdir()) == []


def test_standard_input_needs_a_name(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="name the election"):
        Store(tmp_path / "h.duckdb").import_results("-")


def test_outcomes_keep_their_provenance(tmp_path: Path) -> None:
    store = Store(tmp_path / "h.duckdb")
    files = import_sample(store, tmp_path / "in")
    law = 'id = "lebanon-2017"\n# القانون ٤٤\n'
    outcome = {"law": "lebanon-2017", "seats": {"لبنان القوي": 1}, "quota": "850/8"}
    saved = store.save_outcome(
        outcome, law_id="lebanon-2017", law_text=law, election="beirut", tie_break_seeds=[2018]
    )
    provenance = saved.provenance
    assert provenance.input_hashes == {
        role: hashlib.sha256(files[role].read_bytes()).hexdigest()
        for role in ("candidates", "results", "seats", "totals")
    }
    assert provenance.law_hash == hashlib.sha256(law.encode()).hexdigest() == law_hash(law)
    assert provenance.hemicycle_version == metadata.version("hemicycle")
    assert provenance.tie_break_seeds == ("2018",)
    assert store.outcomes("beirut") == (saved,)
    assert store.outcome(saved.id).outcome == outcome
    assert store.law_text("lebanon-2017") == law
    assert store.law_text("lebanon-2017", provenance.law_hash) == law
    assert store.election("beirut").outcomes == 1
    outside = store.save_outcome(
        outcome, law_id="lebanon-2017", law_text=law, input_hashes={"results": "ab" * 32}
    )
    assert outside.election is None
    assert outside.provenance.input_hashes == {"results": "ab" * 32}
    assert [o.id for o in store.outcomes()] == [saved.id, outside.id]
    assert json.loads(json.dumps(saved.as_json()))["provenance"]["law_id"] == "lebanon-2017"
    iraq = 'id = "iraq-2023"\n'
    assert store.save_law("iraq-2023", iraq) == store.save_law("iraq-2023", iraq) == law_hash(iraq)
    assert store.law_text("iraq-2023", law_hash(iraq)) == iraq
    with pytest.raises(DataError, match="no law"):
        store.law_text("iraq-2023", law_hash("another text"))


def test_outcome_errors_change_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "h.duckdb")
    import_sample(store, tmp_path / "in")
    before = (tmp_path / "h.duckdb").read_bytes()
    with pytest.raises(DataError, match="JSON"):
        store.save_outcome({"seats": {1, 2}}, law_id="x", law_text="")
    assert (tmp_path / "h.duckdb").read_bytes() == before
    with pytest.raises(DataError, match="no election named 'elsewhere'"):
        store.save_outcome({}, law_id="x", law_text="", election="elsewhere")
    assert store.outcomes() == ()
    with pytest.raises(DataError, match="no outcome 7"):
        store.outcome(7)
    with pytest.raises(DataError, match="no law"):
        store.law_text("x")
    with pytest.raises(DataError, match="no election named"):
        store.results("elsewhere")


def test_migrations_are_versioned(tmp_path: Path) -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
    path = tmp_path / "h.duckdb"
    with duckdb.connect(str(path)) as con:  # a DuckDB file another program uses
        con.execute("CREATE TABLE accounts (name VARCHAR)")
    before = path.read_bytes()
    store = Store(path)
    assert store.schema_version() == 0
    assert store.elections() == ()
    assert path.read_bytes() == before  # reading changes nothing
    import_sample(store, tmp_path / "in")
    assert store.schema_version() == SCHEMA_VERSION
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM accounts").fetchone() == (0,)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "INSERT INTO schema_migrations VALUES (?, 'from the future', now())",
            [SCHEMA_VERSION + 1],
        )
    with pytest.raises(StoreError, match="newer hemicycle"):
        store.elections()
    with pytest.raises(StoreError, match="newer hemicycle"):
        import_sample(store, tmp_path / "again")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "h.duckdb"
    path.write_text("district,list,votes\n", encoding="utf-8")
    store = Store(path, timeout=30)
    with pytest.raises(StoreError, match="not a usable database"):
        store.elections()
    with pytest.raises(StoreError, match="not a usable database"):
        import_sample(store, tmp_path / "in")
    assert path.read_text(encoding="utf-8") == "district,list,votes\n"


def test_progress_reports_each_phase_in_order(tmp_path: Path) -> None:
    files = election(tmp_path / "in")
    seen: list[tuple[str, int, int]] = []
    Store(tmp_path / "h.duckdb").import_results(
        files["results"],
        candidates=files["candidates"],
        election="e",
        progress=lambda phase, done, total: seen.append((phase, done, total)),
    )
    phases = list(dict.fromkeys(phase.split(" ")[0] for phase, _, _ in seen))
    assert phases == ["hashing", "reading", "checking", "writing"]
    size = files["results"].stat().st_size
    assert (f"hashing {files['results']}", size, size) in seen
    assert seen[-1] == ("writing", 1, 1)
    assert all(0 <= done <= total for _, done, total in seen)
