"""Levelling seats placed in regions, then in their constituencies, and the regional
alternative to the national threshold (Denmark, folketingsvalgloven §77-79); thresholds on the
votes cast (Valencia, Ley 1/1987 art. 12). Every figure is worked by hand in the comments."""

from __future__ import annotations

import pytest

from hemicycle.errors import DataError, LawError
from hemicycle.law import load_law, tabulate
from hemicycle.law.ballots import DistrictBallots
from hemicycle.law.load import parse_law
from hemicycle.law.regional import place_regionally
from hemicycle.law.schema import Threshold, Ties
from hemicycle.law.thresholds import Standing, qualifies
from hemicycle.types import DistrictTotals, ResultRow, Results

LAW = """
id = "toy-denmark"
name = "Toy"
country = "Nowhere"
statute = "Toy Act"
date = "2025"

[[tiers]]
id = "constituencies"
kind = "district"
formula = "dhondt"
lists = "none"
districts = [
  {id = "A1", seats = 2, region = "R1"},
  {id = "A2", seats = 2, region = "R1"},
  {id = "B1", seats = 2, region = "R2"},
]

[[tiers]]
id = "compensatory"
kind = "levelling"
formula = "hare"
seats = 3
uses = "constituencies"
placement = "regional"
lower = "sainte_lague"
within = "WITHIN"
districts = [{id = "R1", seats = 2}, {id = "R2", seats = 1}]
"""

VOTES = {
    "A1": {"X": 600, "Y": 200, "Z": 200},
    "A2": {"X": 300, "Y": 490, "Z": 210},
    "B1": {"X": 200, "Y": 200, "Z": 600},
}


def _results(votes: dict[str, dict[str, int]], invalid: int | None = None) -> Results:
    return Results(
        rows=tuple(
            ResultRow(district=d, list=p, candidate=None, votes=v)
            for d, by_list in votes.items()
            for p, v in by_list.items()
        ),
        totals=tuple(
            DistrictTotals(district=d, valid=sum(v.values()), invalid=invalid)
            for d, v in votes.items()
        ),
    )


def test_regional_placement_by_hand() -> None:
    outcome = tabulate(parse_law(LAW.replace("WITHIN", "danish")), _results(VOTES))
    # constituencies by D'Hondt: A1 X 2; A2 Y 1, X 1; B1 Z 2 (X 3, Y 1, Z 2).
    # 9 seats by Hare on X 1100, Y 890, Z 1010 (quota 1000/3): X 3, Y 2, Z 3 whole, the
    # last seat to Y's remainder .67: X 3, Y 3, Z 3; compensatory Y 2, Z 1.
    assert dict(outcome.tiers["compensatory"]) == {"Y": 2, "Z": 1}
    # regions by Sainte-Laguë after the seats held there: Z in R1 410/1, Y in R1 690/3 = 230
    # (R1 now full), Y in R2 200/1.
    placed = [s.text for s in outcome.steps if s.text.startswith("levelling seat")]
    assert [text.split(" (figure")[0] for text in placed] == [
        "levelling seat 1: Z in R1",
        "levelling seat 2: Y in R1",
        "levelling seat 3: Y in R2",
    ]
    # within R1 by 1, 4, 7…: Z 200 in A1 against 210 in A2; Y 200/1 in A1 against 490/4 in A2
    assert outcome.districts == {
        "A1": {"X": 2, "Y": 1},
        "A2": {"Y": 1, "X": 1, "Z": 1},
        "B1": {"Z": 2, "Y": 1},
    }


def test_the_divisors_within_the_region_decide() -> None:
    outcome = tabulate(parse_law(LAW.replace("WITHIN", "dhondt")), _results(VOTES))
    # by D'Hondt Y's seat of R1 goes to A2 (490/2 = 245 against 200/1 in A1)
    assert outcome.districts["A1"] == {"X": 2}
    assert outcome.districts["A2"] == {"Y": 2, "X": 1, "Z": 1}


def test_regional_alternative_to_the_national_threshold() -> None:
    law = LAW.replace("WITHIN", "danish") + '\n[tiers.threshold]\nnational = "30%"\nregions = N\n'
    # Y has 890 of 3000 votes (below 30%); votes per constituency seat are 2000/4 = 500 in R1
    # (Y 690 reaches it) and 1000/2 = 500 in R2 (Y 200 does not): one region
    one = tabulate(parse_law(law.replace("regions = N", "regions = 1")), _results(VOTES))
    assert one.seats["Y"] == 3
    two = tabulate(parse_law(law.replace("regions = N", "regions = 2")), _results(VOTES))
    # Y keeps its constituency seat and leaves; X 1100 and Z 1010 share 8 seats: 4 and 4
    assert dict(two.seats) == {"X": 4, "Z": 4, "Y": 1}
    assert any(s.text.startswith("Y keeps its 1 fixed seats") for s in two.steps)


def test_lists_absent_from_a_region_are_placed_beforehand() -> None:
    law = parse_law(LAW.replace("WITHIN", "danish"))
    ballots = {
        "A1": DistrictBallots(district="A1", lists={"Y": 100}),
        "A2": DistrictBallots(district="A2", lists={}),
        "B1": DistrictBallots(district="B1", lists={"Y": 900, "V": 300}),
    }
    room = law.tiers[1].model_copy(
        update={
            "districts": tuple(d.model_copy(update={"seats": 1}) for d in law.tiers[1].districts)
        }
    )
    # Y's 900 in R2 would fill R2 first and leave V, who has votes in R2 only, without a seat
    placed = place_regionally(
        room, law.tiers[0], {"Y": 1, "V": 1}, ballots, {}, ties=Ties(), seed=None
    )
    assert placed.seats == {"B1": {"V": 1}, "A1": {"Y": 1}}
    assert "beforehand" in placed.steps[0].text


def test_denmark_preset() -> None:
    law = load_law("denmark-folketing")
    assert law.total_seats == 175
    assert [d.seats for d in law.tiers[1].districts] == [11, 15, 14]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ('within = "WITHIN"', "placement 'regional' and within"),
        ('placement = "regional"', "placement 'regional' and within"),
        ('{id = "R2", seats = 1}', "places levelling seats in R1, R3, but the regions"),
        ('{id = "B1", seats = 2, region = "R2"}', "its district 'B1' names no region"),
    ],
)
def test_regional_laws_that_do_not_hold_together(change: str, message: str) -> None:
    replacement = {
        'within = "WITHIN"': "",
        'placement = "regional"': 'placement = "by_party"',
        '{id = "R2", seats = 1}': '{id = "R3", seats = 1}',
        '{id = "B1", seats = 2, region = "R2"}': '{id = "B1", seats = 2}',
    }[change]
    text = LAW.replace(change, replacement).replace("WITHIN", "danish")
    with pytest.raises(LawError, match=message):
        parse_law(text)


VALENCIA = """
id = "toy-valencia"
name = "Toy"
country = "Nowhere"
statute = "Toy Act"
date = "2025"

[[tiers]]
id = "provinces"
kind = "district"
formula = "hare"
lists = "none"
districts = [{id = "P", seats = 10}]

[tiers.threshold]
national = "5%"
base = "BASE"
"""


def test_threshold_on_the_votes_cast() -> None:
    votes = {"P": {"A": 600, "B": 348, "C": 52}}
    # C has 52 of 1000 valid votes (5.2%) but of 1000 + 60 invalid = 1060 cast only 4.9%;
    # Hare quota 100: A 6, B 3, and the last seat to C's remainder .52 (B .48)
    valid = tabulate(parse_law(VALENCIA.replace("BASE", "valid")), _results(votes, 60))
    assert valid.seats["C"] == 1
    cast = tabulate(parse_law(VALENCIA.replace("BASE", "cast")), _results(votes, 60))
    # without C the quota is 94.8: A 6.33, B 3.67, the last seat to B
    assert dict(cast.seats) == {"A": 6, "B": 4}
    assert any("52 of 1060 votes nationally" in s.text for s in cast.steps)


def test_threshold_on_the_votes_cast_needs_them() -> None:
    rows = Results(rows=(ResultRow(district="P", list="A", candidate=None, votes=10),))
    with pytest.raises(DataError, match="neither the ballots cast nor the invalid votes"):
        tabulate(parse_law(VALENCIA.replace("BASE", "cast")), rows)


def test_unknown_threshold_base_is_refused() -> None:
    with pytest.raises(LawError, match="base"):
        parse_law(VALENCIA.replace("BASE", "emitted"))


def test_regional_test_gives_its_reason() -> None:
    standing = Standing(national={"W": 10}, national_total=1000, regions={"W": 1})
    passed, reason = qualifies(
        Threshold(national="2%", regions=2),
        "W",
        10,
        district_total=0,
        quota_total=0,
        seats=1,
        standing=standing,
    )
    assert not passed
    assert reason.endswith("the votes per constituency seat in 1 regions, below 2")
    assert qualifies(
        Threshold(regions=1), "W", 10, district_total=0, quota_total=0, seats=1, standing=standing
    ) == (True, "W has the votes per constituency seat in 1 regions")
