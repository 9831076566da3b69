"""Germany, Bundestag 2025 under the 2023 law: upper apportionment by party and lower
apportionment by Land; Zweitstimmendeckung on a small constructed case.

Golden data: ``../shared/data/de_bundestag_2025_saintelague.json`` (Die Bundeswahlleiterin,
endgültiges Ergebnis, 14 March 2025, kerg2.csv; seats from bundeswahlleiterin.de and bpb.de).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hemicycle.law import load, load_law, tabulate
from hemicycle.law.outcome import Outcome
from hemicycle.types import DistrictTotals, ResultRow, Results
from reference import load_reference

VALID = Path(__file__).parent.parent / "laws" / "valid"


@pytest.fixture(scope="module")
def bundestag() -> tuple[dict[str, Any], Outcome]:
    data = load_reference("de_bundestag_2025_saintelague.json")
    inputs = data["inputs"]
    rows = tuple(
        ResultRow(district=land, list=party, candidate=None, votes=votes)
        for party, by_land in inputs["second_votes_by_land"].items()
        for land, votes in by_land.items()
    )
    totals = tuple(
        DistrictTotals(district=land, valid=valid)
        for land, valid in inputs["valid_by_land"].items()
    )
    outcome = tabulate(load_law("germany-2023"), Results(rows=rows, totals=totals), partial=True)
    return data, outcome


def test_federal_seats_by_party(bundestag: tuple[dict[str, Any], Outcome]) -> None:
    data, outcome = bundestag
    assert dict(outcome.seats) == data["expected"]["seats_national"]
    assert outcome.total_seats == 630


def test_bsw_misses_the_threshold_by_9529_votes(bundestag: tuple[dict[str, Any], Outcome]) -> None:
    _, outcome = bundestag
    (step,) = [s for s in outcome.steps if s.kind == "threshold" and s.text.startswith("BSW")]
    assert "2472947 of 49649512 votes nationally, below 5%" in step.text
    assert 49_649_512 * 5 // 100 + 1 - 2_472_947 == 9_529


def test_land_distribution(bundestag: tuple[dict[str, Any], Outcome]) -> None:
    data, outcome = bundestag
    expected = data["expected"]
    for party, by_land in expected["seats_by_land_computed"].items():
        for land, seats in by_land.items():
            assert outcome.districts.get(land, {}).get(party, 0) == seats, (party, land)
    for land, seats in expected["seats_by_land_officially_verified_here"]["land_totals"].items():
        assert sum(outcome.districts[land].values()) == seats
    nrw = expected["seats_by_land_officially_verified_here"]["Nordrhein-Westfalen"]
    assert dict(outcome.districts["Nordrhein-Westfalen"]) == nrw


def _mini(rows: list[tuple[str, str, str | None, int]]) -> Results:
    return Results(
        rows=tuple(ResultRow(district=d, list=p, candidate=c, votes=v) for d, p, c, v in rows)
    )


def test_zweitstimmendeckung_seats_winners_by_first_vote_share() -> None:
    law = load(VALID / "mini-germany.toml").law
    results = _mini(
        [
            # Land North: party A wins all three constituencies, but its second votes give it
            # two seats in North: the winner with the smallest share (Cara, 36%) is not seated
            ("N1", "A", "Anna", 450), ("N1", "B", "Bert", 400), ("N1", "C", "Cem", 150),
            ("N2", "A", "Alex", 500), ("N2", "B", "Bea", 300), ("N2", "C", "Cleo", 200),
            ("N3", "A", "Cara", 360), ("N3", "B", "Ben", 340), ("N3", "C", "Carl", 300),
            ("S1", "B", "Bo", 600), ("S1", "A", "Ada", 400),
            ("S2", "I", "Ivo", 700), ("S2", "A", "Abe", 300),
            ("North", "A", None, 3000), ("North", "B", None, 3500), ("North", "C", None, 500),
            ("South", "A", None, 2000), ("South", "B", None, 4000), ("South", "C", None, 100),
        ]
    )  # fmt: skip
    outcome = tabulate(law, results)
    seated = {(e.candidate, e.how) for e in outcome.elected}
    assert ("Anna", "constituency_covered") in seated
    assert ("Alex", "constituency_covered") in seated
    assert all(e.candidate != "Cara" for e in outcome.elected)
    assert ("Ivo", "constituency") in {(e.candidate, e.how) for e in outcome.elected}
    assert outcome.total_seats == 10
    assert outcome.districts["North"]["A"] == 2
    uncovered = [s.text for s in outcome.steps if s.kind == "uncovered"]
    assert any(
        text.startswith("Cara (A, N3, 36.00% of first votes) is not seated") for text in uncovered
    )
    # C has 600 of 13,100 second votes (4.6%): below 5%, and no constituency
    assert "C" not in outcome.seats
