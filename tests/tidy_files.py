"""A small valid election in tidy files, and the bad variants each rule must reject.

Names are in Arabic and Cyrillic script (Beirut I as in the 2018 booklet; a Moscow district) so
that every test also checks that names are kept byte for byte.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BEIRUT = "بيروت الأولى"
STRONG = "لبنان القوي"
TOGETHER = "كلنا وطني"
GEMAYEL = "نديم الجميل"
YACOUBIAN = "بولا يعقوبيان"
MOSCOW = "Москва"
UNITED = "Единая Россия"
PETROV = "Иван Петров"

RESULTS = [
    ["district", "list", "candidate", "votes"],
    [BEIRUT, STRONG, "", "100"],
    [BEIRUT, STRONG, GEMAYEL, "400"],
    [BEIRUT, TOGETHER, "", "50"],
    [BEIRUT, TOGETHER, YACOUBIAN, "250"],
    [MOSCOW, UNITED, "", "900"],
    [MOSCOW, UNITED, PETROV, "100"],
]
CANDIDATES = [
    [
        "district",
        "list",
        "candidate",
        "gender",
        "community",
        "minor_district",
        "rank",
        "birth_date",
    ],
    [BEIRUT, STRONG, GEMAYEL, "M", "Maronite", "", "1", "1982-11-01"],
    [BEIRUT, TOGETHER, YACOUBIAN, "F", "Armenian Orthodox", "", "1", "1976-02-21"],
    [MOSCOW, UNITED, PETROV, "M", "", "", "1", ""],
]
SEATS = [
    ["district", "community", "seats"],
    [BEIRUT, "Maronite", "1"],
    [BEIRUT, "Armenian Orthodox", "3"],
    [MOSCOW, "", "2"],
]
TOTALS = [
    ["district", "registered", "ballots", "valid", "invalid", "blank"],
    [BEIRUT, "10000", "850", "800", "30", "20"],
    [MOSCOW, "5000", "1050", "1000", "40", "10"],
]
TABLES = {"results": RESULTS, "candidates": CANDIDATES, "seats": SEATS, "totals": TOTALS}


def write_csv(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def write_parquet(
    path: Path, columns: Mapping[str, Sequence[Any]], types: Mapping[str, Any] | None = None
) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = {
        name: pa.array(values, type=(types or {}).get(name)) for name, values in columns.items()
    }
    pq.write_table(pa.table(arrays), path)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def election(folder: Path, **changes: Sequence[Sequence[object]]) -> dict[str, Path]:
    """The four CSV files of the sample election in ``folder``, with tables replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {**TABLES, **changes}
    return {role: write_csv(folder / f"{role}.csv", rows) for role, rows in tables.items()}


def replaced(table: list[list[str]], row: int, column: str, value: str) -> list[list[str]]:
    """``table`` with one cell changed (``row`` counts the header as row 1)."""
    copy = [list(line) for line in table]
    copy[row - 1][copy[0].index(column)] = value
    return copy


def appended(table: list[list[str]], *rows: list[str]) -> list[list[str]]:
    return [list(line) for line in table] + [list(row) for row in rows]


@dataclass(frozen=True)
class Bad:
    """A bad variant of the sample election and the first problem it must produce."""

    id: str
    changes: dict[str, list[list[str]]]
    file: str
    row: int | None
    column: str | None
    rule: str
    raw: dict[str, bytes] = field(default_factory=dict)  # files written byte for byte


BAD: tuple[Bad, ...] = (
    Bad(
        "negative",
        {"results": replaced(RESULTS, 3, "votes", "-3")},
        "results",
        3,
        "votes",
        "negative",
    ),
    Bad(
        "fraction",
        {"results": replaced(RESULTS, 2, "votes", "12.5")},
        "results",
        2,
        "votes",
        "not_whole_number",
    ),
    Bad(
        "words",
        {"results": replaced(RESULTS, 4, "votes", "fifty")},
        "results",
        4,
        "votes",
        "not_whole_number",
    ),
    Bad(
        "exponent",
        {"results": replaced(RESULTS, 4, "votes", "1e3")},
        "results",
        4,
        "votes",
        "not_whole_number",
    ),
    Bad(
        "arabic digits",
        {"results": replaced(RESULTS, 4, "votes", "٥٠")},
        "results",
        4,
        "votes",
        "not_whole_number",
    ),
    Bad(
        "huge",
        {"results": replaced(RESULTS, 5, "votes", "9" * 20)},
        "results",
        5,
        "votes",
        "too_large",
    ),
    Bad(
        "no votes",
        {"results": replaced(RESULTS, 6, "votes", "")},
        "results",
        6,
        "votes",
        "missing_value",
    ),
    Bad(
        "no district",
        {"results": replaced(RESULTS, 6, "district", "")},
        "results",
        6,
        "district",
        "missing_value",
    ),
    Bad(
        "blank list",
        {"results": replaced(RESULTS, 7, "list", "   ")},
        "results",
        7,
        "list",
        "missing_value",
    ),
    Bad(
        "duplicate",
        {"results": appended(RESULTS, [BEIRUT, STRONG, GEMAYEL, "1"])},
        "results",
        8,
        "candidate",
        "duplicate_row",
    ),
    Bad(
        "unknown district",
        {"results": replaced(RESULTS, 6, "district", "Moscow")},
        "results",
        6,
        "district",
        "unknown_district",
    ),
    Bad(
        "unknown list",
        {"results": replaced(RESULTS, 6, "list", "Единая")},
        "results",
        6,
        "list",
        "unknown_list",
    ),
    Bad(
        "candidate on another list",
        {"results": replaced(RESULTS, 5, "candidate", GEMAYEL)},
        "results",
        5,
        "candidate",
        "candidate_not_on_list",
    ),
    Bad(
        "rank zero",
        {"candidates": replaced(CANDIDATES, 2, "rank", "0")},
        "candidates",
        2,
        "rank",
        "not_positive",
    ),
    Bad(
        "date",
        {"candidates": replaced(CANDIDATES, 3, "birth_date", "21/02/1976")},
        "candidates",
        3,
        "birth_date",
        "not_a_date",
    ),
    Bad(
        "impossible date",
        {"candidates": replaced(CANDIDATES, 3, "birth_date", "1976-02-30")},
        "candidates",
        3,
        "birth_date",
        "not_a_date",
    ),
    Bad(
        "same rank",
        {
            "candidates": appended(
                CANDIDATES, [BEIRUT, STRONG, "سليم", "M", "Maronite", "", "1", ""]
            )
        },
        "candidates",
        5,
        "rank",
        "duplicate_rank",
    ),
    Bad(
        "sect without seat",
        {"candidates": replaced(CANDIDATES, 3, "community", "Druze")},
        "candidates",
        3,
        "community",
        "community_without_seat",
    ),
    Bad(
        "district without seats", {"seats": SEATS[:3]}, "results", 6, "district", "unknown_district"
    ),
    Bad(
        "minor district",
        {
            "seats": [
                ["district", "minor_district", "community", "seats"],
                [BEIRUT, "Achrafieh", "Maronite", "1"],
                [BEIRUT, "Achrafieh", "Armenian Orthodox", "3"],
                [MOSCOW, "", "", "2"],
            ]
        },
        "candidates",
        2,
        "minor_district",
        "unknown_minor_district",
    ),
    Bad(
        "more ballots than voters",
        {"totals": replaced(TOTALS, 2, "registered", "849")},
        "totals",
        2,
        "ballots",
        "ballots_exceed_registered",
    ),
    Bad(
        "ballots do not add up",
        {"totals": replaced(TOTALS, 3, "ballots", "1051")},
        "totals",
        3,
        "ballots",
        "ballots_do_not_add_up",
    ),
    Bad(
        "votes do not add up",
        {"totals": replaced(replaced(TOTALS, 3, "valid", "999"), 3, "invalid", "41")},
        "totals",
        3,
        "valid",
        "votes_do_not_add_up",
    ),
    Bad(
        "votes and ballots",
        {
            "totals": [
                ["district", "ballots", "invalid", "blank"],
                [BEIRUT, "850", "30", "20"],
                [MOSCOW, "1049", "40", "10"],
            ]
        },
        "totals",
        3,
        "ballots",
        "votes_do_not_add_up",
    ),
    Bad(
        "district without totals",
        {"totals": TOTALS[:2]},
        "results",
        6,
        "district",
        "unknown_district",
    ),
    Bad(
        "unknown column",
        {"results": [[*RESULTS[0], "station_name"]] + [[*r, "x"] for r in RESULTS[1:]]},
        "results",
        1,
        "station_name",
        "unknown_column",
    ),
    Bad(
        "missing column",
        {"results": [r[:3] for r in RESULTS]},
        "results",
        1,
        None,
        "missing_column",
    ),
    Bad(
        "column twice",
        {"results": [[*r, r[3]] for r in RESULTS]},
        "results",
        1,
        "votes",
        "duplicate_column",
    ),
    Bad("header only", {"candidates": CANDIDATES[:1]}, "candidates", None, None, "no_rows"),
    Bad("empty file", {}, "totals", 1, None, "no_rows", raw={"totals": b""}),
    Bad(
        "extra cell",
        {},
        "results",
        3,
        None,
        "malformed_file",
        raw={"results": b"district,list,candidate,votes\nA,B,,1\nA,C,,2,7\n"},
    ),
    Bad(
        "not utf-8",
        {},
        "results",
        3,
        None,
        "malformed_file",
        raw={"results": "district,list,candidate,votes\nA,B,,1\nA,\xe9,,2\n".encode("latin-1")},
    ),
)
