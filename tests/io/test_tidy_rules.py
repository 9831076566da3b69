"""Every rule of hemicycle.io.validate rejects its bad input, naming file, row, column and rule."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from hemicycle.errors import DataError
from hemicycle.io.problems import ValidationError
from hemicycle.io.results import LoadedResults, SeatRow, load_results, read_seat_table
from hemicycle.io.store import Store
from tidy_files import BAD, CANDIDATES, RESULTS, SEATS, TOTALS, Bad, election, write_csv


def bad_files(folder: Path, case: Bad) -> dict[str, Path]:
    files = election(folder, **case.changes)
    for role, data in case.raw.items():
        files[role].write_bytes(data)
    return files


def load(files: dict[str, Path]) -> LoadedResults:
    return load_results(
        files["results"],
        candidates=files["candidates"],
        totals=files["totals"],
        seats=files["seats"],
    )


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the sample election, to copy before each bad import."""
    folder = tmp_path_factory.mktemp("stored")
    files = election(folder / "good")
    Store(folder / "h.duckdb").import_results(
        files["results"],
        candidates=files["candidates"],
        totals=files["totals"],
        seats=files["seats"],
        election="good",
    )
    return folder / "h.duckdb"


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


@pytest.mark.parametrize("case", BAD, ids=[case.id for case in BAD])
def test_each_rule_names_file_row_column_and_rule_and_changes_nothing(
    tmp_path: Path, stored: Path, case: Bad
) -> None:
    files = bad_files(tmp_path / "input", case)
    place = tmp_path / "db"
    place.mkdir()
    shutil.copy(stored, place / "h.duckdb")
    before = fingerprint(place)
    with pytest.raises(ValidationError) as caught:
        Store(place / "h.duckdb").import_results(
            files["results"],
            candidates=files["candidates"],
            totals=files["totals"],
            seats=files["seats"],
            election="bad",
        )
    first = caught.value.problems[0]
    assert (first.file, first.row, first.column, first.rule) == (
        str(files[case.file]),
        case.row,
        case.column,
        case.rule,
    )
    assert isinstance(caught.value, DataError)
    assert f"[{case.rule}]" in str(caught.value)
    assert str(caught.value).startswith(str(files[case.file]))
    assert fingerprint(place) == before  # byte for byte, and no new file beside it


def test_the_sample_election_is_valid(tmp_path: Path) -> None:
    loaded = load_results(**{"results": election(tmp_path)["results"]})
    assert len(loaded.results.rows) == len(RESULTS) - 1
    files = election(tmp_path)
    assert len(load(files).results.candidates) == len(CANDIDATES) - 1


def test_all_problems_are_listed_in_file_and_row_order(tmp_path: Path) -> None:
    rows = [RESULTS[0]] + [[f"D{i}", "L", "", str(-i)] for i in range(1, 8)]
    files = election(tmp_path, results=rows)
    with pytest.raises(ValidationError) as caught:
        load_results(files["results"])
    problems = caught.value.problems
    assert [p.row for p in problems] == list(range(2, 9))
    assert {p.rule for p in problems} == {"negative"}
    assert "(and 6 more problems)" in str(caught.value)


def test_problems_are_capped(tmp_path: Path) -> None:
    rows = [RESULTS[0]] + [[f"D{i}", "L", "", "x"] for i in range(500)]
    files = election(tmp_path, results=rows)
    with pytest.raises(ValidationError) as caught:
        load_results(files["results"], max_problems=25)
    assert len(caught.value.problems) == 25
    assert caught.value.problems[-1].row == 26


def test_rows_count_lines_across_blank_lines_and_quoted_line_breaks(tmp_path: Path) -> None:
    text = 'district,list,candidate,votes\nA,"List\nwith a line break",,1\n\nA,B,,2\nA,C,,-4\n'
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_results(path)
    assert caught.value.row == 6
    assert caught.value.column == "votes"


def test_a_bad_row_deep_in_a_large_file_is_found_at_its_line(tmp_path: Path) -> None:
    # Large enough for DuckDB to parse the file in several parallel chunks.
    rows = [RESULTS[0]] + [["D", f"L{i}", "", "7"] for i in range(200_000)]
    rows[150_000][3] = "7.5"
    path = write_csv(tmp_path / "big.csv", rows)
    with pytest.raises(ValidationError) as caught:
        load_results(path)
    assert (caught.value.row, caught.value.rule) == (150_001, "not_whole_number")
    assert caught.value.problems[0].message == "votes must be a whole number (got '7.5')"


def test_duplicate_names_the_first_row(tmp_path: Path) -> None:
    rows = [*RESULTS, RESULTS[3]]
    files = election(tmp_path, results=rows)
    with pytest.raises(ValidationError) as caught:
        load_results(files["results"])
    assert caught.value.problems[0].message == "the same district, list and candidate as row 4"


def test_semicolons_are_pointed_out(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("district;list;votes\nA;L;5\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_results(path)
    assert caught.value.rule == "unknown_column"
    assert "separated by ';'" in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        load_results(tmp_path / "nowhere.csv")
    assert caught.value.rule == "missing_file"


def test_station_not_in_the_station_totals(tmp_path: Path) -> None:
    results = [
        ["district", "station", "list", "votes"],
        ["A", "1", "L", "5"],
        ["A", "2", "L", "6"],
    ]
    totals = [["district", "station", "valid"], ["A", "1", "5"]]
    files = election(tmp_path, results=results, totals=totals)
    with pytest.raises(ValidationError) as caught:
        load_results(files["results"], totals=files["totals"])
    first = caught.value.problems[0]
    assert (first.row, first.column, first.rule) == (3, "station", "unknown_station")


def test_station_totals_add_up_per_station(tmp_path: Path) -> None:
    results = [
        ["district", "station", "list", "votes"],
        ["A", "1", "L", "5"],
        ["A", "2", "L", "6"],
        ["A", "2", "M", "1"],
    ]
    totals = [["district", "station", "valid"], ["A", "1", "6"], ["A", "2", "6"]]
    files = election(tmp_path, results=results, totals=totals)
    with pytest.raises(ValidationError) as caught:
        load_results(files["results"], totals=files["totals"])
    problems = [(p.row, p.rule, p.message) for p in caught.value.problems]
    assert problems == [
        (
            2,
            "votes_do_not_add_up",
            f"6 valid ballots but the votes in {files['results']} add up to 5",
        ),
        (
            3,
            "votes_do_not_add_up",
            f"6 valid ballots but the votes in {files['results']} add up to 7",
        ),
    ]


def test_seat_table_given_as_rows(tmp_path: Path) -> None:
    files = election(tmp_path)
    rows = read_seat_table(files["seats"])
    assert rows[0] == SeatRow(district="بيروت الأولى", seats=1, community="Maronite")
    loaded = load_results(files["results"], candidates=files["candidates"], seats=rows)
    assert loaded.seats == rows
    with pytest.raises(ValidationError) as caught:
        load_results(files["results"], candidates=files["candidates"], seats=rows[:1] + rows[2:])
    assert caught.value.rule == "community_without_seat"
    assert caught.value.problems[0].message.startswith("<seat table> gives no seat")


def test_parquet_types(tmp_path: Path) -> None:
    import pyarrow as pa

    from tidy_files import write_parquet

    good = write_parquet(
        tmp_path / "good.parquet",
        {"district": ["A", "A"], "list": ["L", "M"], "votes": [12.0, 3.0]},
    )
    assert [r.votes for r in load_results(good).results.rows] == [12, 3]
    fraction = write_parquet(
        tmp_path / "fraction.parquet",
        {"district": ["A", "A"], "list": ["L", "M"], "votes": [12.0, 3.5]},
    )
    with pytest.raises(ValidationError) as caught:
        load_results(fraction)
    assert (caught.value.row, caught.value.rule) == (2, "not_whole_number")
    negative = write_parquet(
        tmp_path / "negative.parquet",
        {"district": ["A", "A", "A"], "list": ["L", "M", "N"], "votes": [1, 2, -3]},
    )
    with pytest.raises(ValidationError) as caught:
        load_results(negative)
    assert (caught.value.row, caught.value.rule) == (3, "negative")
    flags = write_parquet(
        tmp_path / "flags.parquet",
        {"district": ["A"], "list": ["L"], "votes": [True]},
        {"votes": pa.bool_()},
    )
    with pytest.raises(ValidationError) as caught:
        load_results(flags)
    assert (caught.value.row, caught.value.column, caught.value.rule) == (
        None,
        "votes",
        "wrong_type",
    )


def test_xlsx_rows_are_the_sheet_rows(tmp_path: Path) -> None:
    from tidy_files import write_xlsx

    rows: list[list[object]] = [["district", "list", "candidate", "votes"], ["A", "L", None, 5]]
    rows += [[None, None, None, None], ["A", "M", None, -2]]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    with pytest.raises(ValidationError) as caught:
        load_results(path)
    assert (caught.value.row, caught.value.rule) == (4, "negative")


def test_damaged_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ValidationError) as caught:
        load_results(path)
    assert caught.value.rule == "malformed_file"


def test_seats_totals_and_candidates_unchanged_by_validation(tmp_path: Path) -> None:
    files = election(tmp_path)
    loaded = load(files)
    assert loaded.results.totals[1].valid == 1000
    assert [row[0] for row in SEATS[1:]] == [s.district for s in loaded.seats]
    assert len(TOTALS) - 1 == len(loaded.results.totals)
