"""Levelling seats: overhang kept or repeated, placement in districts by a national ranking
(Norway, Election Act 2002 §11-5 and §11-6; Iceland, Act 24/2000 art. 108), national list
seats (New Zealand, Electoral Act 1993 s.191), and the schema rules that go with them."""

from __future__ import annotations

from typing import Any

import pytest

from hemicycle.errors import LawError
from hemicycle.law import load_law, tabulate
from hemicycle.law.load import parse_law
from hemicycle.law.schema import Law
from hemicycle.types import DistrictTotals, ResultRow, Results

HEAD = """
id = "toy"
name = "Toy"
country = "Nowhere"
statute = "Toy Act"
date = "2025"
"""

PLACED = (
    HEAD
    + """
[[tiers]]
id = "constituencies"
kind = "district"
formula = "dhondt"
lists = "none"
districts = [{id = "North", seats = 3}, {id = "South", seats = 3}]

[[tiers]]
id = "levelling"
kind = "levelling"
formula = "dhondt"
seats = 2
uses = "constituencies"
placement = "PLACEMENT"
lower = "dhondt"
districts = [{id = "North", seats = 1}, {id = "South", seats = 1}]
"""
)


def _rows(votes: dict[str, dict[str, int]]) -> Results:
    return Results(
        rows=tuple(
            ResultRow(district=d, list=p, candidate=None, votes=v)
            for d, by_list in votes.items()
            for p, v in by_list.items()
        ),
        totals=tuple(DistrictTotals(district=d, valid=sum(v.values())) for d, v in votes.items()),
    )


VOTES = {"North": {"A": 520, "B": 390, "C": 90}, "South": {"A": 480, "B": 120, "C": 400}}


@pytest.mark.parametrize("placement", ["district_share", "district_quota"])
def test_each_district_takes_its_levelling_seats(placement: str) -> None:
    law = parse_law(PLACED.replace("PLACEMENT", placement))
    outcome = tabulate(law, _rows(VOTES))
    # constituencies: North A2 B1, South A2 C1; 8 seats nationally by D'Hondt on A 1000,
    # B 510, C 490: A 4, B 2, C 2
    assert dict(outcome.tiers["levelling"]) == {"B": 1, "C": 1}
    assert outcome.districts["North"]["B"] + outcome.districts["South"].get("B", 0) == 2
    assert sum(outcome.districts["North"].values()) == 4
    assert sum(outcome.districts["South"].values()) == 4
    assert outcome.total_seats == 8


def test_best_figure_decides_the_district() -> None:
    law = parse_law(PLACED.replace("PLACEMENT", "district_quota"))
    outcome = tabulate(law, _rows(VOTES))
    # figures (quotient over 1000/3 votes per seat): B North 390/2 -> 0.585, B South 120/1 ->
    # 0.36, C North 90/1 -> 0.27, C South 400/2 -> 0.6: C takes South, then B North
    placed = [s.text for s in outcome.steps if s.text.startswith("levelling seat")]
    assert placed[0].startswith("levelling seat 1: C in South")
    assert placed[1].startswith("levelling seat 2: B in North")


NZ = (
    HEAD
    + """
[[tiers]]
id = "electorates"
kind = "district"
formula = "fptp"
districts = [{id = "E1", seats = 1}, {id = "E2", seats = 1}, {id = "E3", seats = 1}]

[[tiers]]
id = "list"
kind = "levelling"
formula = "sainte_lague"
seats = 3
uses = "electorates"
overhang = "OVERHANG"
placement = "national"
districts = [{id = "Party vote"}]

[tiers.threshold]
national = "5%"
constituency_wins = 1
wins_in = "electorates"
"""
)


def _nz() -> Results:
    rows = [
        ResultRow(district="E1", list="Big", candidate="b1", votes=50),
        ResultRow(district="E1", list="Small", candidate="s1", votes=60),
        ResultRow(district="E2", list="Small", candidate="s2", votes=70),
        ResultRow(district="E2", list="Big", candidate="b2", votes=20),
        ResultRow(district="E3", list="Big", candidate="b3", votes=90),
        ResultRow(district="Party vote", list="Big", candidate=None, votes=900),
        ResultRow(district="Party vote", list="Small", candidate=None, votes=100),
    ]
    return Results(rows=tuple(rows))


def test_overhang_is_kept() -> None:
    law = parse_law(NZ.replace("OVERHANG", "keep"))
    outcome = tabulate(law, _nz())
    # 6 seats by Sainte-Laguë: Big 5, Small 1; Small won 2 electorates: one overhang seat
    assert dict(outcome.seats) == {"Big": 5, "Small": 2}
    assert outcome.total_seats == 7
    assert dict(outcome.tiers["list"]) == {"Big": 4}
    assert any(s.kind == "overhang" and s.text.startswith("Small") for s in outcome.steps)


def test_overhang_repeats_the_count() -> None:
    law = parse_law(NZ.replace("OVERHANG", "repeat"))
    outcome = tabulate(law, _nz())
    assert dict(outcome.seats) == {"Big": 4, "Small": 2}
    assert outcome.total_seats == 6


@pytest.mark.parametrize("change", ['placement = "district_quota"', 'overhang = "keep"'])
def test_placement_and_overhang_belong_to_levelling_tiers(change: str) -> None:
    text = (
        HEAD
        + f"""
[[tiers]]
id = "main"
kind = "district"
formula = "dhondt"
districts = [{{id = "North", seats = 3}}]
{change}
"""
    )
    with pytest.raises(LawError, match="overhang and placement apply to a levelling tier"):
        parse_law(text)


def test_placement_in_districts_needs_their_seats_and_divisors() -> None:
    text = PLACED.replace("PLACEMENT", "district_quota").replace('lower = "dhondt"\n', "")
    with pytest.raises(LawError, match=r"needs districts .* and lower"):
        parse_law(text)


def test_levelling_seats_of_the_districts_must_add_up() -> None:
    text = PLACED.replace("PLACEMENT", "district_share").replace("seats = 2\n", "seats = 3\n")
    with pytest.raises(LawError, match="hold 2 levelling seats, but the tier has 3"):
        parse_law(text)


def test_levelling_districts_must_belong_to_the_base_tier() -> None:
    text = PLACED.replace("PLACEMENT", "district_share").replace(
        '{id = "South", seats = 1}]\n', '{id = "East", seats = 1}]\n'
    )
    with pytest.raises(LawError, match="'East', which is not a district of 'constituencies'"):
        parse_law(text)


def test_presets_of_levelling_laws_load() -> None:
    seats: dict[str, Any] = {}
    for preset in ("norway-2005", "iceland-2000"):
        law = load_law(preset)
        assert isinstance(law, Law)
        seats[preset] = law.total_seats
    assert seats == {"norway-2005": 169, "iceland-2000": 63}
