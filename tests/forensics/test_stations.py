"""Reading station files: CSV, Parquet, XLSX, zipped CSV, column maps and errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from hemicycle.errors import DataError
from hemicycle.io.stations import parse_mapping, read_stations

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
