"""The Lebanese results of 2018 and 2022 (Law 44/2017) as tidy files, checked against Annex 1.

Source: ../shared/data/lebanon_20{18,22}_parliament.json, a transcription of the official
booklets (test-only data, read in place). Each candidate must stand for a seat of her sect in
her minor district; the 2018 transcription places three candidates in a minor district that
has no seat for their sect (the data's notes warn that a few labels may be swapped), and the
check must name exactly those three.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from hemicycle.io.problems import ValidationError
from hemicycle.io.results import LoadedResults, load_results
from tidy_files import write_csv


def tidy(data_file: Path, folder: Path) -> dict[str, Path]:
    """Results, candidates, the Annex 1 seat table and blank/invalid ballots as CSV files."""
    data = json.loads(data_file.read_text(encoding="utf-8"))
    results = [["district", "list", "candidate", "votes"]]
    candidates = [["district", "list", "candidate", "community", "minor_district"]]
    seats = [["district", "minor_district", "community", "seats"]]
    totals = [["district", "blank", "invalid"]]
    for district in data["districts"]:
        name = district["name"]
        results += [[name, party, "", str(v)] for party, v in district["list_only_votes"].items()]
        for person in district["candidates"]:
            results.append(
                [name, person["list"], person["name"], str(person["preferential_votes"])]
            )
            candidates.append(
                [
                    name,
                    person["list"],
                    person["name"],
                    person["sect"],
                    person["minor_district"] or "",
                ]
            )
        seats += [
            [name, row["minor_district"] or "", row["sect"], str(row["seats"])]
            for row in district["seats_by_sect_minor_district"]
        ]
        totals.append([name, str(district["blank_votes"]), str(district["invalid_votes"])])
    tables = {"results": results, "candidates": candidates, "seats": seats, "totals": totals}
    return {role: write_csv(folder / f"{role}.csv", rows) for role, rows in tables.items()}


def load(files: dict[str, Path]) -> LoadedResults:
    return load_results(
        files["results"],
        candidates=files["candidates"],
        seats=files["seats"],
        totals=files["totals"],
    )


def test_2022_holds_together(shared_data: Path, tmp_path: Path) -> None:
    files = tidy(shared_data / "lebanon_2022_parliament.json", tmp_path)
    loaded = load(files)
    assert len({row.district for row in loaded.results.rows}) == 15
    assert sum(row.seats for row in loaded.seats) == 128
    assert len(loaded.results.candidates) == len(files["candidates"].read_text().splitlines()) - 1


def test_2018_candidates_placed_where_their_sect_has_no_seat(
    shared_data: Path, tmp_path: Path
) -> None:
    files = tidy(shared_data / "lebanon_2018_parliament.json", tmp_path)
    with pytest.raises(ValidationError) as caught:
        load(files)
    found = [(p.rule, p.column, p.message.split(" gives ")[1]) for p in caught.value.problems]
    assert found == [
        (
            "community_without_seat",
            "community",
            "no seat to community 'Sunni' in district 'Mount Lebanon IV (Aley - Chouf)', "
            "minor district 'Aley'",
        ),
        (
            "community_without_seat",
            "community",
            "no seat to community 'Greek Orthodox' in district "
            "'North II (Tripoli - Minieh - Dannieh)', minor district 'Dinnieh'",
        ),
        (
            "community_without_seat",
            "community",
            "no seat to community 'Maronite' in district "
            "'North II (Tripoli - Minieh - Dannieh)', minor district 'Minnieh'",
        ),
    ]
    with files["candidates"].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    named = [rows[p.row - 1][2] for p in caught.value.problems if p.row]
    assert named == ["Mohamad Sami Al Hajjar", "Ossama Nadim Amoun", "Moussa Asaad Khoury"]
