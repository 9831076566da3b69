"""Reading tidy results, candidates, totals and seat tables from CSV, Parquet and XLSX."""

from __future__ import annotations

import hashlib
import io
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hemicycle.io.results import load_results, read_results
from hemicycle.types import CandidateRow, DistrictTotals, ResultRow
from tidy_files import (
    BEIRUT,
    GEMAYEL,
    MOSCOW,
    PETROV,
    RESULTS,
    STRONG,
    election,
    write_csv,
    write_parquet,
    write_xlsx,
)


def columns(rows: list[list[str]]) -> dict[str, list[object]]:
    header, *body = rows
    return {
        name: [(int(row[i]) if name == "votes" else (row[i] or None)) for row in body]
        for i, name in enumerate(header)
    }


def test_csv_parquet_and_xlsx_read_alike(tmp_path: Path) -> None:
    csv_path = election(tmp_path)["results"]
    parquet = write_parquet(tmp_path / "r.parquet", columns(RESULTS))
    xlsx_rows: list[list[object]] = [RESULTS[0]]
    xlsx_rows += [[*row[:3], int(row[3])] for row in RESULTS[1:]]
    xlsx = write_xlsx(tmp_path / "r.xlsx", xlsx_rows)
    loaded = {path.suffix: load_results(path) for path in (csv_path, parquet, xlsx)}
    assert loaded[".csv"].results == loaded[".parquet"].results == loaded[".xlsx"].results
    assert loaded[".csv"].results.rows[1] == ResultRow(
        district=BEIRUT, list=STRONG, candidate=GEMAYEL, votes=400
    )
    assert loaded[".csv"].results.rows[0].candidate is None
    for suffix, path in ((".csv", csv_path), (".parquet", parquet), (".xlsx", xlsx)):
        (source,) = loaded[suffix].sources
        assert source.format == suffix[1:]
        assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert source.rows == len(RESULTS) - 1
    assert loaded[".csv"].input_hashes == {"results": loaded[".csv"].sources[0].sha256}


NAMES = [
    "Ахмед Ибрагимович",  # Cyrillic
    "القائمة الوطنية",  # Arabic
    "قـائمة",  # Arabic with a tatweel
    "Ве\u0301ра",  # a combining accent, not composed
    "Ve\u0301ra",  # decomposed, kept so
    "Véra",  # composed: a different name
    "\u200fقائمة\u200f",  # right-to-left marks
    "ZWNJ\u200cname",
    "  leading and trailing  ",
    'quotes "and", commas',
    "line\nbreak",
    "🇱🇧 list",
]


@pytest.mark.parametrize("kind", ["csv", "parquet", "xlsx"])
def test_names_are_kept_byte_for_byte(tmp_path: Path, kind: str) -> None:
    rows = [["district", "list", "candidate", "votes"]]
    rows += [[name, name, name, str(i)] for i, name in enumerate(NAMES)]
    if kind == "csv":
        path = write_csv(tmp_path / "r.csv", rows)
    elif kind == "parquet":
        path = write_parquet(tmp_path / "r.parquet", columns(rows))
    else:
        path = write_xlsx(tmp_path / "r.xlsx", rows)
    got = read_results(path).rows
    assert [r.district.encode() for r in got] == [n.encode() for n in NAMES]
    assert [r.list.encode() for r in got] == [n.encode() for n in NAMES]
    assert [(r.candidate or "").encode() for r in got] == [n.encode() for n in NAMES]
    assert unicodedata.normalize("NFC", got[4].list) == got[5].list != got[4].list


def test_candidates_totals_and_seats(tmp_path: Path) -> None:
    files = election(tmp_path)
    loaded = load_results(
        files["results"],
        candidates=files["candidates"],
        totals=files["totals"],
        seats=files["seats"],
    )
    people = loaded.results.candidates
    assert people[0] == CandidateRow(
        district=BEIRUT,
        list=STRONG,
        candidate=GEMAYEL,
        gender="M",
        community="Maronite",
        minor_district=None,
        rank=1,
        birth_date=date(1982, 11, 1),
    )
    assert people[2].community is None
    assert people[2].birth_date is None
    assert people[2].candidate == PETROV
    assert loaded.results.totals[1] == DistrictTotals(
        district=MOSCOW, registered=5000, ballots=1050, valid=1000, invalid=40, blank=10
    )
    assert [s.community for s in loaded.seats] == ["Maronite", "Armenian Orthodox", None]
    assert [s.role for s in loaded.sources] == ["results", "candidates", "totals", "seats"]


def test_station_rows_are_summed_in_order_of_first_appearance(tmp_path: Path) -> None:
    results = [
        ["district", "station", "list", "candidate", "votes"],
        ["A", "001", "L", "", "5"],
        ["A", "001", "M", "x", "3"],
        ["A", "002", "M", "x", "4"],
        ["A", "002", "L", "", "6"],
        ["B", "101", "L", "", "1"],
    ]
    totals = [
        ["district", "station", "ballots", "valid", "invalid"],
        ["A", "001", "9", "8", "1"],
        ["A", "002", "10", "10", "0"],
        ["B", "101", "1", "1", ""],
    ]
    files = election(tmp_path, results=results, totals=totals)
    loaded = load_results(files["results"], totals=files["totals"])
    assert loaded.results.rows == (
        ResultRow(district="A", list="L", candidate=None, votes=11),
        ResultRow(district="A", list="M", candidate="x", votes=7),
        ResultRow(district="B", list="L", candidate=None, votes=1),
    )
    assert loaded.results.totals == (
        DistrictTotals(district="A", ballots=19, valid=18, invalid=1),
        DistrictTotals(district="B", ballots=1, valid=1, invalid=None),
    )
    assert [source.station_level for source in loaded.sources] == [True, True]


def test_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = election(tmp_path)["results"].read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    loaded = load_results("-")
    assert loaded.sources[0].file == "<stdin>"
    assert loaded.sources[0].sha256 == hashlib.sha256(data).hexdigest()
    assert loaded.results.rows[-1].candidate == PETROV


def test_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("\ufeffdistrict,list,votes\r\nA,L,5\r\nA,M,6\r\n".encode())
    assert [r.votes for r in read_results(path).rows] == [5, 6]


name = st.text(
    st.characters(categories=("L", "M", "N", "P", "S", "Zs")), min_size=1, max_size=12
).filter(lambda text: text.strip(" ") != "")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(name, name, st.one_of(st.none(), name), st.integers(0, 10**15)),
        min_size=1,
        max_size=8,
        unique_by=lambda row: (row[0], row[1], row[2]),
    )
)
def test_any_valid_table_round_trips(
    tmp_path: Path, rows: list[tuple[str, str, str | None, int]]
) -> None:
    table = [["district", "list", "candidate", "votes"]]
    table += [[d, p, c or "", str(v)] for d, p, c, v in rows]
    path = write_csv(tmp_path / "r.csv", table)
    got = read_results(path).rows
    assert [(r.district, r.list, r.candidate, r.votes) for r in got] == [
        (d, p, None if c is None or c.strip(" ") == "" else c, v) for d, p, c, v in rows
    ]
