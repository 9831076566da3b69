"""Reading station files: CSV, Parquet, XLSX, zipped CSV, column maps and errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from hemicycle.errors import DataError
from hemicycle.forensics import simulate
from hemicycle.forensics.simulate import SimulatedStations
from hemicycle.io.stations import parse_mapping, read_stations, read_store_stations
from hemicycle.io.store import Store

CSV = (
    "uik,oblast,voters,early,on_day,good,spoilt,Единая Россия,КПРФ\n"
    "1,Адыгея,2609,0,1796,1792,4,1242,472\n"
    "2,Адыгея,2594,0,1574,1515,59,822,693\n"
)
MAP = {
    "unit": "uik",
    "region": "oblast",
    "registered": "voters",
    "issued": "early + on_day",
    "valid": "good",
    "invalid": "spoilt",
    "cast": "good + spoilt",
}


def test_column_map_with_sums_and_cyrillic(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(CSV, encoding="utf-8")
    table = read_stations(path, mapping=MAP)
    assert table.lists == ("Единая Россия", "КПРФ")
    assert table.issued is not None
    assert table.issued.tolist() == [1796, 1574]
    assert table.cast is not None
    assert table.cast.tolist() == [1796, 1574]
    assert table.regions["region"].tolist() == ["Адыгея", "Адыгея"]
    assert table.units.tolist() == [1, 2]
    assert table.blank is None
    assert table.sources["issued"] == "early + on_day"
    assert table.list_votes("КПРФ").tolist() == [472, 693]


def test_zip_xlsx_and_parquet_agree(tmp_path: Path) -> None:
    csv_path = tmp_path / "s.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "s.csv.zip", "w") as archive:
        archive.write(csv_path, "s.csv")
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for line in CSV.splitlines():
        sheet.append([int(c) if c.isdigit() else c for c in line.split(",")])
    book.save(tmp_path / "s.xlsx")
    pa_csv = pytest.importorskip("pyarrow.csv")
    import pyarrow.parquet as pq

    pq.write_table(pa_csv.read_csv(csv_path), tmp_path / "s.parquet")
    tables = [
        read_stations(tmp_path / name, mapping=MAP)
        for name in ("s.csv", "s.csv.zip", "s.xlsx", "s.parquet")
    ]
    for table in tables[1:]:
        assert np.array_equal(table.votes, tables[0].votes)
        assert table.lists == tables[0].lists
        assert np.array_equal(table.registered, tables[0].registered)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("uik,voters,A\n1,100,5\n2,-3,4\n", "row 3, column 'voters': must be a non-negative"),
        ("uik,voters,A\n1,100,5\n2,7.5,4\n", "row 3, column 'voters'"),
        ("uik,voters,A\n1,100,5\n2,,4\n", "row 3, column 'voters'"),
        ("uik,voters,A\n1,100,x\n", "row 2, column 'A'"),
    ],
)
def test_bad_counts_name_the_cell(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message) as caught:
        read_stations(path, mapping={"unit": "uik", "registered": "voters"})
    assert caught.value.file == str(path)


def test_errors_in_maps_and_files(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(CSV, encoding="utf-8")
    with pytest.raises(DataError, match="unknown field 'turnout'"):
        read_stations(path, mapping={"turnout": "voters"})
    with pytest.raises(DataError, match="missing column 'nope'"):
        read_stations(path, mapping={"registered": "voters + nope"})
    with pytest.raises(DataError, match="no column matches the list pattern"):
        read_stations(path, mapping=MAP, lists=["*Яблоко*"])
    with pytest.raises(DataError, match="file not found"):
        read_stations(tmp_path / "missing.csv")
    with pytest.raises(DataError, match="FIELD=COLUMN"):
        parse_mapping(["registered"])
    (tmp_path / "two.zip").write_bytes(b"")
    with pytest.raises(DataError, match="zip"):
        read_stations(tmp_path / "two.zip")


def test_list_patterns(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(CSV, encoding="utf-8")
    table = read_stations(path, mapping=MAP, lists=["*Росс*"])
    assert table.lists == ("Единая Россия",)


# -- the results database ----------------------------------------------------------------------

STORE_LISTS = ("Party A", "Party B", "Party C", "Party D")


def _import(folder: Path, stations: SimulatedStations, *, name: str = "sim") -> Path:
    """Store simulated stations as station-level results and totals (ballots = cast)."""
    results = ["district,station,list,candidate,votes"]
    totals = ["district,station,registered,ballots,valid,invalid"]
    for i in range(len(stations)):
        district = stations.regions[i]
        results.extend(
            f"{district},S{i},{party},,{stations.votes[i, j]}"
            for j, party in enumerate(STORE_LISTS)
        )
        totals.append(
            f"{district},S{i},{stations.registered[i]},{stations.cast[i]},"
            f"{stations.valid[i]},{stations.invalid[i]}"
        )
    (folder / "r.csv").write_text("\n".join(results) + "\n", encoding="utf-8")
    (folder / "t.csv").write_text("\n".join(totals) + "\n", encoding="utf-8")
    db = folder / "h.duckdb"
    Store(db).import_results(folder / "r.csv", totals=folder / "t.csv", election=name)
    return db


def test_store_round_trip(tmp_path: Path) -> None:
    stations = simulate.clean_stations(120, seed=5, regions=3)
    db = _import(tmp_path, stations)
    table = read_store_stations(db, "sim")
    assert len(table) == 120
    assert table.lists == STORE_LISTS
    assert table.units.tolist() == [f"S{i}" for i in range(120)]
    assert table.regions["district"].tolist() == stations.regions.tolist()
    assert table.rows.tolist() == [1 + 4 * i for i in range(120)]  # first record of each
    assert (table.votes == stations.votes).all()
    assert table.registered is not None
    assert table.cast is not None
    assert table.valid is not None
    assert (table.registered == stations.registered).all()
    assert (table.cast == stations.cast).all()
    assert (table.valid == stations.valid).all()
    assert table.issued is None  # the store has no ballots issued
    assert table.blank is None
    assert table.sources["cast"] == "ballots"
    some = read_store_stations(db, "sim", lists=["*B", "*D"])
    assert some.lists == ("Party B", "Party D")
    assert (some.votes == stations.votes[:, [1, 3]]).all()


def test_store_sums_candidates_into_lists_and_names_repeated_stations(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text(
        "district,station,list,candidate,votes\n"
        "North,1,Blue,,10\nNorth,1,Blue,Ann,25\nNorth,1,Red,Bob,40\n"
        "South,1,Red,,7\nSouth,2,Blue,Cy,3\n",
        encoding="utf-8",
    )
    db = tmp_path / "h.duckdb"
    Store(db).import_results(tmp_path / "r.csv", election="e")
    table = read_store_stations(db, "e")
    assert table.lists == ("Blue", "Red")
    assert table.units.tolist() == ["North/1", "South/1", "South/2"]
    assert table.votes.tolist() == [[35, 40], [0, 7], [3, 0]]
    assert table.registered is None  # no totals were imported
    assert table.cast is None


def test_store_errors(tmp_path: Path) -> None:
    db = _import(tmp_path, simulate.clean_stations(20, seed=6, regions=2))
    with pytest.raises(DataError, match="nobody"):
        read_store_stations(db, "nobody")
    with pytest.raises(DataError, match=r"no list of election 'sim' matches the pattern 'Z\*'"):
        read_store_stations(db, "sim", lists=["Z*"])
    (tmp_path / "d.csv").write_text(
        "district,list,candidate,votes\nNorth,Blue,,10\n", encoding="utf-8"
    )
    Store(db).import_results(tmp_path / "d.csv", election="by-district")
    with pytest.raises(DataError, match="per district, not per polling station"):
        read_store_stations(db, "by-district")
