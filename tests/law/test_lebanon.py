"""Lebanon, Law 44/2017: the 2018 and 2022 parliaments, all 15 major districts.

Golden data: ``../shared/data/lebanon_20{18,22}_parliament.json`` (transcribed from the
official booklets of the Ministry of Interior; expected winners computed from the law and
checked against the published winners in the districts named in its ``verification``).
"""

from __future__ import annotations

from typing import Any

import pytest

from hemicycle.law import load_law, tabulate
from hemicycle.law.outcome import Outcome
from hemicycle.types import CandidateRow, DistrictTotals, ResultRow, Results
from reference import load_reference

LAW = load_law("lebanon-2017")

# The 2018 file calls the minor district of Zahrani by its other name (the villages of Saida,
# Annex 1: "Zahrani (Saida villages)"); the preset uses the 2022 file's name.
MINOR_NAMES = {"Saida Villages": "Zahrani"}


def results_of(data: dict[str, Any]) -> Results:
    rows: list[ResultRow] = []
    candidates: list[CandidateRow] = []
    totals: list[DistrictTotals] = []
    for district in data["districts"]:
        name = district["name"]
        for party, votes in district["list_only_votes"].items():
            rows.append(ResultRow(district=name, list=party, candidate=None, votes=votes))
        for person in district["candidates"]:
            rows.append(
                ResultRow(
                    district=name,
                    list=person["list"],
                    candidate=person["name"],
                    votes=person["preferential_votes"],
                )
            )
            candidates.append(
                CandidateRow(
                    district=name,
                    list=person["list"],
                    candidate=person["name"],
                    community=person["sect"],
                    minor_district=MINOR_NAMES.get(
                        person["minor_district"], person["minor_district"]
                    ),
                )
            )
        totals.append(
            DistrictTotals(
                district=name, blank=district["blank_votes"], invalid=district["invalid_votes"]
            )
        )
    return Results(rows=tuple(rows), candidates=tuple(candidates), totals=tuple(totals))


@pytest.fixture(scope="module", params=[2018, 2022])
def election(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Outcome]:
    data = load_reference(f"lebanon_{request.param}_parliament.json")
    return data, tabulate(LAW, results_of(data))


def test_all_128_seats(election: tuple[dict[str, Any], Outcome]) -> None:
    _, outcome = election
    assert outcome.total_seats == 128
    assert len(outcome.elected) == 128


def test_list_seats_in_every_district(election: tuple[dict[str, Any], Outcome]) -> None:
    data, outcome = election
    for district in data["districts"]:
        assert dict(outcome.districts[district["name"]]) == district["expected"]["list_seats"]


def test_winners_in_allocation_order(election: tuple[dict[str, Any], Outcome]) -> None:
    data, outcome = election
    for district in data["districts"]:
        expected = [
            (w["name"], w["list"]) for w in district["expected"]["winners_in_allocation_order"]
        ]
        got = [(e.candidate, e.list) for e in outcome.elected_in(district["name"])]
        assert got == expected, district["name"]


def test_excluded_lists_are_those_below_the_quotient(
    election: tuple[dict[str, Any], Outcome],
) -> None:
    data, outcome = election
    for district in data["districts"]:
        below = set(district["expected"]["list_totals"]) - set(
            district["expected"]["qualified_lists"]
        )
        traced = {
            s.text.split(" has ")[0]
            for s in outcome.steps
            if s.district == district["name"] and s.kind == "threshold"
        }
        assert traced == below, district["name"]


def test_saida_jezzine_2018_khoury_elected_over_abou_zeid() -> None:
    data = load_reference("lebanon_2018_parliament.json")
    outcome = tabulate(LAW, results_of(data))
    south = outcome.elected_in("South I (Saida - Jezzine)")
    khoury = next(e for e in south if e.candidate == "Selim Antoine Khoury")
    assert khoury.votes == 708
    assert khoury.how == "preferential_rank"
    assert all("Abou Zeid" not in e.candidate for e in south)
    passed = [
        s.text
        for s in outcome.steps
        if s.district == "South I (Saida - Jezzine)" and s.kind == "skipped"
    ]
    assert any(
        "Abou Zeid" in text and "Maronite seats of Jezzine are full" in text for text in passed
    )
    assert any("5016 votes" in text for text in passed)
