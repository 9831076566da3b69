"""Ranked ballots of several districts (``hemicycle tabulate --ballots``): a CSV with a district
column, or a folder or zip of ballot files named by district; every bad input is refused with
its file, row and column."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from hemicycle.errors import DataError
from hemicycle.io.district_ballots import read_district_ballots

BLT = '3 2\n4 1 2 0\n3 2 0\n2 3 1 0\n0\n"Ann"\n"Bo"\n"Cy"\n"North"\n'


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_ballots_grouped_by_district(tmp_path: Path) -> None:
    text = "district,weight,rank1,rank2\nNorth,3,Ann,Bo\nSouth,,Cy,\nNorth,2,Bo,\n"
    read = read_district_ballots(_write(tmp_path / "b.csv", text))
    assert list(read.districts) == ["North", "South"]
    assert read.districts["North"].rankings == ((("Ann", "Bo"), 3), (("Bo",), 2))
    assert read.districts["South"].rankings == ((("Cy",), 1),)
    assert len(read.sha256) == 64


def test_folder_and_zip_give_the_same_ballots(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    _write(folder / "North.blt", BLT)
    _write(folder / "South.csv", "weight,rank1\n5,Dee\n")
    _write(folder / ".DS_Store", "")
    archive = tmp_path / "b.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("North.blt", BLT)
        zipped.writestr("South.csv", "weight,rank1\n5,Dee\n")
    from_folder = read_district_ballots(folder)
    from_zip = read_district_ballots(archive)
    assert sorted(from_folder.districts) == sorted(from_zip.districts) == ["North", "South"]
    for name in ("North", "South"):
        assert from_folder.districts[name].rankings == from_zip.districts[name].rankings
    assert from_folder.districts["North"].seats == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("weight,rank1\n1,Ann\n", "b.csv: row 1: missing column 'district'"),
        ("district,rank1,rank3\nN,Ann,Bo\n", "b.csv: row 1, column 'rank3': expected column"),
        ("district,rank1,rank2\nN,,Bo\n", "b.csv: row 2, column 'rank2': preference after an"),
        ("district,rank1,rank2\nN,Ann,Ann\n", "b.csv: row 2, column 'rank2': candidate 'Ann' is"),
        ("district,weight,rank1\nN,0,Ann\n", "b.csv: row 2, column 'weight': weight must be >= 1"),
        ("district,weight,rank1\nN,-2,Ann\n", "b.csv: row 2, column 'weight': must be a non-neg"),
        ("district,rank1\n,Ann\n", "b.csv: row 2, column 'district': district is empty"),
        ("district,rank1\nN,\n", "b.csv: row 2, column 'rank1': ranks no candidate"),
        ("district,rank1\n", "b.csv: file has a header but no ballots"),
        ("district,rank1\nN,Ann,Bo\n", "b.csv: row 2: has 3 cells, the header has 2"),
    ],
)
def test_bad_csv_rows(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataError) as error:
        read_district_ballots(_write(tmp_path / "b.csv", text))
    assert str(error.value).replace(str(tmp_path) + "/", "").startswith(message)


def test_bad_folders_and_archives(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    with pytest.raises(DataError, match="holds no ballot files"):
        read_district_ballots(folder)
    _write(folder / "notes.txt", "x")
    with pytest.raises(DataError, match=r"holds 'notes\.txt': expected ballot files"):
        read_district_ballots(folder)
    (folder / "notes.txt").unlink()
    _write(folder / "North.blt", BLT.replace("4 1 2 0", "4 1 9 0"))
    with pytest.raises(DataError, match=r"North\.blt: row 2, column 'preference 2': candidate"):
        read_district_ballots(folder)
    _write(folder / "North.blt", BLT)
    _write(folder / "North.csv", "weight,rank1\n1,Ann\n")
    with pytest.raises(DataError, match="two ballot files are named for district 'North'"):
        read_district_ballots(folder)
    broken = _write(tmp_path / "b.zip", "not a zip")
    with pytest.raises(DataError, match="is not a readable zip archive"):
        read_district_ballots(broken)
    with pytest.raises(DataError, match="file not found"):
        read_district_ballots(tmp_path / "missing.csv")
