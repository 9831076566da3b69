"""Iraq: the 2025 Council of Representatives under Law 4/2023 on the governorates whose lists
are complete, and the women's quota procedures of Law 9/2020 and Law 4/2023.

Golden data: ``../shared/data/iraq_2025_parliament.json`` (IHEC results as reported by Shafaq
News and Rudaw, November 2025).
"""

from __future__ import annotations

import pytest

from hemicycle.law import load_law, tabulate
from hemicycle.types import CandidateRow, ResultRow, Results
from reference import load_reference

LAW = load_law("iraq-2023")


def test_general_seats_of_the_governorates_with_complete_lists() -> None:
    data = load_reference("iraq_2025_parliament.json")["governorates"]
    checked = 0
    for name, governorate in data.items():
        known = governorate.get("final_seats_known")
        if not governorate.get("computed_matches_known_seats") or not known:
            continue
        votes = governorate.get("final_votes_known") or governorate["preliminary_votes_top_lists"]
        rows = tuple(
            ResultRow(district=name, list=party, candidate=None, votes=count)
            for party, count in votes.items()
        )
        outcome = tabulate(LAW, Results(rows=rows), partial=True)
        seats = outcome.districts[name]
        assert {party: seats.get(party, 0) for party in known} == known, name
        if sum(known.values()) == governorate["general_seats"]:
            assert dict(seats) == known, name
        checked += 1
    assert checked == 5


def _people(
    district: str, party: str, people: list[tuple[str, str, int]]
) -> tuple[list[ResultRow], list[CandidateRow]]:
    rows = [ResultRow(district=district, list=party, candidate=n, votes=v) for n, _, v in people]
    roster = [
        CandidateRow(district=district, list=party, candidate=n, gender=g, rank=i)
        for i, (n, g, _) in enumerate(people, start=1)
    ]
    return rows, roster


def test_law_4_2023_list_stages_and_governorate_completion() -> None:
    # Muthanna: 7 general seats, 2 owed to women. List A wins 4 seats and owes floor(4/4) = 1
    # woman: Amal replaces the lowest-voted man of A. The governorate is still one short, so the
    # second stage asks floor(seats/3) of every list: B (3 seats) owes 1 woman, and Buthaina
    # replaces B's lowest-voted man.
    a_rows, a_people = _people(
        "Muthanna", "A",
        [("A1", "M", 9000), ("A2", "M", 8000), ("A3", "M", 7000), ("A4", "M", 6000),
         ("Amal", "F", 1000), ("A5", "M", 500)],
    )  # fmt: skip
    b_rows, b_people = _people(
        "Muthanna", "B",
        [("B1", "M", 8000), ("B2", "M", 6000), ("B3", "M", 5500), ("Buthaina", "F", 900)],
    )  # fmt: skip
    results = Results(rows=tuple(a_rows + b_rows), candidates=tuple(a_people + b_people))
    outcome = tabulate(LAW, results, partial=True)
    assert dict(outcome.districts["Muthanna"]) == {"A": 4, "B": 3}
    members = {(e.list, e.candidate): e.how for e in outcome.elected}
    assert members[("A", "Amal")] == "women_quota"
    assert members[("B", "Buthaina")] == "women_quota"
    assert ("A", "A4") not in members
    assert ("B", "B3") not in members
    replaced = [s.text for s in outcome.steps if s.kind == "replaced"]
    assert replaced[0].startswith("Amal (A, 1000 votes) replaces A4 (A, 6000 votes)")


def test_law_9_2020_district_gives_its_lowest_man_seat_to_its_best_woman() -> None:
    law = load_law("iraq-2021")
    rows = [
        ResultRow(district="Muthanna 2", list=party, candidate=name, votes=votes)
        for party, name, votes in [
            ("P", "Hadi", 20000), ("Q", "Karim", 15000), ("R", "Laith", 12000),
            ("P", "Mona", 9000), ("Q", "Noor", 9500), ("S", "Omar", 3000),
        ]
    ]  # fmt: skip
    genders = {"Mona": "F", "Noor": "F"}
    people = [
        CandidateRow(district=r.district, list=r.list, candidate=r.candidate or "",
                     gender=genders.get(r.candidate or "", "M"))
        for r in rows
    ]  # fmt: skip
    outcome = tabulate(law, Results(rows=tuple(rows), candidates=tuple(people)), partial=True)
    elected = [(e.candidate, e.how) for e in outcome.elected_in("Muthanna 2")]
    assert ("Noor", "women_quota") in elected
    assert all(name != "Laith" for name, _ in elected)
    assert len(elected) == 3  # Muthanna 2 elects three members


def test_a_tie_the_law_decides_by_lot_needs_a_seed() -> None:
    rows = tuple(
        ResultRow(district="Muthanna", list=p, candidate=None, votes=v)
        for p, v in [("A", 1000), ("B", 1000)]
    )
    with pytest.raises(Exception, match="tie for seat"):
        tabulate(LAW, Results(rows=rows), partial=True)
    drawn = tabulate(LAW, Results(rows=rows), partial=True, seed="ihec-2025")
    assert sum(drawn.districts["Muthanna"].values()) == 7
    assert drawn.ties[0].rule == "lot:ihec-2025"
